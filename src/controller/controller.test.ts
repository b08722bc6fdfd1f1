import { isStatusOnlyChange } from './change-filter.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObjectMeta } from '../k8s/object.js';
import { objectKey } from '../k8s/object.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { FakeClock, settle } from '../shared/testing/fake-clock.js';
import { capturedLogs } from './testing/captured-logs.js';
import { reportObservedAt } from '../shared/observed-at.js';
import { Controller, type ControllerOptions, type ObjectSource, type SourceEvent } from './controller.js';
import { TerminalError, type ReconcileContext, type ReconcileResult } from './reconciler.js';

interface Obj {
  readonly metadata: ObjectMeta;
}

function obj(name: string, generation = 1, resourceVersion = '1', extra: Partial<ObjectMeta> = {}): Obj {
  return { metadata: { name, namespace: 'ns', generation, resourceVersion, ...extra } };
}

/** An in-memory source: tests change the cache and emit events as an informer would. */
class MemorySource<T extends Obj> implements ObjectSource<T> {
  readonly objects = new Map<string, T>();
  private readonly handlers = new Set<(event: SourceEvent<T>) => void>();
  synced = true;

  constructor(readonly name: string) {}
  start = (): Promise<void> => Promise.resolve();
  stop = (): Promise<void> => Promise.resolve();
  hasSynced = (): boolean => this.synced;
  list = (): T[] => [...this.objects.values()];
  get = (key: string): T | undefined => this.objects.get(key);
  onEvent(handler: (event: SourceEvent<T>) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
  subscribers(): number {
    return this.handlers.size;
  }
  put(object: T): void {
    const key = objectKey(object);
    const type = this.objects.has(key) ? 'updated' : 'added';
    this.objects.set(key, object);
    for (const handler of this.handlers) handler({ type, object });
  }
  /** Replaces the cached copy and emits `updated` with the old copy, as the informer does. */
  replace(object: T): void {
    const key = objectKey(object);
    const oldObject = this.objects.get(key);
    this.objects.set(key, object);
    for (const handler of this.handlers)
      handler({ type: 'updated', object, ...(oldObject ? { oldObject } : {}) });
  }
  remove(key: string): void {
    const object = this.objects.get(key);
    if (object === undefined) return;
    this.objects.delete(key);
    for (const handler of this.handlers) handler({ type: 'deleted', object });
  }
}

interface Call {
  readonly key: string;
  readonly at: number;
  readonly ctx: ReconcileContext;
  readonly obj: Obj;
}

type Behaviour = (call: Call) => Promise<ReconcileResult | void> | ReconcileResult | void;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

interface Harness {
  clock: FakeClock;
  source: MemorySource<Obj>;
  controller: Controller<Obj>;
  calls: Call[];
  logs: Record<string, unknown>[];
  metrics: Metrics;
  behave: (behaviour: Behaviour) => void;
  metric: (name: string, labels?: Record<string, string>) => Promise<number>;
}

function harness(options: Partial<ControllerOptions<Obj>> = {}): Harness {
  const clock = new FakeClock();
  const source = new MemorySource<Obj>('objs');
  const calls: Call[] = [];
  const { log, logs } = capturedLogs();
  let behaviour: Behaviour = () => undefined;
  const metrics = createMetrics({ processMetrics: false });
  let id = 0;
  const controller = new Controller<Obj>({
    name: 'things',
    source,
    reconciler: {
      reconcile: async (ctx, o) => {
        const call = { key: objectKey(o), at: clock.now(), ctx, obj: o };
        calls.push(call);
        return behaviour(call);
      },
    },
    log,
    metrics,
    clock,
    random: () => 0.5,
    newReconcileId: () => `r${++id}`,
    resyncPeriodMs: 0,
    ...options,
  });
  return {
    clock,
    source,
    controller,
    calls,
    logs,
    metrics,
    behave: (b) => (behaviour = b),
    metric: async (name, labels = {}) => {
      const json = await metrics.registry.getSingleMetric(name)?.get();
      const value = json?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
      return value?.value ?? 0;
    },
  };
}

/** A started harness whose cache holds `ns/a`, reconciled with `behaviour`. */
function startedOnA(
  behaviour: Behaviour = () => undefined,
  options: Partial<ControllerOptions<Obj>> = {},
): Harness {
  const h = harness(options);
  h.behave(behaviour);
  h.source.put(obj('a'));
  h.controller.start();
  return h;
}

const times = (calls: Call[], key = 'ns/a'): number[] => calls.filter((c) => c.key === key).map((c) => c.at);

describe('Controller', () => {
  it('reconciles every cached object on start and each changed object after', async () => {
    const h = harness();
    h.source.put(obj('a'));
    h.source.put(obj('b'));
    h.controller.start();
    await settle();
    expect(h.calls.map((c) => c.key).sort()).toEqual(['ns/a', 'ns/b']);
    h.source.put(obj('a', 2, '2'));
    await settle();
    expect(h.calls.map((c) => c.key)).toHaveLength(3);
    expect(h.calls[2]?.obj.metadata.generation).toBe(2);
    expect(await h.metric('controller_runtime_reconcile_total', { result: 'success' })).toBe(3);
    expect(await h.metric('controller_runtime_max_concurrent_reconciles')).toBe(1);
    await h.controller.stop();
  });

  it('logs on start how many cached keys the run begins with', async () => {
    const h = harness({ workers: 4 });
    for (const name of ['a', 'b', 'c']) h.source.put(obj(name));
    h.controller.start();
    expect(h.logs.find((l) => l.msg === 'controller started')).toMatchObject({ workers: 4, keys: 3 });
    await settle();
    await h.controller.stop();
  });

  it('gives each reconcile a child logger with controller, namespace, name and reconcileId', async () => {
    const h = startedOnA(({ ctx }) => ctx.log.info('inside'));
    await settle();
    const line = h.logs.find((l) => l.msg === 'inside');
    expect(line).toMatchObject({ controller: 'things', namespace: 'ns', name: 'a', reconcileId: 'r1' });
    expect(h.calls[0]?.ctx.reconcileId).toBe('r1');
    await h.controller.stop();
  });

  it('retries a thrown error with per-key backoff, logging it once per failure at error level', async () => {
    let failures = 4;
    const h = startedOnA(() => {
      if (failures-- > 0) throw new Error('aws said no', { cause: new Error('boom') });
    });
    await h.clock.tickAsync(1000);
    const at = times(h.calls);
    expect(at.slice(1).map((t, i) => t - at[i]!)).toEqual([5, 10, 20, 40]);
    const errors = h.logs.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(4);
    expect(errors[0]).toMatchObject({
      msg: 'reconcile failed; retrying with backoff',
      name: 'a',
      reconcileId: 'r1',
    });
    expect((errors[0]?.err as { message: string }).message).toContain('aws said no');
    expect(await h.metric('controller_runtime_reconcile_total', { result: 'error' })).toBe(4);
    expect(await h.metric('controller_runtime_reconcile_errors_total')).toBe(4);
    expect(await h.metric('workqueue_retries_total', { name: 'things' })).toBe(4);
    await h.controller.stop();
  });

  it('forgets the backoff after a success', async () => {
    const script = ['fail', 'fail', 'fail', 'ok', 'fail'];
    const h = startedOnA(() => {
      if (script.shift() === 'fail') throw new Error('no');
    });
    await h.clock.tickAsync(100);
    expect(h.calls).toHaveLength(4);
    h.source.put(obj('a', 2, '2'));
    await h.clock.tickAsync(4);
    expect(h.calls).toHaveLength(5);
    await h.clock.tickAsync(1);
    // Back to the 5 ms base delay, not 40 ms.
    expect(h.calls).toHaveLength(6);
    await h.controller.stop();
  });

  it('requeues after requeueAfterMs and not before', async () => {
    let n = 0;
    const h = startedOnA(() => (n++ < 2 ? { requeueAfterMs: 30_000 } : undefined));
    await h.clock.tickAsync(29_999);
    expect(h.calls).toHaveLength(1);
    await h.clock.tickAsync(1);
    expect(h.calls).toHaveLength(2);
    await h.clock.tickAsync(600_000);
    expect(times(h.calls)).toEqual([0, 30_000, 60_000]);
    expect(await h.metric('controller_runtime_reconcile_total', { result: 'requeue_after' })).toBe(2);
    await h.controller.stop();
  });

  it('drops an earlier requeue once a later visit returns without one', async () => {
    let n = 0;
    // The first visit waits for something and asks to come back in 30 s; an event wakes it at 1 s
    // and that visit is done: the 30 s requeue it no longer needs does not come.
    const h = startedOnA(() => (n++ === 0 ? { requeueAfterMs: 30_000 } : undefined));
    await h.clock.tickAsync(1_000);
    h.source.put(obj('a', 2, '2'));
    await h.clock.tickAsync(1);
    expect(h.calls).toHaveLength(2);
    await h.clock.tickAsync(600_000);
    expect(times(h.calls)).toEqual([0, 1_000]);
    await h.controller.stop();
  });

  it('does not retry a terminal error until the object changes', async () => {
    const h = startedOnA(({ obj: o }) => {
      if (o.metadata.generation === 1) throw new TerminalError('InvalidSpec', 'cpu must be a number');
    });
    await h.clock.tickAsync(10_000);
    expect(h.calls).toHaveLength(1);
    // Our own status write: a new resourceVersion, the same generation.
    h.source.put(obj('a', 1, '2'));
    await h.clock.tickAsync(10_000);
    expect(h.calls).toHaveLength(1);
    const error = h.logs.find((l) => l.level === 'error');
    expect(error).toMatchObject({ reason: 'InvalidSpec', name: 'a' });
    expect(await h.metric('controller_runtime_terminal_reconcile_errors_total')).toBe(1);
    expect(await h.metric('controller_runtime_reconcile_total', { result: 'error' })).toBe(1);
    // A label change counts as a change, and so does a new generation.
    h.source.put(obj('a', 1, '3', { labels: { team: 'x' } }));
    await h.clock.tickAsync(1);
    expect(h.calls).toHaveLength(2);
    h.source.put(obj('a', 2, '4'));
    await h.clock.tickAsync(1);
    expect(h.calls).toHaveLength(3);
    await h.controller.stop();
  });

  it('skips a stale delayed add for a key that has since failed terminally', async () => {
    const script: Behaviour[] = [
      () => ({ requeueAfterMs: 1000 }),
      () => {
        throw new TerminalError('Bad', 'bad');
      },
    ];
    const h = startedOnA((call) => (script.shift() ?? (() => undefined))(call));
    await settle();
    // A label change before the requeue fires reconciles now and fails terminally; the pending
    // requeue at 1 s must not reconcile again.
    h.source.put(obj('a', 1, '2', { labels: { x: 'y' } }));
    await h.clock.tickAsync(5000);
    expect(h.calls).toHaveLength(2);
    await h.controller.stop();
  });

  it('reconciles a terminal object at the resync cadence, not more often', async () => {
    const h = startedOnA(
      () => {
        throw new TerminalError('Denied', 'access denied');
      },
      { resyncPeriodMs: 60_000, resyncJitter: 0 },
    );
    await h.clock.tickAsync(1);
    h.source.put(obj('a', 1, '2'));
    await h.clock.tickAsync(180_000);
    expect(times(h.calls)).toEqual([0, 60_000, 120_000, 180_000]);
    await h.controller.stop();
  });

  it('forgets an object missing from the cache without reconciling it', async () => {
    const h = startedOnA(undefined, { resyncPeriodMs: 60_000 });
    await settle();
    h.source.remove('ns/a');
    await h.clock.tickAsync(600_000);
    expect(h.calls).toHaveLength(1);
    await h.controller.stop();
  });

  it('reconciles a key changed mid-reconcile once more afterwards, never concurrently', async () => {
    const h = harness({ workers: 4 });
    let running = 0;
    let maxRunning = 0;
    const gate = deferred();
    h.behave(async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      if (h.calls.length === 1) await gate.promise;
      running--;
    });
    h.source.put(obj('a'));
    h.controller.start();
    await settle();
    h.source.put(obj('a', 2, '2'));
    h.source.put(obj('a', 3, '3'));
    await settle();
    expect(h.calls).toHaveLength(1);
    gate.resolve();
    await settle();
    expect(h.calls.map((c) => c.obj.metadata.generation)).toEqual([1, 3]);
    expect(maxRunning).toBe(1);
    await h.controller.stop();
  });

  it('runs at most `workers` reconciles at once', async () => {
    const h = harness({ workers: 3 });
    let running = 0;
    let maxRunning = 0;
    h.behave(async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await settle();
      running--;
    });
    for (let i = 0; i < 20; i++) h.source.put(obj(`o${i}`));
    h.controller.start();
    for (let i = 0; i < 20 && h.calls.length < 20; i++) await settle();
    expect(h.calls).toHaveLength(20);
    await settle();
    expect(maxRunning).toBe(3);
    expect(await h.metric('controller_runtime_active_workers')).toBe(0);
    await h.controller.stop();
  });

