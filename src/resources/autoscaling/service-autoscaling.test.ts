import type { Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import type { EcsService, EcsServiceSpec } from '../service/types.js';
import { FakeAwsAutoscaling } from './testing/fake-apis.js';
import { createServiceAutoscaling } from './service-autoscaling.js';

const ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188';
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/73e2d6bc24d8a067';
const RID = 'service/prod/api';

function objectWith(spec: Partial<EcsServiceSpec>, status?: EcsService['status']): EcsService {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsService',
    metadata: { name: 'api', namespace: 'default', generation: 1 },
    spec: { cluster: 'prod', taskDefinition: 'api:1', ...spec },
    ...(status === undefined ? {} : { status }),
  };
}

const described: Service = {
  clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
  serviceName: 'api',
  desiredCount: 6,
  loadBalancers: [{ targetGroupArn: TG, containerName: 'app', containerPort: 8080 }],
};

function setup(): {
  aws: FakeAwsAutoscaling;
  regions: string[];
  adapter: ReturnType<typeof createServiceAutoscaling>;
} {
  const aws = new FakeAwsAutoscaling();
  aws.putTargetGroup({ TargetGroupArn: TG, LoadBalancerArns: [ALB] });
  const regions: string[] = [];
  const adapter = createServiceAutoscaling({
    apisFor: (region) => {
      regions.push(region);
      return { autoscaling: aws, loadBalancing: aws };
    },
  });
  return { aws, regions, adapter };
}

const spec: Partial<EcsServiceSpec> = {
  autoscaling: {
    minCapacity: 2,
    maxCapacity: 8,
    cpu: { targetValue: 50 },
    albRequestCountPerTarget: { targetValue: 500 },
  },
};

describe('createServiceAutoscaling', () => {
  it('reconciles from the described service, in the object region, with its current desiredCount', async () => {
    const { aws, regions, adapter } = setup();
    const planned = await adapter.plan({
      obj: objectWith(spec),
      service: described,
      region: 'eu-west-1',
      signal: new AbortController().signal,
    });
    expect(aws.target(RID)).toBeUndefined();
    const out = await planned.apply();
    expect(regions).toEqual(['eu-west-1']);
    expect(aws.target(RID)).toMatchObject({ MinCapacity: 2, MaxCapacity: 8 });
    expect(out.status).toMatchObject({ resourceId: RID, desiredCount: 6 });
    expect(out.ownsDesiredCount).toBe(true);
  });

  it('removes autoscaling for a deletion even before status recorded it', async () => {
    const { aws, adapter } = setup();
    const input = {
      obj: objectWith(spec),
      service: described,
      region: 'us-east-1',
      signal: new AbortController().signal,
    };
    await (await adapter.plan(input)).apply();
    const out = await adapter.remove(input);
    expect(aws.target(RID)).toBeUndefined();
    expect(aws.policiesOf(RID)).toEqual([]);
    expect(out.ownsDesiredCount).toBe(false);
  });

  it('reads only the scalable target for a service that never had autoscaling', async () => {
    const { aws, adapter } = setup();
    const out = await adapter.remove({
      obj: objectWith({}),
      service: described,
      region: 'us-east-1',
      signal: new AbortController().signal,
    });
    expect(aws.calls.map((c) => c.op)).toEqual(['describeScalableTargets']);
    expect(out.ownsDesiredCount).toBe(false);
  });
});
