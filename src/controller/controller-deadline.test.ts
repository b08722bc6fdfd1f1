import { describe, expect, it } from 'vitest';
import type { ObjectMeta } from '../k8s/object.js';
import { objectKey } from '../k8s/object.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { FakeClock, settle } from '../shared/testing/fake-clock.js';
import { capturedLogs } from './testing/captured-logs.js';
import {
  Controller,
  ReconcileTimeoutError,
  type ControllerOptions,
  type ObjectSource,
  type SourceEvent,
} from './controller.js';
import { Manager, type ManagedController } from './manager.js';
import type { ReconcileContext } from './reconciler.js';

interface Obj {
  readonly metadata: ObjectMeta;
}

const obj = (name: string): Obj => ({
  metadata: { name, namespace: 'ns', generation: 1, resourceVersion: '1' },
});

function source(objects: Obj[]): ObjectSource<Obj> {
  const map = new Map(objects.map((o) => [objectKey(o), o]));
  return {
    name: 'objs',
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    hasSynced: () => true,
    list: () => [...map.values()],
    get: (key) => map.get(key),
    onEvent: (_handler: (event: SourceEvent<Obj>) => void) => () => undefined,
  };
}

interface Started {
  readonly key: string;
  readonly at: number;
  readonly ctx: ReconcileContext;
  /** Settles the reconcile (it ignores its signal otherwise). */
  readonly finish: (err?: Error) => void;
}

/**
 * A controller over `names` whose reconciles of the keys in `hang` never return on their own (they
 * ignore their signal, like a call without a timeout) and whose other reconciles succeed at once.
 */
function harness(names: string[], hang: Set<string>, options: Partial<ControllerOptions<Obj>> = {}) {
  const clock = new FakeClock();
  const started: Started[] = [];
  const { log, logs } = capturedLogs();
  const metrics = createMetrics({ processMetrics: false });
  const controller = new Controller<Obj>({
    name: 'things',
    source: source(names.map(obj)),
    reconciler: {
      reconcile: (ctx, o) =>
        new Promise<void>((resolve, reject) => {
          const key = objectKey(o);
          started.push({ key, at: clock.now(), ctx, finish: (err) => (err ? reject(err) : resolve()) });
          if (!hang.has(key)) resolve();
        }),
    },
    log,
    metrics,
    clock,
    resyncPeriodMs: 0,
    ...options,
  });
  const metric = async (name: string): Promise<number> =>
    (await metrics.registry.getSingleMetric(name)?.get())?.values[0]?.value ?? 0;
  return { clock, controller, started, logs, metric };
}

/** Stops the controller; the stop's drain deadline runs on the fake clock, so tick it along. */
async function stop(h: { clock: FakeClock; controller: Controller<Obj> }): Promise<void> {
  const stopped = h.controller.stop({ abort: true });
  await h.clock.tickAsync(0);
  await stopped;
}

const keysOf = (started: Started[]): string[] => started.map((s) => s.key);

describe('Controller reconcile deadline', () => {
  it('aborts a reconcile at its deadline and frees its worker for the next key', async () => {
    const h = harness(['a', 'b'], new Set(['ns/a']), { workers: 1, reconcileTimeoutMs: 1_000 });
    h.controller.start();
    await settle();
    expect(keysOf(h.started)).toEqual(['ns/a']);
    await h.clock.tickAsync(999);
    expect(keysOf(h.started)).toEqual(['ns/a']);
    await h.clock.tickAsync(1);
    const signal = h.started[0]?.ctx.signal;
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(ReconcileTimeoutError);
    // The one worker moved on although the reconcile of a has not returned.
    expect(keysOf(h.started)).toEqual(['ns/a', 'ns/b']);
    expect(
      h.logs.find(
        (l) => l.msg === 'reconcile passed its deadline; worker released, key retried once it returns',
      ),
    ).toMatchObject({ name: 'a', timeoutMs: 1_000 });
    await stop(h);
  });

  it('never reconciles a held key twice at once, and retries it with backoff once it returns', async () => {
    const h = harness(['a'], new Set(['ns/a']), { workers: 2, reconcileTimeoutMs: 1_000 });
    h.controller.start();
    await h.clock.tickAsync(10_000);
    expect(keysOf(h.started)).toEqual(['ns/a']);
    h.started[0]?.finish(new Error('aborted at last'));
    await h.clock.tickAsync(4);
    expect(keysOf(h.started)).toEqual(['ns/a']);
    await h.clock.tickAsync(1);
    expect(keysOf(h.started)).toEqual(['ns/a', 'ns/a']);
    expect(
      h.logs.find((l) => l.msg === 'reconcile passed its deadline; retrying with backoff'),
    ).toMatchObject({
      name: 'a',
      retries: 1,
    });
    expect(await h.metric('controller_runtime_reconcile_errors_total')).toBe(1);
    await stop(h);
  });

  it('sets no deadline when none is configured', async () => {
    const h = harness(['a', 'b'], new Set(['ns/a']), { workers: 1 });
    h.controller.start();
    await h.clock.tickAsync(3_600_000);
    expect(keysOf(h.started)).toEqual(['ns/a']);
    expect(h.started[0]?.ctx.signal.aborted).toBe(false);
    await stop(h);
  });
});

