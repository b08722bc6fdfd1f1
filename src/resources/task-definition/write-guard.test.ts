import { describe, expect, it } from 'vitest';
import { isTerminalError, type ReconcileContext } from '../../controller/reconciler.js';
import { findCondition } from '../../k8s/conditions.js';
import { createSilentLogger } from '../../observability/logger.js';
import type { WriteVerdict } from '../write-guard.js';
import { FakeEcs } from '../../aws/testing/fake-ecs.js';
import { FakeEventRecorder, FakeObjectStore } from './testing/fake-kube.js';
import { TaskDefinitionReconciler, type TaskDefinitionWriteGuard } from './reconciler.js';
import type { EcsTaskDefinition } from './types.js';

const ctx: ReconcileContext = {
  log: createSilentLogger(),
  reconcileId: 'test',
  signal: new AbortController().signal,
};

const obj: EcsTaskDefinition = {
  apiVersion: 'ecs-bridge.dev/v1alpha1',
  kind: 'EcsTaskDefinition',
  metadata: { name: 'web', namespace: 'prod', generation: 1, resourceVersion: '1', uid: 'uid-web' },
  spec: {
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'web', image: 'nginx:1' }],
  },
};

function setup(verdict: WriteVerdict) {
  const ecs = new FakeEcs();
  const store = new FakeObjectStore(obj);
  const asked: (readonly unknown[])[] = [];
  const guard: TaskDefinitionWriteGuard = {
    name: 'test',
    check: ({ actions }) => {
      asked.push(actions);
      return verdict;
    },
  };
  const reconciler = new TaskDefinitionReconciler({
    ecsForRegion: () => ecs,
    writer: store,
    events: new FakeEventRecorder(),
    revisionsInUse: () => Promise.resolve(new Set<string>()),
    instanceId: 'inst-1',
    now: () => new Date('2026-02-01T00:00:00Z'),
    writeGuards: [guard],
  });
  return { ecs, store, asked, run: () => reconciler.reconcile(ctx, store.obj) };
}

describe('TaskDefinitionReconciler: the guard step', () => {
  it('an allowing guard sees the plan, which is applied as before', async () => {
    const w = setup({ kind: 'allow' });
    await w.run();
    expect(w.asked[0]).toEqual([expect.objectContaining({ type: 'register' })]);
    expect(w.ecs.revisions('web')).toHaveLength(1);
    expect(findCondition(w.store.obj.status?.conditions, 'Ready')?.status).toBe('True');
  });

  it('a suppressing guard: no AWS write, status reports the withheld plan, no error', async () => {
    const w = setup({ kind: 'suppress', guard: 'test', reason: 'DriftDetected', message: 'would register' });
    await expect(w.run()).resolves.toEqual({});
    expect(w.ecs.revisions('web')).toHaveLength(0);
    const ready = findCondition(w.store.obj.status?.conditions, 'Ready');
    expect([ready?.status, ready?.reason, ready?.message]).toEqual([
      'False',
      'DriftDetected',
      'would register',
    ]);
    expect(findCondition(w.store.obj.status?.conditions, 'Stalled')?.status).toBe('False');
  });

  it('a refusing guard: no AWS write, Stalled with its reason, a TerminalError', async () => {
    const w = setup({ kind: 'refuse', guard: 'test', reason: 'AccessDenied', message: 'tenant may not' });
    const err: unknown = await w.run().catch((e: unknown) => e);
    expect(isTerminalError(err) && err.reason).toBe('AccessDenied');
    expect(w.ecs.revisions('web')).toHaveLength(0);
    const stalled = findCondition(w.store.obj.status?.conditions, 'Stalled');
    expect([stalled?.status, stalled?.reason]).toEqual(['True', 'AccessDenied']);
  });
});
