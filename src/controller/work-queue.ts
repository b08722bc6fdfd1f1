/**
 * The keyed work queue controllers feed and workers drain, with client-go's workqueue semantics:
 *
 * - a key waits in the queue at most once (adding a waiting key again does nothing);
 * - a key is handed to one worker at a time: between `get` and `done` it is "processing", and an
 *   `add` meanwhile only marks it dirty, so it is handed out again after `done`;
 * - `addAfter` holds a key back for a while (earliest wins when a key is held twice);
 * - `addRateLimited` holds it back as long as the rate limiter says; `forget` clears its history;
 * - `clearHold` drops a key's hold (the reconcile that just returned decides the next one).
 *
 * Unlike client-go, a queue shut down hands out nothing more: keys still waiting are dropped, since
 * reconciles are level-based and whoever runs next lists every object again.
 */
import { systemClock, type Clock, type TimerHandle } from '../shared/clock.js';
import { createDefaultRateLimiter, type RateLimiter } from './rate-limiter.js';

/**
 * Hooks through which a queue reports what it does, so the queue knows nothing of prom-client.
 * Durations are in seconds.
 */
export interface WorkQueueMetrics {
  /** A key entered the queue (an `add` that was not a duplicate). */
  added(): void;
  /** The number of keys waiting to be handed out (including dirty keys being processed). */
  depth(depth: number): void;
  /** How long a key waited between its `add` and the `get` that handed it out. */
  queued(seconds: number): void;
  /** How long a worker held a key, from `get` to `done`. */
  worked(seconds: number): void;
  /** `addRateLimited` was called. */
  retried(): void;
}

/** Options for {@link WorkQueue}. */
export interface WorkQueueOptions {
  /** Names the queue in metrics (`name` label) and logs. */
  readonly name: string;
  readonly clock?: Clock;
  /** Decides `addRateLimited` delays; controller-runtime's default when absent. */
  readonly rateLimiter?: RateLimiter;
  readonly metrics?: WorkQueueMetrics;
}

/** Counts of what the queue holds, for tests, probes and benchmarks. */
export interface WorkQueueStats {
  /** Keys ready to be handed out. */
  readonly ready: number;
  /** Keys waiting to be processed: ready ones plus those added again while being processed. */
  readonly dirty: number;
  /** Keys handed out and not yet `done`. */
  readonly processing: number;
  /** Keys held back by `addAfter` or `addRateLimited`. */
  readonly delayed: number;
}

const NO_METRICS: WorkQueueMetrics = {
  added: () => undefined,
  depth: () => undefined,
  queued: () => undefined,
  worked: () => undefined,
  retried: () => undefined,
};

/**
 * A keyed, de-duplicating, delayed work queue for async workers: each worker loops on
 * `const key = await queue.get()` (undefined once shut down), works, then calls `queue.done(key)`.
 */
export class WorkQueue {
  readonly name: string;
  private readonly clock: Clock;
  private readonly rateLimiter: RateLimiter;
  private readonly metrics: WorkQueueMetrics;

  private readonly ready = new Deque();
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly addedAt = new Map<string, number>();
  private readonly startedAt = new Map<string, number>();
  private readonly getters: ((key: string | undefined) => void)[] = [];
  private readonly drainers: (() => void)[] = [];

  private readonly delayedUntil = new Map<string, number>();
  private readonly heap = new DelayHeap();
  private timer: TimerHandle | undefined;
  private timerAt = Infinity;
  private shuttingDown = false;

  constructor(options: WorkQueueOptions) {
    this.name = options.name;
    this.clock = options.clock ?? systemClock;
    this.rateLimiter = options.rateLimiter ?? createDefaultRateLimiter({ clock: this.clock });
    this.metrics = options.metrics ?? NO_METRICS;
  }

