/**
 * A supervised, cached list-watch over one collection (one namespace, or all of them): it lists,
 * watches from the list's resourceVersion, and keeps its cache true through everything a watch
 * meets in practice (docs/adr/0003-watches.md):
 *
 * - a clean close by the server (every `timeoutSeconds`): resume from the last resourceVersion;
 * - 410 Gone (an `ERROR` event or an HTTP status): relist, and emit `deleted` for every cached object
 *   the new list no longer holds, so deletions that happened meanwhile are not lost;
 * - any other error (connection refused or reset, 5xx, 403): restart with jittered exponential
 *   backoff, resuming from the last resourceVersion;
 * - a silent stall (a half-open connection): a watchdog ends any watch still open
 *   `timeoutSeconds + margin` after it started (the server itself would have closed it) and
 *   restarts it;
 * - `stop()`: ends everything and restarts nothing.
 *
 * Bookmarks are requested so a quiet collection's resume point stays fresh. The label selector is
 * applied by the server on both list and watch.
 */
import { sleep, systemClock, type Clock, type TimerHandle } from '../shared/clock.js';
import type { Logger } from '../observability/logger.js';
import { isGone } from './api-errors.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import type { ListWatchClient, RawWatchEvent, WatchHandle } from './list-watch-client.js';
import { objectKey, type KubeObject } from './object.js';
import { ObjectCache, type ObjectEvent } from './object-cache.js';

export type { ObjectEvent } from './object-cache.js';

/** Tunables shared by {@link ListWatch} and the informer built from it. */
export interface ListWatchTuning {
  /** Objects per list page. Default 500. */
  readonly pageSize?: number;
  /**
   * The minimum watch timeout; each watch asks for a random value in `[t, 2t)` so many watches do
   * not expire together (client-go's reflector does the same). Default 300 s.
   */
  readonly watchTimeoutSeconds?: number;
  /** How long past its timeout a watch may stay open before the watchdog restarts it. Default 30 s. */
  readonly watchdogMarginMs?: number;
  /** Restart backoff; defaults after client-go's reflector (800 ms doubling to 30 s, jittered). */
  readonly backoff?: BackoffOptions;
  readonly clock?: Clock;
  /** Returns a number in [0, 1); injectable for tests. */
  readonly random?: () => number;
}

/** Options for {@link ListWatch}. */
export interface ListWatchOptions<T> extends ListWatchTuning {
  readonly client: ListWatchClient;
  /** One namespace, or all namespaces when undefined. */
  readonly namespace?: string;
  /** A label selector the server applies to list and watch. */
  readonly labelSelector?: string;
  /** Called for every change of the cache, after the cache holds it. Must not throw (it is caught). */
  readonly onEvent: (event: ObjectEvent<T>) => void;
  readonly log: Logger;
}

/** Counters for probes, metrics and tests. */
export interface ListWatchStats {
  readonly lists: number;
  readonly watches: number;
  /** Watches that ended in 410 Gone. */
  readonly expired: number;
  /** Watches or lists that failed with another error. */
  readonly failures: number;
  /** Watches the watchdog ended. */
  readonly stalls: number;
}

type WatchEnd =
  | { readonly kind: 'closed' }
  | { readonly kind: 'gone' }
  | { readonly kind: 'failed'; readonly err: unknown }
  | { readonly kind: 'stalled' }
  | { readonly kind: 'stopped' };

/** Below this a watch that ended without trouble still counts as suspicious (no hot loop). */
const MIN_HEALTHY_WATCH_MS = 1_000;
/** A continue token can expire mid-list; start the list over at most this many times in a row. */
const MAX_LIST_RESTARTS = 3;

/** One supervised list-watch with its cache. See the file header for the behaviour. */
export class ListWatch<T extends KubeObject> {
  private readonly client: ListWatchClient;
  private readonly namespace: string | undefined;
  private readonly labelSelector: string | undefined;
  private readonly onEvent: (event: ObjectEvent<T>) => void;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly pageSize: number;
  private readonly watchTimeoutSeconds: number;
  private readonly watchdogMarginMs: number;
  private readonly backoff: Backoff;

  private readonly cache = new ObjectCache<T>();
  private resourceVersion = '';
  private synced = false;
  private readonly syncWaiters: (() => void)[] = [];
  private stopped = false;
  private loop: Promise<void> | undefined;
  private stopController = new AbortController();
  private endCurrentWatch: (() => void) | undefined;
  private counters = { lists: 0, watches: 0, expired: 0, failures: 0, stalls: 0 };

