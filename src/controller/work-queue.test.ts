import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { ExponentialBackoffRateLimiter } from './rate-limiter.js';
import { WorkQueue, type WorkQueueMetrics } from './work-queue.js';

/** Lets promise continuations run (a `get` resolved by `add` or `done`). */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** Starts a `get` and exposes what it resolved to, without awaiting it. */
const PENDING = Symbol('pending');

function pendingGet(queue: WorkQueue): { value: () => string | undefined | typeof PENDING } {
  let value: string | undefined | typeof PENDING = PENDING;
  void queue.get().then((key) => {
    value = key;
  });
  return { value: () => value };
}

function newQueue(clock = new FakeClock()): { queue: WorkQueue; clock: FakeClock } {
  return { queue: new WorkQueue({ name: 'test', clock }), clock };
}

describe('WorkQueue', () => {
  it('holds a waiting key once', async () => {
    const { queue } = newQueue();
    queue.add('a');
    queue.add('b');
    queue.add('a');
    expect(queue.stats()).toMatchObject({ ready: 2, dirty: 2 });
    expect(await queue.get()).toBe('a');
    expect(await queue.get()).toBe('b');
    expect(queue.stats()).toMatchObject({ ready: 0, dirty: 0, processing: 2 });
  });

  it('never hands a key to a second worker while the first holds it', async () => {
    const { queue } = newQueue();
    queue.add('a');
    expect(await queue.get()).toBe('a');
    queue.add('a');
    const second = pendingGet(queue);
    await flush();
    expect(second.value()).toBe(PENDING);
    expect(queue.stats()).toMatchObject({ ready: 0, dirty: 1, processing: 1 });
    queue.done('a');
    await flush();
    expect(second.value()).toBe('a');
  });

  it('processes a key added during processing once more after done, not twice', async () => {
    const { queue } = newQueue();
    queue.add('a');
    await queue.get();
    queue.add('a');
    queue.add('a');
    queue.done('a');
    expect(queue.stats()).toMatchObject({ ready: 1, dirty: 1, processing: 0 });
    expect(await queue.get()).toBe('a');
    queue.done('a');
    expect(queue.stats()).toEqual({ ready: 0, dirty: 0, processing: 0, delayed: 0 });
  });

  it('serves waiting workers in order', async () => {
    const { queue } = newQueue();
    const first = pendingGet(queue);
    const second = pendingGet(queue);
    queue.add('a');
    await flush();
    expect([first.value(), second.value()]).toEqual(['a', PENDING]);
    queue.add('b');
    await flush();
    expect(second.value()).toBe('b');
  });

  it('holds a key back for addAfter, the earliest time winning', async () => {
    const { queue, clock } = newQueue();
    queue.addAfter('a', 100);
    queue.addAfter('a', 50);
    queue.addAfter('a', 500);
    expect(queue.stats()).toMatchObject({ ready: 0, delayed: 1 });
    clock.advance(49);
    expect(queue.stats().ready).toBe(0);
    clock.advance(1);
    expect(queue.stats()).toMatchObject({ ready: 1, delayed: 0 });
    expect(await queue.get()).toBe('a');
    queue.done('a');
    clock.advance(1000);
    expect(queue.stats()).toEqual({ ready: 0, dirty: 0, processing: 0, delayed: 0 });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('clearHold drops a held key, so a later, longer hold is the one that stands', () => {
    const { queue, clock } = newQueue();
    queue.addAfter('a', 30_000);
    queue.addAfter('b', 30_000);
    queue.clearHold('a');
    queue.addAfter('a', 55_000);
    expect(queue.stats()).toMatchObject({ ready: 0, delayed: 2 });
    clock.advance(30_000);
    // b's hold stands; a's earlier one is gone.
    expect(queue.stats()).toMatchObject({ ready: 1, delayed: 1 });
    clock.advance(25_000);
    expect(queue.stats()).toMatchObject({ ready: 2, delayed: 0 });
  });

  it('adds at once for addAfter with a delay of zero or less', () => {
    const { queue } = newQueue();
    queue.addAfter('a', 0);
    queue.addAfter('b', -5);
    expect(queue.stats()).toMatchObject({ ready: 2, delayed: 0 });
  });

  it('rejects a delay that is not a number', () => {
    const { queue } = newQueue();
    expect(() => queue.addAfter('a', Number.NaN)).toThrow(RangeError);
    expect(() => queue.addAfter('a', Infinity)).toThrow(RangeError);
  });

  it('releases many delayed keys in time order', () => {
    const { queue, clock } = newQueue();
    const delays = [30, 10, 20, 10, 50, 40];
    delays.forEach((delay, i) => queue.addAfter(`k${i}`, delay));
    const seen: number[] = [];
    for (let t = 0; t <= 50; t += 10) {
      clock.advance(t === 0 ? 0 : 10);
      seen.push(queue.stats().ready);
    }
    expect(seen).toEqual([0, 2, 3, 4, 5, 6]);
  });

  it('stays correct when a key is pulled earlier many times (stale heap entries)', () => {
    const { queue, clock } = newQueue();
    for (let i = 1000; i > 0; i--) queue.addAfter('a', i);
    queue.addAfter('b', 2);
    clock.advance(1);
    expect(queue.stats()).toMatchObject({ ready: 1, delayed: 1 });
    clock.advance(1);
    expect(queue.stats()).toMatchObject({ ready: 2, delayed: 0 });
  });

  it('backs off addRateLimited exponentially and forgets on forget', () => {
    const clock = new FakeClock();
    const queue = new WorkQueue({ name: 't', clock, rateLimiter: new ExponentialBackoffRateLimiter() });
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = clock.now();
      queue.addRateLimited('a');
      clock.advance(clock.nextDue()! - clock.now());
      waits.push(clock.now() - before);
      void queue.get();
      queue.done('a');
    }
    expect(waits).toEqual([5, 10, 20, 40]);
    expect(queue.retries('a')).toBe(4);
    queue.forget('a');
    expect(queue.retries('a')).toBe(0);
  });

  it('reports adds, depth, retries and durations to its metrics', async () => {
    const clock = new FakeClock();
    const events = {
      adds: 0,
      retries: 0,
      depth: [] as number[],
      queued: [] as number[],
      worked: [] as number[],
    };
    const metrics: WorkQueueMetrics = {
      added: () => void events.adds++,
      depth: (n) => void events.depth.push(n),
      queued: (s) => void events.queued.push(s),
      worked: (s) => void events.worked.push(s),
      retried: () => void events.retries++,
    };
    const queue = new WorkQueue({ name: 't', clock, metrics });
    queue.add('a');
    queue.add('a');
    queue.add('b');
    clock.advance(2000);
    const key = await queue.get();
    clock.advance(500);
    queue.done(key!);
    queue.addRateLimited('c');
    expect(events.adds).toBe(2);
    expect(events.retries).toBe(1);
    expect(events.depth).toEqual([1, 2, 1]);
    expect(events.queued).toEqual([2]);
    expect(events.worked).toEqual([0.5]);
  });

  it('shutDown resolves waiting and later gets with undefined and ignores adds', async () => {
    const { queue, clock } = newQueue();
    const waiting = pendingGet(queue);
    queue.addAfter('later', 100);
    queue.shutDown();
    await flush();
    expect(waiting.value()).toBeUndefined();
    queue.add('a');
    queue.addAfter('b', 10);
    queue.addRateLimited('c');
    expect(await queue.get()).toBeUndefined();
    expect(queue.stats()).toEqual({ ready: 0, dirty: 0, processing: 0, delayed: 0 });
    expect(clock.pendingTimers()).toBe(0);
    expect(queue.isShuttingDown()).toBe(true);
  });

  it('drops keys still waiting on shutdown instead of handing them out', async () => {
    const { queue } = newQueue();
    queue.add('a');
    queue.add('b');
    queue.shutDown();
    expect(await queue.get()).toBeUndefined();
  });

  it('shutDownWithDrain resolves only once every key in flight is done', async () => {
    const { queue } = newQueue();
    queue.add('a');
    queue.add('b');
    const a = await queue.get();
    const b = await queue.get();
    let drained = false;
    const drain = queue.shutDownWithDrain().then(() => {
      drained = true;
    });
    queue.add('a');
    queue.done(a!);
    await flush();
    expect(drained).toBe(false);
    expect(queue.inFlight()).toEqual(['b']);
    queue.done(b!);
    await drain;
    expect(drained).toBe(true);
    expect(queue.stats().ready).toBe(0);
  });

  it('shutDownWithDrain resolves at once when nothing is in flight', async () => {
    const { queue } = newQueue();
    queue.add('a');
    await expect(queue.shutDownWithDrain()).resolves.toBeUndefined();
  });

  it('ignores done for a key it did not hand out', () => {
    const { queue } = newQueue();
    queue.add('a');
    queue.done('a');
    expect(queue.stats()).toMatchObject({ ready: 1, processing: 0 });
  });
});

type Op =
  | { kind: 'add'; key: string }
  | { kind: 'addAfter'; key: string; ms: number }
  | { kind: 'get'; worker: number }
  | { kind: 'done'; worker: number }
  | { kind: 'advance'; ms: number };

const keyArb = fc.constantFrom('a', 'b', 'c', 'd');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), key: keyArb }),
  fc.record({ kind: fc.constant('addAfter' as const), key: keyArb, ms: fc.integer({ min: -5, max: 50 }) }),
  fc.record({ kind: fc.constant('get' as const), worker: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('done' as const), worker: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 30 }) }),
);

