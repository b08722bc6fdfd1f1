import { describe, expect, it } from 'vitest';
import { PredictiveScalingSimulator, regionOf } from './autoscaling-predictive.js';

const headers = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=AKID/20261206/eu-west-1/application-autoscaling/aws4_request, SignedHeaders=host, Signature=x',
};
const TARGET = {
  ServiceNamespace: 'ecs',
  ResourceId: 'service/c/web',
  ScalableDimension: 'ecs:service:DesiredCount',
};
const CONFIG = {
  MetricSpecifications: [
    {
      TargetValue: 50,
      PredefinedMetricPairSpecification: { PredefinedMetricType: 'ECSServiceCPUUtilization' },
    },
  ],
  Mode: 'ForecastOnly',
};
const put = {
  ...TARGET,
  PolicyName: 'p',
  PolicyType: 'PredictiveScaling',
  PredictiveScalingPolicyConfiguration: CONFIG,
};
const registered = () => Promise.resolve(true);

describe('PredictiveScalingSimulator', () => {
  it('reads the Region from the SigV4 credential scope', () => {
    expect(regionOf(headers)).toBe('eu-west-1');
    expect(regionOf({})).toBe('us-east-1');
  });

  it('keeps a put predictive policy and adds it to DescribeScalingPolicies of its target only', async () => {
    const sim = new PredictiveScalingSimulator({ now: () => 1_000_000 });
    const answer = await sim.answerBeforeForward('PutScalingPolicy', put, headers, registered);
    expect(answer?.status).toBe(200);
    expect(answer?.body).toMatchObject({ Alarms: [] });
    const moto = { ScalingPolicies: [{ PolicyName: 'tt' }] };
    const described = sim.rewrite(
      'DescribeScalingPolicies',
      { ServiceNamespace: 'ecs', ResourceId: 'service/c/web' },
      headers,
      moto,
    ) as {
      ScalingPolicies: {
        PolicyName: string;
        PolicyType?: string;
        PredictiveScalingPolicyConfiguration?: unknown;
      }[];
    };
    expect(described.ScalingPolicies.map((p) => p.PolicyName)).toEqual(['tt', 'p']);
    expect(described.ScalingPolicies[1]).toMatchObject({
      PolicyType: 'PredictiveScaling',
      PredictiveScalingPolicyConfiguration: CONFIG,
    });
    // Exact resource id (not moto's substring match), and per Region.
    expect(
      sim.rewrite(
        'DescribeScalingPolicies',
        { ServiceNamespace: 'ecs', ResourceId: 'service/c/we' },
        headers,
        moto,
      ),
    ).toBeUndefined();
    expect(sim.rewrite('DescribeScalingPolicies', { ServiceNamespace: 'ecs' }, {}, moto)).toBeUndefined();
  });

  it('refuses a target that is not registered, and another namespace, as AWS does', async () => {
    const sim = new PredictiveScalingSimulator();
    const missing = await sim.answerBeforeForward('PutScalingPolicy', put, headers, () =>
      Promise.resolve(false),
    );
    expect(missing).toMatchObject({ status: 400, body: { __type: 'ObjectNotFoundException' } });
    const other = await sim.answerBeforeForward(
      'PutScalingPolicy',
      { ...put, ServiceNamespace: 'dynamodb' },
      headers,
      registered,
    );
    expect(other).toMatchObject({ status: 400, body: { __type: 'ValidationException' } });
  });

  it('leaves other policy types and unknown deletes to moto', async () => {
    const sim = new PredictiveScalingSimulator();
    expect(
      await sim.answerBeforeForward(
        'PutScalingPolicy',
        { ...put, PolicyType: 'TargetTrackingScaling' },
        headers,
        registered,
      ),
    ).toBeUndefined();
    expect(
      await sim.answerBeforeForward(
        'DeleteScalingPolicy',
        { ...TARGET, PolicyName: 'p' },
        headers,
        registered,
      ),
    ).toBeUndefined();
  });

  it('deletes on DeleteScalingPolicy and with its target on DeregisterScalableTarget, keeps the ARN on update', async () => {
    const sim = new PredictiveScalingSimulator();
    const first = await sim.answerBeforeForward('PutScalingPolicy', put, headers, registered);
    const again = await sim.answerBeforeForward(
      'PutScalingPolicy',
      { ...put, PredictiveScalingPolicyConfiguration: { ...CONFIG, Mode: 'ForecastAndScale' } },
      headers,
      registered,
    );
    expect((again?.body as { PolicyARN: string }).PolicyARN).toBe(
      (first?.body as { PolicyARN: string }).PolicyARN,
    );
    expect(
      await sim.answerBeforeForward(
        'DeleteScalingPolicy',
        { ...TARGET, PolicyName: 'p' },
        headers,
        registered,
      ),
    ).toEqual({ status: 200, body: {} });
    expect(sim.rewrite('DescribeScalingPolicies', TARGET, headers, { ScalingPolicies: [] })).toBeUndefined();

    await sim.answerBeforeForward('PutScalingPolicy', put, headers, registered);
    sim.rewrite('DeregisterScalableTarget', TARGET, headers, {});
    expect(sim.rewrite('DescribeScalingPolicies', TARGET, headers, { ScalingPolicies: [] })).toBeUndefined();
  });
});