  constructor(options: ListWatchOptions<T>) {
    this.client = options.client;
    this.namespace = options.namespace;
    this.labelSelector = options.labelSelector;
    this.onEvent = options.onEvent;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.pageSize = options.pageSize ?? 500;
    this.watchTimeoutSeconds = options.watchTimeoutSeconds ?? 300;
    this.watchdogMarginMs = options.watchdogMarginMs ?? 30_000;
    this.backoff = new Backoff({ random: this.random, ...options.backoff });
    this.log = options.log.child({ namespace: this.namespace ?? '*', labelSelector: this.labelSelector });
    if (!(this.pageSize >= 1 && this.watchTimeoutSeconds >= 1 && this.watchdogMarginMs >= 0)) {
      throw new RangeError(
        `list-watch needs pageSize >= 1, watchTimeoutSeconds >= 1, watchdogMarginMs >= 0; got ${this.pageSize}, ${this.watchTimeoutSeconds}, ${this.watchdogMarginMs}`,
      );
    }
  }

  /** Starts listing and watching in the background; resolves at once. Idempotent. */
  start(): Promise<void> {
    if (this.loop === undefined) {
      this.stopped = false;
      this.stopController = new AbortController();
      this.loop = this.run().finally(() => {
        this.loop = undefined;
      });
    }
    return Promise.resolve();
  }

