import { describe, expect, it } from 'vitest';
import {
  albResourceLabel,
  albResourceLabelForTargetGroup,
  ResourceLabelError,
  type ResourceLabelErrorReason,
} from './resource-label.js';

const LB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188';
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-tg/73e2d6bc24d8a067';
const LABEL = 'app/my-alb/50dc6c495c0c9188/targetgroup/my-tg/73e2d6bc24d8a067';

describe('albResourceLabel', () => {
  it.each([
    ['a commercial-Region ALB', LB, TG, LABEL],
    [
      'a China-partition ALB',
      'arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:loadbalancer/app/web-1/0123456789abcdef',
      'arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:targetgroup/web-tg-1/fedcba9876543210',
      'app/web-1/0123456789abcdef/targetgroup/web-tg-1/fedcba9876543210',
    ],
    [
      'a GovCloud ALB',
      'arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:loadbalancer/app/gov/aaaaaaaaaaaaaaaa',
      'arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:targetgroup/gov-tg/bbbbbbbbbbbbbbbb',
      'app/gov/aaaaaaaaaaaaaaaa/targetgroup/gov-tg/bbbbbbbbbbbbbbbb',
    ],
  ])('derives the label of %s', (_label, lb, tg, expected) => {
    expect(albResourceLabel(lb, tg)).toBe(expected);
  });

  it.each<[string, string, string, ResourceLabelErrorReason, RegExp]>([
    [
      'a Network Load Balancer',
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-nlb/50dc6c495c0c9188',
      TG,
      'NotApplicationLoadBalancer',
      /my-nlb is a Network Load Balancer; ALBRequestCountPerTarget needs an Application Load Balancer/,
    ],
    [
      'a Gateway Load Balancer',
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/gwy/my-gwlb/50dc6c495c0c9188',
      TG,
      'NotApplicationLoadBalancer',
      /Gateway Load Balancer/,
    ],
    ['swapped arguments', TG, LB, 'InvalidArn', /is not a load balancer ARN/],
    ['a target group ARN that is a load balancer', LB, LB, 'InvalidArn', /is not a target group ARN/],
    [
      'a non-ELB ARN',
      'arn:aws:ecs:us-east-1:123456789012:service/prod/web',
      TG,
      'InvalidArn',
      /not an Elastic Load Balancing ARN/,
    ],
    ['a bare name', LB, 'my-tg', 'InvalidArn', /not an Elastic Load Balancing ARN/],
    ['an empty string', '', TG, 'InvalidArn', /not an Elastic Load Balancing ARN/],
    [
      'a classic load balancer ARN',
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/my-classic',
      TG,
      'InvalidArn',
      /is not a load balancer ARN/,
    ],
    [
      'another Region',
      LB,
      'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/my-tg/73e2d6bc24d8a067',
      'LocationMismatch',
      /different partitions, Regions or accounts/,
    ],
    [
      'another account',
      LB,
      'arn:aws:elasticloadbalancing:us-east-1:210987654321:targetgroup/my-tg/73e2d6bc24d8a067',
      'LocationMismatch',
      /different/,
    ],
  ])('refuses %s', (_label, lb, tg, reason, message) => {
    const label = () => albResourceLabel(lb, tg);
    expect(label).toThrow(ResourceLabelError);
    expect(label).toThrow(expect.objectContaining({ reason, message: expect.stringMatching(message) }));
  });
});

describe('albResourceLabelForTargetGroup', () => {
  it('derives the label from the target group’s one load balancer', () => {
    expect(albResourceLabelForTargetGroup({ TargetGroupArn: TG, LoadBalancerArns: [LB] })).toBe(LABEL);
  });

  it.each<[string, Parameters<typeof albResourceLabelForTargetGroup>[0], ResourceLabelErrorReason]>([
    ['no load balancer yet', { TargetGroupArn: TG, LoadBalancerArns: [] }, 'TargetGroupNotAttached'],
    ['no LoadBalancerArns field', { TargetGroupArn: TG }, 'TargetGroupNotAttached'],
    ['two load balancers', { TargetGroupArn: TG, LoadBalancerArns: [LB, LB] }, 'AmbiguousLoadBalancer'],
    ['no ARN', { LoadBalancerArns: [LB] }, 'InvalidArn'],
    [
      'an NLB',
      {
        TargetGroupArn: TG,
        LoadBalancerArns: [
          'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/n/50dc6c495c0c9188',
        ],
      },
      'NotApplicationLoadBalancer',
    ],
  ])('refuses a target group with %s', (_label, tg, reason) => {
    expect(() => albResourceLabelForTargetGroup(tg)).toThrow(ResourceLabelError);
    try {
      albResourceLabelForTargetGroup(tg);
    } catch (err) {
      expect(err).toMatchObject({ reason });
    }
  });
});
