import { describe, expect, it } from 'vitest';
import { describeClusterProblems, validateClusterSpec } from './validate.js';

describe('validateClusterSpec', () => {
  it('accepts a valid spec', () => {
    expect(
      validateClusterSpec({
        capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', base: 1, weight: 1 }],
        configuration: {
          executeCommandConfiguration: {
            logging: 'OVERRIDE',
            logConfiguration: { cloudWatchLogGroupName: 'x' },
          },
        },
      }),
    ).toEqual([]);
  });

  it('names a strategy provider missing from capacityProviders, and the fix', () => {
    const problems = validateClusterSpec({
      capacityProviders: ['FARGATE'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
    });
    expect(describeClusterProblems(problems)).toBe(
      'spec.defaultCapacityProviderStrategy[0].capacityProvider: "FARGATE_SPOT" is not in spec.capacityProviders or spec.autoScalingGroupCapacityProviders (FARGATE): ECS only accepts a strategy over the cluster\'s own capacity providers; add it to spec.capacityProviders',
    );
  });

  it('accepts a strategy over a declared Auto Scaling group provider', () => {
    expect(
      validateClusterSpec({
        capacityProviders: ['FARGATE'],
        autoScalingGroupCapacityProviders: [
          { name: 'ec2', autoScalingGroupProvider: { autoScalingGroupArn: 'arn:aws:autoscaling:x' } },
        ],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'ec2', weight: 1 }],
      }),
    ).toEqual([]);
  });

  it('refuses tag keys too long together to record, naming the fix', () => {
    const tags = Array.from({ length: 40 }, (_v, i) => ({
      key: `${String(i)}-${'k'.repeat(120)}`,
      value: 'v',
    }));
    const problems = validateClusterSpec({ tags });
    expect(problems.map((p) => p.field)).toEqual(['spec.tags']);
    expect(problems[0]?.message).toContain('use fewer or shorter tag keys');
  });

  it('refuses a base on two providers', () => {
    const problems = validateClusterSpec({
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: [
        { capacityProvider: 'FARGATE', base: 1 },
        { capacityProvider: 'FARGATE_SPOT', base: 2 },
      ],
    });
    expect(problems.map((p) => p.field)).toEqual(['spec.defaultCapacityProviderStrategy']);
  });

  it('refuses logConfiguration without logging OVERRIDE', () => {
    const problems = validateClusterSpec({
      configuration: { executeCommandConfiguration: { logConfiguration: { s3BucketName: 'b' } } },
    });
    expect(problems[0]?.message).toContain('set logging: OVERRIDE');
  });
});
