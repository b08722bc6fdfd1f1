import { describe, expect, it } from 'vitest';
import { createSilentLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { FakeClock, settle } from '../shared/testing/fake-clock.js';
import {
  Controller,
  type ControllerStopOptions,
  type ControllerStopResult,
  type ObjectSource,
  type SourceEvent,
} from './controller.js';
import {
  LeadershipLostError,
  Manager,
  alwaysLeading,
  type LeadershipCallbacks,
  type LeadershipGate,
  type ManagedController,
} from './manager.js';
import type { ReconcileContext } from './reconciler.js';

interface Obj {
  readonly metadata: { readonly name: string; readonly namespace: string; readonly generation: number };
}

class StubSource implements ObjectSource<Obj> {
  synced = false;
  started = 0;
  stopped = 0;
  readonly objects: Obj[] = [];
  constructor(
    readonly name: string,
    private readonly events: string[],
  ) {}
  start(): Promise<void> {
    this.started++;
    this.events.push(`start ${this.name}`);
    return Promise.resolve();
  }
  stop(): Promise<void> {
    this.stopped++;
    this.events.push(`stop ${this.name}`);
    return Promise.resolve();
  }
  hasSynced = (): boolean => this.synced;
  list = (): Obj[] => this.objects;
  get = (key: string): Obj | undefined =>
    this.objects.find((o) => `${o.metadata.namespace}/${o.metadata.name}` === key);
  onEvent(_handler: (event: SourceEvent<Obj>) => void): () => void {
    return () => undefined;
  }
}

class StubController implements ManagedController {
  running = false;
  starts = 0;
  stops: ControllerStopOptions[] = [];
  stopResult: ControllerStopResult = { drained: true, inFlight: [] };
  constructor(
    readonly name: string,
    private readonly srcs: ObjectSource<unknown>[],
    private readonly events: string[],
  ) {}
  sources = (): ObjectSource<unknown>[] => this.srcs;
  start(): void {
    this.running = true;
    this.starts++;
    this.events.push(`start controller ${this.name}`);
  }
  stop(options: ControllerStopOptions = {}): Promise<ControllerStopResult> {
    this.running = false;
    this.stops.push(options);
    this.events.push(`stop controller ${this.name}`);
    return Promise.resolve(this.stopResult);
  }
}

class FakeGate implements LeadershipGate {
  callbacks: LeadershipCallbacks | undefined;
  signal: AbortSignal | undefined;
  leading = false;
  healthy = true;
  private end: (() => void) | undefined;
  constructor(private readonly events: string[]) {}
  run(callbacks: LeadershipCallbacks, signal: AbortSignal): Promise<void> {
    this.callbacks = callbacks;
    this.signal = signal;
    this.events.push('campaign');
    return new Promise((resolve) => {
      this.end = resolve;
      signal.addEventListener('abort', () => {
        this.events.push('release lease');
        resolve();
      });
    });
  }
  lead(): void {
    this.leading = true;
    this.callbacks?.onStartedLeading();
  }
  lose(): void {
    this.leading = false;
    this.callbacks?.onStoppedLeading();
  }
  crash(): void {
    this.end?.();
  }
  health = (): { leading: boolean; healthy: boolean; detail?: string } => ({
    leading: this.leading,
    healthy: this.healthy,
    ...(this.healthy ? {} : { detail: 'cannot read lease: connection refused' }),
  });
}

function setup(options: { gate?: boolean; shutdownTimeoutMs?: number } = {}) {
  const events: string[] = [];
  const clock = new FakeClock();
  const a = new StubSource('a', events);
  const b = new StubSource('b', events);
  const one = new StubController('one', [a, b], events);
  const two = new StubController('two', [b], events);
  const gate = new FakeGate(events);
  const manager = new Manager({
    log: createSilentLogger(),
    clock,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? 30_000,
    ...(options.gate === false ? {} : { leadership: gate }),
  });
  manager.add(one).add(two);
  return { events, clock, a, b, one, two, gate, manager };
}

describe('Manager', () => {
  it('starts each source once, waits for all to sync, then campaigns', async () => {
    const t = setup();
    const done = t.manager.start();
    await t.clock.tickAsync(1000);
    expect([t.a.started, t.b.started]).toEqual([1, 1]);
    expect(t.gate.callbacks).toBeUndefined();
    expect(t.manager.readyz()).toEqual({
      ok: false,
      checks: [
        { name: 'source:a', ok: false, detail: 'not synced' },
        { name: 'source:b', ok: false, detail: 'not synced' },
        { name: 'leader-election', ok: false, detail: 'waiting for caches to sync' },
      ],
    });
    t.a.synced = true;
    await t.clock.tickAsync(1000);
    expect(t.gate.callbacks).toBeUndefined();
    t.b.synced = true;
    await t.clock.tickAsync(100);
    expect(t.events).toContain('campaign');
    expect(t.one.running).toBe(false);
    expect(t.manager.readyz().ok).toBe(true);
    void t.manager.stop();
    await done;
  });

  it('runs controllers only while leading, and stops them all at once with abort on loss', async () => {
    const t = setup();
    t.a.synced = t.b.synced = true;
    const done = t.manager.start();
    await t.clock.tickAsync(0);
    t.gate.lead();
    await settle();
    expect([t.one.running, t.two.running]).toEqual([true, true]);
    expect(t.manager.isLeading()).toBe(true);
    t.gate.lose();
    await settle();
    expect([t.one.running, t.two.running]).toEqual([false, false]);
    expect(t.one.stops).toEqual([{ abort: true, deadlineMs: 30_000 }]);
    expect(t.manager.isLeading()).toBe(false);
    // Standing by again: ready, and ready to lead again.
    expect(t.manager.readyz().ok).toBe(true);
    expect(t.manager.healthz().ok).toBe(true);
    t.gate.lead();
    await settle();
    expect([t.one.starts, t.two.starts]).toEqual([2, 2]);
    void t.manager.stop();
    await done;
  });

  it('fails when aborted reconciles do not stop after leadership is lost', async () => {
    const t = setup();
    t.a.synced = t.b.synced = true;
    t.one.stopResult = { drained: false, inFlight: ['ns/stuck'] };
    const done = t.manager.start();
    done.catch(() => undefined);
    await t.clock.tickAsync(0);
    t.gate.lead();
    await settle();
    t.gate.lose();
    await settle();
    await expect(done).rejects.toBeInstanceOf(LeadershipLostError);
    await expect(done).rejects.toThrow(
      'leadership lost and 1 reconcile(s) did not stop in time: one: ns/stuck',
    );
    expect(t.manager.healthz().ok).toBe(false);
    expect(t.gate.signal?.aborted).toBe(true);
  });

  it('shuts down in order: controllers drained, then lease released, then sources stopped', async () => {
    const t = setup({ shutdownTimeoutMs: 20_000 });
    t.a.synced = t.b.synced = true;
    const done = t.manager.start();
    await t.clock.tickAsync(0);
    t.gate.lead();
    await settle();
    t.events.length = 0;
    const stopped = t.manager.stop();
    expect(t.manager.readyz().checks).toContainEqual({ name: 'manager', ok: false, detail: 'shutting down' });
    await stopped;
    await done;
    expect(t.one.stops).toEqual([{ abort: false, deadlineMs: 20_000 }]);
    expect(t.events).toEqual([
      'stop controller one',
      'stop controller two',
      'release lease',
      'stop a',
      'stop b',
    ]);
  });

  it('aborts in-flight work at once when leadership is lost during a graceful shutdown', async () => {
    const t = setup();
    t.a.synced = t.b.synced = true;
    let finishDrain = (): void => undefined;
    const drain = new Promise<ControllerStopResult>(
      (resolve) => (finishDrain = () => resolve({ drained: true, inFlight: [] })),
    );
    t.one.stop = (options: ControllerStopOptions = {}) => {
      t.one.stops.push(options);
      return drain;
    };
    const done = t.manager.start();
    await t.clock.tickAsync(0);
    t.gate.lead();
    await settle();
    void t.manager.stop();
    await settle();
    expect(t.one.stops).toEqual([{ abort: false, deadlineMs: 30_000 }]);
    t.gate.lose();
    expect(t.one.stops).toEqual([{ abort: false, deadlineMs: 30_000 }, { abort: true }]);
    expect(t.two.stops.at(-1)).toEqual({ abort: true });
    finishDrain();
    await done;
  });

  it('stops cleanly when asked before the caches sync', async () => {
    const t = setup();
    const done = t.manager.start();
    await t.clock.tickAsync(500);
    await t.manager.stop();
    await done;
    expect(t.gate.callbacks).toBeUndefined();
    expect([t.a.stopped, t.b.stopped]).toEqual([1, 1]);
  });

  it('stops when the signal passed to start aborts', async () => {
    const t = setup({ gate: false });
    t.a.synced = t.b.synced = true;
    const abort = new AbortController();
    const done = t.manager.start(abort.signal);
    await t.clock.tickAsync(0);
    expect(t.one.running).toBe(true);
    abort.abort();
    await done;
    expect(t.one.running).toBe(false);
  });

  it('is not ready while leader election is unhealthy', async () => {
    const t = setup();
    t.a.synced = t.b.synced = true;
    const done = t.manager.start();
    await t.clock.tickAsync(0);
    t.gate.healthy = false;
    expect(t.manager.readyz()).toEqual({
      ok: false,
      checks: [
        { name: 'source:a', ok: true },
        { name: 'source:b', ok: true },
        { name: 'leader-election', ok: false, detail: 'cannot read lease: connection refused' },
      ],
    });
    void t.manager.stop();
    await done;
  });

  it('is not ready before start and fails if the election ends on its own', async () => {
    const t = setup();
    expect(t.manager.readyz().checks).toContainEqual({ name: 'manager', ok: false, detail: 'not started' });
    t.a.synced = t.b.synced = true;
    const done = t.manager.start();
    done.catch(() => undefined);
    await t.clock.tickAsync(0);
    t.gate.crash();
    await expect(done).rejects.toThrow('leader election ended without being stopped');
  });

  it('refuses controllers added after start', async () => {
    const t = setup({ gate: false });
    const done = t.manager.start();
    expect(() => t.manager.add(new StubController('late', [], []))).toThrow();
    await t.manager.stop();
    await done;
  });

  it('aborts the signals of real in-flight reconciles when leadership is lost', async () => {
    const clock = new FakeClock();
    const events: string[] = [];
    const source = new StubSource('objs', events);
    source.synced = true;
    source.objects.push({ metadata: { name: 'a', namespace: 'ns', generation: 1 } });
    const contexts: ReconcileContext[] = [];
    const controller = new Controller<Obj>({
      name: 'things',
      source,
      log: createSilentLogger(),
      metrics: createMetrics({ processMetrics: false }),
      clock,
      reconciler: {
        reconcile: (ctx) => {
          contexts.push(ctx);
          return new Promise((_, reject) =>
            ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))),
          );
        },
      },
    });
    const gate = new FakeGate(events);
    const manager = new Manager({ log: createSilentLogger(), clock, leadership: gate });
    manager.add(controller);
    const done = manager.start();
    await clock.tickAsync(0);
    gate.lead();
    await settle();
    expect(contexts).toHaveLength(1);
    gate.lose();
    await settle();
    expect(contexts[0]?.signal.aborted).toBe(true);
    expect(controller.isRunning()).toBe(false);
    void manager.stop();
    await done;
  });

  it('alwaysLeading leads at once and ends on abort', async () => {
    const gate = alwaysLeading();
    const abort = new AbortController();
    const calls: string[] = [];
    const run = gate.run(
      { onStartedLeading: () => calls.push('lead'), onStoppedLeading: () => calls.push('lost') },
      abort.signal,
    );
    expect(calls).toEqual(['lead']);
    expect(gate.health()).toMatchObject({ leading: true, healthy: true });
    abort.abort();
    await run;
    expect(gate.health().leading).toBe(false);
    expect(calls).toEqual(['lead']);
  });
});
