/**
 * One Region-wide paged listing answering the reads of many objects, each by its key (a task
 * definition family, a scalable target's resource id), so a fleet's resync costs about one call
 * per page of the Region per `maxAgeMs` instead of one per object (ADR 0029).
 *
 * - A key's answer comes from a Region listing whose first page was requested at most its age ago
 *   (`maxAgeMs`, or `unwrittenMaxAgeMs` below), or joins the one in flight; when the newest is
 *   older, a fresh Region listing starts and every ask waiting meanwhile shares it. Changes made
 *   outside the operator are therefore found at most that age later than a per-object read would
 *   find them.
 * - The operator's own writes are never missed: a key written to is read on its own (`listOne`,
 *   the per-object call) until a Region listing requested after the write has answered. A write in
 *   flight counts as happening now. A burst of writes starts no extra Region listing: the next one
 *   is due when the newest is older than `maxAgeMs`.
 * - A listing requested before a key's previous resync ask never answers it (ADR 0049): a resync
 *   never concludes "no change" from state read before the key's previous resync began. With the
 *   policy listing's age of one period this starts a new Region listing a little before the age
 *   runs out. The rule binds resync visits only (`isResyncVisit`): the polls of a rollout, a
 *   dependency or a requeue come every few seconds, and holding them to it would start a whole
 *   Region listing for nearly each; a poll is answered by the newest listing within `maxAgeMs`
 *   (ADR 0050).
 * - A listing may keep two ages (ADR 0058): `maxAgeMs` for a key the operator wrote to since the
 *   newest listing (past it, a new Region listing starts instead of reading the key on its own)
 *   and a longer `unwrittenMaxAgeMs` for every other key.
 * - An ask with `ownRead` is read on its own: what someone else just made, and the spec now names,
 *   is not left to a listing up to `maxAgeMs` old.
 * - A Region listing longer than `maxPages` pages (an account holding far more than the operator
 *   manages) is abandoned: its askers read their keys on their own, and no Region listing is tried
 *   again for `maxAgeMs`.
 * - A failed Region listing fails every ask sharing it (the reconciles retry); the next ask starts
 *   another. No one asker's abort signal cancels a shared listing (the call runner's timeouts bound
 *   it); an aborted asker alone stops waiting.
 */
import { withSignal } from './abort.js';
import type { AwsCallOptions } from './call-runner.js';
import { backgroundClock, type Clock } from '../shared/clock.js';
import { isResyncVisit } from '../shared/observed-at.js';

/** A key not asked for in this many listing ages is forgotten. */
const FORGET_ASKS_AFTER_AGES = 15;

/** Options for {@link SharedListing}. */
export interface SharedListingOptions<T> {
  /** The Region-wide listing, reading at most `maxPages` pages; `complete` when that was all. */
  readonly listAll: (maxPages: number) => Promise<{ items: T[]; complete: boolean }>;
  /** The per-object read, for keys the operator has just written to. */
  readonly listOne: (key: string, options?: AwsCallOptions) => Promise<T[]>;
  /** The key an item of the Region listing belongs to; undefined leaves it out. */
  readonly keyOf: (item: T) => string | undefined;
  /** How old a Region listing may be when it answers, ms. */
  readonly maxAgeMs: number;
  /**
   * How old a Region listing may be when it answers a key the operator has not written to since
   * the listing was requested, ms (at least `maxAgeMs`; by default equal). `maxAgeMs` then bounds
   * only how long a key the operator wrote to is read on its own before a new Region listing
   * starts. A resync is still held to a listing requested after its key's previous resync, so this
   * lets a fleet whose resyncs (or a restart's visits) spread over a period share one listing
   * without widening what a resync can miss.
   */
  readonly unwrittenMaxAgeMs?: number;
  /** The most pages a Region listing may take before it is abandoned. Default 100. */
  readonly maxPages?: number;
  /** Time source; the system clock when absent. */
  readonly clock?: Clock;
}

