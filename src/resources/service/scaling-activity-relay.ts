/**
 * Relays the finished scaling activities autoscaling read (Application Auto Scaling's
 * DescribeScalingActivities) as Kubernetes Events about the EcsService, each once, with the picking
 * rules ECS events use (src/resources/event-relay.ts).
 *
 * The cursor lives in this process's memory, per object uid, never in status: status is a report,
 * not an input (ADR 0017). It is re-derived at start: the first cursor of an object says "nothing
 * relayed yet, and nothing that ended before this process started", so an operator restart relays
 * no activity twice (the previous process relayed those that ended before it) and an adopted
 * service's history does not flood `kubectl describe`. An activity that ended while no operator ran
 * is shown in `status.autoscaling.activities`, not as an Event.
 */
import { relayOnce, type RelayCursor, type RelayOptions } from '../event-relay.js';
import type { ScalingActivityNoticeView } from './ports.js';

/** Limits: 10 Events per visit, 50 activity ids remembered (a listing holds 100 of the Region's). */
export const SCALING_ACTIVITY_RELAY: RelayOptions = { firstVisit: 0, perVisit: 10, rememberIds: 50 };

/** The per-object cursors of this process; see the file header. */
export class ScalingActivityRelay {
  readonly #cursors = new Map<string, RelayCursor>();
  readonly #since: string;

  /** `startedAt`: when this process started; activities that ended before it are not relayed. */
  constructor(startedAt: Date) {
    this.#since = startedAt.toISOString();
  }

  /** The activities of `uid` not relayed yet, oldest first; remembers them as relayed. */
  relay(uid: string, activities: readonly ScalingActivityNoticeView[]): ScalingActivityNoticeView[] {
    const cursor = this.#cursors.get(uid) ?? { lastEventAt: this.#since, lastEventIds: [] };
    const relayed = relayOnce(activities, cursor, SCALING_ACTIVITY_RELAY);
    if (relayed.cursor !== undefined) this.#cursors.set(uid, relayed.cursor);
    return relayed.toEmit;
  }

  /** Forgets an object (its finalizer is gone). */
  forget(uid: string): void {
    this.#cursors.delete(uid);
  }
}