  /** Stops for good: closes the watch, restarts nothing, emits nothing more. Resolves when done. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopController.abort(new Error('list-watch stopped'));
    this.endCurrentWatch?.();
    await this.loop;
  }

  /** True once the first complete list is in the cache (and ever after). */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves when {@link ListWatch.hasSynced} turns true. */
  waitForSync(): Promise<void> {
    return this.synced ? Promise.resolve() : new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /** The cached object under `namespace/name`. */
  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  /** Every cached object. */
  list(): T[] {
    return this.cache.list();
  }

  /** The resourceVersion a watch would resume from; empty when the next step is a list. */
  lastResourceVersion(): string {
    return this.resourceVersion;
  }

  /** Counters since construction. */
  stats(): ListWatchStats {
    return { ...this.counters };
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.resourceVersion === '') {
        try {
          await this.relist();
        } catch (err) {
          if (this.stopped) return;
          this.counters.failures += 1;
          const delayMs = this.backoff.next();
          this.log.warn({ err, delayMs }, 'list failed; retrying');
          await this.pause(delayMs);
          continue;
        }
        if (this.stopped) return;
      }
      const startedAt = this.clock.now();
      const end = await this.watchOnce();
      const ranMs = this.clock.now() - startedAt;
      this.backoff.succeeded(ranMs);
      const quick = ranMs < MIN_HEALTHY_WATCH_MS;
      let delayMs = 0;
      switch (end.kind) {
        case 'stopped':
          return;
        case 'closed':
          this.log.debug({ ranMs }, 'watch closed by server; resuming');
          if (quick) delayMs = this.backoff.next();
          break;
        case 'gone':
          this.counters.expired += 1;
          this.resourceVersion = '';
          this.log.info({ ranMs }, 'watch resourceVersion expired; relisting');
          if (quick) delayMs = this.backoff.next();
          break;
        case 'failed':
          this.counters.failures += 1;
          delayMs = this.backoff.next();
          this.log.warn({ err: end.err, delayMs, ranMs }, 'watch failed; restarting');
          break;
        case 'stalled':
          this.counters.stalls += 1;
          this.log.warn({ ranMs }, 'watch silent past its timeout; restarting');
          break;
      }
      if (delayMs > 0) await this.pause(delayMs);
    }
  }

  /** Waits `ms` unless stopped meanwhile. */
  private async pause(ms: number): Promise<void> {
    try {
      await sleep(this.clock, ms, this.stopController.signal);
    } catch {
      // Aborted by stop(): the loop checks `stopped` next.
    }
  }

  private async relist(): Promise<void> {
    this.counters.lists += 1;
    let items: T[] = [];
    let continueToken: string | undefined;
    let restarts = 0;
    for (;;) {
      let page;
      try {
        page = await this.client.list({
          limit: this.pageSize,
          ...(this.namespace === undefined ? {} : { namespace: this.namespace }),
          ...(this.labelSelector === undefined ? {} : { labelSelector: this.labelSelector }),
          ...(continueToken === undefined ? {} : { continueToken }),
        });
      } catch (err) {
        // An expired continue token: the snapshot is gone, start the list over.
        if (continueToken !== undefined && isGone(err) && restarts < MAX_LIST_RESTARTS) {
          restarts += 1;
          items = [];
          continueToken = undefined;
          continue;
        }
        throw err;
      }
      if (this.stopped) return;
      for (const raw of page.items) {
        if (isKubeObject(raw)) items.push(raw as T);
        else this.log.warn('list returned an item without metadata.name; ignored');
      }
      if (page.continueToken === undefined) {
        this.replace(items, page.resourceVersion);
        return;
      }
      continueToken = page.continueToken;
    }
  }

  /** Swaps in a fresh list and emits the difference with the old cache. */
  private replace(items: readonly T[], resourceVersion: string): void {
    const changes = this.cache.replace(items);
    this.resourceVersion = resourceVersion;
    for (const change of changes) this.emit(change);
    if (!this.synced) {
      this.synced = true;
      for (const resolve of this.syncWaiters.splice(0)) resolve();
      this.log.info({ objects: this.cache.size, resourceVersion }, 'list-watch synced');
    }
  }

  /** Runs one watch until it ends; the cache follows its events meanwhile. */
  private watchOnce(): Promise<WatchEnd> {
    this.counters.watches += 1;
    const timeoutSeconds = Math.floor(this.watchTimeoutSeconds * (1 + this.random()));
    return new Promise<WatchEnd>((resolve) => {
      let finished = false;
      let handle: WatchHandle | undefined;
      const finish = (end: WatchEnd): void => {
        if (finished) return;
        finished = true;
        this.clock.clearTimeout(watchdog);
        this.endCurrentWatch = undefined;
        // Closing our own connection makes client-node report an abort error; `finished` drops it.
        handle?.stop();
        resolve(end);
      };
      const watchdog: TimerHandle = this.clock.setTimeout(
        () => finish({ kind: 'stalled' }),
        timeoutSeconds * 1000 + this.watchdogMarginMs,
      );
      this.endCurrentWatch = () => finish({ kind: 'stopped' });
      if (this.stopped) {
        finish({ kind: 'stopped' });
        return;
      }
      this.client
        .watch(
          {
            resourceVersion: this.resourceVersion,
            timeoutSeconds,
            allowWatchBookmarks: true,
            ...(this.namespace === undefined ? {} : { namespace: this.namespace }),
            ...(this.labelSelector === undefined ? {} : { labelSelector: this.labelSelector }),
          },
          (event) => {
            if (finished) return;
            const end = this.applyWatchEvent(event);
            if (end !== undefined) finish(end);
          },
          (err) => {
            if (err === null || err === undefined) finish({ kind: 'closed' });
            else finish(isGone(err) ? { kind: 'gone' } : { kind: 'failed', err });
          },
        )
        .then(
          (started) => {
            handle = started;
            // The watch may have ended (watchdog, stop) before its connection was even open.
            if (finished) started.stop();
          },
          (err: unknown) => finish({ kind: 'failed', err }),
        );
    });
  }

  /** Applies one watch event to the cache; returns how the watch ends when the event ends it. */
  private applyWatchEvent(event: RawWatchEvent): WatchEnd | undefined {
    if (event.type === 'ERROR') {
      const status = event.object as { code?: unknown; message?: unknown; reason?: unknown } | null;
      if (status?.code === 410) return { kind: 'gone' };
      const message = typeof status?.message === 'string' ? status.message : 'watch error event';
      return {
        kind: 'failed',
        err: Object.assign(new Error(message), { code: status?.code, reason: status?.reason }),
      };
    }
    if (event.type === 'BOOKMARK') {
      // A bookmark carries only metadata.resourceVersion: a fresher resume point, nothing to cache.
      const version = (event.object as { metadata?: { resourceVersion?: unknown } } | null)?.metadata
        ?.resourceVersion;
      if (typeof version === 'string' && version !== '') this.resourceVersion = version;
      return undefined;
    }
    if (!isKubeObject(event.object)) {
      this.log.warn({ eventType: event.type }, 'watch event without an object; ignored');
      return undefined;
    }
    const obj = event.object as T;
    const version = obj.metadata.resourceVersion;
    let change: ObjectEvent<T> | undefined;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        change = this.cache.put(obj);
        break;
      case 'DELETED':
        change = this.cache.remove(obj);
        break;
      default:
        this.log.warn({ eventType: event.type }, 'unknown watch event type; ignored');
        return undefined;
    }
    if (change !== undefined) this.emit(change);
    if (typeof version === 'string' && version !== '') this.resourceVersion = version;
    return undefined;
  }

  private emit(event: ObjectEvent<T>): void {
    try {
      this.onEvent(event);
    } catch (err) {
      this.log.error({ err, eventType: event.type, key: objectKey(event.object) }, 'event handler threw');
    }
  }
}

/** True when `raw` looks like a Kubernetes object: it has `metadata.name`. */
function isKubeObject(raw: unknown): raw is KubeObject {
  const metadata = (raw as { metadata?: { name?: unknown } } | null | undefined)?.metadata;
  return typeof metadata?.name === 'string' && metadata.name !== '';
}