/** Counters, for tests and metrics. */
export interface SharedListingStats {
  /** Region listings started (each costs one call per page). */
  readonly regionListings: number;
  /** Asks answered from a Region listing. */
  readonly shared: number;
  /** Asks answered by a per-object read. */
  readonly perKey: number;
}

interface Snapshot<T> {
  /** When its first page was requested. */
  readonly at: number;
  /** Key → its items, in listing order. */
  readonly byKey: ReadonlyMap<string, readonly T[]>;
}

interface Writes {
  /** Writes to the key in flight. */
  pending: number;
  /** When the last one answered. */
  at: number;
}

/** One Region-wide listing shared by the asks for each key, and what each key may be answered from. */
export class SharedListing<T> {
  private readonly listAll: SharedListingOptions<T>['listAll'];
  private readonly listOne: SharedListingOptions<T>['listOne'];
  private readonly keyOf: SharedListingOptions<T>['keyOf'];
  private readonly clock: Clock;
  private readonly maxAgeMs: number;
  private readonly unwrittenMaxAgeMs: number;
  private readonly maxPages: number;
  private snapshot: Snapshot<T> | undefined;
  private inFlight: { readonly at: number; readonly promise: Promise<Snapshot<T> | undefined> } | undefined;
  /** When a Region listing last turned out too long: none is tried again for `maxAgeMs`. */
  private tooLongAt: number | undefined;
  private readonly writes = new Map<string, Writes>();
  /** Key → when a resync last asked for it (its previous resync began then). */
  private readonly asks = new Map<string, number>();
  private counters = { regionListings: 0, shared: 0, perKey: 0 };

  constructor(options: SharedListingOptions<T>) {
    if (!(options.maxAgeMs > 0)) throw new RangeError(`maxAgeMs must be > 0, got ${options.maxAgeMs}`);
    this.listAll = options.listAll;
    this.listOne = options.listOne;
    this.keyOf = options.keyOf;
    this.clock = options.clock ?? backgroundClock;
    this.maxAgeMs = options.maxAgeMs;
    this.unwrittenMaxAgeMs = Math.max(options.maxAgeMs, options.unwrittenMaxAgeMs ?? options.maxAgeMs);
    this.maxPages = Math.max(1, options.maxPages ?? 100);
  }

  /**
   * The items of `key` (a key), from a shared listing when one may answer, else `listOne` (always
   * with `options.ownRead`).
   */
  async list(key: string, options?: AwsCallOptions): Promise<T[]> {
    const now = this.clock.now();
    const snapshot = this.snapshot;
    // A listing requested before this key's previous resync began is no evidence of no change
    // since that resync (ADR 0049): it may not answer, however young. Only a resync moves the mark.
    const resync = isResyncVisit();
    const previousAsk = resync ? this.asks.get(key) : undefined;
    if (resync) this.asks.set(key, now);
    const since = (at: number): boolean => previousAsk === undefined || at >= previousAsk;
    const maxAge =
      snapshot !== undefined && !this.writtenBefore(key, snapshot.at)
        ? this.maxAgeMs
        : this.unwrittenMaxAgeMs;
    const young = snapshot !== undefined && now - snapshot.at <= maxAge && since(snapshot.at);
    if (options?.ownRead === true) {
      this.counters.perKey++;
      return this.listOne(key, options);
    }
    if (young && this.writtenBefore(key, snapshot.at)) return this.answer(snapshot, key);
    if ((this.writes.get(key)?.pending ?? 0) === 0) {
      // A Region listing is started only when the newest one is too old: a key written since a
      // young one is listed on its own, so a burst of registrations costs no extra Region listing.
      const listing =
        this.inFlight ?? (!young && this.mayListRegion(now) ? this.startRegionListing(now) : undefined);
      if (listing !== undefined && since(listing.at) && this.writtenBefore(key, listing.at)) {
        const shared = await withSignal(listing.promise, options?.signal);
        // Checked again: a write may have started while the listing was read.
        if (shared !== undefined && this.writtenBefore(key, shared.at)) return this.answer(shared, key);
      }
    }
    this.counters.perKey++;
    return this.listOne(key, options);
  }

