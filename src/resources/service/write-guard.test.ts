import { beforeEach, describe, expect, it } from 'vitest';
import { isTerminalError } from '../../controller/reconciler.js';
import { createServiceAutoscaling } from '../autoscaling/service-autoscaling.js';
import { FakeAwsAutoscaling } from '../autoscaling/testing/fake-apis.js';
import type { WriteVerdict } from '../write-guard.js';
import type { EcsServiceReconciler } from './reconciler.js';
import type { ServiceWriteGuard } from './ports.js';
import type { FakeEcs } from '../../aws/testing/fake-ecs.js';
import { type MemoryServiceStore, ServiceTestWorld, testContext } from './testing/harness.js';

let w: ServiceTestWorld;
let ecs: FakeEcs;
let store: MemoryServiceStore;
let asked: string[][];

function reconciler(verdict: WriteVerdict, autoscaling?: FakeAwsAutoscaling): EcsServiceReconciler {
  const guard: ServiceWriteGuard = {
    name: 'test',
    check: ({ actions }) => {
      asked.push(actions.map((a) => a.type));
      return verdict;
    },
  };
  return w.reconciler({
    writeGuards: [guard],
    ...(autoscaling === undefined
      ? {}
      : {
          autoscaling: createServiceAutoscaling({
            apisFor: () => ({ autoscaling, loadBalancing: autoscaling }),
          }),
        }),
  });
}

const condition = (type: string): string => w.condition(type);

/** The verdict of the test guard when it does not allow: `suppress` withholds, `refuse` stalls. */
const withheld = (kind: 'suppress' | 'refuse', reason: string, message: string): WriteVerdict => ({
  kind,
  guard: 'test',
  reason,
  message,
});

beforeEach(() => {
  w = new ServiceTestWorld({
    cluster: 'demo',
    taskDefinitionRef: { name: 'web' },
    desiredCount: 2,
    launchType: 'FARGATE',
  });
  ({ ecs, store } = w);
  asked = [];
});

describe('EcsServiceReconciler: the guard step', () => {
  it('an allowing guard sees the plan, which is applied as before', async () => {
    await reconciler({ kind: 'allow' }).reconcile(testContext(), store.obj);
    expect(asked).toEqual([['createService']]);
    expect(ecs.writes().map((c) => c.op)).toEqual(['createService']);
  });

  it('a suppressing guard: no AWS write, Ready=False with its reason, no error', async () => {
    const verdict = withheld('suppress', 'DriftDetected', 'would create');
    await expect(reconciler(verdict).reconcile(testContext(), store.obj)).resolves.toEqual({});
    expect(ecs.writes()).toEqual([]);
    expect([condition('Ready'), condition('Reconciling'), condition('Stalled')]).toEqual([
      'False/DriftDetected',
      'False/DriftDetected',
      'False/DriftDetected',
    ]);
  });

  it('a refusing guard: no AWS write, Stalled with its reason, a TerminalError', async () => {
    const verdict = withheld('refuse', 'AccessDenied', 'tenant may not');
    const err: unknown = await reconciler(verdict)
      .reconcile(testContext(), store.obj)
      .catch((e: unknown) => e);
    expect(isTerminalError(err) && err.reason).toBe('AccessDenied');
    expect(ecs.writes()).toEqual([]);
    expect(condition('Stalled')).toBe('True/AccessDenied');
  });

  describe('autoscaling, planned with the service and written behind the guards', () => {
    const autoscalingSpec = { minCapacity: 1, maxCapacity: 6, cpu: { targetValue: 60 } };
    let aws: FakeAwsAutoscaling;

    beforeEach(async () => {
      aws = new FakeAwsAutoscaling();
      // An existing service of ours, then autoscaling asked for.
      await reconciler({ kind: 'allow' }).reconcile(testContext(), store.obj);
      store.setSpec({ ...store.obj.spec, autoscaling: autoscalingSpec });
      asked = [];
    });

    const writes = () => aws.writes().map((c) => c.op);

    it('a refusing guard holds autoscaling writes too: autoscaling was only read', async () => {
      const verdict = withheld('refuse', 'AccessDenied', 'no');
      const err: unknown = await reconciler(verdict, aws)
        .reconcile(testContext(), store.obj)
        .catch((e: unknown) => e);
      expect(isTerminalError(err)).toBe(true);
      expect(asked).toHaveLength(1);
      expect(aws.calls.length).toBeGreaterThan(0);
      expect(writes()).toEqual([]);
      expect(aws.target('service/demo/web')).toBeUndefined();
    });

    it('a suppressing guard holds them as well', async () => {
      const verdict = withheld('suppress', 'Held', 'held');
      await reconciler(verdict, aws).reconcile(testContext(), store.obj);
      expect(writes()).toEqual([]);
    });

    it('an allowing guard: the target is registered, and the UpdateService leaves desiredCount out', async () => {
      await reconciler({ kind: 'allow' }, aws).reconcile(testContext(), store.obj);
      expect(writes()).toEqual(['registerScalableTarget', 'putScalingPolicy']);
      expect(aws.target('service/demo/web')).toMatchObject({ MinCapacity: 1, MaxCapacity: 6 });
      const updates = ecs.callsOf('updateService').map((c) => c.input as { desiredCount?: number });
      expect(updates.filter((u) => u.desiredCount !== undefined)).toEqual([]);
    });
  });
});

describe('EcsServiceReconciler: a refused adoption never becomes a delete', () => {
  const refused = withheld('refuse', 'AccessDenied', 'no adoption');

  beforeEach(() => {
    // A service made outside ecs-bridge, with the same name, and an object asking to adopt it.
    ecs.seed('demo', { serviceName: 'web', taskDefinition: 'web:1', desiredCount: 3, launchType: 'FARGATE' });
    store.setSpec({ ...store.obj.spec, adopt: true, deletionPolicy: 'Delete' });
  });

  it('refused: deleting the object leaves the untagged service alone and drops the finalizer', async () => {
    await reconciler(refused)
      .reconcile(testContext(), store.obj)
      .catch(() => undefined);
    store.requestDeletion();
    await reconciler(refused).reconcile(testContext(), store.obj);
    expect(ecs.writes()).toEqual([]);
    expect(ecs.get('demo', 'web')?.status).toBe('ACTIVE');
    expect(store.deleted).toBe(true);
  });

  it('allowed: deleting the object deletes the adopted service, as before', async () => {
    await reconciler({ kind: 'allow' }).reconcile(testContext(), store.obj);
    store.requestDeletion();
    await reconciler({ kind: 'allow' }).reconcile(testContext(), store.obj);
    expect(ecs.callsOf('deleteService')).toHaveLength(1);
  });
});
