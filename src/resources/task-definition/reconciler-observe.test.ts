/**
 * The EcsTaskDefinition reconciler under managementPolicy Observe (ADR 0018) and while its CRD is
 * being deleted (ADR 0013): reads, reports drift, never writes to AWS; releases untouched.
 */
import { describe, expect, it } from 'vitest';
import { findCondition } from '../../k8s/conditions.js';
import type { FakeEcs } from '../../aws/testing/fake-ecs.js';
import { awsError } from '../../aws/testing/fake-ecs.js';
import type { TaskDefinitionReconcilerOptions } from './ports.js';
import { fargate, registerOutside, taskDefinitionWorld } from './testing/world.js';
import type { EcsTaskDefinition, EcsTaskDefinitionSpec } from './types.js';

const world = (spec: EcsTaskDefinitionSpec, reconciler: Partial<TaskDefinitionReconcilerOptions> = {}) =>
  taskDefinitionWorld(spec, { reconciler });

const outside = registerOutside;

const writes = (ecs: FakeEcs): number =>
  ecs.count('registerTaskDefinition') +
  ecs.count('deregisterTaskDefinition') +
  ecs.count('deleteTaskDefinitions') +
  ecs.count('tagResource') +
  ecs.count('untagResource');

const condition = (obj: EcsTaskDefinition, type: string): string => {
  const c = findCondition(obj.status?.conditions, type);
  return c === undefined ? 'none' : `${c.status}/${c.reason}`;
};

