import { describe, expect, it } from 'vitest';
import { FakeAwsAutoscaling } from './testing/fake-apis.js';
import { lookupResourceLabel, resourceLabelFromTargetGroup } from './target-group-label.js';

const ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188';
const ALB2 = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/other/1111111111111111';
const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-nlb/2222222222222222';
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/73e2d6bc24d8a067';
const LABEL = 'app/my-alb/50dc6c495c0c9188/targetgroup/api/73e2d6bc24d8a067';

describe('resourceLabelFromTargetGroup', () => {
  it('derives the label from the one ALB', () => {
    expect(resourceLabelFromTargetGroup(TG, { TargetGroupArn: TG, LoadBalancerArns: [ALB] })).toEqual({
      resourceLabel: LABEL,
    });
  });

  it.each([
    ['no target group', undefined, 'TargetGroupNotFound', /does not exist/],
    [
      'no load balancer',
      { TargetGroupArn: TG },
      'TargetGroupNotAttached',
      /attach it to an application load balancer listener/,
    ],
    [
      'an empty list',
      { TargetGroupArn: TG, LoadBalancerArns: [] },
      'TargetGroupNotAttached',
      /api\/73e2d6bc24d8a067/,
    ],
    [
      'a network load balancer',
      { TargetGroupArn: TG, LoadBalancerArns: [NLB] },
      'TargetGroupNotOnApplicationLoadBalancer',
      /net\/my-nlb/,
    ],
    [
      'two ALBs',
      { TargetGroupArn: TG, LoadBalancerArns: [ALB, ALB2] },
      'TargetGroupNotOnApplicationLoadBalancer',
      /exactly one/,
    ],
  ])('reports %s', (_n, tg, reason, message) => {
    const r = resourceLabelFromTargetGroup(TG, tg);
    expect('problem' in r && r.problem.reason).toBe(reason);
    expect('problem' in r ? r.problem.message : '').toMatch(message);
  });
});

describe('lookupResourceLabel', () => {
  it('reads the target group once', async () => {
    const aws = new FakeAwsAutoscaling();
    aws.putTargetGroup({ TargetGroupArn: TG, LoadBalancerArns: [ALB] });
    expect(await lookupResourceLabel(aws, TG)).toEqual({ resourceLabel: LABEL });
    expect(aws.calls.map((c) => c.op)).toEqual(['describeTargetGroups']);
  });

  it('turns TargetGroupNotFound into a problem', async () => {
    const r = await lookupResourceLabel(new FakeAwsAutoscaling(), TG);
    expect('problem' in r && r.problem.reason).toBe('TargetGroupNotFound');
  });

  it('throws other errors for the caller to classify', async () => {
    const aws = new FakeAwsAutoscaling();
    aws.failNext('describeTargetGroups', Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
    await expect(lookupResourceLabel(aws, TG)).rejects.toThrow('Rate exceeded');
  });
});