  /** Queues `key` now, unless it is already waiting. Ignored once shut down. */
  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    this.addedAt.set(key, this.clock.now());
    this.metrics.added();
    this.metrics.depth(this.dirty.size);
    // A key being processed comes back through `done`: never two workers on one key.
    if (this.processing.has(key)) return;
    this.ready.push(key);
    this.dispatch();
  }

  /**
   * Queues `key` after `ms` milliseconds (now when `ms <= 0`). A key already held back until an
   * earlier time keeps that time; a later time replaces nothing.
   */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (Number.isNaN(ms) || ms === Infinity) throw new RangeError(`addAfter needs a finite delay, got ${ms}`);
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = this.clock.now() + ms;
    const current = this.delayedUntil.get(key);
    if (current !== undefined && current <= at) return;
    this.delayedUntil.set(key, at);
    this.heap.push(key, at);
    if (this.heap.size > 2 * this.delayedUntil.size + 64) this.heap.rebuild(this.delayedUntil);
    if (at < this.timerAt) this.arm();
  }

  /** Queues `key` after the delay the rate limiter gives for one more failure of it. */
  addRateLimited(key: string): void {
    if (this.shuttingDown) return;
    this.metrics.retried();
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /**
   * Drops the time `key` is held back until, if any (`addAfter`, `addRateLimited`); a key waiting
   * or being processed is unaffected. A reconcile that returned has decided its key's next visit:
   * a hold left by an earlier visit (a requeue while it waited for a dependency) is obsolete.
   */
  clearHold(key: string): void {
    this.delayedUntil.delete(key);
  }

  /** Clears `key`'s failure history in the rate limiter (not its place in the queue). */
  forget(key: string): void {
    this.rateLimiter.forget(key);
  }

  /** How many failures of `key` the rate limiter has on record. */
  retries(key: string): number {
    return this.rateLimiter.retries(key);
  }

  /**
   * Waits for the next key and marks it processing; the caller must call `done(key)` when
   * finished. Resolves `undefined` once the queue is shut down. Waiting callers are served in order.
   */
  get(): Promise<string | undefined> {
    if (this.shuttingDown) return Promise.resolve(undefined);
    if (this.ready.length > 0) return Promise.resolve(this.take());
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Ends the processing of `key`; if it was added again meanwhile, it is queued again now. */
  done(key: string): void {
    if (!this.processing.delete(key)) return;
    const started = this.startedAt.get(key);
    this.startedAt.delete(key);
    if (started !== undefined) this.metrics.worked((this.clock.now() - started) / 1000);
    if (this.dirty.has(key)) {
      this.ready.push(key);
      this.dispatch();
    }
    if (this.processing.size === 0) this.resolveDrainers();
  }

  /**
   * Stops the queue: adds are ignored, keys waiting or held back are dropped, every pending and
   * future `get` resolves `undefined`. Keys being processed may still be `done`.
   */
  shutDown(): void {
    if (!this.shuttingDown) {
      this.shuttingDown = true;
      if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
      this.timer = undefined;
      this.timerAt = Infinity;
      this.delayedUntil.clear();
      this.heap.rebuild(this.delayedUntil);
      this.ready.clear();
      for (const key of this.dirty) this.addedAt.delete(key);
      this.dirty.clear();
      this.metrics.depth(0);
      for (const getter of this.getters.splice(0)) getter(undefined);
    }
    if (this.processing.size === 0) this.resolveDrainers();
  }

  /** {@link WorkQueue.shutDown}, then resolves once every key being processed is `done`. */
  shutDownWithDrain(): Promise<void> {
    const drained = new Promise<void>((resolve) => this.drainers.push(resolve));
    this.shutDown();
    return drained;
  }

  /** True once `shutDown` or `shutDownWithDrain` was called. */
  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** The keys currently being processed. */
  inFlight(): readonly string[] {
    return [...this.processing];
  }

  /** What the queue holds right now. */
  stats(): WorkQueueStats {
    return {
      ready: this.ready.length,
      dirty: this.dirty.size,
      processing: this.processing.size,
      delayed: this.delayedUntil.size,
    };
  }

  private take(): string {
    const key = this.ready.shift();
    const now = this.clock.now();
    this.processing.add(key);
    this.dirty.delete(key);
    this.startedAt.set(key, now);
    const added = this.addedAt.get(key);
    this.addedAt.delete(key);
    if (added !== undefined) this.metrics.queued((now - added) / 1000);
    this.metrics.depth(this.dirty.size);
    return key;
  }

  private dispatch(): void {
    while (this.getters.length > 0 && this.ready.length > 0) {
      const getter = this.getters.shift();
      getter?.(this.take());
    }
  }

  private resolveDrainers(): void {
    for (const drainer of this.drainers.splice(0)) drainer();
  }

  private arm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    const next = this.heap.peekLive(this.delayedUntil);
    if (next === undefined) return;
    this.timerAt = next.at;
    this.timer = this.clock.setTimeout(() => this.fireDue(), next.at - this.clock.now());
  }

  private fireDue(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    for (let next = this.heap.peekLive(this.delayedUntil); next !== undefined && next.at <= now;) {
      this.heap.pop();
      this.delayedUntil.delete(next.key);
      this.add(next.key);
      next = this.heap.peekLive(this.delayedUntil);
    }
    if (!this.shuttingDown) this.arm();
  }
}

/** A FIFO of keys with O(1) push and shift (an array with a moving head, compacted now and then). */
class Deque {
  private items: string[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(key: string): void {
    this.items.push(key);
  }

  /** Removes and returns the first key; only call when `length > 0`. */
  shift(): string {
    const key = this.items[this.head];
    if (key === undefined) throw new Error('shift on an empty deque');
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return key;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

interface DelayEntry {
  readonly key: string;
  readonly at: number;
  readonly seq: number;
}

/**
 * A binary min-heap of (time, key) with lazy deletion: an entry whose time no longer matches the
 * key's current one in `delayedUntil` is stale and skipped.
 */
class DelayHeap {
  private entries: DelayEntry[] = [];
  private seq = 0;

  get size(): number {
    return this.entries.length;
  }

  push(key: string, at: number): void {
    this.entries.push({ key, at, seq: this.seq++ });
    this.up(this.entries.length - 1);
  }

  /** The earliest entry still current, after discarding stale ones from the top. */
  peekLive(current: ReadonlyMap<string, number>): DelayEntry | undefined {
    for (let top = this.entries[0]; top !== undefined; top = this.entries[0]) {
      if (current.get(top.key) === top.at) return top;
      this.pop();
    }
    return undefined;
  }

  pop(): void {
    const last = this.entries.pop();
    if (last === undefined || this.entries.length === 0) return;
    this.entries[0] = last;
    this.down(0);
  }

  /** Rebuilds from the current times only, dropping every stale entry. */
  rebuild(current: ReadonlyMap<string, number>): void {
    this.entries = [];
    for (const [key, at] of current) this.push(key, at);
  }

  private less(a: number, b: number): boolean {
    const x = this.entries[a];
    const y = this.entries[b];
    if (x === undefined || y === undefined) return false;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const x = this.entries[a];
    const y = this.entries[b];
    if (x === undefined || y === undefined) return;
    this.entries[a] = y;
    this.entries[b] = x;
  }

  private up(index: number): void {
    for (let i = index; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(index: number): void {
    for (let i = index; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.entries.length && this.less(left, smallest)) smallest = left;
      if (right < this.entries.length && this.less(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
