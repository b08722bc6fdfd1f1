import { describe, expect, it } from 'vitest';
import { testContext } from '../../controller/testing/reconcile-context.js';
import { isTerminalError } from '../../controller/reconciler.js';
import { findCondition } from '../../k8s/conditions.js';
import { TAG_KEYS } from '../api-group.js';
import { awsError, FakeEcs } from '../../aws/testing/fake-ecs.js';
import {
  fargate,
  registerOutside,
  taskDefinitionWorld as world,
  type TaskDefinitionWorld as World,
} from './testing/world.js';
import type { EcsTaskDefinitionSpec } from './types.js';

const active = (w: World, family = 'web'): number[] =>
  w.ecs
    .revisions(family)
    .filter((r) => r.status === 'ACTIVE')
    .map((r) => r.revision);

describe('TaskDefinitionReconciler: spec.adopt', () => {
  const outside = registerOutside;

  /** The world of `spec` on an ECS where revisions of `web` with `outsideSpecs` were registered first. */
  async function afterOutside(
    spec: EcsTaskDefinitionSpec,
    ...outsideSpecs: EcsTaskDefinitionSpec[]
  ): Promise<World> {
    const ecs = new FakeEcs();
    for (const o of outsideSpecs) await outside(ecs, o);
    return world(spec, { ecs });
  }

  it('adopts an outside revision with the same content: no write to ECS, status names it', async () => {
    const w = await afterOutside({ ...fargate('httpd:2.4'), adopt: true }, fargate('httpd:2.4'));
    await w.run();
    for (let i = 0; i < 5; i++) await w.run();
    expect(w.ecs.count('registerTaskDefinition')).toBe(0);
    expect(w.ecs.count('tagResource')).toBe(0);
    expect(w.ecs.count('untagResource')).toBe(0);
    expect(w.ecs.count('deregisterTaskDefinition')).toBe(0);
    expect(w.store.obj.status).toMatchObject({
      revision: 1,
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
    });
    expect(findCondition(w.store.obj.status?.conditions, 'Ready')).toMatchObject({ status: 'True' });
    expect(w.ecs.revisions('web')[0]?.tags).toEqual([]);
  });

  it('without spec.adopt registers its own copy, as before', async () => {
    const w = await afterOutside(fargate('httpd:2.4'), fargate('httpd:2.4'));
    await w.run();
    expect(w.ecs.count('registerTaskDefinition')).toBe(1);
    expect(w.store.obj.status?.revision).toBe(2);
  });

  it('never adopts a revision with other content or another owner', async () => {
    const ecs = new FakeEcs();
    await outside(ecs, fargate('httpd:2.3'));
    await outside(ecs, fargate('httpd:2.4'), [
      { key: TAG_KEYS.owner, value: 'prod/other' },
      { key: TAG_KEYS.instance, value: 'inst-1' },
    ]);
    const w = world({ ...fargate('httpd:2.4'), adopt: true }, { ecs });
    await w.run();
    expect(w.ecs.count('registerTaskDefinition')).toBe(1);
    expect(w.store.obj.status?.revision).toBe(3);
  });

  it('a spec change after adoption registers a tagged revision; the adopted one is never collected', async () => {
    const w = await afterOutside(
      { ...fargate('httpd:2.4'), adopt: true, revisionHistoryLimit: 0 },
      fargate('httpd:2.4'),
    );
    await w.run();
    w.store.setSpec({ ...fargate('httpd:2.5'), adopt: true, revisionHistoryLimit: 0 });
    await w.run();
    await w.run();
    expect(w.store.obj.status?.revision).toBe(2);
    expect(active(w)).toEqual([1, 2]);
    expect(w.ecs.count('deregisterTaskDefinition')).toBe(0);
  });
});

