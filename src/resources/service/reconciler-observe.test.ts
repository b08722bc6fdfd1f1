/**
 * The EcsService reconciler under managementPolicy Observe (ADR 0018) and while its CRD is being
 * deleted (ADR 0013): plans, reports drift, never writes to AWS; releases on deletion untouched.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { FINALIZER } from '../api-group.js';
import { reconcileAutoscaling } from '../autoscaling/reconcile-autoscaling.js';
import { createServiceAutoscaling } from '../autoscaling/service-autoscaling.js';
import { FakeAwsAutoscaling } from '../autoscaling/testing/fake-apis.js';
import type { ServiceAutoscaling } from './ports.js';
import type { FakeEcs } from '../../aws/testing/fake-ecs.js';
import type { FakeEventRecorder } from '../../k8s/testing/fake-event-recorder.js';
import { type MemoryServiceStore, webRevision, webServiceSpec, worldPerTest } from './testing/harness.js';
import type { EcsServiceSpec } from './types.js';

const TD = webRevision;

const spec: EcsServiceSpec = { ...webServiceSpec, managementPolicy: 'Observe' };

const { world, reconciler, run, condition } = worldPerTest(spec);
let ecs: FakeEcs;
let store: MemoryServiceStore;
let events: FakeEventRecorder;

/** A service someone else created, exactly as the spec describes it (no ecs-bridge tags). */
function seedMatching(): void {
  world().seedUnowned();
  ecs.completeRollout('demo', 'web');
}

beforeEach(() => {
  ({ ecs, store, events } = world());
});