  it('re-enqueues every key each resync period within the jitter bounds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 6,
          maxLength: 6,
        }),
        async (randoms) => {
          let i = 0;
          const h = harness({
            resyncPeriodMs: 100_000,
            resyncJitter: 0.1,
            random: () => randoms[i++ % randoms.length]!,
          });
          h.source.put(obj('a'));
          h.controller.start();
          await h.clock.tickAsync(560_000);
          const at = times(h.calls);
          const gaps = at.slice(1).map((t, j) => t - at[j]!);
          expect(gaps.length).toBeGreaterThanOrEqual(5);
          for (const gap of gaps) {
            expect(gap).toBeGreaterThanOrEqual(90_000 - 1e-6);
            // Never longer than the period: drift is found within one period (ADR 0049).
            expect(gap).toBeLessThanOrEqual(100_000 + 1e-6);
          }
          await h.controller.stop();
        },
      ),
      { numRuns: 20 },
    );
  });

  it('spreads resync downwards only: random 0 gives the period and random → 1 gives 0.9 × period', async () => {
    for (const [random, expected] of [
      [0, 100_000],
      [0.5, 95_000],
      [0.999_999, 90_000.01],
    ] as const) {
      const h = startedOnA(undefined, { resyncPeriodMs: 100_000, resyncJitter: 0.1, random: () => random });
      await h.clock.tickAsync(115_000);
      expect(times(h.calls)[1]).toBeCloseTo(expected, 1);
      await h.controller.stop();
    }
  });

  it("keeps each key's resync cadence exact from one resync to the next, and re-spreads on a change", async () => {
    let random = 0;
    const h = harness({ resyncPeriodMs: 100_000, resyncJitter: 0.1, random: () => random });
    // Each reconcile takes 2 s: the cadence must not drift by it.
    h.behave(() => new Promise<void>((resolve) => h.clock.setTimeout(resolve, 2_000)));
    h.source.put(obj('a'));
    h.controller.start();
    await h.clock.tickAsync(2_001);
    random = 0.999_999; // later draws would give 0.9 × period if the resync were jittered again
    await h.clock.tickAsync(400_000);
    // First resync jittered from the end of the first reconcile (2 s + 1 × period), then exact.
    expect(times(h.calls)).toEqual([0, 102_000, 202_000, 302_000, 402_000]);
    // A change re-spreads: the resync after the change's reconcile is jittered again (0.9 × period
    // from the reconcile's end; the timer set before the change may still fire once on the way).
    h.source.put(obj('a', 2, '2'));
    await h.clock.tickAsync(230_000);
    const after = times(h.calls).filter((t) => t > 402_000);
    expect(after[1]! - after[0]!).toBeCloseTo(2_000 + 90_000.01, 0);
    await h.controller.stop();
  });

  it('brings the next resync forward to one period after the oldest state a reconcile was answered from', async () => {
    const h = harness({ resyncPeriodMs: 100_000, resyncJitter: 0.1, random: () => 0 });
    let age = 0;
    // A shared reader answers each visit from state read `age` ms before it (ADR 0049).
    h.behave(() => {
      reportObservedAt(h.clock.now() - age);
      return Promise.resolve();
    });
    h.source.put(obj('a'));
    h.controller.start();
    await h.clock.tickAsync(1);
    age = 7_000;
    await h.clock.tickAsync(250_000);
    // 0: fresh; 100 000: answered from state 7 s old, so the next is 193 000, and so on.
    expect(times(h.calls)).toEqual([0, 100_000, 193_000]);
    await h.controller.stop();
  });

  it('enqueues the keys a related source maps to, even for a terminal key', async () => {
    const h = harness();
    const related = new MemorySource<Obj>('related');
    h.controller.watches(related, (o) => [`ns/${o.metadata.name.replace('td-', '')}`]);
    expect(h.controller.sources()).toEqual([h.source, related]);
    h.behave(() => {
      throw new TerminalError('MissingTaskDefinition', 'td not ready');
    });
    h.source.put(obj('a'));
    h.controller.start();
    await settle();
    expect(h.calls).toHaveLength(1);
    related.put(obj('td-a'));
    await settle();
    expect(h.calls).toHaveLength(2);
    related.put(obj('td-zzz'));
    await settle();
    expect(h.calls).toHaveLength(2);
    await h.controller.stop();
    expect(related.subscribers()).toBe(0);
    expect(() => h.controller.watches(related, () => [])).not.toThrow();
  });

  it('logs and survives a related-object map that throws', async () => {
    const h = harness();
    const related = new MemorySource<Obj>('related');
    h.controller.watches(related, () => {
      throw new Error('bad map');
    });
    h.controller.start();
    related.put(obj('x'));
    await settle();
    expect(h.logs.some((l) => l.msg === 'mapping a related object to keys failed')).toBe(true);
    await h.controller.stop();
  });

  /** A controller asked to stop (deadline 10 s) while the reconcile of `ns/a` waits for `gate`. */
  async function stoppingWhileReconciling() {
    const gate = deferred();
    const h = startedOnA(() => gate.promise);
    await settle();
    return { h, gate, stopped: h.controller.stop({ deadlineMs: 10_000 }) };
  }

  it('stop lets an in-flight reconcile finish within the deadline without aborting it', async () => {
    const { h, gate, stopped } = await stoppingWhileReconciling();
    h.source.put(obj('a', 2, '2'));
    await h.clock.tickAsync(5_000);
    gate.resolve();
    const result = await stopped;
    expect(result).toEqual({ drained: true, inFlight: [] });
    expect(h.calls[0]?.ctx.signal.aborted).toBe(false);
    expect(h.calls).toHaveLength(1);
    expect(h.source.subscribers()).toBe(0);
  });

  it('stop aborts the signal of a reconcile still running at the deadline', async () => {
    const { h, gate, stopped } = await stoppingWhileReconciling();
    await h.clock.tickAsync(10_000);
    expect(await stopped).toEqual({ drained: false, inFlight: ['ns/a'] });
    expect(h.calls[0]?.ctx.signal.aborted).toBe(true);
    gate.resolve();
  });

  it('a stop with abort during a graceful stop aborts the signals at once', async () => {
    const h = startedOnA(
      ({ ctx }) =>
        new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')))),
    );
    await settle();
    const graceful = h.controller.stop({ deadlineMs: 60_000 });
    await h.clock.tickAsync(1000);
    expect(h.calls[0]?.ctx.signal.aborted).toBe(false);
    const second = h.controller.stop({ abort: true });
    expect(h.calls[0]?.ctx.signal.aborted).toBe(true);
    expect(await second).toEqual({ drained: true, inFlight: [] });
    expect(await graceful).toEqual({ drained: true, inFlight: [] });
  });

  it('stop with abort aborts in-flight signals at once, and a run can start again', async () => {
    const h = harness();
    h.behave(({ ctx }) => {
      if (h.calls.length > 1) return;
      return new Promise((_, reject) =>
        ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    });
    h.source.put(obj('a'));
    h.controller.start();
    await settle();
    const result = await h.controller.stop({ abort: true, deadlineMs: 1000 });
    expect(result.drained).toBe(true);
    expect(h.calls[0]?.ctx.signal.aborted).toBe(true);
    expect(h.logs.filter((l) => l.level === 'error')).toHaveLength(0);
    expect(await h.metric('controller_runtime_reconcile_errors_total')).toBe(0);
    h.controller.start();
    await settle();
    expect(h.calls).toHaveLength(2);
    expect(h.calls[1]?.ctx.signal.aborted).toBe(false);
    await h.controller.stop();
  });

  it.each([[{ workers: 0 }], [{ workers: 1.5 }], [{ resyncPeriodMs: -1 }], [{ resyncJitter: 1 }]])(
    'rejects %j',
    (options) => {
      expect(() => harness(options)).toThrow(RangeError);
    },
  );
});

