/**
 * The world control routes of the event delivery (POST, JSON bodies), and a client for them that
 * tests in any process use with the world's `controlUrl`:
 *
 * | route | body | answer |
 * |---|---|---|
 * | `/events/deliveries` | - | the delivery log, once every delivery in flight has finished |
 * | `/events/fire-schedule` | `{ name, group? }` | the delivery record of firing that schedule now |
 * | `/events/clear` | - | `{}`; the log is empty |
 */
import type { DeliveryRecord, EventDelivery } from './event-delivery.js';

function scheduleOf(body: string): { name: string; group?: string } {
  const parsed: unknown = body === '' ? {} : JSON.parse(body);
  const name = (parsed as { name?: unknown }).name;
  const group = (parsed as { group?: unknown }).group;
  if (typeof name !== 'string' || name === '')
    throw new Error('fire-schedule: body needs { "name": "<schedule name>" }');
  if (group !== undefined && typeof group !== 'string')
    throw new Error('fire-schedule: "group" must be a string');
  return group === undefined ? { name } : { name, group };
}

/** The handlers the world's control server mounts. */
export function eventDeliveryRoutes(
  delivery: EventDelivery,
): Record<string, (body: string) => Promise<unknown>> {
  return {
    '/events/deliveries': async () => {
      await delivery.idle();
      return delivery.deliveries();
    },
    '/events/fire-schedule': async (body) => {
      const { name, group } = scheduleOf(body);
      return delivery.fireSchedule(name, group);
    },
    '/events/clear': async () => {
      await delivery.idle();
      delivery.clear();
      return {};
    },
  };
}

async function post<T>(controlUrl: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${controlUrl}${path}`, {
    method: 'POST',
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`world ${path} answered HTTP ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Reads the world's delivery log (after in-flight deliveries finish). */
export function worldDeliveries(controlUrl: string): Promise<DeliveryRecord[]> {
  return post(controlUrl, '/events/deliveries');
}

/** Fires a Scheduler schedule now, as if it fell due. */
export function fireWorldSchedule(controlUrl: string, name: string, group?: string): Promise<DeliveryRecord> {
  return post(controlUrl, '/events/fire-schedule', group === undefined ? { name } : { name, group });
}
