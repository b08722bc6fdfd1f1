import type { Service } from '@aws-sdk/client-ecs';
import { beforeEach, describe, expect, it } from 'vitest';
import { isTerminalError } from '../../controller/reconciler.js';
import { FINALIZER, TAG_KEYS } from '../api-group.js';
import type { ServiceAutoscaling, ServiceAutoscalingInput, ServiceAutoscalingResult } from './ports.js';
import { MISSING_READS_TO_CONCLUDE, MISSING_SPAN_MS } from './read-consistency.js';
import type { EcsServiceReconciler } from './reconciler.js';
import type { FakeEcs } from '../../aws/testing/fake-ecs.js';
import { awsError } from '../../aws/testing/fake-ecs.js';
import type { MapTaskDefinitionLookup } from './testing/harness.js';
import type { FakeEventRecorder } from '../../k8s/testing/fake-event-recorder.js';
import {
  describeVia,
  MemoryServiceStore,
  serviceObject,
  testContext,
  webRevision,
  webServiceSpec,
  worldPerTest,
} from './testing/harness.js';
import type { EcsServiceSpec } from './types.js';

const TD = webRevision;

const spec: EcsServiceSpec = webServiceSpec;

const { world, reconciler, run, condition } = worldPerTest(spec);
let ecs: FakeEcs;
let store: MemoryServiceStore;
let events: FakeEventRecorder;
let taskDefinitions: MapTaskDefinitionLookup;

function ops(): string[] {
  return ecs.writes().map((c) => c.op);
}

beforeEach(() => {
  ({ ecs, store, events, taskDefinitions } = world());
});

