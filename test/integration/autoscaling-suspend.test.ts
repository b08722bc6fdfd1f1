/**
 * `spec.autoscaling.suspend` end to end, with the operator run as users run it: pause scale-in for
 * an incident, pause everything, hand the switch back (the block left out: a state set by hand is
 * never reverted), resume by flipping the flags in the manifest, remove autoscaling. Each flip is
 * exactly one RegisterScalableTarget carrying SuspendedState, read back from moto; a policy
 * ecs-bridge did not create is never written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeleteScalingPolicyCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { waitFor } from '../world/wait.js';
import type { Network } from '../support/aws-fixtures.js';
import { callMark, callsSince, paramsOf, scalingInMoto } from '../support/autoscaling.js';
import { apply, condition, waitForResource, type Resource } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import { awsClients } from '../support/world-client.js';
import { autoscalingWorld } from '../support/autoscaling-world.js';

const CLUSTER = 'suspend-demo';
const SERVICE = 'worker';
const RESOURCE_ID = `service/${CLUSTER}/${SERVICE}`;
const RESYNC = '2s';
const CPU = { targetValue: 60 };
const TARGET = {
  ServiceNamespace: 'ecs',
  ResourceId: RESOURCE_ID,
  ScalableDimension: 'ecs:service:DesiredCount',
} as const;

interface Suspended {
  dynamicScalingIn: boolean;
  dynamicScalingOut: boolean;
  scheduledScaling: boolean;
}
const NONE: Suspended = { dynamicScalingIn: false, dynamicScalingOut: false, scheduledScaling: false };
const IN_ONLY: Suspended = { ...NONE, dynamicScalingIn: true };
const ALL: Suspended = { dynamicScalingIn: true, dynamicScalingOut: true, scheduledScaling: true };

function suspendedOf(r: Resource | undefined): Suspended | undefined {
  const a = r?.status?.['autoscaling'] as { suspended?: Suspended } | undefined;
  return a?.suspended;
}

/** The target's SuspendedState as moto holds it, flags AWS leaves out read as false. */
async function suspendedInMoto(): Promise<Suspended> {
  const s = (await scalingInMoto(RESOURCE_ID)).target?.SuspendedState;
  return {
    dynamicScalingIn: s?.DynamicScalingInSuspended ?? false,
    dynamicScalingOut: s?.DynamicScalingOutSuspended ?? false,
    scheduledScaling: s?.ScheduledScalingSuspended ?? false,
  };
}

