/**
 * `spec.autoscaling.predictive` end to end, with the operator run as users run it. moto refuses
 * `PolicyType: PredictiveScaling`, so the AWS proxy plays those policies as Application Auto
 * Scaling does (test/world/aws-proxy/autoscaling-predictive.ts); everything else is moto's. Create
 * ForecastOnly beside CPU, a resync writes nothing, switch to ForecastAndScale with one
 * PutScalingPolicy, remove with one DeleteScalingPolicy; a predictive policy ecs-bridge did not
 * create is never written; bad input (here and for customMetrics) is refused at admission.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeScalingPoliciesCommand,
  PutScalingPolicyCommand,
  type ScalingPolicy,
} from '@aws-sdk/client-application-auto-scaling';
import { waitFor } from '../world/wait.js';
import type { Network } from '../support/aws-fixtures.js';
import {
  callMark,
  callsSince,
  paramsOf,
  fargateService,
  fargateTaskDefinition,
} from '../support/autoscaling.js';
import { apply, condition, waitForResource, type Resource } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import { awsClients } from '../support/world-client.js';
import { autoscalingWorld } from '../support/autoscaling-world.js';

const CLUSTER = 'forecast-demo';
const SERVICE = 'daily';
const RESOURCE_ID = `service/${CLUSTER}/${SERVICE}`;
const RESYNC = '2s';
const OURS = 'ecs-bridge-predictive';
const THEIRS = 'forecast-by-hand';

interface PolicyView {
  name: string;
  metricType?: string;
  mode?: string;
  targetValue?: number;
}
function policiesOf(r: Resource | undefined): PolicyView[] {
  return (r?.status?.['autoscaling'] as { policies?: PolicyView[] } | undefined)?.policies ?? [];
}

/** The target's policies as Application Auto Scaling answers them (through the proxy, which plays predictive). */
async function policiesInAws(): Promise<ScalingPolicy[]> {
  const { autoscaling } = awsClients('proxy');
  const out = await autoscaling.send(
    new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: RESOURCE_ID }),
  );
  autoscaling.destroy();
  return [...(out.ScalingPolicies ?? [])].sort((a, b) =>
    (a.PolicyName ?? '').localeCompare(b.PolicyName ?? ''),
  );
}

