import { ApiException, type CoreV1Event } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { createSilentLogger } from '../observability/logger.js';
import { KubeEventRecorder, type InvolvedObject } from './event-recorder.js';

interface Stored {
  event: CoreV1Event;
  patches: number;
}

/** Events in memory, as the API server keeps them; `failing` makes every call fail. */
function fakeEventsApi() {
  const events = new Map<string, Stored>();
  const state = { failing: false, calls: 0 };
  const api = {
    createNamespacedEvent: (param: { namespace: string; body: CoreV1Event }) => {
      state.calls += 1;
      if (state.failing) return Promise.reject(new Error('connect ECONNREFUSED'));
      events.set(`${param.namespace}/${param.body.metadata.name ?? ''}`, { event: param.body, patches: 0 });
      return Promise.resolve(param.body);
    },
    patchNamespacedEvent: (param: {
      namespace: string;
      name: string;
      body: { count: number; lastTimestamp: string };
    }) => {
      state.calls += 1;
      if (state.failing) return Promise.reject(new Error('connect ECONNREFUSED'));
      const stored = events.get(`${param.namespace}/${param.name}`);
      if (stored === undefined) return Promise.reject(new ApiException(404, 'NotFound', '{}', {}));
      stored.event = {
        ...stored.event,
        count: param.body.count,
        lastTimestamp: new Date(param.body.lastTimestamp),
      };
      stored.patches += 1;
      return Promise.resolve(stored.event);
    },
  };
  return { api, events, state };
}

const widget = (name = 'w', uid = 'u1'): InvolvedObject => ({
  apiVersion: 'ecs-bridge.dev/v1alpha1',
  kind: 'EcsService',
  metadata: { name, namespace: 'ns', uid, resourceVersion: '5' },
});

function setup(options: { burst?: number } = {}) {
  const clock = new FakeClock();
  const fake = fakeEventsApi();
  const recorder = new KubeEventRecorder({
    api: fake.api,
    component: 'ecs-bridge',
    host: 'pod-1',
    log: createSilentLogger(),
    clock,
    wallClock: () => new Date(Date.UTC(2030, 0, 1) + clock.now()),
    ...options,
  });
  return { clock, recorder, ...fake };
}

describe('KubeEventRecorder', () => {
  it('creates a core/v1 Event about the object', async () => {
    const { recorder, events } = setup();
    recorder.record(widget(), 'Normal', 'Created', 'created ECS service web in cluster demo');
    await recorder.flush();
    const [stored] = [...events.values()];
    expect(stored?.event).toMatchObject({
      metadata: { namespace: 'ns', name: expect.stringMatching(/^w\.[0-9a-f]+$/) },
      involvedObject: {
        apiVersion: 'ecs-bridge.dev/v1alpha1',
        kind: 'EcsService',
        name: 'w',
        namespace: 'ns',
        uid: 'u1',
      },
      type: 'Normal',
      reason: 'Created',
      message: 'created ECS service web in cluster demo',
      count: 1,
      source: { component: 'ecs-bridge', host: 'pod-1' },
    });
  });

  it('counts repeats within the window on one Event, and starts a new one after it', async () => {
    const { clock, recorder, events } = setup();
    recorder.record(widget(), 'Warning', 'RolloutFailed', 'circuit breaker tripped');
    recorder.record(widget(), 'Warning', 'RolloutFailed', 'circuit breaker tripped');
    await clock.tickAsync(60_000);
    recorder.record(widget(), 'Warning', 'RolloutFailed', 'circuit breaker tripped');
    await recorder.flush();
    expect(events.size).toBe(1);
    const [stored] = [...events.values()];
    expect(stored?.event.count).toBe(3);
    expect(stored?.event.lastTimestamp?.toISOString()).toBe('2030-01-01T00:01:00.000Z');
    expect(stored?.event.firstTimestamp?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    await clock.tickAsync(31 * 60_000);
    recorder.record(widget(), 'Warning', 'RolloutFailed', 'circuit breaker tripped');
    await recorder.flush();
    expect(events.size).toBe(2);
  });

  it.each([
    ['another reason', widget(), 'Normal', 'Updated', 'm'],
    ['another message', widget(), 'Normal', 'Created', 'other'],
    ['another type', widget(), 'Warning', 'Created', 'm'],
    ['another object', widget('v'), 'Normal', 'Created', 'm'],
    ['a recreated object (new uid)', widget('w', 'u2'), 'Normal', 'Created', 'm'],
  ] as const)('keeps %s apart', async (_name, obj, type, reason, message) => {
    const { recorder, events } = setup();
    recorder.record(widget(), 'Normal', 'Created', 'm');
    recorder.record(obj, type, reason, message);
    await recorder.flush();
    expect(events.size).toBe(2);
  });

  it('creates a new Event when the counted one has expired on the server', async () => {
    const { recorder, events } = setup();
    recorder.record(widget(), 'Normal', 'Created', 'm');
    await recorder.flush();
    events.clear();
    recorder.record(widget(), 'Normal', 'Created', 'm');
    await recorder.flush();
    expect([...events.values()].map((s) => s.event.count)).toEqual([2]);
  });

  it('rate-limits per object and lets the next allowed write carry the count', async () => {
    const { clock, recorder, events, state } = setup({ burst: 2 });
    for (let i = 0; i < 10; i++) recorder.record(widget(), 'Warning', 'Failing', 'same');
    await recorder.flush();
    expect(state.calls).toBe(2);
    await clock.tickAsync(5 * 60_000);
    recorder.record(widget(), 'Warning', 'Failing', 'same');
    await recorder.flush();
    expect(state.calls).toBe(3);
    expect([...events.values()][0]?.event.count).toBe(11);
    // Another object has its own bucket.
    recorder.record(widget('other'), 'Warning', 'Failing', 'same');
    await recorder.flush();
    expect(state.calls).toBe(4);
  });

  it('never throws into the caller, even when every write fails', async () => {
    const { recorder, state } = setup();
    state.failing = true;
    expect(() => recorder.record(widget(), 'Warning', 'X', 'y')).not.toThrow();
    const broken = { apiVersion: 'v1', kind: 'X', metadata: null } as unknown as InvolvedObject;
    expect(() => recorder.record(broken, 'Normal', 'X', 'y')).not.toThrow();
    await expect(recorder.flush()).resolves.toBeUndefined();
  });

  it('truncates long messages to 1 kB', async () => {
    const { recorder, events } = setup();
    recorder.record(widget(), 'Normal', 'Long', 'x'.repeat(5000));
    await recorder.flush();
    expect([...events.values()][0]?.event.message).toHaveLength(1024);
  });

  it('keeps only a reference to the involved object, not the object', async () => {
    const { recorder } = setup();
    const full = { ...widget(), spec: { big: 'x'.repeat(1000) }, status: { conditions: [] } };
    recorder.record(full, 'Normal', 'Created', 'created');
    await recorder.flush();
    // White-box: the de-dup map outlives the object's cache entry, so it must not hold the object.
    const series = (recorder as unknown as { series: Map<string, { involved: object }> }).series;
    const [kept] = [...series.values()];
    expect(kept?.involved).toEqual({
      apiVersion: 'ecs-bridge.dev/v1alpha1',
      kind: 'EcsService',
      metadata: { name: 'w', uid: 'u1', resourceVersion: '5' },
    });
  });
});