describe('WorkQueue properties', () => {
  it('never gives one key to two workers, and hands out every key owed exactly once when drained', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 120 }), async (ops) => {
        const clock = new FakeClock();
        const queue = new WorkQueue({ name: 'prop', clock });
        const held = new Map<number, string>();
        const asking = new Set<number>();
        // Keys added (now, or by a delay that has fired) and not handed out since.
        const owed = new Set<string>();
        const delayed = new Map<string, number>();
        const violations: string[] = [];
        const handOuts: string[] = [];

        const fireDelays = (): void => {
          for (const [key, at] of delayed) {
            if (at <= clock.now()) {
              delayed.delete(key);
              owed.add(key);
            }
          }
        };
        const handOut = (key: string): void => {
          if ([...held.values()].includes(key)) violations.push(`${key} handed out twice at once`);
          owed.delete(key);
          handOuts.push(key);
        };
        for (const op of ops) {
          switch (op.kind) {
            case 'add':
              queue.add(op.key);
              owed.add(op.key);
              break;
            case 'addAfter':
              queue.addAfter(op.key, op.ms);
              if (op.ms <= 0) owed.add(op.key);
              else delayed.set(op.key, Math.min(delayed.get(op.key) ?? Infinity, clock.now() + op.ms));
              break;
            case 'get':
              if (held.has(op.worker) || asking.has(op.worker)) break;
              asking.add(op.worker);
              void queue.get().then((key) => {
                asking.delete(op.worker);
                if (key === undefined) return;
                handOut(key);
                held.set(op.worker, key);
              });
              break;
            case 'done': {
              const key = held.get(op.worker);
              if (key === undefined) break;
              held.delete(op.worker);
              queue.done(key);
              break;
            }
            case 'advance':
              clock.advance(op.ms);
              fireDelays();
              break;
          }
          await flush();
        }
        expect(violations).toEqual([]);

        // Drain: let every delay fire, then finish all work and take what is left. Nothing is
        // added any more, so each key owed must come out exactly once.
        clock.advance(1000);
        fireDelays();
        await flush();
        const expected = new Set(owed);
        const drainStart = handOuts.length;
        for (let round = 0; round < 3; round++) {
          for (const [worker, key] of held) {
            held.delete(worker);
            queue.done(key);
          }
          await flush();
          while (queue.stats().ready > 0) {
            const key = await queue.get();
            handOut(key!);
            queue.done(key!);
            await flush();
          }
        }
        const drained = handOuts.slice(drainStart);
        expect(violations).toEqual([]);
        expect(drained.length).toBe(new Set(drained).size);
        expect(new Set(drained)).toEqual(expected);
        expect(owed.size).toBe(0);
        expect(queue.stats()).toEqual({ ready: 0, dirty: 0, processing: 0, delayed: 0 });
        queue.shutDown();
        await flush();
        expect(asking.size).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