describe('status-only changes', () => {
  it.each([
    ['a new resourceVersion only', obj('a', 1, '2'), true],
    ['a new generation', obj('a', 2, '2'), false],
    ['a label', obj('a', 1, '2', { labels: { shard: 'b' } }), false],
    ['an annotation', obj('a', 1, '2', { annotations: { note: 'x' } }), false],
    ['a finalizer', obj('a', 1, '2', { finalizers: ['x/y'] }), false],
    ['a deletion timestamp', obj('a', 1, '2', { deletionTimestamp: '2026-01-01T00:00:00Z' }), false],
  ] as const)('%s: status only is %s', (_label, next, expected) => {
    expect(isStatusOnlyChange(obj('a', 1, '1'), next)).toBe(expected);
  });

  it('never treats objects without a generation as status only', () => {
    const bare = { metadata: { name: 'a', namespace: 'ns', resourceVersion: '1' } };
    expect(isStatusOnlyChange(bare, { metadata: { ...bare.metadata, resourceVersion: '2' } })).toBe(false);
  });

  it('does not reconcile on a status-only update, and does on a spec change', async () => {
    const h = startedOnA();
    await settle();
    expect(times(h.calls)).toHaveLength(1);
    h.source.replace(obj('a', 1, '2'));
    await settle();
    expect(times(h.calls)).toHaveLength(1);
    h.source.replace(obj('a', 2, '3'));
    await settle();
    expect(times(h.calls)).toHaveLength(2);
    await h.controller.stop();
  });

  it('tells the reconciler of every copy the cache takes in, a status-only one too, not of a deletion', async () => {
    const cached: string[] = [];
    const h = harness({
      reconciler: {
        reconcile: () => Promise.resolve(),
        cached: (o: Obj) => {
          cached.push(`${o.metadata.name}@${o.metadata.resourceVersion ?? ''}`);
        },
      },
    });
    h.source.put(obj('a'));
    h.controller.start();
    await settle();
    h.source.put(obj('b'));
    h.source.replace(obj('a', 1, '2'));
    h.source.remove('ns/b');
    await settle();
    expect(cached).toEqual(['b@1', 'a@2']);
    await h.controller.stop();
  });

  it('keeps a failing key on its backoff when its status is written', async () => {
    const h = startedOnA(() => {
      throw new Error('aws is down');
    });
    await settle();
    // A failing reconcile writes its error to status: that event must not skip the backoff.
    for (let rv = 2; rv < 8; rv++) {
      h.source.replace(obj('a', 1, String(rv)));
      await settle();
    }
    expect(times(h.calls)).toHaveLength(1);
    h.clock.advance(10);
    await settle();
    expect(times(h.calls)).toHaveLength(2);
    await h.controller.stop();
  });
});
