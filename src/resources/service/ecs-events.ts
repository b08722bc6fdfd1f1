/**
 * Relays ECS service events (`service.events`, the newest 100) as Kubernetes Events, each once. The
 * cursor kept in `status.ecsEvents` (the newest event time and the newest ids) makes the relay
 * de-duplicated across reconciles and operator restarts; pure.
 */
import type { ServiceEvent } from '@aws-sdk/client-ecs';
import type { EcsEventsCursor } from './types.js';

/** An ECS event ready to become a Kubernetes Event. */
export interface RelayedEcsEvent {
  readonly id: string;
  readonly createdAt: string;
  readonly message: string;
  readonly type: 'Normal' | 'Warning';
}

/** Limits of the relay. */
export interface EcsEventRelayOptions {
  /** How many of the newest events to relay on the first visit (an adopted service has history). */
  readonly firstVisit: number;
  /** The most events relayed in one reconcile. */
  readonly perVisit: number;
  /** How many ids the cursor remembers. */
  readonly rememberIds: number;
}

/** Defaults: 3 on the first visit, 10 per visit, 20 ids remembered. */
export const DEFAULT_ECS_EVENT_RELAY: EcsEventRelayOptions = { firstVisit: 3, perVisit: 10, rememberIds: 20 };

// ECS phrases its troubles in plain words; these mark the events worth a Warning.
const WARNING =
  /\b(unable|failed|failure|error|unhealthy|insufficient|throttl|stopped|rolling back|rolled back)/i;

function iso(date: Date | undefined): string | undefined {
  if (date === undefined) return undefined;
  // Dates may arrive as strings when a response went through JSON (tests, proxies).
  const d = new Date(date);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Picks the events not relayed yet (oldest first) and the cursor to store afterwards. */
export function relayEcsEvents(
  events: readonly ServiceEvent[] | undefined,
  cursor: EcsEventsCursor | undefined,
  options: EcsEventRelayOptions = DEFAULT_ECS_EVENT_RELAY,
): { readonly toEmit: RelayedEcsEvent[]; readonly cursor: EcsEventsCursor | undefined } {
  const valid: RelayedEcsEvent[] = [];
  for (const e of events ?? []) {
    const createdAt = iso(e.createdAt);
    if (e.id === undefined || createdAt === undefined) continue;
    const message = e.message ?? '';
    valid.push({ id: e.id, createdAt, message, type: WARNING.test(message) ? 'Warning' : 'Normal' });
  }
  // Newest first, ties broken by id so the order is total.
  valid.sort((a, b) =>
    a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
  );
  if (valid.length === 0) return { toEmit: [], cursor };

  const seen = new Set(cursor?.lastEventIds ?? []);
  const fresh =
    cursor === undefined
      ? valid.slice(0, options.firstVisit)
      : valid.filter(
          (e) => !seen.has(e.id) && (cursor.lastEventAt === undefined || e.createdAt >= cursor.lastEventAt),
        );
  const toEmit = fresh.slice(0, options.perVisit).reverse();

  const newest = valid[0];
  const next: EcsEventsCursor = {
    ...(newest !== undefined ? { lastEventAt: newest.createdAt } : {}),
    lastEventIds: valid.slice(0, options.rememberIds).map((e) => e.id),
  };
  return { toEmit, cursor: next };
}
