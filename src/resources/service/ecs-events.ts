/**
 * Relays ECS service events (`service.events`, the newest 100) as Kubernetes Events, each once. The
 * cursor kept in `status.ecsEvents` (the newest event time and the newest ids) makes the relay
 * de-duplicated across reconciles and operator restarts (the picking is event-relay.ts's, shared
 * with scaling activities); pure.
 */
import type { ServiceEvent } from '@aws-sdk/client-ecs';
import { isoTime, relayOnce } from '../event-relay.js';
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

/** Picks the events not relayed yet (oldest first) and the cursor to store afterwards. */
export function relayEcsEvents(
  events: readonly ServiceEvent[] | undefined,
  cursor: EcsEventsCursor | undefined,
  options: EcsEventRelayOptions = DEFAULT_ECS_EVENT_RELAY,
): { readonly toEmit: RelayedEcsEvent[]; readonly cursor: EcsEventsCursor | undefined } {
  const valid: (RelayedEcsEvent & { readonly at: string })[] = [];
  for (const e of events ?? []) {
    const createdAt = isoTime(e.createdAt);
    if (e.id === undefined || createdAt === undefined) continue;
    const message = e.message ?? '';
    valid.push({
      id: e.id,
      createdAt,
      at: createdAt,
      message,
      type: WARNING.test(message) ? 'Warning' : 'Normal',
    });
  }
  const relayed = relayOnce(valid, cursor, options);
  return {
    toEmit: relayed.toEmit.map(({ id, createdAt, message, type }) => ({ id, createdAt, message, type })),
    cursor: relayed.cursor,
  };
}
