import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLoadBalancingApi, LOAD_BALANCING_CATEGORY_LIMITS } from './load-balancing-client.js';
import { clientTestOptions } from './testing/client-test-options.js';
import type { ObservedCall } from './testing/recording-call-observer.js';

const arn = (kind: string, i: number): string =>
  `arn:aws:elasticloadbalancing:eu-west-1:111111111111:${kind}/n${i}/${i.toString(16).padStart(16, '0')}`;

describe('createLoadBalancingApi', () => {
  const client = new ElasticLoadBalancingV2Client({ region: 'eu-west-1' });
  const mock = mockClient(client);
  let observed: ObservedCall[];
  let api: ReturnType<typeof createLoadBalancingApi>;

  beforeEach(() => {
    mock.reset();
    const built = clientTestOptions(LOAD_BALANCING_CATEGORY_LIMITS);
    observed = built.observed;
    api = createLoadBalancingApi({ client, ...built.options });
  });

  it('describes target groups 20 ARNs per call, following NextMarker, with their load balancers', async () => {
    const tgs = Array.from({ length: 25 }, (_, i) => arn('targetgroup', i));
    mock
      .on(DescribeTargetGroupsCommand)
      .resolvesOnce({
        TargetGroups: [{ TargetGroupArn: tgs[0], LoadBalancerArns: [arn('loadbalancer/app', 1)] }],
        NextMarker: 'm',
      })
      .resolvesOnce({ TargetGroups: [{ TargetGroupArn: tgs[1] }] })
      .resolvesOnce({ TargetGroups: [{ TargetGroupArn: tgs[24] }] });
    const out = await api.describeTargetGroups(tgs);
    expect(out.map((t) => t.TargetGroupArn)).toEqual([tgs[0], tgs[1], tgs[24]]);
    expect(out[0]?.LoadBalancerArns).toEqual([arn('loadbalancer/app', 1)]);
    const inputs = mock.commandCalls(DescribeTargetGroupsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => [i.TargetGroupArns?.length, i.Marker])).toEqual([
      [20, undefined],
      [20, 'm'],
      [5, undefined],
    ]);
    expect(observed.map((o) => o[1])).toEqual([
      'DescribeTargetGroups',
      'DescribeTargetGroups',
      'DescribeTargetGroups',
    ]);
  });

  it('lists the Region’s target groups 400 a page, following NextMarker', async () => {
    mock
      .on(DescribeTargetGroupsCommand)
      .resolvesOnce({ TargetGroups: [{ TargetGroupArn: arn('targetgroup', 1) }], NextMarker: 'm' })
      .resolvesOnce({ TargetGroups: [{ TargetGroupArn: arn('targetgroup', 2) }] });
    const out = await api.listTargetGroups?.();
    expect(out?.map((t) => t.TargetGroupArn)).toEqual([arn('targetgroup', 1), arn('targetgroup', 2)]);
    expect(mock.commandCalls(DescribeTargetGroupsCommand).map((c) => c.args[0].input)).toEqual([
      { PageSize: 400 },
      { PageSize: 400, Marker: 'm' },
    ]);
  });

  it('describes load balancers by ARN', async () => {
    mock
      .on(DescribeLoadBalancersCommand)
      .resolves({ LoadBalancers: [{ LoadBalancerArn: arn('loadbalancer/app', 1), Type: 'application' }] });
    const out = await api.describeLoadBalancers([arn('loadbalancer/app', 1)]);
    expect(out[0]?.Type).toBe('application');
    expect(mock.commandCalls(DescribeLoadBalancersCommand)[0]?.args[0].input).toEqual({
      LoadBalancerArns: [arn('loadbalancer/app', 1)],
    });
    expect(observed).toEqual([['elasticloadbalancing', 'DescribeLoadBalancers', 'success']]);
  });

  it('passes a not-found error through unchanged and records it', async () => {
    const err = Object.assign(new Error('One or more target groups not found'), {
      name: 'TargetGroupNotFoundException',
    });
    mock.on(DescribeTargetGroupsCommand).rejects(err);
    await expect(api.describeTargetGroups([arn('targetgroup', 1)])).rejects.toBe(err);
    expect(observed).toEqual([['elasticloadbalancing', 'DescribeTargetGroups', 'notFound']]);
  });

  it('sends nothing for no ARNs', async () => {
    expect(await api.describeTargetGroups([])).toEqual([]);
    expect(await api.describeLoadBalancers([])).toEqual([]);
    expect(mock.calls()).toHaveLength(0);
  });
});