describe('TaskDefinitionReconciler', () => {
  it('create: one registration, finalizer, Ready status with the revision', async () => {
    const w = world(fargate('httpd:2.4'));
    await w.run();
    expect(w.ecs.count('registerTaskDefinition')).toBe(1);
    expect(w.store.hasFinalizer()).toBe(true);
    const status = w.store.obj.status;
    expect(status).toMatchObject({
      observedGeneration: 1,
      family: 'web',
      revision: 1,
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
      revisions: [
        { revision: 1, taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1' },
      ],
    });
    expect(status?.specHash).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(findCondition(status?.conditions, 'Ready')).toMatchObject({
      status: 'True',
      reason: 'UpToDate',
      observedGeneration: 1,
    });
    expect(findCondition(status?.conditions, 'Reconciling')?.status).toBe('False');
    expect(findCondition(status?.conditions, 'Stalled')?.status).toBe('False');
    // First visit wrote Reconciling=True/Ready=Unknown, then the result.
    expect(w.store.statusWrites).toBe(2);
    expect(w.events.reasons()).toEqual(['Registered']);
    const [registered] = w.ecs.revisions('web');
    expect(registered?.tags).toEqual(
      expect.arrayContaining([
        { key: TAG_KEYS.owner, value: 'prod/web' },
        { key: TAG_KEYS.instance, value: 'inst-1' },
        { key: TAG_KEYS.specHash, value: status?.specHash },
      ]),
    );
  });

  it('many resyncs without a change: no registration, no status write, one list per resync', async () => {
    const w = world(fargate('httpd:2.4'));
    await w.run();
    w.ecs.resetCalls();
    const writes = w.store.statusWrites;
    for (let i = 0; i < 25; i++) await w.run();
    expect(w.ecs.count('registerTaskDefinition')).toBe(0);
    expect(w.ecs.count('describeTaskDefinition')).toBe(0);
    expect(w.ecs.count('listTaskDefinitions')).toBe(25);
    expect(w.ecs.totalCalls()).toBe(25);
    expect(w.store.statusWrites).toBe(writes);
  });

  it('handed a copy older than its own writes (a lagging informer), it writes nothing again', async () => {
    const w = world(fargate('httpd:2.4'));
    const stale = [w.store.obj];
    const writer = w.store;
    // Keep every copy the reconciler's writes produced, as an informer that lags would hand them out.
    const updateStatus = writer.updateStatus.bind(writer);
    writer.updateStatus = async (obj, status) => {
      stale.push(obj);
      return updateStatus(obj, status);
    };
    await w.run();
    const { statusWrites, finalizerWrites } = w.store;
    const converged = w.store.obj.status;
    for (const copy of stale) await w.reconciler.reconcile(testContext(), copy);
    expect(w.store.statusWrites).toBe(statusWrites);
    expect(w.store.finalizerWrites).toBe(finalizerWrites);
    expect(w.store.obj.status).toEqual(converged);
    expect(w.ecs.count('registerTaskDefinition')).toBe(1);
  });

  it('an image change registers exactly one new revision and status follows', async () => {
    const w = world(fargate('httpd:2.4'));
    await w.run();
    w.store.setSpec(fargate('httpd:2.5'));
    for (let i = 0; i < 5; i++) await w.run();
    expect(w.ecs.count('registerTaskDefinition')).toBe(2);
    expect(w.ecs.revisions('web').map((r) => r.image)).toEqual(['httpd:2.4', 'httpd:2.5']);
    expect(w.store.obj.status).toMatchObject({ observedGeneration: 2, revision: 2 });
    expect(w.store.obj.status?.revisions?.map((r) => r.revision)).toEqual([2, 1]);
  });

  it('the operator dies after registering, before the status write: the restart adopts, no duplicate', async () => {
    const w = world(fargate('httpd:2.4'));
    await w.run();
    w.store.setSpec(fargate('httpd:2.5'));
    w.store.failNextStatusWrite = new Error('connection reset');
    await expect(w.run()).rejects.toThrow();
    expect(w.ecs.count('registerTaskDefinition')).toBe(2);
    expect(w.store.obj.status?.revision).toBe(1);

    w.restart();
    await w.run();
    expect(w.ecs.count('registerTaskDefinition')).toBe(2);
    expect(w.store.obj.status).toMatchObject({ revision: 2, observedGeneration: 2 });
    expect(w.ecs.count('describeTaskDefinition')).toBe(2);
  });

  it('dies on the very first visit right after registering: still one revision', async () => {
    const w = world(fargate('httpd:2.4'));
    // The first status write (Reconciling=True) lands; make the second one fail.
    const original = w.store.updateStatus.bind(w.store);
    let writes = 0;
    w.store.updateStatus = (obj, status) => {
      writes += 1;
      return writes === 2 ? Promise.reject(new Error('killed')) : original(obj, status);
    };
    await expect(w.run()).rejects.toThrow('killed');
    w.restart();
    await w.run();
    await w.run();
    expect(w.ecs.count('registerTaskDefinition')).toBe(1);
    expect(w.store.obj.status?.revision).toBe(1);
  });

  it('history limit: keeps current + limit, never one a service runs, never one it does not own', async () => {
    const ecs = new FakeEcs();
    // Another object's revision and another installation's revision in the same family.
    const foreign = (image: string, owner: string, instance: string) =>
      ecs.registerTaskDefinition({
        family: 'web',
        containerDefinitions: [{ name: 'x', image }],
        tags: [
          { key: TAG_KEYS.owner, value: owner },
          { key: TAG_KEYS.instance, value: instance },
        ],
      });
    await foreign('other:1', 'dev/web', 'inst-1');
    await foreign('other:2', 'prod/web', 'inst-2');
    const w = world(fargate('app:0', { revisionHistoryLimit: 2 }), { ecs });
    await w.run(); // revision 3
    w.inUse.add('web:3'); // a service still runs the first one
    for (let i = 1; i <= 6; i++) {
      w.store.setSpec(fargate(`app:${i}`, { revisionHistoryLimit: 2 }));
      await w.run();
    }
    // Ours: 3..9. Current 9, two older kept (8, 7), 3 in use; 4, 5, 6 deleted.
    expect(active(w)).toEqual([1, 2, 3, 7, 8, 9]);
    expect(ecs.revisions('web').map((r) => r.revision)).toEqual([1, 2, 3, 7, 8, 9]);
    expect(w.events.reasons()).toContain('GarbageCollected');
    expect(w.store.obj.status?.revisions?.map((r) => r.revision)).toEqual([9, 8, 7, 3]);

    // Once the service moves on, the next resync collects it.
    w.inUse.clear();
    await w.run();
    expect(active(w)).toEqual([1, 2, 7, 8, 9]);
  });

  it('invalid spec: no AWS call, Stalled with the field, value and fix, terminal, no repeat write', async () => {
    const w = world(fargate('httpd:2.4', { taskRoleArn: 'app-role' }));
    const err: unknown = await w.run().catch((e: unknown) => e);
    expect(isTerminalError(err)).toBe(true);
    expect(w.ecs.totalCalls()).toBe(0);
    expect(w.store.statusWrites).toBe(1); // straight to Stalled, no Reconciling=True first
    const ready = findCondition(w.store.obj.status?.conditions, 'Ready');
    expect(ready).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
    expect(ready?.message).toContain('spec.taskRoleArn "app-role"');
    expect(ready?.message).toContain('arn:aws:iam::<account-id>:role/app-role');
    expect(findCondition(w.store.obj.status?.conditions, 'Stalled')?.status).toBe('True');
    expect(w.events.reasons()).toEqual(['InvalidSpec']);

    const writes = w.store.statusWrites;
    await expect(w.run()).rejects.toThrow();
    expect(w.store.statusWrites).toBe(writes);
    expect(w.events.reasons()).toEqual(['InvalidSpec']);

    w.store.setSpec(fargate('httpd:2.4', { taskRoleArn: 'arn:aws:iam::123456789012:role/app-role' }));
    await w.run();
    expect(findCondition(w.store.obj.status?.conditions, 'Stalled')?.status).toBe('False');
    expect(findCondition(w.store.obj.status?.conditions, 'Ready')?.status).toBe('True');
  });

  it('a metadata.name ECS refuses as a family (no spec.family): no AWS call, Stalled naming both', async () => {
    const w = world(fargate('httpd:2.4'), { name: 'web.v2' });
    const err: unknown = await w.run().catch((e: unknown) => e);
    expect(isTerminalError(err)).toBe(true);
    expect(w.ecs.totalCalls()).toBe(0);
    const ready = findCondition(w.store.obj.status?.conditions, 'Ready');
    expect(ready).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
    expect(ready?.message).toContain('metadata.name "web.v2"');
    expect(ready?.message).toContain('set spec.family explicitly');
    expect(w.events.reasons()).toEqual(['InvalidSpec']);
  });

  it('throttling is retried and never shown as failure', async () => {
    const w = world(fargate('httpd:2.4'));
    w.ecs.failNext('registerTaskDefinition', awsError('ThrottlingException', 'Rate exceeded'));
    const err: unknown = await w.run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(isTerminalError(err)).toBe(false);
    const conditions = w.store.obj.status?.conditions;
    expect(findCondition(conditions, 'Ready')?.status).toBe('Unknown');
    expect(findCondition(conditions, 'Reconciling')).toMatchObject({ status: 'True', reason: 'Throttled' });
    expect(findCondition(conditions, 'Stalled')?.status).toBe('False');

    await w.run();
    expect(w.ecs.count('registerTaskDefinition')).toBe(2); // one throttled, one landed
    expect(w.ecs.revisions('web')).toHaveLength(1);

    // A throttled resync while converged: no status write at all, Ready stays True.
    const writes = w.store.statusWrites;
    w.ecs.failNext('listTaskDefinitions', awsError('ThrottlingException', 'Rate exceeded'));
    await expect(w.run()).rejects.toThrow();
    expect(w.store.statusWrites).toBe(writes);
    expect(findCondition(w.store.obj.status?.conditions, 'Ready')?.status).toBe('True');
  });

  it('access denied is terminal: Stalled with AccessDenied and a Failed event', async () => {
    const w = world(fargate('httpd:2.4'));
    w.ecs.failNext(
      'listTaskDefinitions',
      awsError('AccessDeniedException', 'not authorized to perform ecs:ListTaskDefinitions', 403),
    );
    const err: unknown = await w.run().catch((e: unknown) => e);
    expect(isTerminalError(err)).toBe(true);
    expect(findCondition(w.store.obj.status?.conditions, 'Stalled')).toMatchObject({
      status: 'True',
      reason: 'AccessDenied',
    });
    expect(findCondition(w.store.obj.status?.conditions, 'Ready')?.status).toBe('False');
    expect(w.events.reasons()).toEqual(['Failed']);
  });

  /**
   * A world whose first revision, replaced by `a:2`, was deregistered but not deleted (as a crash
   * between the two would leave it: INACTIVE), restarted since: the pending deletion is forgotten
   * with the process.
   */
  async function restartedAfterFailedDelete(options: Parameters<typeof world>[1] = {}): Promise<World> {
    const w = world(fargate('a:1', { revisionHistoryLimit: 0 }), options);
    await w.run();
    w.store.setSpec(fargate('a:2', { revisionHistoryLimit: 0 }));
    w.ecs.failNext('deleteTaskDefinitions', awsError('ServerException', 'internal error', 500));
    await expect(w.run()).rejects.toThrow();
    w.restart();
    return w;
  }

  it('an INACTIVE revision left by a crash between deregister and delete is deleted after a restart', async () => {
    const w = await restartedAfterFailedDelete();
    await w.run();
    expect(w.ecs.revisions('web').map((r) => `${r.revision}:${r.status}`)).toEqual(['2:ACTIVE']);
    // Once per family per process: the next reconcile lists ACTIVE revisions only.
    w.ecs.resetCalls();
    await w.run();
    expect(w.ecs.count('listTaskDefinitions')).toBe(1);
  });

  it('with the Region-wide INACTIVE listing, a revision left by a crash is still deleted after a restart, without a per-family INACTIVE listing', async () => {
    const regionListings: number[] = [];
    const w = await restartedAfterFailedDelete({ regionListings });
    w.ecs.resetCalls();
    const before = regionListings.length;
    await w.run();
    expect(w.ecs.revisions('web').map((r) => `${r.revision}:${r.status}`)).toEqual(['2:ACTIVE']);
    expect(regionListings.length - before).toBe(1);
    // The family's ACTIVE listing only: its INACTIVE ones came from the Region's listing.
    expect(w.ecs.count('listTaskDefinitions')).toBe(1);
    w.ecs.resetCalls();
    await w.run();
    expect(regionListings.length - before).toBe(1);
    expect(w.ecs.count('listTaskDefinitions')).toBe(1);
  });

  it('deleting the object deletes INACTIVE revisions it left before a restart', async () => {
    const w = await restartedAfterFailedDelete();
    w.store.markDeleted();
    await w.run();
    expect(w.ecs.revisions('web')).toEqual([]);
    expect(w.store.hasFinalizer()).toBe(false);
  });

  it('a failed delete after deregistering is finished by the next reconcile', async () => {
    const w = world(fargate('a:1', { revisionHistoryLimit: 0 }));
    await w.run();
    w.store.setSpec(fargate('a:2', { revisionHistoryLimit: 0 }));
    w.ecs.failNext('deleteTaskDefinitions', awsError('ServerException', 'internal error', 500));
    await expect(w.run()).rejects.toThrow();
    expect(w.ecs.revisions('web').map((r) => `${r.revision}:${r.status}`)).toEqual([
      '1:INACTIVE',
      '2:ACTIVE',
    ]);
    await w.run();
    expect(w.ecs.revisions('web').map((r) => `${r.revision}:${r.status}`)).toEqual(['2:ACTIVE']);
    expect(w.ecs.count('registerTaskDefinition')).toBe(2);
  });

  it('a deregistration that landed but whose answer was lost is deleted by the next reconcile, after one listing of the family', async () => {
    const regionListings: number[] = [];
    const w = world(fargate('a:1', { revisionHistoryLimit: 0 }), { regionListings });
    await w.run();
    w.store.setSpec(fargate('a:2', { revisionHistoryLimit: 0 }));
    w.ecs.loseAnswerOfNext('deregisterTaskDefinition', awsError('TimeoutError', 'socket hang up', 500));
    await expect(w.run()).rejects.toThrow();
    expect(w.ecs.revisions('web').map((r) => `${r.revision}:${r.status}`)).toEqual([
      '1:INACTIVE',
      '2:ACTIVE',
    ]);
    w.ecs.resetCalls();
    await w.run();
    expect(w.ecs.revisions('web').map((r) => `${r.revision}:${r.status}`)).toEqual(['2:ACTIVE']);
    // The family's own INACTIVE listing (the Region's listing of the process start predates it).
    expect(w.ecs.callsOf('listTaskDefinitions').map((c) => (c.input as { status: string }).status)).toEqual([
      'ACTIVE',
      'INACTIVE',
    ]);
    w.ecs.resetCalls();
    await w.run();
    expect(w.ecs.callsOf('listTaskDefinitions').map((c) => (c.input as { status: string }).status)).toEqual([
      'ACTIVE',
    ]);
  });

  it('tag changes re-tag the current revision without registering', async () => {
    const w = world(
      fargate('a:1', {
        tags: [
          { key: 'team', value: 'a' },
          { key: 'old', value: 'x' },
        ],
      }),
    );
    await w.run();
    w.store.setSpec(fargate('a:1', { tags: [{ key: 'team', value: 'b' }] }));
    await w.run();
    await w.run();
    expect(w.ecs.count('registerTaskDefinition')).toBe(1);
    expect(w.ecs.count('tagResource')).toBe(1);
    expect(w.ecs.count('untagResource')).toBe(1);
    const tags = w.ecs.revisions('web')[0]?.tags.filter((t) => !t.key?.startsWith('ecs-bridge.dev/'));
    expect(tags).toEqual([{ key: 'team', value: 'b' }]);
  });

  it('deletion deregisters nothing when the user removed our finalizer while the visit read ECS', async () => {
    let deleting = false;
    const w = world(fargate('a:1'), {
      reconciler: {
        revisionsInUse: () => {
          // The visit began on a copy with our finalizer; the user removes it during the reads.
          if (deleting) w.store.dropFinalizersByHand();
          return Promise.resolve(new Set<string>());
        },
      },
    });
    await w.run();
    expect(w.store.hasFinalizer()).toBe(true);
    w.store.markDeleted();
    deleting = true;
    w.ecs.resetCalls();
    await w.run();
    expect(w.ecs.count('listTaskDefinitions')).toBeGreaterThan(0);
    expect(w.ecs.count('deregisterTaskDefinition')).toBe(0);
    expect(w.ecs.count('deleteTaskDefinitions')).toBe(0);
    expect(w.ecs.revisions('web').map((r) => `${r.revision}:${r.status}`)).toEqual(['1:ACTIVE']);
  });

  it('deletion with Delete: deregisters and deletes its revisions, in use or not, removes the finalizer', async () => {
    const ecs = new FakeEcs();
    await ecs.registerTaskDefinition({
      family: 'web',
      containerDefinitions: [{ name: 'x', image: 'foreign' }],
    });
    const w = world(fargate('a:1'), { ecs });
    await w.run();
    w.store.setSpec(fargate('a:2'));
    await w.run();
    w.inUse.add('arn:aws:ecs:us-east-1:123456789012:task-definition/web:3');
    w.store.markDeleted();
    await w.run();
    // The foreign revision 1 stays; 3, which a service runs, goes too (ECS keeps it until it stops).
    expect(ecs.revisions('web').map((r) => `${r.revision}:${r.status}`)).toEqual(['1:ACTIVE']);
    expect(w.store.hasFinalizer()).toBe(false);
    expect(w.events.reasons().at(-1)).toBe('Deleted');
    expect(w.events.events.at(-1)?.message).toContain('DELETE_IN_PROGRESS');
    // Gone objects are not reconciled again, but if they were: nothing more happens.
    ecs.resetCalls();
    await w.run();
    expect(ecs.totalCalls()).toBe(0);
  });

  it.each<[string, EcsTaskDefinitionSpec, Parameters<typeof world>[1]]>([
    [
      'deletion with Retain: no AWS call, the finalizer goes',
      fargate('a:1', { deletionPolicy: 'Retain' }),
      {},
    ],
    [
      "deletion with the installation's default Retain and no policy of its own: no AWS call, the finalizer goes",
      fargate('a:1'),
      { defaultDeletionPolicy: 'Retain' },
    ],
  ])('%s', async (_name, spec, options) => {
    const w = world(spec, options);
    await w.run();
    w.ecs.resetCalls();
    w.store.markDeleted();
    await w.run();
    expect(w.ecs.totalCalls()).toBe(0);
    expect(w.ecs.revisions('web').map((r) => r.status)).toEqual(['ACTIVE']);
    expect(w.store.hasFinalizer()).toBe(false);
    expect(w.events.reasons().at(-1)).toBe('Retained');
  });

  it("deletion with the object's own Delete under the installation's Retain: deregisters", async () => {
    const w = world(fargate('a:1', { deletionPolicy: 'Delete' }), { defaultDeletionPolicy: 'Retain' });
    await w.run();
    w.store.markDeleted();
    await w.run();
    expect(w.ecs.revisions('web').map((r) => r.status)).not.toContain('ACTIVE');
    expect(w.events.reasons().at(-1)).toBe('Deleted');
  });

  it('deletion that AWS refuses is terminal and says how to let go', async () => {
    const w = world(fargate('a:1'));
    await w.run();
    w.store.markDeleted();
    w.ecs.failNext('deregisterTaskDefinition', awsError('AccessDeniedException', 'denied', 403));
    await expect(w.run()).rejects.toSatisfy(isTerminalError);
    expect(w.store.hasFinalizer()).toBe(true);
    expect(findCondition(w.store.obj.status?.conditions, 'Stalled')?.message).toContain(
      'deletionPolicy: Retain',
    );
  });

  it('uses the EcsApi of spec.region', async () => {
    const w = world(fargate('a:1', { region: 'eu-west-1' }));
    await w.run();
    expect(new Set(w.regions)).toEqual(new Set(['eu-west-1']));
  });

  it('two objects sharing a family (one per namespace) never touch each other’s revisions', async () => {
    const ecs = new FakeEcs();
    const dev = world(fargate('a:dev', { revisionHistoryLimit: 0 }), { ecs, namespace: 'dev' });
    const prod = world(fargate('a:prod', { revisionHistoryLimit: 0 }), { ecs, namespace: 'prod' });
    await dev.run();
    await prod.run();
    for (let i = 0; i < 3; i++) {
      dev.store.setSpec(fargate(`a:dev${i}`, { revisionHistoryLimit: 0 }));
      await dev.run();
      await prod.run();
    }
    expect(ecs.revisions('web').map((r) => r.image)).toEqual(['a:prod', 'a:dev2']);
    expect(prod.store.obj.status?.revision).toBe(2);
    expect(ecs.count('registerTaskDefinition')).toBe(5);
  });

  it('adds the finalizer only once', async () => {
    const w = world(fargate('a:1'));
    await w.run();
    await w.run();
    expect(w.store.finalizerWrites).toBe(1);
  });
});

describe('TaskDefinitionReconciler: revisions an earlier object of the same name left behind', () => {
  /** The first object registers a revision and vanishes without cleaning up (finalizer removed). */
  async function leftBehind(spec: EcsTaskDefinitionSpec): Promise<{ ecs: FakeEcs; arn: string }> {
    const first = world(spec);
    await first.run();
    const arn = first.ecs.revisions('web')[0]?.arn ?? '';
    expect(first.ecs.revisions('web')[0]?.tags).toContainEqual({
      key: 'ecs-bridge.dev/owner-uid',
      value: 'uid-web',
    });
    return { ecs: first.ecs, arn };
  }

  /** A new object of the same name and namespace: another uid. */
  function secondObject(spec: EcsTaskDefinitionSpec, ecs: FakeEcs): World {
    const w = world(spec, { ecs });
    w.store.obj = { ...w.store.obj, metadata: { ...w.store.obj.metadata, uid: 'uid-second' } };
    return w;
  }

  it('are not taken over: the new object registers its own revision and never touches them', async () => {
    const spec = fargate('a:1', { revisionHistoryLimit: 0 });
    const { ecs, arn } = await leftBehind(spec);
    const w = secondObject(spec, ecs);
    ecs.resetCalls();
    await w.run();
    expect(ecs.count('registerTaskDefinition')).toBe(1);
    expect(ecs.revisions('web').map((r) => `${r.revision}:${r.status}`)).toEqual(['1:ACTIVE', '2:ACTIVE']);
    expect(ecs.count('deregisterTaskDefinition') ?? 0).toBe(0);
    // Deleting the new object deletes only its own revision.
    w.store.markDeleted();
    await w.run();
    expect(ecs.revisions('web').map((r) => r.arn)).toEqual([arn]);
  });

  it('with spec.adopt are taken over as they are, re-tagged with the new uid', async () => {
    const spec = fargate('a:1');
    const { ecs, arn } = await leftBehind(spec);
    const w = secondObject({ ...spec, adopt: true }, ecs);
    ecs.resetCalls();
    await w.run();
    expect(ecs.count('registerTaskDefinition') ?? 0).toBe(0);
    expect(w.store.obj.status?.taskDefinitionArn).toBe(arn);
    expect(ecs.revisions('web')[0]?.tags).toContainEqual({
      key: 'ecs-bridge.dev/owner-uid',
      value: 'uid-second',
    });
    // Adopted for good: without spec.adopt it stays this object's.
    w.store.setSpec(spec);
    ecs.resetCalls();
    await w.run();
    expect(ecs.count('registerTaskDefinition') ?? 0).toBe(0);
    expect(ecs.count('tagResource') ?? 0).toBe(0);
  });
});