describe('EcsServiceReconciler: managementPolicy Observe', () => {
  it('is Ready and InSync when an untagged service matches the spec, with no AWS write', async () => {
    seedMatching();
    await run();
    expect(ecs.writes()).toEqual([]);
    expect(condition('Ready')).toBe('True/InSync');
    expect(condition('Drifted')).toBe('False/InSync');
    expect(store.obj.status?.drift).toBeUndefined();
    expect(store.obj.status).toMatchObject({ desiredCount: 2, taskDefinitionArn: TD(1) });
  });

  it('reports drift made behind its back, field by field, and still writes nothing', async () => {
    seedMatching();
    await run();
    ecs.mutate('demo', 'web', (svc) => {
      svc.desiredCount = 5;
      svc.tags = [{ key: 'team', value: 'ops' }];
    });
    await run();
    expect(ecs.writes()).toEqual([]);
    expect(condition('Drifted')).toBe('True/Drifted');
    expect(condition('Ready')).toBe('False/Drifted');
    expect(condition('Stalled')).toBe('True/Drifted');
    expect(store.obj.status?.drift).toEqual({
      fields: ['desiredCount', 'tags'],
      // In the plan's order: tags go before UpdateService.
      changes: [
        { path: 'tags.team', observed: '"ops"', desired: '"shop"' },
        { path: 'desiredCount', observed: '5', desired: '2' },
      ],
    });
    const drifted = store.obj.status?.conditions?.find((c) => c.type === 'Drifted');
    expect(drifted?.message).toContain(
      'ECS service web in cluster demo differs from the spec in desiredCount, tags',
    );
  });

  it('reports a missing service as drift and creates nothing', async () => {
    await run();
    expect(ecs.writes()).toEqual([]);
    expect(condition('Ready')).toBe('False/Drifted');
    expect(store.obj.status?.drift?.changes).toEqual([{ path: 'service', desired: '"web"' }]);
  });

  it("applies the installation's default Observe to an object that sets none, and its own Manage wins", async () => {
    seedMatching();
    ecs.mutate('demo', 'web', (svc) => {
      svc.desiredCount = 5;
    });
    const { managementPolicy: _p, ...unset } = spec;
    store.setSpec(unset);
    await run(reconciler({ defaultManagementPolicy: 'Observe' }));
    expect(ecs.writes()).toEqual([]);
    expect(condition('Drifted')).toBe('True/Drifted');

    store.setSpec({ ...unset, managementPolicy: 'Manage', adopt: true });
    await run(reconciler({ defaultManagementPolicy: 'Observe' }));
    expect(ecs.callsOf('updateService')).toHaveLength(1);
    expect(ecs.get('demo', 'web')?.desiredCount).toBe(2);
    // Managed again: the drift report goes.
    expect(condition('Drifted')).toBe('none');
    expect(store.obj.status?.drift).toBeUndefined();
  });

  it('never runs the autoscaling sub-reconciler (it writes), even without a preview', async () => {
    seedMatching();
    let calls = 0;
    const autoscaling: ServiceAutoscaling = {
      plan: () => {
        calls += 1;
        return Promise.reject(new Error('must not be called'));
      },
    };
    await run(reconciler({ autoscaling }));
    expect(calls).toBe(0);
    expect(condition('Ready')).toBe('True/InSync');
  });

  describe('with spec.autoscaling', () => {
    const autoscalingSpec = { minCapacity: 1, maxCapacity: 6, cpu: { targetValue: 60 } };
    let aws: FakeAwsAutoscaling;
    const observing = () =>
      reconciler({
        autoscaling: createServiceAutoscaling({ apisFor: () => ({ autoscaling: aws, loadBalancing: aws }) }),
      });

    beforeEach(async () => {
      aws = new FakeAwsAutoscaling();
      // Autoscaling as the spec describes it, set up by someone else.
      await reconcileAutoscaling({
        api: aws,
        loadBalancing: aws,
        service: { clusterName: 'demo', serviceName: 'web' },
        spec: autoscalingSpec,
      });
      aws.calls.length = 0;
      store.setSpec({ ...spec, autoscaling: autoscalingSpec });
      seedMatching();
    });

    it('is InSync when the scalable target and policies match, reading only', async () => {
      await run(observing());
      expect(aws.calls.map((c) => c.op)).toEqual([
        'describeScalableTargets',
        'describeScalingPolicies',
        'describeScheduledActions',
      ]);
      expect(condition('Drifted')).toBe('False/InSync');
      expect(store.obj.status?.drift).toBeUndefined();
    });

    it('reports a changed max capacity as autoscaling drift, with no write anywhere', async () => {
      await aws.registerScalableTarget({
        ServiceNamespace: 'ecs',
        ResourceId: 'service/demo/web',
        ScalableDimension: 'ecs:service:DesiredCount',
        MaxCapacity: 9,
      });
      aws.calls.length = 0;
      // Autoscaling owns desiredCount: a different count is not drift.
      ecs.mutate('demo', 'web', (svc) => (svc.desiredCount = 4));
      await run(observing());
      expect(aws.writes()).toEqual([]);
      expect(ecs.writes()).toEqual([]);
      expect(aws.target('service/demo/web')?.MaxCapacity).toBe(9);
      expect(condition('Drifted')).toBe('True/Drifted');
      expect(store.obj.status?.drift).toEqual({
        fields: ['autoscaling'],
        changes: [{ path: 'autoscaling.maxCapacity', observed: '9', desired: '6' }],
      });
      const drifted = store.obj.status?.conditions?.find((c) => c.type === 'Drifted');
      expect(drifted?.message).toContain('differs from the spec in autoscaling');
    });

    it('reports an invalid spec.autoscaling with the error Manage gives, reading and writing nothing', async () => {
      // Valid for the CRD and the object's own validation; refused by autoscaling: the service has
      // no load balancer to take the target group from.
      const invalid = { minCapacity: 1, maxCapacity: 3, albRequestCountPerTarget: { targetValue: 100 } };
      store.setSpec({ ...spec, autoscaling: invalid });
      await run(observing());
      // What the sub-reconciler says of the same spec under Manage.
      const managed = await reconcileAutoscaling({
        api: aws,
        loadBalancing: aws,
        service: { clusterName: 'demo', serviceName: 'web' },
        spec: invalid,
      });
      expect(managed.condition.reason).toBe('InvalidAutoscaling');
      const reported = store.obj.status?.conditions?.find((c) => c.type === 'AutoscalingReady');
      expect(reported).toMatchObject({
        status: 'False',
        reason: 'InvalidAutoscaling',
        message: managed.condition.message,
      });
      expect(reported?.message).toBe(
        'spec.autoscaling.albRequestCountPerTarget needs a target group: set its targetGroupArn or give the service a load balancer with a targetGroupArn',
      );
      expect(condition('Ready')).toBe('False/InvalidAutoscaling');
      expect(condition('Stalled')).toBe('True/InvalidAutoscaling');
      expect(aws.calls).toEqual([]);
      expect(ecs.writes()).toEqual([]);

      // Fixed: the condition clears and the service is InSync again.
      store.setSpec({ ...spec, autoscaling: autoscalingSpec });
      await run(observing());
      expect(condition('Ready')).toBe('True/InSync');
      expect(condition('AutoscalingReady')).not.toBe('False/InvalidAutoscaling');
      expect(aws.writes()).toEqual([]);
    });

    it('handles a failed autoscaling read like its other reads: retried, nothing concluded or written', async () => {
      aws.failNext(
        'describeScalableTargets',
        Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
      );
      await expect(run(observing())).rejects.toThrow();
      expect(aws.writes()).toEqual([]);
      expect(ecs.writes()).toEqual([]);
      expect(condition('Drifted')).toBe('none');
    });
  });

  it('releases the object on deletion without an AWS call', async () => {
    seedMatching();
    await run();
    store.requestDeletion();
    const callsBefore = ecs.calls.length;
    await run();
    expect(store.deleted).toBe(true);
    expect(ecs.calls.length).toBe(callsBefore);
    expect(events.reasons()).toContain('ObservedOnly');
  });
});

describe('EcsServiceReconciler: its CRD being deleted', () => {
  it('releases a managed object with deletionPolicy Delete without an AWS call', async () => {
    const managed = { ...spec, managementPolicy: 'Manage' as const, deletionPolicy: 'Delete' as const };
    store.setSpec(managed);
    let terminating = false;
    const r = reconciler({ crdTerminating: () => Promise.resolve(terminating) });
    await run(r);
    expect(store.obj.metadata.finalizers).toEqual([FINALIZER]);
    terminating = true;
    store.requestDeletion();
    const callsBefore = ecs.calls.length;
    await run(r);
    expect(store.deleted).toBe(true);
    expect(ecs.calls.length).toBe(callsBefore);
    expect(ecs.get('demo', 'web')?.status).toBe('ACTIVE');
    expect(events.reasons()).toContain('CrdDeleting');
  });

  it('deletes as before when the CRD stays', async () => {
    store.setSpec({ ...spec, managementPolicy: 'Manage', deletionPolicy: 'Delete' });
    const r = reconciler({ crdTerminating: () => Promise.resolve(false) });
    await run(r);
    store.requestDeletion();
    await run(r);
    expect(ecs.callsOf('deleteService')).toHaveLength(1);
  });
});