describe('EcsServiceReconciler: converging', () => {
  it('creates once with a client token, then N resyncs write nothing', async () => {
    const result = await run();
    expect(store.obj.metadata.finalizers).toEqual([FINALIZER]);
    const creates = ecs.callsOf('createService');
    expect(creates).toHaveLength(1);
    expect((creates[0]!.input as { clientToken: string }).clientToken).toMatch(/^ecsb-[0-9a-f]{31}$/);
    expect(condition('Ready')).toBe('True/RolloutComplete');
    expect(store.obj.status).toMatchObject({
      serviceName: 'web',
      taskDefinitionArn: TD(1),
      desiredCount: 2,
      runningCount: 2,
      observedGeneration: 1,
    });
    expect(result).toEqual({});
    expect(events.reasons()).toEqual(['Creating', 'RolloutComplete']);

    const writesBefore = ecs.writes().length;
    const statusWritesBefore = store.statusWrites;
    for (let i = 0; i < 25; i += 1) await run();
    expect(ecs.writes().length).toBe(writesBefore);
    expect(store.statusWrites).toBe(statusWritesBefore);
  });

  it('moves to a new task definition revision with exactly one UpdateService carrying only it', async () => {
    await run();
    taskDefinitions.set('default', 'web', { taskDefinitionArn: TD(2), ready: true });
    await run();
    await run();
    const updates = ecs.callsOf('updateService');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.input).toEqual({ cluster: 'demo', service: 'web', taskDefinition: TD(2) });
    expect(store.obj.status?.taskDefinitionArn).toBe(TD(2));
  });

  it('waits for a referenced task definition that is not ready, without touching AWS', async () => {
    taskDefinitions.set('default', 'web', { taskDefinitionArn: undefined, ready: false });
    const result = await run();
    expect(result.requeueAfterMs).toBe(30_000);
    expect(ecs.calls).toEqual([]);
    expect(condition('Reconciling')).toBe('True/TaskDefinitionNotReady');
    expect(condition('Ready')).toBe('Unknown/TaskDefinitionNotReady');
  });

  it('looks the reference up in the object namespace only', async () => {
    taskDefinitions.set('other', 'web', { taskDefinitionArn: TD(9), ready: true });
    store = world().store = new MemoryServiceStore(serviceObject(spec, 'web', 'team-b'));
    await run();
    expect(ecs.calls).toEqual([]);
    expect(store.obj.status?.conditions?.find((c) => c.type === 'Ready')?.message).toContain(
      'does not exist in namespace team-b',
    );
  });

  it('reverts console drift of a field the spec sets, and only that field', async () => {
    await run();
    ecs.mutate('demo', 'web', (s) => {
      s.desiredCount = 5;
      s.enableExecuteCommand = true; // not in the spec: left alone
    });
    await run();
    expect(ecs.callsOf('updateService').map((c) => c.input)).toEqual([
      { cluster: 'demo', service: 'web', desiredCount: 2 },
    ]);
  });

  it('leaves a different desired count alone when autoscaling owns it', async () => {
    store.setSpec({ ...spec, autoscaling: { minCapacity: 1, maxCapacity: 6, cpu: { targetValue: 60 } } });
    await run();
    ecs.mutate('demo', 'web', (s) => {
      s.desiredCount = 5;
      s.runningCount = 5;
    });
    for (let i = 0; i < 10; i += 1) await run();
    expect(ecs.callsOf('updateService')).toEqual([]);
  });

  it('restarts with one forceNewDeployment per restart token', async () => {
    await run();
    store.setSpec({ ...spec, restartAt: '2026-03-01T13:00:00Z' });
    await run();
    await run();
    expect(ecs.callsOf('updateService').map((c) => c.input)).toEqual([
      { cluster: 'demo', service: 'web', forceNewDeployment: true },
    ]);
  });

  it('status is never an input: lies in restartAt and managedTagKeys, or a wiped status, write nothing to AWS', async () => {
    store.setSpec({ ...spec, restartAt: 'r1' });
    await run();
    await run();
    const settled = ecs.writes().length;
    // Someone else's tag on the service, which a lie would have the operator untag.
    ecs.mutate('demo', 'web', (s) => (s.tags = [...(s.tags ?? []), { key: 'billing', value: 'payments' }]));
    const lies = { ...store.obj.status, restartAt: 'a lie', managedTagKeys: ['billing', 'team'] };
    for (const status of [lies, undefined]) {
      const { status: _old, ...rest } = store.obj;
      store.obj = status === undefined ? rest : { ...rest, status };
      await run(); // each run is a new reconciler: nothing in memory either
      await run();
    }
    expect(
      ecs
        .writes()
        .slice(settled)
        .map((c) => c.op),
    ).toEqual([]);
    expect(store.obj.status?.restartAt).toBe('r1');
  });

  it('untags a key removed from the spec that this process applied', async () => {
    const r = reconciler();
    await run(r);
    store.setSpec({ ...spec, tags: [] });
    await run(r);
    expect(ecs.callsOf('untagResource').map((c) => c.input)).toEqual([
      expect.objectContaining({ tagKeys: ['team'] }),
    ]);
  });

  it('touches nothing while suspended and says so', async () => {
    store.setSpec({ ...spec, suspend: true });
    await run();
    expect(ecs.calls).toEqual([]);
    expect(condition('Ready')).toBe('Unknown/Suspended');
    expect(store.obj.metadata.finalizers).toBeUndefined();
  });

  it('relays ECS service events once each, and none again after a restart', async () => {
    // The fake ECS dates its events from 2026-01-01; this process started just before them.
    const r = reconciler({ now: () => new Date(Date.UTC(2026, 0, 1)) });
    await run(r);
    ecs.addEvent('demo', 'web', '(service web) has started 2 tasks.');
    ecs.addEvent('demo', 'web', '(service web) was unable to place a task.');
    await run(r);
    await run(r);
    const relayed = () => events.events.filter((e) => e.reason === 'EcsServiceEvent');
    expect(relayed().map((e) => [e.type, e.message])).toEqual([
      ['Normal', '(service web) has started 2 tasks.'],
      ['Warning', '(service web) was unable to place a task.'],
    ]);
    // A restarted operator finds the same history, whatever status says: nothing is sent twice.
    await run(reconciler({ now: () => new Date(Date.UTC(2026, 0, 2)) }));
    expect(relayed()).toHaveLength(2);
  });
});

