/**
 * Scenario 4 end to end, with the operator run as users run it: a Fargate service behind an ALB
 * target group, autoscaled on CPU, memory and ALB request count per target. The steps build on each
 * other, in order: create, let "the autoscaler" change the count and resync many times, drop one
 * policy, change the bounds, remove autoscaling. Every check reads the emulator (straight from moto)
 * and the proxy's call log, never the operator's own idea of what it did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeleteScalingPolicyCommand,
  PutScalingPolicyCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { DescribeServicesCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import type { CallRecord } from '../world/aws-proxy/index.js';
import { waitFor } from '../world/wait.js';
import {
  createAlbWithTargetGroup,
  type LoadBalancedTargetGroup,
  type Network,
} from '../support/aws-fixtures.js';
import {
  callMark,
  callsSince,
  paramsOf,
  resourceLabelByHand,
  scalingInMoto,
} from '../support/autoscaling.js';
import { apply, condition, waitForResource, type Resource } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import { awsClients } from '../support/world-client.js';
import { autoscalingWorld } from '../support/autoscaling-world.js';

const CLUSTER = 'scaling-demo';
const SERVICE = 'web';
const RESOURCE_ID = `service/${CLUSTER}/${SERVICE}`;
/** Short enough that a dozen resyncs fit in a test, long enough not to load a shared machine. */
const RESYNC = '2s';

/** What the tests read of `status.autoscaling`. */
interface AutoscalingStatusView {
  resourceId?: string;
  minCapacity?: number;
  maxCapacity?: number;
  desiredCount?: number;
  policies?: { name: string; metricType?: string; targetValue?: number; alarms?: string[] }[];
}

function autoscalingOf(r: Resource | undefined): AutoscalingStatusView | undefined {
  return r?.status?.['autoscaling'] as AutoscalingStatusView | undefined;
}