describe('pausing and resuming autoscaling from the manifest (spec.autoscaling.suspend)', () => {
  let operator: OperatorProcess;
  let namespace: string;
  let network: Network;
  /** The proxy's log position when this file's world was fresh. */
  let start: number;

  function service(autoscaling: Record<string, unknown> | undefined): object {
    return {
      apiVersion: 'ecs-bridge.dev/v1alpha1',
      kind: 'EcsService',
      metadata: { name: SERVICE },
      spec: {
        cluster: CLUSTER,
        taskDefinitionRef: { name: SERVICE },
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: [...network.subnetIds], securityGroups: [network.securityGroupId] },
        },
        ...(autoscaling === undefined ? {} : { autoscaling }),
      },
    };
  }

  const taskDefinition = {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsTaskDefinition',
    metadata: { name: SERVICE },
    spec: {
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: 'busybox:1.36' }],
    },
  };

  function waitForService(what: string, predicate: (r: Resource) => boolean): Promise<Resource> {
    return waitForResource('ecsservices', namespace, SERVICE, predicate, { timeoutMs: 90_000, what });
  }

  /** Waits until the operator has read the target `n` more times: `n` visits that could have written. */
  async function resyncs(n: number): Promise<void> {
    const mark = await callMark();
    await waitFor(
      async () => ((await callsSince(mark, 'DescribeScalableTargets')).length >= n ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 500, what: `${n} resyncs` },
    );
  }

  beforeAll(async () => {
    ({ namespace, network, operator, start } = await autoscalingWorld({
      cluster: CLUSTER,
      namespace: 'autoscaling-suspend',
      resyncPeriod: RESYNC,
    }));
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('creates the target without a SuspendedState and reports nothing suspended', async () => {
    const mark = await callMark();
    await apply(namespace, taskDefinition, service({ minCapacity: 1, maxCapacity: 6, cpu: CPU }));
    const svc = await waitForService(
      'to be Ready with its autoscaling',
      (r) => condition(r, 'AutoscalingReady')?.reason === 'TargetRegistered' && suspendedOf(r) !== undefined,
    );
    expect(suspendedOf(svc)).toEqual(NONE);
    const registers = await callsSince(mark, 'RegisterScalableTarget');
    expect(registers).toHaveLength(1);
    expect(paramsOf(registers[0]!)).not.toHaveProperty('SuspendedState');

    // Someone else's policy on the same target: never written by ecs-bridge, whatever is suspended.
    const { autoscaling } = awsClients('moto');
    await autoscaling.send(
      new PutScalingPolicyCommand({
        ...TARGET,
        PolicyName: 'team-memory-guard',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 85,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' },
        },
      }),
    );
    autoscaling.destroy();
  });

  it('suspends scale-in with one RegisterScalableTarget, then writes nothing on resync', async () => {
    const mark = await callMark();
    await apply(
      namespace,
      service({ minCapacity: 1, maxCapacity: 6, cpu: CPU, suspend: { dynamicScalingIn: true } }),
    );
    const svc = await waitForService('to report scale-in suspended', (r) => {
      const s = suspendedOf(r);
      return s !== undefined && s.dynamicScalingIn;
    });
    expect(suspendedOf(svc)).toEqual(IN_ONLY);
    expect(condition(svc, 'AutoscalingReady')?.message).toContain('(suspended: scale-in)');
    expect(await suspendedInMoto()).toEqual(IN_ONLY);

    await resyncs(4);
    const registers = await callsSince(mark, 'RegisterScalableTarget');
    expect(registers.map((c) => paramsOf(c)['SuspendedState'])).toEqual([
      {
        DynamicScalingInSuspended: true,
        DynamicScalingOutSuspended: false,
        ScheduledScalingSuspended: false,
      },
    ]);
    // Capacity unchanged, sent as the spec says; no policy rewritten (ours or theirs).
    expect(paramsOf(registers[0]!)).toMatchObject({ MinCapacity: 1, MaxCapacity: 6 });
    expect(await callsSince(mark, 'PutScalingPolicy')).toEqual([]);
    expect(await callsSince(mark, 'DeleteScalingPolicy')).toEqual([]);
  });

  it('suspends everything, and a later capacity change keeps it suspended', async () => {
    const mark = await callMark();
    const all = { dynamicScalingIn: true, dynamicScalingOut: true, scheduledScaling: true };
    await apply(namespace, service({ minCapacity: 1, maxCapacity: 6, cpu: CPU, suspend: all }));
    await waitForService('to report everything suspended', (r) => suspendedOf(r)?.scheduledScaling === true);
    expect(await suspendedInMoto()).toEqual(ALL);

    await apply(namespace, service({ minCapacity: 2, maxCapacity: 6, cpu: CPU, suspend: all }));
    const svc = await waitForService(
      'to report the new minimum',
      (r) => (r.status?.['autoscaling'] as { minCapacity?: number } | undefined)?.minCapacity === 2,
    );
    expect(suspendedOf(svc)).toEqual(ALL);
    expect(await suspendedInMoto()).toEqual(ALL);
    expect(await callsSince(mark, 'RegisterScalableTarget')).toHaveLength(2);
    expect(await callsSince(mark, 'PutScalingPolicy')).toEqual([]);
  });

  it('with the block left out, never reverts the state, nor one someone set by hand', async () => {
    const released = await callMark();
    await apply(namespace, service({ minCapacity: 2, maxCapacity: 6, cpu: CPU }));
    await resyncs(3);
    expect(await callsSince(released, 'RegisterScalableTarget')).toEqual([]);
    expect(await suspendedInMoto()).toEqual(ALL);

    // An engineer on call resumes scale-in and scheduled scaling by hand, outside Git.
    const byHand: Suspended = { dynamicScalingIn: false, dynamicScalingOut: true, scheduledScaling: false };
    const { autoscaling } = awsClients('moto');
    await autoscaling.send(
      new RegisterScalableTargetCommand({
        ...TARGET,
        SuspendedState: {
          DynamicScalingInSuspended: false,
          DynamicScalingOutSuspended: true,
          ScheduledScalingSuspended: false,
        },
      }),
    );
    autoscaling.destroy();
    const mark = await callMark();
    const svc = await waitForService(
      'to report the hand-set state',
      (r) => suspendedOf(r)?.scheduledScaling === false,
    );
    expect(suspendedOf(svc)).toEqual(byHand);
    await resyncs(4);
    expect(await callsSince(mark, 'RegisterScalableTarget')).toEqual([]);
    expect(await suspendedInMoto()).toEqual(byHand);
  });

  it('resumes every activity when the manifest sets the flags false', async () => {
    const mark = await callMark();
    await apply(namespace, service({ minCapacity: 2, maxCapacity: 6, cpu: CPU, suspend: {} }));
    const svc = await waitForService('to report nothing suspended', (r) => {
      const s = suspendedOf(r);
      return s !== undefined && !s.dynamicScalingIn && !s.dynamicScalingOut && !s.scheduledScaling;
    });
    expect(condition(svc, 'AutoscalingReady')?.message).not.toContain('suspended');
    expect(await suspendedInMoto()).toEqual(NONE);
    const registers = await callsSince(mark, 'RegisterScalableTarget');
    expect(registers.map((c) => paramsOf(c)['SuspendedState'])).toEqual([
      {
        DynamicScalingInSuspended: false,
        DynamicScalingOutSuspended: false,
        ScheduledScalingSuspended: false,
      },
    ]);
  });

  it('removes our policy and the target once the other policy is gone; theirs was never written', async () => {
    // Every write in this file: their policy appears in none.
    const all = await callsSince(start, 'PutScalingPolicy');
    const deletes = await callsSince(start, 'DeleteScalingPolicy');
    expect([...all, ...deletes].map((c) => paramsOf(c)['PolicyName'])).not.toContain('team-memory-guard');
    const { policies } = await scalingInMoto(RESOURCE_ID);
    expect(
      policies.find((p) => p.PolicyName === 'team-memory-guard')?.TargetTrackingScalingPolicyConfiguration
        ?.TargetValue,
    ).toBe(85);

    const { autoscaling } = awsClients('moto');
    await autoscaling.send(new DeleteScalingPolicyCommand({ ...TARGET, PolicyName: 'team-memory-guard' }));
    autoscaling.destroy();
    await apply(namespace, service(undefined));
    await waitForService(
      'to hand the count back to the spec',
      (r) =>
        r.status?.['autoscaling'] === undefined &&
        condition(r, 'AutoscalingReady')?.reason === 'NotConfigured',
    );
    expect((await scalingInMoto(RESOURCE_ID)).target).toBeUndefined();
  });
});