describe('predictive scaling (spec.autoscaling.predictive)', () => {
  let operator: OperatorProcess;
  let namespace: string;
  let network: Network;
  let start: number;

  function service(autoscaling: Record<string, unknown>): object {
    return fargateService({
      name: SERVICE,
      cluster: CLUSTER,
      network,
      desiredCount: 2,
      autoscaling: { minCapacity: 2, maxCapacity: 12, cpu: { targetValue: 60 }, ...autoscaling },
    });
  }

  const taskDefinition = fargateTaskDefinition(SERVICE);

  function waitForService(what: string, predicate: (r: Resource) => boolean): Promise<Resource> {
    return waitForResource('ecsservices', namespace, SERVICE, predicate, { timeoutMs: 90_000, what });
  }

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
      namespace: 'autoscaling-predictive',
      resyncPeriod: RESYNC,
    }));
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('refuses bad predictive and custom metric input at admission, naming the field', async () => {
    await expect(
      apply(
        namespace,
        service({
          predictive: { metricPair: 'ECSServiceCPUUtilization', targetValue: 50, maxCapacityBuffer: 10 },
        }),
      ),
    ).rejects.toThrow('maxCapacityBuffer is required with maxCapacityBreachBehavior IncreaseMaxCapacity');
    await expect(
      apply(
        namespace,
        service({
          customMetrics: [
            {
              name: 'backlog',
              targetValue: 10,
              metrics: [
                { id: 'a', metricStat: { namespace: 'AWS/SQS', metricName: 'X', stat: 'Sum' } },
                { id: 'b', expression: 'a * 2' },
              ],
            },
          ],
        }),
      ),
    ).rejects.toThrow("exactly one of a custom metric's metrics must return data");
  });

  it('creates a ForecastOnly policy beside CPU, every default explicit, then writes nothing on resync', async () => {
    const mark = await callMark();
    await apply(
      namespace,
      taskDefinition,
      service({ predictive: { metricPair: 'ECSServiceCPUUtilization', targetValue: 50 } }),
    );
    const svc = await waitForService(
      'to report the predictive policy',
      (r) =>
        condition(r, 'AutoscalingReady')?.status === 'True' && policiesOf(r).some((p) => p.name === OURS),
    );
    expect(policiesOf(svc).find((p) => p.name === OURS)).toEqual({
      name: OURS,
      metricType: 'ECSServiceCPUUtilization',
      mode: 'ForecastOnly',
      targetValue: 50,
      alarms: [],
    });
    await resyncs(4);
    const puts = await callsSince(mark, 'PutScalingPolicy');
    expect(puts.map((c) => paramsOf(c)['PolicyName']).sort()).toEqual(['ecs-bridge-cpu', OURS]);

    const inAws = (await policiesInAws()).find((p) => p.PolicyName === OURS);
    expect(inAws?.PolicyType).toBe('PredictiveScaling');
    expect(inAws?.PredictiveScalingPolicyConfiguration).toEqual({
      MetricSpecifications: [
        {
          TargetValue: 50,
          PredefinedMetricPairSpecification: { PredefinedMetricType: 'ECSServiceCPUUtilization' },
        },
      ],
      Mode: 'ForecastOnly',
      SchedulingBufferTime: 300,
      MaxCapacityBreachBehavior: 'HonorMaxCapacity',
    });

    // Someone else's predictive policy on the same target, by hand.
    const { autoscaling } = awsClients('proxy');
    await autoscaling.send(
      new PutScalingPolicyCommand({
        PolicyName: THEIRS,
        ServiceNamespace: 'ecs',
        ResourceId: RESOURCE_ID,
        ScalableDimension: 'ecs:service:DesiredCount',
        PolicyType: 'PredictiveScaling',
        PredictiveScalingPolicyConfiguration: {
          MetricSpecifications: [
            {
              TargetValue: 70,
              PredefinedMetricPairSpecification: { PredefinedMetricType: 'ECSServiceMemoryUtilization' },
            },
          ],
        },
      }),
    );
    autoscaling.destroy();
  });

  it('switches to ForecastAndScale with one PutScalingPolicy and shows theirs untouched', async () => {
    const mark = await callMark();
    await apply(
      namespace,
      service({
        predictive: {
          metricPair: 'ECSServiceCPUUtilization',
          targetValue: 50,
          mode: 'ForecastAndScale',
          schedulingBufferTime: 600,
          maxCapacityBreachBehavior: 'IncreaseMaxCapacity',
          maxCapacityBuffer: 10,
        },
      }),
    );
    // Their policy, made by hand after the last Region listing, shows once a listing has seen it:
    // within a resync period (policies are read Region-wide once a period, ADR 0035).
    const svc = await waitForService(
      'to report ForecastAndScale and their policy',
      (r) =>
        policiesOf(r).some((p) => p.name === OURS && p.mode === 'ForecastAndScale') &&
        policiesOf(r).some((p) => p.name === THEIRS),
    );
    expect(policiesOf(svc).map((p) => p.name)).toEqual(['ecs-bridge-cpu', OURS, THEIRS]);
    await resyncs(3);
    const puts = await callsSince(mark, 'PutScalingPolicy');
    expect(puts.map((c) => paramsOf(c)['PolicyName'])).toEqual([OURS]);
    expect(paramsOf(puts[0]!)['PredictiveScalingPolicyConfiguration']).toEqual({
      MetricSpecifications: [
        {
          TargetValue: 50,
          PredefinedMetricPairSpecification: { PredefinedMetricType: 'ECSServiceCPUUtilization' },
        },
      ],
      Mode: 'ForecastAndScale',
      SchedulingBufferTime: 600,
      MaxCapacityBreachBehavior: 'IncreaseMaxCapacity',
      MaxCapacityBuffer: 10,
    });
  });

  it('deletes only ours when predictive leaves the spec; theirs stays as they made it', async () => {
    const mark = await callMark();
    await apply(namespace, service({}));
    await waitForService('to drop the predictive policy', (r) => !policiesOf(r).some((p) => p.name === OURS));
    const deletes = await callsSince(mark, 'DeleteScalingPolicy');
    expect(deletes.map((c) => paramsOf(c)['PolicyName'])).toEqual([OURS]);
    const left = await policiesInAws();
    expect(left.map((p) => p.PolicyName)).toEqual(['ecs-bridge-cpu', THEIRS]);
    expect(left[1]?.PredictiveScalingPolicyConfiguration?.MetricSpecifications?.[0]?.TargetValue).toBe(70);

    // Their policy's only write is the one made by hand above.
    const puts = await callsSince(start, 'PutScalingPolicy');
    expect(puts.map((c) => paramsOf(c)['PolicyName']).filter((n) => n === THEIRS)).toHaveLength(1);
    const allDeletes = await callsSince(start, 'DeleteScalingPolicy');
    expect(allDeletes.map((c) => paramsOf(c)['PolicyName']).filter((n) => n === THEIRS)).toEqual([]);
  });
});