describe('EcsServiceReconciler: rollouts', () => {
  beforeEach(() => {
    ecs.rolloutMode = 'manual';
  });

  it('reports Reconciling while rolling and polls fast, then Ready when the deployment completes', async () => {
    const first = await run();
    expect(first.requeueAfterMs).toBe(5_000);
    expect(condition('Reconciling')).toBe('True/Creating');
    expect(condition('Ready')).toBe('Unknown/Creating');
    ecs.completeRollout('demo', 'web');
    expect(await run()).toEqual({});
    expect(condition('Ready')).toBe('True/RolloutComplete');
    expect(store.obj.status?.rolloutState).toBe('COMPLETED');
  });

  it('works from its own last status write when the informer hands an older copy', async () => {
    const r = reconciler();
    await run(r);
    ecs.completeRollout('demo', 'web');
    await run(r);
    expect(condition('Ready')).toBe('True/RolloutComplete');
    const stale = store.obj; // what a lagging informer still holds: Ready=True
    taskDefinitions.set('default', 'web', { taskDefinitionArn: TD(2), ready: true });
    await r.reconcile(testContext(), stale);
    expect(condition('Ready')).toBe('Unknown/Updating');
    ecs.completeRollout('demo', 'web');
    // The informer still lags: the same copy, which says Ready=True like the status to write now.
    await r.reconcile(testContext(), stale);
    expect(condition('Ready')).toBe('True/RolloutComplete');
    expect(store.obj.status?.taskDefinitionArn).toBe(TD(2));
  });

  it('a FAILED deployment rolled back by the circuit breaker gives Stalled, and holds until a new revision', async () => {
    await run();
    ecs.completeRollout('demo', 'web');
    await run();
    taskDefinitions.set('default', 'web', { taskDefinitionArn: TD(2), ready: true });
    await run();
    expect(condition('Reconciling')).toBe('True/Updating');
    // The circuit breaker trips: ECS marks our deployment FAILED and rolls back to web:1.
    ecs.failRollout('demo', 'web', 'ECS deployment circuit breaker: task failed to start.', true);
    await run();
    expect(condition('Stalled')).toBe('True/RolloutFailed');
    expect(condition('Ready')).toBe('False/RolloutFailed');
    expect(store.obj.status?.conditions?.find((c) => c.type === 'Stalled')?.message).toContain(
      'circuit breaker',
    );
    expect(events.events.some((e) => e.type === 'Warning' && e.reason === 'RolloutFailed')).toBe(true);

    // The service is stable on web:1 again; sending web:2 once more would fail once more.
    for (let i = 0; i < 5; i += 1) await run();
    expect(ecs.callsOf('updateService')).toHaveLength(1);

    taskDefinitions.set('default', 'web', { taskDefinitionArn: TD(3), ready: true });
    await run();
    expect(ecs.callsOf('updateService').map((c) => c.input)).toEqual([
      { cluster: 'demo', service: 'web', taskDefinition: TD(2) },
      { cluster: 'demo', service: 'web', taskDefinition: TD(3) },
    ]);
    expect(condition('Stalled')).toBe('False/Updating');
  });
});

describe('EcsServiceReconciler: eventually consistent reads', () => {
  let clock: Date;
  /** Answers to give instead of ECS's own, one per read, then ECS's again. */
  let views: ((current: Service) => Service)[];
  const r = () =>
    reconciler({
      now: () => clock,
      describeService: async (region, cluster, name) => {
        const current = await describeVia(ecs)(region, cluster, name);
        const view = views.shift();
        return current === undefined || view === undefined ? current : view(current);
      },
    });
  const preUpdate = (before: Service) => (current: Service) => ({
    ...current,
    taskDefinition: before.taskDefinition,
    deployments: before.deployments,
  });
  const empty = (current: Service) => ({ ...current, deployments: [] });

  /**
   * A reconciler over the views that creates the service, completes it, then updates it to web:2
   * (our deployment in progress); with the service as described before the update.
   */
  async function rollingToRevision2(): Promise<{ rec: EcsServiceReconciler; before: Service }> {
    const rec = r();
    ecs.rolloutMode = 'manual';
    await run(rec);
    ecs.completeRollout('demo', 'web');
    await run(rec);
    const before = (await ecs.describeServices('demo', ['web'])).services[0]!;
    taskDefinitions.set('default', 'web', { taskDefinitionArn: TD(2), ready: true });
    await run(rec);
    expect(condition('Reconciling')).toBe('True/Updating');
    return { rec, before };
  }

  beforeEach(() => {
    clock = new Date('2026-03-01T12:00:00Z');
    views = [];
  });

  it.each([
    ['a pre-update answer', 'pre-update'],
    ['an empty deployment list', 'empty'],
  ])('%s mid-rollout is re-read, not judged: no Stalled, no write, then Ready', async (_name, kind) => {
    const { rec, before } = await rollingToRevision2();
    const writes = ecs.writes().length;
    views = [kind === 'empty' ? empty : preUpdate(before)];
    const result = await run(rec);
    expect(condition('Stalled')).toBe('False/UnconfirmedRead');
    expect(condition('Reconciling')).toBe('True/UnconfirmedRead');
    expect(result.requeueAfterMs).toBe(5_000);
    expect(ecs.writes()).toHaveLength(writes);
    expect(store.obj.status?.rollout?.state).toBe('InProgress');
    clock = new Date(clock.getTime() + 5_000);
    ecs.completeRollout('demo', 'web');
    await run(rec);
    expect(condition('Ready')).toBe('True/RolloutComplete');
    expect(ecs.callsOf('updateService')).toHaveLength(1);
  });

  it('a pre-update answer after completion keeps Ready and sends nothing', async () => {
    const { rec, before } = await rollingToRevision2();
    ecs.completeRollout('demo', 'web');
    await run(rec);
    expect(condition('Ready')).toBe('True/RolloutComplete');
    views = [preUpdate(before)];
    await run(rec);
    expect(condition('Ready')).toBe('True/RolloutComplete');
    expect(condition('Reconciling')).toBe('True/UnconfirmedRead');
    await run(rec);
    expect(condition('Reconciling')).toBe('False/RolloutComplete');
    expect(ecs.callsOf('updateService')).toHaveLength(1);
  });

  it('concludes a rollback only after enough reads over enough time', async () => {
    const { rec, before } = await rollingToRevision2();
    views = Array.from({ length: 10 }, () => preUpdate(before));
    const seen: string[] = [];
    for (let i = 0; i < MISSING_READS_TO_CONCLUDE; i += 1) {
      await run(rec);
      seen.push(condition('Stalled'));
      clock = new Date(clock.getTime() + MISSING_SPAN_MS / (MISSING_READS_TO_CONCLUDE - 1) - 1);
    }
    // Enough reads, not enough time (each step 1 ms short): still not known.
    expect(seen.every((c) => c === 'False/UnconfirmedRead')).toBe(true);
    clock = new Date(clock.getTime() + MISSING_READS_TO_CONCLUDE);
    await run(rec);
    expect(condition('Stalled')).toBe('True/RolloutFailed');
    expect(ecs.callsOf('updateService')).toHaveLength(1);
  });

  it('a Failed verdict ECS later contradicts recovers at the next visit, and drift correction resumes', async () => {
    const { rec, before } = await rollingToRevision2();
    views = Array.from({ length: MISSING_READS_TO_CONCLUDE }, () => preUpdate(before));
    for (let i = 0; i < MISSING_READS_TO_CONCLUDE; i += 1) {
      await run(rec);
      clock = new Date(clock.getTime() + MISSING_SPAN_MS);
    }
    expect(condition('Stalled')).toBe('True/RolloutFailed');
    // ECS had completed our deployment all along: the next resync sees it.
    ecs.completeRollout('demo', 'web');
    await run(rec);
    expect(condition('Ready')).toBe('True/RolloutComplete');
    expect(condition('Stalled')).toBe('False/RolloutComplete');
    // Not held any more: console drift of the task definition is reverted.
    ecs.mutate('demo', 'web', (svc) => {
      svc.taskDefinition = TD(1);
    });
    await run(rec);
    expect(ecs.callsOf('updateService').map((c) => c.input)).toEqual([
      { cluster: 'demo', service: 'web', taskDefinition: TD(2) },
      { cluster: 'demo', service: 'web', taskDefinition: TD(2) },
    ]);
  });
});

