/**
 * Autoscaling at its edges, with the operator run as users run it (default resync): a target group
 * attached to no load balancer is a clear condition and a slow recheck, never a hot retry loop; the
 * count at create is clamped into [min, max]; a policy ecs-bridge did not create, named by
 * `policyName`, is only compared until adopted and never deleted (ADR 0041), and so is a scheduled
 * action named by `scheduledActionName`. The operator runs with the default resync period, so
 * every AWS read in a quiet window would be a loop of its own making.
 */
import { setTimeout as observe } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeScheduledActionsCommand,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  type ScheduledAction,
} from '@aws-sdk/client-application-auto-scaling';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { createTargetGroup, type Network } from '../support/aws-fixtures.js';
import { callMark, callsSince, fargateService, paramsOf, scalingInMoto } from '../support/autoscaling.js';
import { apply, condition, waitForResource } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import { awsClients } from '../support/world-client.js';
import { autoscalingWorld } from '../support/autoscaling-world.js';

const CLUSTER = 'scaling-edges';
/** How long a quiet service is watched for calls nobody asked for. */
const QUIET_WINDOW_MS = 15_000;

describe('autoscaling problems and bounds', () => {
  let operator: OperatorProcess;
  let namespace: string;
  let network: Network;

  /** `spec` carries the service's desiredCount and autoscaling. */
  function service(name: string, spec: Record<string, unknown>): object {
    return fargateService({
      name,
      cluster: CLUSTER,
      network,
      taskDefinition: 'app',
      desiredCount: 1,
      autoscaling: undefined,
      spec,
    });
  }

  /** Waits for the current status of EcsService `name` to show `AutoscalingReady` with `reason`. */
  const autoscalingReason = (name: string, reason: string, what: string) =>
    waitForResource(
      'ecsservices',
      namespace,
      name,
      (r) => condition(r, 'AutoscalingReady')?.reason === reason,
      { timeoutMs: 90_000, what },
    );

  beforeAll(async () => {
    ({ namespace, network, operator } = await autoscalingWorld({
      cluster: CLUSTER,
      namespace: 'autoscaling-edges',
      taskDefinition: 'app',
    }));
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('reports a target group attached to no load balancer once, and does not retry hot', async () => {
    const targetGroupArn = await createTargetGroup({ network, targetGroupName: 'orphan-tg' });
    await apply(
      namespace,
      service('orphan', {
        desiredCount: 1,
        loadBalancers: [{ targetGroupArn, containerName: 'app', containerPort: 80 }],
        autoscaling: {
          minCapacity: 1,
          maxCapacity: 4,
          cpu: { targetValue: 50 },
          albRequestCountPerTarget: { targetValue: 100 },
        },
      }),
    );
    const svc = await waitForResource(
      'ecsservices',
      namespace,
      'orphan',
      (r) =>
        condition(r, 'AutoscalingReady')?.reason === 'TargetGroupNotAttached' &&
        r.status?.['rolloutState'] === 'COMPLETED',
      { timeoutMs: 90_000, what: 'to report the unattached target group' },
    );
    const scaling = condition(svc, 'AutoscalingReady');
    expect(scaling?.status).toBe('False');
    expect(scaling?.message).toContain(targetGroupArn);
    expect(scaling?.message).toContain('attached to no load balancer');
    // Ready says why, and is not True while the service lacks part of its scaling.
    expect(condition(svc, 'Ready')?.status).not.toBe('True');
    expect(condition(svc, 'Ready')?.reason).toBe('TargetGroupNotAttached');
    expect(condition(svc, 'Stalled')?.status).toBe('False');

    // What does not depend on the target group is in place: the target and the CPU policy.
    const { target, policies } = await scalingInMoto(`service/${CLUSTER}/orphan`);
    expect(target).toMatchObject({ MinCapacity: 1, MaxCapacity: 4 });
    expect(policies.map((p) => p.PolicyName)).toEqual(['ecs-bridge-cpu']);

    // A quiet window: the condition is a slow recheck (minutes), so no reads and no writes.
    const mark = await callMark();
    const transition = scaling?.lastTransitionTime;
    await observe(QUIET_WINDOW_MS);
    const lookupsOfOrphan = async (after: number): Promise<number> =>
      (await callsSince(after, 'DescribeTargetGroups')).filter((c) =>
        JSON.stringify(paramsOf(c)).includes('orphan-tg'),
      ).length;
    // The filter sees the lookups that found the problem (so a zero below means something).
    expect(await lookupsOfOrphan(0)).toBeGreaterThanOrEqual(1);
    expect(await lookupsOfOrphan(mark)).toBeLessThanOrEqual(1);
    expect(await callsSince(mark, 'PutScalingPolicy')).toEqual([]);
    expect(await callsSince(mark, 'RegisterScalableTarget')).toEqual([]);
    const after = await waitForResource('ecsservices', namespace, 'orphan', () => true);
    expect(condition(after, 'AutoscalingReady')?.lastTransitionTime).toBe(transition);
  });

  it('clamps desiredCount into [minCapacity, maxCapacity] at create', async () => {
    const mark = await callMark();
    await apply(
      namespace,
      service('clamped', {
        desiredCount: 0,
        autoscaling: { minCapacity: 2, maxCapacity: 4, cpu: { targetValue: 50 } },
      }),
    );
    const svc = await waitForResource(
      'ecsservices',
      namespace,
      'clamped',
      (r) => condition(r, 'Ready')?.status === 'True' && condition(r, 'AutoscalingReady')?.status === 'True',
      { timeoutMs: 90_000, what: 'to be Ready with its autoscaling' },
    );

    const creates = (await callsSince(mark, 'CreateService')).filter(
      (c) => paramsOf(c)['serviceName'] === 'clamped',
    );
    expect(creates.map((c) => paramsOf(c)['desiredCount'])).toEqual([2]);
    expect(svc.status?.['desiredCount']).toBe(2);
    const { ecs } = awsClients('moto');
    const described = await ecs.send(
      new DescribeServicesCommand({ cluster: CLUSTER, services: ['clamped'] }),
    );
    ecs.destroy();
    expect(described.services?.[0]?.desiredCount).toBe(2);
    expect((await scalingInMoto(`service/${CLUSTER}/clamped`)).target).toMatchObject({
      MinCapacity: 2,
      MaxCapacity: 4,
    });
    expect(await callsSince(mark, 'UpdateService')).toEqual([]);
  });

  it('compares a policy named by policyName, writes it only once adopted, and never deletes it', async () => {
    const resourceId = `service/${CLUSTER}/handmade`;
    const base = { minCapacity: 1, maxCapacity: 3, cpu: { targetValue: 50 } };
    await apply(namespace, service('handmade', { desiredCount: 1, autoscaling: base }));
    await autoscalingReason('handmade', 'TargetRegistered', 'to register its autoscaling');
    // Someone else's policy on the same target, put straight into the emulator (as Terraform would).
    const { autoscaling } = awsClients('moto');
    await autoscaling.send(
      new PutScalingPolicyCommand({
        PolicyName: 'memory-by-hand',
        ServiceNamespace: 'ecs',
        ResourceId: resourceId,
        ScalableDimension: 'ecs:service:DesiredCount',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 70,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' },
        },
      }),
    );
    autoscaling.destroy();
    const handMade = async (): Promise<number | undefined> =>
      (await scalingInMoto(resourceId)).policies.find((p) => p.PolicyName === 'memory-by-hand')
        ?.TargetTrackingScalingPolicyConfiguration?.TargetValue;
    const putsOfIt = async (after: number): Promise<number> =>
      (await callsSince(after, 'PutScalingPolicy')).filter(
        (c) => paramsOf(c)['PolicyName'] === 'memory-by-hand',
      ).length;

    // Named but not adopted, and different: NotOwned, nothing written.
    const mark = await callMark();
    const named = { targetValue: 60, policyName: 'memory-by-hand' };
    await apply(namespace, service('handmade', { desiredCount: 1, autoscaling: { ...base, memory: named } }));
    const notOwned = await autoscalingReason('handmade', 'NotOwned', 'to report the policy it does not own');
    expect(condition(notOwned, 'AutoscalingReady')?.message).toContain(
      'memory-by-hand differs from its entry',
    );
    expect(await putsOfIt(mark)).toBe(0);
    expect(await handMade()).toBe(70);

    // Adopted: put once as written, then left alone.
    await apply(
      namespace,
      service('handmade', { desiredCount: 1, autoscaling: { ...base, memory: { ...named, adopt: true } } }),
    );
    await autoscalingReason('handmade', 'TargetRegistered', 'to converge the adopted policy');
    expect(await handMade()).toBe(60);
    expect(await putsOfIt(mark)).toBe(1);
    expect((await scalingInMoto(resourceId)).policies.map((p) => p.PolicyName)).toEqual([
      'ecs-bridge-cpu',
      'memory-by-hand',
    ]);

    // Dropped from the spec: released, not deleted.
    const dropped = await callMark();
    await apply(
      namespace,
      service('handmade', { desiredCount: 1, autoscaling: { ...base, cpu: { targetValue: 55 } } }),
    );
    await autoscalingReason('handmade', 'TargetRegistered', 'to converge without the adopted policy');
    // The CPU change proves the visit wrote; the adopted policy was not among its writes.
    expect((await callsSince(dropped, 'PutScalingPolicy')).map((c) => paramsOf(c)['PolicyName'])).toEqual([
      'ecs-bridge-cpu',
    ]);
    expect(await callsSince(dropped, 'DeleteScalingPolicy')).toEqual([]);
    expect(await handMade()).toBe(60);
  });

  it('compares a scheduled action named by scheduledActionName, writes it only once adopted, and never deletes it', async () => {
    const resourceId = `service/${CLUSTER}/handnight`;
    const base = { minCapacity: 1, maxCapacity: 3, cpu: { targetValue: 50 } };
    await apply(namespace, service('handnight', { desiredCount: 1, autoscaling: base }));
    await autoscalingReason('handnight', 'TargetRegistered', 'to register its autoscaling');
    // Someone else's night action on the same target, put straight into the emulator.
    const { autoscaling } = awsClients('moto');
    await autoscaling.send(
      new PutScheduledActionCommand({
        ScheduledActionName: 'night-by-hand',
        ServiceNamespace: 'ecs',
        ResourceId: resourceId,
        ScalableDimension: 'ecs:service:DesiredCount',
        Schedule: 'cron(0 22 * * ? *)',
        Timezone: 'Europe/Berlin',
        ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 2 },
      }),
    );
    autoscaling.destroy();
    const handMade = async (): Promise<ScheduledAction | undefined> =>
      (await scheduledInMoto(resourceId)).find((a) => a.ScheduledActionName === 'night-by-hand');
    const writesOfIt = async (after: number, action: string): Promise<number> =>
      (await callsSince(after, action)).filter((c) => paramsOf(c)['ScheduledActionName'] === 'night-by-hand')
        .length;

    // Named but not adopted, and different: NotOwned, nothing written.
    const mark = await callMark();
    const named = {
      name: 'night',
      scheduledActionName: 'night-by-hand',
      schedule: 'cron(0 22 * * ? *)',
      timezone: 'Europe/Berlin',
      minCapacity: 1,
      maxCapacity: 3,
    };
    const withNight = (entry: object) => ({ ...base, scheduledActions: [entry] });
    await apply(namespace, service('handnight', { desiredCount: 1, autoscaling: withNight(named) }));
    const notOwned = await autoscalingReason(
      'handnight',
      'NotOwned',
      'to report the scheduled action it does not own',
    );
    expect(condition(notOwned, 'AutoscalingReady')?.message).toContain(
      'scheduled action night-by-hand differs from its entry',
    );
    expect(await writesOfIt(mark, 'PutScheduledAction')).toBe(0);
    expect((await handMade())?.ScalableTargetAction?.MaxCapacity).toBe(2);

    // Adopted: put once as written, then left alone.
    await apply(
      namespace,
      service('handnight', { desiredCount: 1, autoscaling: withNight({ ...named, adopt: true }) }),
    );
    await autoscalingReason('handnight', 'TargetRegistered', 'to converge the adopted scheduled action');
    expect((await handMade())?.ScalableTargetAction?.MaxCapacity).toBe(3);
    expect(await writesOfIt(mark, 'PutScheduledAction')).toBe(1);
    expect((await scheduledInMoto(resourceId)).map((a) => a.ScheduledActionName)).toEqual(['night-by-hand']);

    // Dropped from the spec: released, not deleted.
    const dropped = await callMark();
    await apply(
      namespace,
      service('handnight', { desiredCount: 1, autoscaling: { ...base, cpu: { targetValue: 55 } } }),
    );
    await autoscalingReason(
      'handnight',
      'TargetRegistered',
      'to converge without the adopted scheduled action',
    );
    // The CPU change proves the visit wrote; the adopted action was not among its writes.
    expect((await callsSince(dropped, 'PutScalingPolicy')).map((c) => paramsOf(c)['PolicyName'])).toEqual([
      'ecs-bridge-cpu',
    ]);
    expect(await callsSince(dropped, 'DeleteScheduledAction')).toEqual([]);
    expect(await writesOfIt(dropped, 'PutScheduledAction')).toBe(0);
    expect((await handMade())?.ScalableTargetAction?.MaxCapacity).toBe(3);
  });
});

/** The scheduled actions of `resourceId` straight from moto. */
async function scheduledInMoto(resourceId: string): Promise<ScheduledAction[]> {
  const { autoscaling } = awsClients('moto');
  const out = await autoscaling.send(
    new DescribeScheduledActionsCommand({ ServiceNamespace: 'ecs', ResourceId: resourceId }),
  );
  autoscaling.destroy();
  return [...(out.ScheduledActions ?? [])];
}