describe('Controller stuck workers', () => {
  const stuck = { readinessMs: 5_000, livenessMs: 20_000, checkIntervalMs: 1_000 };

  it('fails readiness, then liveness, while every worker is held past the thresholds, and recovers', async () => {
    const h = harness(['a', 'b', 'c'], new Set(['ns/a', 'ns/b']), {
      workers: 2,
      stuck,
      activityOf: (signal) => (signal === h.started[0]?.ctx.signal ? 'ecs DescribeServices' : undefined),
    });
    h.controller.start();
    await h.clock.tickAsync(5_000);
    expect(h.controller.readiness()).toEqual({ name: 'controller:things', ok: true });
    await h.clock.tickAsync(1_000);
    expect(h.controller.readiness()).toEqual({
      name: 'controller:things',
      ok: false,
      detail:
        '2 reconcile(s) running longer than 5s with 2 worker(s); oldest ns/a for 6s, waiting on ecs DescribeServices',
    });
    expect(h.controller.liveness().ok).toBe(true);
    expect(await h.metric('ecs_bridge_stuck_workers')).toBe(2);
    expect(await h.metric('workqueue_longest_running_processor_seconds')).toBe(6);
    const line = h.logs.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('workers stuck'));
    expect(line).toHaveLength(1);
    expect(line[0]).toMatchObject({
      controller: 'things',
      key: 'ns/a',
      operation: 'ecs DescribeServices',
      stuck: 2,
    });
    await h.clock.tickAsync(15_000);
    expect(h.controller.liveness()).toMatchObject({ name: 'controller:things', ok: false });
    // Still one log line for the whole episode.
    expect(h.logs.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('workers stuck'))).toHaveLength(
      1,
    );

    h.started[0]?.finish();
    await h.clock.tickAsync(1_000);
    expect(h.controller.readiness().ok).toBe(true);
    expect(h.controller.liveness().ok).toBe(true);
    expect(await h.metric('ecs_bridge_stuck_workers')).toBe(1);
    expect(h.logs.some((l) => l.msg === 'workers no longer stuck')).toBe(true);
    expect(keysOf(h.started)).toContain('ns/c');
    await stop(h);
  });

  it('is not stuck while one slow reconcile leaves another worker free', async () => {
    const h = harness(['a', 'b'], new Set(['ns/a']), { workers: 2, stuck });
    h.controller.start();
    await h.clock.tickAsync(60_000);
    expect(h.controller.readiness().ok).toBe(true);
    expect(h.controller.liveness().ok).toBe(true);
    expect(await h.metric('ecs_bridge_stuck_workers')).toBe(1);
    await stop(h);
  });

  it('counts reconciles abandoned at their deadline until they return', async () => {
    const h = harness(['a', 'b'], new Set(['ns/a', 'ns/b']), {
      workers: 2,
      reconcileTimeoutMs: 2_000,
      stuck,
    });
    h.controller.start();
    await h.clock.tickAsync(21_000);
    // Both workers were released at 2 s, but the calls they abandoned never came back.
    expect(h.controller.liveness().ok).toBe(false);
    for (const s of h.started) s.finish(new Error('gone'));
    await h.clock.tickAsync(1_000);
    expect(h.controller.liveness().ok).toBe(true);
    await stop(h);
  });
});

describe('Manager probes with stuck controllers', () => {
  it('adds each controller’s readiness to /readyz and its liveness to /healthz', async () => {
    const log = createLogger({ level: 'silent' });
    let ready = true;
    let live = true;
    const controller: ManagedController = {
      name: 'things',
      sources: () => [],
      start: () => undefined,
      stop: () => Promise.resolve({ drained: true, inFlight: [] }),
      readiness: () => ({ name: 'controller:things', ok: ready, ...(ready ? {} : { detail: 'stuck' }) }),
      liveness: () => ({ name: 'controller:things', ok: live }),
    };
    const manager = new Manager({ log, clock: new FakeClock(), syncPollMs: 1 });
    manager.add(controller);
    const running = manager.start();
    await settle();
    expect(manager.readyz().ok).toBe(true);
    ready = false;
    expect(manager.readyz()).toMatchObject({ ok: false });
    expect(manager.readyz().checks).toContainEqual({ name: 'controller:things', ok: false, detail: 'stuck' });
    expect(manager.healthz().ok).toBe(true);
    live = false;
    expect(manager.healthz().ok).toBe(false);
    await manager.stop();
    await running;
  });
});