describe('TaskDefinitionReconciler: managementPolicy Observe', () => {
  it('is Ready on a matching revision registered outside ecs-bridge, and publishes it, writing nothing', async () => {
    const spec = fargate('a:1', { managementPolicy: 'Observe', tags: [{ key: 'team', value: 'shop' }] });
    const w = world(spec);
    await outside(w.ecs, spec, [{ key: 'team', value: 'shop' }]);
    await w.run();
    expect(writes(w.ecs)).toBe(0);
    expect(condition(w.store.obj, 'Ready')).toBe('True/InSync');
    expect(condition(w.store.obj, 'Drifted')).toBe('False/InSync');
    expect(w.store.obj.status?.revision).toBe(1);
    expect(w.store.obj.status?.taskDefinitionArn).toContain('task-definition/web:1');
  });

  it('reports a spec no revision carries field by field, without registering', async () => {
    const w = world(fargate('a:2', { managementPolicy: 'Observe', cpu: '512', memory: '1024' }));
    await outside(w.ecs, fargate('a:1'));
    await w.run();
    expect(writes(w.ecs)).toBe(0);
    expect(condition(w.store.obj, 'Ready')).toBe('False/Drifted');
    expect(condition(w.store.obj, 'Stalled')).toBe('True/Drifted');
    expect(w.store.obj.status?.drift).toEqual({
      fields: ['containerDefinitions', 'cpu', 'memory'],
      changes: [
        { path: 'containerDefinitions[web].image', observed: '"a:1"', desired: '"a:2"' },
        { path: 'cpu', observed: '"256"', desired: '"512"' },
        { path: 'memory', observed: '"512"', desired: '"1024"' },
      ],
    });
    expect(findCondition(w.store.obj.status?.conditions, 'Drifted')?.message).toContain(
      'differs from the spec in containerDefinitions, cpu, memory',
    );
    expect(w.ecs.revisions('web')).toHaveLength(1);
  });

  it("reads a revision's content once per process, not on every resync", async () => {
    const w = world(fargate('a:2', { managementPolicy: 'Observe' }));
    await outside(w.ecs, fargate('a:1'));
    await w.run();
    // Observe describes the revision for its tags and hash, the drift once more for its content.
    expect(w.ecs.count('describeTaskDefinition')).toBe(2);
    w.ecs.resetCalls();
    await w.run();
    await w.run();
    expect(w.ecs.count('describeTaskDefinition')).toBe(0);
    expect(w.ecs.count('listTaskDefinitions')).toBe(2);
    expect(w.store.obj.status?.drift?.changes.map((c) => c.path)).toEqual([
      'containerDefinitions[web].image',
    ]);
  });

  it('shows a new revision when no revision of the family exists yet', async () => {
    const w = world(fargate('a:2', { managementPolicy: 'Observe' }));
    await w.run();
    expect(writes(w.ecs)).toBe(0);
    expect(w.ecs.count('describeTaskDefinition')).toBe(0);
    expect(w.store.obj.status?.drift?.fields).toEqual(['revision']);
    expect(w.store.obj.status?.drift?.changes[0]?.observed).toBeUndefined();
  });

  it('shows the revision with content hashes when the newest revision vanished before its content was read', async () => {
    const w = world(fargate('a:2', { managementPolicy: 'Observe' }));
    await outside(w.ecs, fargate('a:1'));
    // The observe's describe succeeds; the content read right after finds the revision gone.
    const gone = awsError('ClientException', 'Unable to describe task definition.');
    const describe = w.ecs.describeTaskDefinition.bind(w.ecs);
    let n = 0;
    w.ecs.describeTaskDefinition = (arn: string) => (++n === 2 ? Promise.reject(gone) : describe(arn));
    await w.run();
    expect(writes(w.ecs)).toBe(0);
    expect(w.store.obj.status?.drift?.fields).toEqual(['revision']);
    expect(w.store.obj.status?.drift?.changes[0]?.observed).toMatch(/^"web:1 \(content v1:/);
  });

  it('switching to Manage registers and clears the drift report', async () => {
    const w = world(fargate('a:2', { managementPolicy: 'Observe' }));
    await outside(w.ecs, fargate('a:1'));
    await w.run();
    w.store.setSpec(fargate('a:2', { managementPolicy: 'Manage' }));
    await w.run();
    expect(w.ecs.count('registerTaskDefinition')).toBe(1);
    expect(w.store.obj.status?.drift).toBeUndefined();
    expect(condition(w.store.obj, 'Drifted')).toBe('none');
    expect(condition(w.store.obj, 'Ready')).toBe('True/UpToDate');
  });

  it("takes the installation's default when the object sets none", async () => {
    const w = world(fargate('a:2'), { defaultManagementPolicy: 'Observe' });
    await w.run();
    expect(writes(w.ecs)).toBe(0);
    expect(condition(w.store.obj, 'Drifted')).toBe('True/Drifted');
  });

  it('releases on deletion without an AWS call, whatever deletionPolicy says', async () => {
    const spec = fargate('a:1', { managementPolicy: 'Observe', deletionPolicy: 'Delete' });
    const w = world(spec);
    await outside(w.ecs, spec);
    await w.run();
    w.ecs.resetCalls();
    w.store.markDeleted();
    await w.run();
    expect(w.ecs.totalCalls()).toBe(0);
    expect(w.store.hasFinalizer()).toBe(false);
    expect(w.events.reasons().at(-1)).toBe('ObservedOnly');
  });
});

describe('TaskDefinitionReconciler: its CRD being deleted', () => {
  it('releases a managed object with deletionPolicy Delete without an AWS call', async () => {
    let terminating = false;
    const w = world(fargate('a:1', { deletionPolicy: 'Delete' }), {
      crdTerminating: () => Promise.resolve(terminating),
    });
    await w.run();
    expect(w.ecs.count('registerTaskDefinition')).toBe(1);
    w.ecs.resetCalls();
    terminating = true;
    w.store.markDeleted();
    await w.run();
    expect(w.ecs.totalCalls()).toBe(0);
    expect(w.store.hasFinalizer()).toBe(false);
    expect(w.ecs.revisions('web').map((r) => r.status)).toEqual(['ACTIVE']);
    expect(w.events.reasons().at(-1)).toBe('CrdDeleting');
  });
});
