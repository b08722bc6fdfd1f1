/**
 * Relays ECS service events (`service.events`, the newest 100) as Kubernetes Events, each once: the
 * picking is event-relay.ts's, shared with scaling activities, and the cursors live in process memory
 * (event-relay-memory.ts), never in status. An event ECS recorded before this process started (an
 * adopted service's history, or one written while no operator ran) is not relayed.
 */
import type { ServiceEvent } from '@aws-sdk/client-ecs';
import type { RelayOptions } from '../event-relay.js';
import { isoTime } from '../event-relay.js';
import { RelayMemory } from '../event-relay-memory.js';

/** An ECS event ready to become a Kubernetes Event. */
export interface RelayedEcsEvent {
  readonly id: string;
  /** ISO 8601 creation time, the relay's order. */
  readonly at: string;
  readonly message: string;
  readonly type: 'Normal' | 'Warning';
}

/** Limits: 10 Events per visit, 20 ids remembered (ECS keeps a service's newest 100 events). */
export const ECS_EVENT_RELAY: RelayOptions = { firstVisit: 0, perVisit: 10, rememberIds: 20 };

// ECS phrases its troubles in plain words; these mark the events worth a Warning.
const WARNING =
  /\b(unable|failed|failure|error|unhealthy|insufficient|throttl|stopped|rolling back|rolled back)/i;

/** ECS's events as relay items: those with an id and a creation time, each Normal or Warning. */
export function ecsEventItems(events: readonly ServiceEvent[] | undefined): RelayedEcsEvent[] {
  const items: RelayedEcsEvent[] = [];
  for (const e of events ?? []) {
    const at = isoTime(e.createdAt);
    if (e.id === undefined || at === undefined) continue;
    const message = e.message ?? '';
    items.push({ id: e.id, at, message, type: WARNING.test(message) ? 'Warning' : 'Normal' });
  }
  return items;
}

/** The ECS event relay of a process started at `startedAt`. */
export function ecsEventRelay(startedAt: Date): RelayMemory {
  return new RelayMemory(startedAt, ECS_EVENT_RELAY);
}