describe('EcsServiceReconciler: ownership and crashes', () => {
  it('reports a Conflict on an existing unowned service and writes nothing to it', async () => {
    ecs.seed('demo', { serviceName: 'web', taskDefinition: 'other:1', desiredCount: 3 });
    const before = ecs.get('demo', 'web');
    await run();
    await run();
    expect(ops()).toEqual([]);
    expect(ecs.get('demo', 'web')).toEqual(before);
    expect(condition('Ready')).toBe('False/Conflict');
    expect(condition('Stalled')).toBe('True/Conflict');
    expect(events.events.filter((e) => e.reason === 'Conflict')).toHaveLength(1);
  });

  it('adopts an unowned service when the spec asks, tagging it first', async () => {
    ecs.seed('demo', { serviceName: 'web', taskDefinition: 'web:1', desiredCount: 3, launchType: 'FARGATE' });
    store.setSpec({ ...spec, adopt: true });
    await run();
    expect(ops()).toEqual(['tagResource', 'updateService']);
    expect(events.reasons()).toContain('Adopted');
    const tags = Object.fromEntries((ecs.get('demo', 'web')!.tags ?? []).map((t) => [t.key, t.value]));
    expect(tags).toMatchObject({
      [TAG_KEYS.owner]: 'default/web',
      [TAG_KEYS.instance]: 'inst-1',
      team: 'shop',
    });
  });

  it('adopts a matching unowned service with no AWS write, then tags it with the first change', async () => {
    world().seedUnowned();
    store.setSpec({ ...spec, adopt: true });
    await run();
    await run();
    expect(ops()).toEqual([]);
    expect(condition('Ready')).toBe('True/RolloutComplete');
    store.setSpec({ ...spec, adopt: true, desiredCount: 3 });
    await run();
    expect(ops()).toEqual(['tagResource', 'updateService']);
    const tags = Object.fromEntries((ecs.get('demo', 'web')!.tags ?? []).map((t) => [t.key, t.value]));
    expect(tags).toMatchObject({ [TAG_KEYS.owner]: 'default/web', [TAG_KEYS.instance]: 'inst-1' });
  });

  it('sends the same client token when a create is retried, so ECS makes one service', async () => {
    ecs.failNext('createService', awsError('TimeoutError', 'socket hang up', 500));
    await expect(run()).rejects.toThrow('creating the ECS service');
    await run();
    const tokens = ecs.callsOf('createService').map((c) => (c.input as { clientToken: string }).clientToken);
    expect(tokens).toHaveLength(2);
    expect(new Set(tokens).size).toBe(1);
  });

  it('never creates twice when ECS created the service but describe keeps answering MISSING', async () => {
    let hide = true;
    let t = Date.parse('2026-03-01T12:00:00Z');
    const lagging = reconciler({
      now: () => new Date(t),
      describeService: async (region, cluster, name) =>
        hide ? undefined : describeVia(ecs)(region, cluster, name),
    });
    await lagging.reconcile(testContext(), store.obj); // creates
    // MISSING right after our create: re-read soon, keep what Ready said, no second create.
    t += 5_000;
    const again = await lagging.reconcile(testContext(), store.obj);
    expect(again.requeueAfterMs).toBe(5_000);
    expect(condition('Reconciling')).toBe('True/ConfirmingAbsence');
    // The contradiction lasts: a condition, re-read at the slow pace, still no second create.
    for (let i = 0; i < 12; i += 1) {
      t += 5_000;
      await lagging.reconcile(testContext(), store.obj);
    }
    expect(condition('Stalled')).toBe('True/ServiceNotVisible');
    const stalled = store.obj.status?.conditions?.find((c) => c.type === 'Stalled');
    expect(stalled?.message).toContain('ecs-bridge does not create it a second time');
    expect(events.reasons()).toContain('ServiceNotVisible');
    const writes = store.statusWrites;
    t += 30_000;
    expect((await lagging.reconcile(testContext(), store.obj)).requeueAfterMs).toBe(30_000);
    expect(store.statusWrites).toBe(writes); // a stable message: no write per poll
    expect(ecs.callsOf('createService')).toHaveLength(1);

    // ECS shows it at last: Ready, and nothing else was written.
    hide = false;
    t += 30_000;
    await lagging.reconcile(testContext(), store.obj);
    expect(ecs.callsOf('createService')).toHaveLength(1);
    expect(ecs.writes().filter((c) => c.op !== 'createService')).toEqual([]);
    expect(condition('Ready')).toBe('True/RolloutComplete');
    expect(condition('Stalled')).toBe('False/RolloutComplete');
  });

  it('creates once more only after the memory of its create has expired (bounded, never a loop)', async () => {
    let t = Date.parse('2026-03-01T12:00:00Z');
    const blind = reconciler({
      now: () => new Date(t),
      describeService: () => Promise.resolve(undefined),
      createGuard: { recentCreateMs: 60_000, confirmAbsenceMs: 10_000 },
    });
    for (let i = 0; i < 60; i += 1) {
      await blind.reconcile(testContext(), store.obj);
      t += 5_000; // 5 minutes in all
    }
    // One create per 60 s of memory plus 10 s of confirmation at most: 5 in 5 minutes, not 60.
    const creates = ecs.callsOf('createService');
    expect(creates.length).toBeGreaterThanOrEqual(2);
    expect(creates.length).toBeLessThanOrEqual(5);
    expect(new Set(creates.map((c) => (c.input as { clientToken: string }).clientToken)).size).toBe(1);
  });

  it('an INACTIVE answer for a live service of ours makes no create unless it lasts', async () => {
    let t = Date.parse('2026-03-01T12:00:00Z');
    let stale = 0;
    const r = reconciler({
      now: () => new Date(t),
      describeService: async (region, cluster, name) => {
        const live = await describeVia(ecs)(region, cluster, name);
        if (stale > 0 && live !== undefined) {
          stale -= 1;
          return { ...live, status: 'INACTIVE' };
        }
        return live;
      },
    });
    await r.reconcile(testContext(), store.obj);
    t += 5_000;
    await r.reconcile(testContext(), store.obj);
    expect(condition('Ready')).toBe('True/RolloutComplete');
    stale = 3;
    for (let i = 0; i < 5; i += 1) {
      t += 5_000;
      await r.reconcile(testContext(), store.obj);
    }
    expect(ecs.callsOf('createService')).toHaveLength(1);
    expect(condition('Ready')).toBe('True/RolloutComplete');
    expect(condition('Reconciling')).toBe('False/RolloutComplete');
  });

  it('re-creates a service deleted outside ecs-bridge once the deletion is confirmed, with a fresh token, once', async () => {
    let t = Date.parse('2026-03-01T12:00:00Z');
    const r = reconciler({ now: () => new Date(t) });
    await r.reconcile(testContext(), store.obj);
    ecs.mutate('demo', 'web', (s) => (s.status = 'INACTIVE'));
    t += 5_000;
    const first = await r.reconcile(testContext(), store.obj);
    expect(first.requeueAfterMs).toBe(5_000);
    expect(ecs.callsOf('createService')).toHaveLength(1);
    expect(condition('Reconciling')).toBe('True/ConfirmingAbsence');
    for (let i = 0; i < 12; i += 1) {
      t += 5_000;
      await r.reconcile(testContext(), store.obj);
    }
    const tokens = ecs.callsOf('createService').map((c) => (c.input as { clientToken: string }).clientToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(ecs.get('demo', 'web')?.status).toBe('ACTIVE');
    expect(condition('Ready')).toBe('True/RolloutComplete');
  });

  it('a create refused as "not idempotent" (the name exists) is re-read, never a terminal InvalidParameter', async () => {
    let hide = true;
    const r = reconciler({
      describeService: async (region, cluster, name) =>
        hide ? undefined : describeVia(ecs)(region, cluster, name),
    });
    await r.reconcile(testContext(), store.obj); // created; the next read is stale
    ecs.failNext(
      'createService',
      awsError('InvalidParameterException', 'Creation of service was not idempotent.'),
    );
    const restarted = reconciler({
      describeService: async (region, cluster, name) =>
        hide ? undefined : describeVia(ecs)(region, cluster, name),
    });
    const result = await restarted.reconcile(testContext(), store.obj);
    expect(result.requeueAfterMs).toBe(5_000);
    expect(condition('Reconciling')).toBe('True/ConfirmingAbsence');
    expect(condition('Stalled')).not.toBe('True/InvalidParameter');
    hide = false;
    await restarted.reconcile(testContext(), store.obj);
    expect(condition('Ready')).toBe('True/RolloutComplete');
  });

  it('a new object of the same name creates at once over the INACTIVE service an earlier object left', async () => {
    await run();
    ecs.mutate('demo', 'web', (s) => {
      s.status = 'INACTIVE';
      s.createdAt = new Date('2026-03-01T11:00:00Z');
    });
    store = world().store = new MemoryServiceStore({
      ...serviceObject(spec),
      metadata: {
        ...serviceObject(spec).metadata,
        uid: 'uid-second',
        creationTimestamp: '2026-03-01T11:30:00Z',
      },
    });
    await reconciler().reconcile(testContext(), store.obj);
    expect(ecs.callsOf('createService')).toHaveLength(2);
  });

  it('after a restart (no memory), an INACTIVE service of ours is still confirmed before a re-create', async () => {
    await run();
    ecs.mutate('demo', 'web', (s) => (s.status = 'INACTIVE'));
    let t = Date.parse('2026-03-01T13:00:00Z');
    const restarted = reconciler({ now: () => new Date(t) });
    await restarted.reconcile(testContext(), store.obj);
    expect(ecs.callsOf('createService')).toHaveLength(1);
    t += 30_000;
    await restarted.reconcile(testContext(), store.obj);
    expect(ecs.callsOf('createService')).toHaveLength(2);
  });
});

describe('EcsServiceReconciler: errors', () => {
  it('says Throttled and rethrows for the queue to back off', async () => {
    ecs.failNext('describeServices', awsError('ThrottlingException', 'Rate exceeded'));
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(isTerminalError(err)).toBe(false);
    expect(condition('Reconciling')).toBe('True/Throttled');
    expect(condition('Stalled')).toBe('False/Throttled');
  });

  it('retries a throttled resync of a Ready service quietly: no status write, Ready untouched', async () => {
    await run();
    expect(condition('Ready')).toBe('True/RolloutComplete');
    const statusWrites = store.statusWrites;
    ecs.failNext('describeServices', awsError('ThrottlingException', 'Rate exceeded'));
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(isTerminalError(err)).toBe(false);
    expect(store.statusWrites).toBe(statusWrites);
    expect(condition('Reconciling')).toBe('False/RolloutComplete');
  });

  it('still reports a 5xx on a Ready service (an outage is worth showing)', async () => {
    await run();
    ecs.failNext('describeServices', awsError('ServiceUnavailableException', 'down', 503));
    await run().catch((e: unknown) => e);
    expect(condition('Ready')).toBe('True/RolloutComplete');
    expect(condition('Reconciling')).toBe('True/AwsUnavailable');
  });

  it('stalls with a terminal error on access denied', async () => {
    ecs.failNext(
      'createService',
      awsError('AccessDeniedException', 'not authorized to perform ecs:CreateService'),
    );
    const err = await run().catch((e: unknown) => e);
    expect(isTerminalError(err)).toBe(true);
    expect(condition('Stalled')).toBe('True/AccessDenied');
    expect(condition('Ready')).toBe('False/AccessDenied');
  });

  it('waits for a missing cluster', async () => {
    ecs.failNext('describeServices', awsError('ClusterNotFoundException', 'Cluster not found.'));
    expect(await run()).toEqual({ requeueAfterMs: 30_000 });
    expect(condition('Reconciling')).toBe('True/ClusterNotFound');
  });

  it('refuses an immutable difference in ECS with a terminal error and no write', async () => {
    await run();
    ecs.mutate('demo', 'web', (s) => (s.launchType = 'EC2'));
    const err = await run().catch((e: unknown) => e);
    expect(isTerminalError(err)).toBe(true);
    expect(condition('Stalled')).toBe('True/ImmutableFieldChanged');
    expect(ops()).toEqual(['createService']);
  });
});

/**
 * Runs a reconcile that must refuse the spec before any AWS call: a TerminalError, no call at all,
 * Stalled=True/InvalidSpec, and a message that says each of `says`.
 */
async function expectRefusedBeforeAws(...says: string[]): Promise<void> {
  const err: unknown = await run().catch((e: unknown) => e);
  expect(isTerminalError(err)).toBe(true);
  expect(ecs.calls).toEqual([]);
  expect(condition('Stalled')).toBe('True/InvalidSpec');
  const stalled = store.obj.status?.conditions?.find((c) => c.type === 'Stalled');
  for (const part of says) expect(stalled?.message).toContain(part);
}

describe('EcsServiceReconciler: ports the task definition does not declare', () => {
  it('refuses a load balancer port the referenced task definition lacks: Stalled, terminal, zero AWS calls', async () => {
    taskDefinitions.set('default', 'web', {
      taskDefinitionArn: TD(1),
      ready: true,
      containers: [{ name: 'web', ports: [{ containerPort: 80, name: 'http' }] }],
    });
    const lb = {
      targetGroupArn: 'arn:aws:elasticloadbalancing:tg',
      containerName: 'web',
      containerPort: 8080,
    };
    store = world().store = new MemoryServiceStore(serviceObject({ ...spec, loadBalancers: [lb] }));
    await expectRefusedBeforeAws(
      'spec.loadBalancers[0].containerPort 8080',
      'EcsTaskDefinition default/web (it maps 80)',
    );
  });

  it('creates when the port is declared', async () => {
    taskDefinitions.set('default', 'web', {
      taskDefinitionArn: TD(1),
      ready: true,
      containers: [{ name: 'web', ports: [{ containerPort: 80, name: 'http' }] }],
    });
    const lb = { targetGroupArn: 'arn:aws:elasticloadbalancing:tg', containerName: 'web', containerPort: 80 };
    store = world().store = new MemoryServiceStore(serviceObject({ ...spec, loadBalancers: [lb] }));
    await run();
    expect(ops()).toContain('createService');
  });
});

describe('EcsServiceReconciler: names ECS refuses', () => {
  it('refuses a metadata.name ECS would refuse as a service name: Stalled, terminal, zero AWS calls', async () => {
    store = world().store = new MemoryServiceStore(serviceObject(spec, 'web.v2'));
    await expectRefusedBeforeAws('metadata.name "web.v2"', 'set spec.serviceName explicitly');
  });

  it('creates under an explicit spec.serviceName whatever metadata.name holds', async () => {
    store = world().store = new MemoryServiceStore(
      serviceObject({ ...spec, serviceName: 'web-v2' }, 'web.v2'),
    );
    await run();
    expect((ecs.callsOf('createService')[0]?.input as { serviceName: string }).serviceName).toBe('web-v2');
  });
});

describe('EcsServiceReconciler: deletion', () => {
  it('Delete: force-deletes, waits through DRAINING without blocking, then drops the finalizer', async () => {
    ecs.rolloutMode = 'manual';
    await run();
    store.requestDeletion();
    expect(await run()).toEqual({ requeueAfterMs: 10_000 });
    expect(ecs.callsOf('deleteService').map((c) => c.input)).toEqual([
      { cluster: 'demo', service: 'web', force: true },
    ]);
    expect(condition('Reconciling')).toBe('True/Deleting');
    expect(await run()).toEqual({ requeueAfterMs: 10_000 });
    expect(ecs.callsOf('deleteService')).toHaveLength(1);
    ecs.finishDraining('demo', 'web');
    await run();
    expect(store.deleted).toBe(true);
    expect(events.reasons()).toContain('Deleted');
  });

  it('deletes nothing when the user removed our finalizer while the visit read ECS', async () => {
    await run();
    store.requestDeletion();
    const describe = describeVia(ecs);
    const r = reconciler({
      describeService: async (region, cluster, name) => {
        // The visit began on a copy with our finalizer; the user removes it during the read.
        store.dropFinalizersByHand();
        return describe(region, cluster, name);
      },
    });
    expect(await run(r)).toEqual({});
    expect(ecs.callsOf('deleteService')).toEqual([]);
    expect(ecs.get('demo', 'web')!.status).toBe('ACTIVE');
  });

  it('Delete: an INACTIVE answer ends the deletion at once', async () => {
    await run();
    store.requestDeletion();
    expect(await run()).toEqual({});
    expect(store.deleted).toBe(true);
  });

  it('Retain: removes only the ownership tags and leaves the service running', async () => {
    store.setSpec({ ...spec, deletionPolicy: 'Retain' });
    await run();
    store.requestDeletion();
    await run();
    expect(store.deleted).toBe(true);
    const svc = ecs.get('demo', 'web')!;
    expect(svc.status).toBe('ACTIVE');
    expect(svc.tags).toEqual([{ key: 'team', value: 'shop' }]);
    expect(ecs.callsOf('deleteService')).toEqual([]);
  });

  it("Retain by the installation's default: an object without its own policy leaves the service running", async () => {
    const r = reconciler({ defaultDeletionPolicy: 'Retain' });
    await run(r);
    store.requestDeletion();
    await run(r);
    expect(store.deleted).toBe(true);
    expect(ecs.get('demo', 'web')!.status).toBe('ACTIVE');
    expect(ecs.callsOf('deleteService')).toEqual([]);
  });

  it("the object's own Delete wins over the installation's Retain", async () => {
    store.setSpec({ ...spec, deletionPolicy: 'Delete' });
    const r = reconciler({ defaultDeletionPolicy: 'Retain' });
    await run(r);
    store.requestDeletion();
    await run(r);
    expect(ecs.callsOf('deleteService')).toHaveLength(1);
  });

  it('never deletes a service it does not own', async () => {
    ecs.seed('demo', { serviceName: 'web', taskDefinition: 'other:1' });
    await run();
    store.requestDeletion();
    await run();
    expect(store.deleted).toBe(true);
    expect(ops()).toEqual([]);
  });
});

describe('EcsServiceReconciler: autoscaling seam', () => {
  function scaling(
    result: Partial<ServiceAutoscalingResult>,
  ): ServiceAutoscaling & { seen: Service[]; applied: number } {
    const hook = {
      seen: [] as Service[],
      applied: 0,
      plan: ({ service }: ServiceAutoscalingInput) => {
        hook.seen.push(service);
        const outcome: ServiceAutoscalingResult = {
          status: { resourceId: 'service/demo/web', minCapacity: 1, maxCapacity: 6, policies: [] },
          condition: { type: 'AutoscalingReady', status: 'True', reason: 'TargetRegistered', message: 'ok' },
          ownsDesiredCount: true,
          terminal: false,
          ...result,
        };
        const apply = () => {
          hook.applied += 1;
          return Promise.resolve(outcome);
        };
        return Promise.resolve({ ownsDesiredCount: outcome.ownsDesiredCount, apply });
      },
    };
    return hook;
  }

  // At 1.234 s past a beat the next poll is that beat's successor; at 3.9 s past, the one after (at
  // least half a period away): services polling together land on the same instants.
  it.each([
    [1_234, 3_766],
    [3_900, 6_100],
  ])(
    'brings a service polling its rollout back on the shared beat (%i ms past one)',
    async (offset, delay) => {
      const beat = Date.UTC(2026, 0, 1);
      const r = reconciler({ autoscaling: scaling({}), now: () => new Date(beat + offset) });
      expect(await r.reconcile(testContext(), store.obj)).toEqual({ requeueAfterMs: delay });
      expect((beat + offset + delay) % 5_000).toBe(0);
    },
  );

  it('runs on an existing service of ours, and its ownership keeps desiredCount out of updates', async () => {
    const hook = scaling({});
    const r = reconciler({ autoscaling: hook });
    expect(await r.reconcile(testContext(), store.obj)).toEqual({ requeueAfterMs: 5_000 });
    expect(hook.seen).toHaveLength(0);
    ecs.mutate('demo', 'web', (s) => (s.desiredCount = 4));
    await r.reconcile(testContext(), store.obj);
    expect(hook.seen).toHaveLength(1);
    expect(hook.applied).toBe(1);
    expect(ecs.callsOf('updateService')).toEqual([]);
    expect(store.obj.status?.autoscaling?.resourceId).toBe('service/demo/web');
    expect(condition('AutoscalingReady')).toBe('True/TargetRegistered');
  });

  it('stops with a terminal error when autoscaling says retrying cannot help', async () => {
    await run();
    const hook = scaling({
      terminal: true,
      condition: { type: 'AutoscalingReady', status: 'False', reason: 'QuotaExceeded', message: 'quota' },
    });
    const err = await reconciler({ autoscaling: hook })
      .reconcile(testContext(), store.obj)
      .catch((e: unknown) => e);
    expect(isTerminalError(err)).toBe(true);
    expect(condition('Stalled')).toBe('True/QuotaExceeded');
  });
});