  /** The operator is writing to `key` (a key); call {@link SharedListing.writeEnded} after. */
  writeStarted(key: string): void {
    const writes = this.writes.get(key) ?? { pending: 0, at: 0 };
    writes.pending++;
    this.writes.set(key, writes);
  }

  /** A write to `key` answered (whatever the outcome). */
  writeEnded(key: string): void {
    const writes = this.writes.get(key);
    if (writes === undefined) return;
    writes.pending = Math.max(0, writes.pending - 1);
    writes.at = this.clock.now();
  }

  /** Counters since construction. */
  stats(): SharedListingStats {
    return { ...this.counters };
  }

  private answer(snapshot: Snapshot<T>, key: string): T[] {
    this.counters.shared++;
    return [...(snapshot.byKey.get(key) ?? [])];
  }

  /** No write to `key` is in flight, and the last one answered before `at`. */
  private writtenBefore(key: string, at: number): boolean {
    const writes = this.writes.get(key);
    return writes === undefined || (writes.pending === 0 && writes.at < at);
  }

  private mayListRegion(now: number): boolean {
    return this.tooLongAt === undefined || now - this.tooLongAt > this.maxAgeMs;
  }

  private startRegionListing(now: number): { at: number; promise: Promise<Snapshot<T> | undefined> } {
    this.counters.regionListings++;
    // Shared by every asker: no one asker's signal may cancel it (the call runner's timeouts bound it).
    const promise = this.listAll(this.maxPages).then(
      ({ items, complete }) => {
        if (this.inFlight?.promise === promise) this.inFlight = undefined;
        if (!complete) {
          this.tooLongAt = now;
          return undefined;
        }
        const snapshot = { at: now, byKey: this.byKey(items) };
        if (this.snapshot === undefined || this.snapshot.at < now) this.snapshot = snapshot;
        // Writes this listing was requested after need no mark any more.
        for (const [key, writes] of this.writes) {
          if (writes.pending === 0 && writes.at < now) this.writes.delete(key);
        }
        // Keys not asked for in a long while (their objects are gone) are forgotten.
        for (const [key, at] of this.asks)
          if (now - at > FORGET_ASKS_AFTER_AGES * this.maxAgeMs) this.asks.delete(key);
        return snapshot;
      },
      (err: unknown) => {
        if (this.inFlight?.promise === promise) this.inFlight = undefined;
        throw err;
      },
    );
    const listing = { at: now, promise };
    this.inFlight = listing;
    return listing;
  }

  private byKey(items: readonly T[]): Map<string, T[]> {
    const byKey = new Map<string, T[]>();
    for (const item of items) {
      const key = this.keyOf(item);
      if (key === undefined) continue;
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [item]);
      else list.push(item);
    }
    return byKey;
  }
}

/** What is told of the operator's own writes to a key: a {@link SharedListing} or a wrapper of one. */
export interface WriteListener {
  writeStarted(key: string): void;
  writeEnded(key: string): void;
}

/**
 * `call`, announced to `listing` as a write to each of `keys` from before it is sent until it
 * answered (whatever the outcome), so that no listing requested before the answer speaks for them.
 * Without a key (undefined or empty) the call is made unannounced.
 */
export async function announcedWrite<T>(
  listing: WriteListener,
  keys: string | readonly string[] | undefined,
  call: () => Promise<T>,
): Promise<T> {
  const announced = (typeof keys === 'string' ? [keys] : (keys ?? [])).filter((k) => k !== '');
  for (const k of announced) listing.writeStarted(k);
  try {
    return await call();
  } finally {
    for (const k of announced) listing.writeEnded(k);
  }
}
