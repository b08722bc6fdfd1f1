import { describe, expect, it } from 'vitest';
import { isTerminalError } from '../../controller/reconciler.js';
import { findCondition } from '../../k8s/conditions.js';
import type { WriteVerdict } from '../write-guard.js';
import type { TaskDefinitionWriteGuard } from './ports.js';
import { fargate, taskDefinitionWorld } from './testing/world.js';

function setup(verdict: WriteVerdict) {
  const asked: (readonly unknown[])[] = [];
  const guard: TaskDefinitionWriteGuard = {
    name: 'test',
    check: ({ actions }) => {
      asked.push(actions);
      return verdict;
    },
  };
  const spec = fargate('nginx:1');
  const w = taskDefinitionWorld(spec, { reconciler: { writeGuards: [guard] } });
  return { ...w, asked };
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