/** `controller_runtime_reconcile_total` of the EcsService controller, result success. */
function successfulReconciles(metrics: string): number {
  for (const line of metrics.split('\n')) {
    if (
      line.startsWith('controller_runtime_reconcile_total{') &&
      line.includes('controller="ecsservice"') &&
      line.includes('result="success"')
    ) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return 0;
}

const CPU = { targetValue: 60, scaleInCooldown: 120, scaleOutCooldown: 45 };
const MEMORY = { targetValue: 75, scaleInCooldown: 240, scaleOutCooldown: 90, disableScaleIn: true };
const REQUESTS = { targetValue: 500, scaleInCooldown: 180, scaleOutCooldown: 30 };

describe('autoscaling on CPU, memory and ALB request count (scenario 4)', () => {
  let operator: OperatorProcess;
  let namespace: string;
  let network: Network;
  let alb: LoadBalancedTargetGroup;

  /** The EcsService as applied; `autoscaling: undefined` leaves the block out. */
  function service(autoscaling: Record<string, unknown> | undefined): object {
    return {
      apiVersion: 'ecs-bridge.dev/v1alpha1',
      kind: 'EcsService',
      metadata: { name: SERVICE },
      spec: {
        cluster: CLUSTER,
        taskDefinitionRef: { name: 'web' },
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: [...network.subnetIds],
            securityGroups: [network.securityGroupId],
          },
        },
        loadBalancers: [{ targetGroupArn: alb.targetGroupArn, containerName: 'app', containerPort: 80 }],
        ...(autoscaling === undefined ? {} : { autoscaling }),
      },
    };
  }

  function taskDefinition(image = 'nginx:1.27'): object {
    return {
      apiVersion: 'ecs-bridge.dev/v1alpha1',
      kind: 'EcsTaskDefinition',
      metadata: { name: 'web' },
      spec: {
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'app', image, portMappings: [{ containerPort: 80 }] }],
      },
    };
  }

  async function describeInMoto(): Promise<{ desiredCount?: number | undefined }> {
    const { ecs } = awsClients('moto');
    const out = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [SERVICE] }));
    ecs.destroy();
    return out.services?.[0] ?? {};
  }

  /** Waits for a current status that satisfies `predicate`. */
  function waitForService(what: string, predicate: (r: Resource) => boolean): Promise<Resource> {
    return waitForResource('ecsservices', namespace, SERVICE, predicate, { timeoutMs: 90_000, what });
  }

  beforeAll(async () => {
    ({ namespace, network, operator } = await autoscalingWorld({
      cluster: CLUSTER,
      namespace: 'autoscaling',
      resyncPeriod: RESYNC,
    }));
    alb = await createAlbWithTargetGroup({ network, albName: 'web-alb', targetGroupName: 'web-tg' });
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('creates the scalable target and the three policies, with the ResourceLabel from real ARNs', async () => {
    const mark = await callMark();
    await apply(
      namespace,
      taskDefinition(),
      service({
        minCapacity: 1,
        maxCapacity: 10,
        cpu: CPU,
        memory: MEMORY,
        albRequestCountPerTarget: REQUESTS,
      }),
    );
    const svc = await waitForService(
      'to be Ready with its autoscaling',
      (r) =>
        condition(r, 'Ready')?.status === 'True' &&
        condition(r, 'AutoscalingReady')?.status === 'True' &&
        autoscalingOf(r)?.policies?.length === 3,
    );

    const label = resourceLabelByHand(alb.loadBalancerArn, alb.targetGroupArn);
    const { target, policies } = await scalingInMoto(RESOURCE_ID);
    expect(target).toMatchObject({
      ServiceNamespace: 'ecs',
      ResourceId: RESOURCE_ID,
      ScalableDimension: 'ecs:service:DesiredCount',
      MinCapacity: 1,
      MaxCapacity: 10,
    });
    const summary = policies.map((p) => {
      const c = p.TargetTrackingScalingPolicyConfiguration;
      return {
        name: p.PolicyName,
        type: p.PolicyType,
        metric: c?.PredefinedMetricSpecification?.PredefinedMetricType,
        label: c?.PredefinedMetricSpecification?.ResourceLabel,
        targetValue: c?.TargetValue,
        scaleIn: c?.ScaleInCooldown,
        scaleOut: c?.ScaleOutCooldown,
        disableScaleIn: c?.DisableScaleIn ?? false,
      };
    });
    expect(summary).toEqual([
      {
        name: 'ecs-bridge-alb-request-count',
        type: 'TargetTrackingScaling',
        metric: 'ALBRequestCountPerTarget',
        label,
        targetValue: 500,
        scaleIn: 180,
        scaleOut: 30,
        disableScaleIn: false,
      },
      {
        name: 'ecs-bridge-cpu',
        type: 'TargetTrackingScaling',
        metric: 'ECSServiceAverageCPUUtilization',
        label: undefined,
        targetValue: 60,
        scaleIn: 120,
        scaleOut: 45,
        disableScaleIn: false,
      },
      {
        name: 'ecs-bridge-memory',
        type: 'TargetTrackingScaling',
        metric: 'ECSServiceAverageMemoryUtilization',
        label: undefined,
        targetValue: 75,
        scaleIn: 240,
        scaleOut: 90,
        disableScaleIn: true,
      },
    ]);

    // status.autoscaling survives the API server's pruning and says what AWS has.
    expect(autoscalingOf(svc)).toEqual({
      resourceId: RESOURCE_ID,
      minCapacity: 1,
      maxCapacity: 10,
      desiredCount: 2,
      suspended: { dynamicScalingIn: false, dynamicScalingOut: false, scheduledScaling: false },
      policies: policies.map((p) => ({
        name: p.PolicyName,
        metricType:
          p.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType,
        targetValue: p.TargetTrackingScalingPolicyConfiguration?.TargetValue,
        alarms: (p.Alarms ?? []).map((a) => a.AlarmName),
      })),
    });
    expect(condition(svc, 'AutoscalingReady')?.reason).toBe('TargetRegistered');

    // Created once, with the spec's count inside [min, max]; the target registered once.
    const creates = await callsSince(mark, 'CreateService');
    expect(creates.map((c) => paramsOf(c)['desiredCount'])).toEqual([2]);
    expect(await callsSince(mark, 'RegisterScalableTarget')).toHaveLength(1);
    expect(await callsSince(mark, 'PutScalingPolicy')).toHaveLength(3);
  });

  it('leaves a count the autoscaler chose alone through many resyncs (zero UpdateService)', async () => {
    const mark = await callMark();
    const reconcilesBefore = successfulReconciles(await operator.metrics());
    // What Application Auto Scaling does when a policy fires: UpdateService straight on ECS.
    const { ecs } = awsClients('moto');
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: SERVICE, desiredCount: 5 }));
    ecs.destroy();

    await waitForService(
      'to report the count the autoscaler chose',
      (r) => r.status?.['desiredCount'] === 5 && autoscalingOf(r)?.desiredCount === 5,
    );
    // Each visit reads the scalable target once: ten reads after the change are ten reconciles.
    const reads = await waitFor(
      async () => {
        const n = (await callsSince(mark, 'DescribeScalableTargets')).length;
        return n >= 10 ? n : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: 'ten resyncs of the service' },
    );
    expect(reads).toBeGreaterThanOrEqual(10);
    expect(successfulReconciles(await operator.metrics()) - reconcilesBefore).toBeGreaterThanOrEqual(10);

    expect(await callsSince(mark, 'UpdateService')).toEqual([]);
    for (const write of ['RegisterScalableTarget', 'PutScalingPolicy', 'DeleteScalingPolicy']) {
      expect(await callsSince(mark, write), write).toEqual([]);
    }
    expect((await describeInMoto()).desiredCount).toBe(5);
  });

  it('rolls out a new revision with an UpdateService that carries no desiredCount', async () => {
    const mark = await callMark();
    await apply(namespace, taskDefinition('nginx:1.28'));
    await waitFor(
      async () => {
        const svc = await waitForService('to be Ready', (r) => condition(r, 'Ready')?.status === 'True');
        return String(svc.status?.['taskDefinitionArn']).endsWith(':2') ? svc : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: 'the service to run revision 2' },
    );
    const updates = await callsSince(mark, 'UpdateService');
    expect(updates).toHaveLength(1);
    expect(String(paramsOf(updates[0]!)['taskDefinition'])).toMatch(/:2$/);
    expect(paramsOf(updates[0]!)).not.toHaveProperty('desiredCount');
    expect((await describeInMoto()).desiredCount).toBe(5);
  });

  it('deletes only the policy removed from the spec, and never a policy it did not create', async () => {
    // Someone else's policy on the same target: ecs-bridge must neither change nor delete it.
    const { autoscaling } = awsClients('moto');
    await autoscaling.send(
      new PutScalingPolicyCommand({
        PolicyName: 'team-cpu-guard',
        ServiceNamespace: 'ecs',
        ResourceId: RESOURCE_ID,
        ScalableDimension: 'ecs:service:DesiredCount',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 90,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        },
      }),
    );
    const mark = await callMark();
    await apply(
      namespace,
      service({ minCapacity: 1, maxCapacity: 10, cpu: CPU, albRequestCountPerTarget: REQUESTS }),
    );
    await waitForService('to drop the memory policy', (r) => {
      const names = autoscalingOf(r)?.policies?.map((p) => p.name) ?? [];
      return !names.includes('ecs-bridge-memory') && names.includes('ecs-bridge-cpu');
    });

    const deletes = await callsSince(mark, 'DeleteScalingPolicy');
    expect(deletes.map((c) => paramsOf(c)['PolicyName'])).toEqual(['ecs-bridge-memory']);
    expect(await callsSince(mark, 'PutScalingPolicy')).toEqual([]);
    const { policies } = await scalingInMoto(RESOURCE_ID);
    expect(policies.map((p) => p.PolicyName)).toEqual([
      'ecs-bridge-alb-request-count',
      'ecs-bridge-cpu',
      'team-cpu-guard',
    ]);
    expect(
      policies.find((p) => p.PolicyName === 'team-cpu-guard')?.TargetTrackingScalingPolicyConfiguration
        ?.TargetValue,
    ).toBe(90);

    // The other team removes its policy; the next steps start from ours alone.
    await autoscaling.send(
      new DeleteScalingPolicyCommand({
        PolicyName: 'team-cpu-guard',
        ServiceNamespace: 'ecs',
        ResourceId: RESOURCE_ID,
        ScalableDimension: 'ecs:service:DesiredCount',
      }),
    );
    autoscaling.destroy();
  });

  it('updates the scalable target when min and max change, and nothing else', async () => {
    const mark = await callMark();
    await apply(
      namespace,
      service({ minCapacity: 2, maxCapacity: 8, cpu: CPU, albRequestCountPerTarget: REQUESTS }),
    );
    await waitForService(
      'to report the new bounds',
      (r) => autoscalingOf(r)?.minCapacity === 2 && autoscalingOf(r)?.maxCapacity === 8,
    );

    const registers = await callsSince(mark, 'RegisterScalableTarget');
    expect(registers.map((c) => [paramsOf(c)['MinCapacity'], paramsOf(c)['MaxCapacity']])).toEqual([[2, 8]]);
    expect((await scalingInMoto(RESOURCE_ID)).target).toMatchObject({ MinCapacity: 2, MaxCapacity: 8 });
    expect(await callsSince(mark, 'PutScalingPolicy')).toEqual([]);
    expect(await callsSince(mark, 'UpdateService')).toEqual([]);
  });

  it("removes the target and our policies, then applies the spec's desiredCount once", async () => {
    const mark = await callMark();
    await apply(namespace, service(undefined));
    const svc = await waitForService(
      'to hand the count back to the spec',
      (r) =>
        autoscalingOf(r) === undefined &&
        condition(r, 'AutoscalingReady')?.reason === 'NotConfigured' &&
        r.status?.['desiredCount'] === 2,
    );
    expect(condition(svc, 'AutoscalingReady')?.status).toBe('True');

    const { target, policies } = await scalingInMoto(RESOURCE_ID);
    expect(target).toBeUndefined();
    expect(policies).toEqual([]);
    expect((await describeInMoto()).desiredCount).toBe(2);

    const deletes = await callsSince(mark, 'DeleteScalingPolicy');
    const deregisters = await callsSince(mark, 'DeregisterScalableTarget');
    const updates = await callsSince(mark, 'UpdateService');
    expect(deletes.map((c) => paramsOf(c)['PolicyName']).sort()).toEqual([
      'ecs-bridge-alb-request-count',
      'ecs-bridge-cpu',
    ]);
    expect(deregisters).toHaveLength(1);
    expect(updates.map((c) => paramsOf(c)['desiredCount'])).toEqual([2]);
    // The order ADR 0005 requires: our policies, then the target, and only then the count.
    const seq = (calls: readonly CallRecord[]): number[] => calls.map((c) => c.seq);
    expect(Math.max(...seq(deletes))).toBeLessThan(deregisters[0]!.seq);
    expect(deregisters[0]!.seq).toBeLessThan(updates[0]!.seq);

    // And it stays that way: later resyncs find nothing to do.
    const settled = await callMark();
    await waitFor(
      async () => ((await callsSince(settled, 'DescribeServices')).length >= 4 ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 500, what: 'a few more resyncs' },
    );
    expect(await callsSince(mark, 'UpdateService')).toHaveLength(1);
    // Whether a target is registered is read from AWS, never from status, through the shared
    // namespace listing (no ResourceIds): once a listing answered after the deregister (until then
    // the service's target is read on its own, ADR 0029), no per-service read, and no write.
    const targetReads = await callsSince(settled, 'DescribeScalableTargets');
    const listings = targetReads.filter((c) => paramsOf(c)['ResourceIds'] === undefined);
    expect(listings.map((c) => paramsOf(c)['ServiceNamespace'])).toContain('ecs');
    const listed = listings[0];
    expect(
      targetReads.filter((c) => paramsOf(c)['ResourceIds'] !== undefined && c.seq > (listed?.seq ?? 0)),
    ).toEqual([]);
    for (const op of ['DeleteScalingPolicy', 'DeregisterScalableTarget', 'RegisterScalableTarget'])
      expect(await callsSince(settled, op)).toEqual([]);
  });
});
