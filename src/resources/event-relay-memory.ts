/**
 * Where a relay's cursors live: this process's memory, per object uid, never status. Status is a
 * report, not an input (ADR 0017): a cursor read back from status would let whoever writes status
 * silence Events or have them sent again.
 *
 * The cursors are re-derived at start: an object's first cursor says "nothing relayed yet, and
 * nothing that happened before this process started", so an operator restart relays nothing twice
 * (the previous process relayed what happened before) and an adopted object's history does not
 * flood `kubectl describe`. What happened while no operator ran is not relayed (ADR 0038).
 */
import { relayOnce, type RelayCursor, type RelayItem, type RelayOptions } from './event-relay.js';

/** The per-object cursors of one relay in this process; see the file header. */
export class RelayMemory {
  readonly #cursors = new Map<string, RelayCursor>();
  readonly #since: string;
  readonly #options: RelayOptions;

  /** `startedAt`: when this process started; items older than that are never relayed. */
  constructor(startedAt: Date, options: RelayOptions) {
    this.#since = startedAt.toISOString();
    this.#options = options;
  }

  /** The items of `uid` not relayed yet, oldest first; remembers them as relayed. */
  relay<T extends RelayItem>(uid: string, items: readonly T[]): T[] {
    const cursor = this.#cursors.get(uid) ?? { lastEventAt: this.#since, lastEventIds: [] };
    const relayed = relayOnce(items, cursor, this.#options);
    if (relayed.cursor !== undefined) this.#cursors.set(uid, relayed.cursor);
    return relayed.toEmit;
  }

  /** Forgets an object (its finalizer is gone). */
  forget(uid: string): void {
    this.#cursors.delete(uid);
  }
}
