import { describe, expect, it } from 'vitest';
import {
  ECS_BUCKET_LIMITS,
  ECS_THROTTLE_CATEGORIES,
  ecsCategoryOf,
  isEcsThrottleCategory,
} from './ecs-buckets.js';

describe('ECS throttling table', () => {
  it.each([
    ['CreateService', 'service-modify', 50, 5],
    ['UpdateService', 'service-modify', 50, 5],
    ['DeleteService', 'service-modify', 50, 5],
    ['DescribeServices', 'service-read', 100, 20],
    ['ListServices', 'service-read', 100, 20],
    ['RegisterTaskDefinition', 'task-definition-modify', 20, 1],
    ['DeregisterTaskDefinition', 'task-definition-modify', 20, 1],
    ['DescribeTaskDefinition', 'task-definition-read', 50, 20],
    ['ListTaskDefinitions', 'task-definition-read', 50, 20],
    ['ListTaskDefinitionFamilies', 'task-definition-read', 50, 20],
    ['DeleteTaskDefinitions', 'task-definition-delete', 5, 1],
    ['TagResource', 'tag-modify', 20, 10],
    ['UntagResource', 'tag-modify', 20, 10],
    ['ListTagsForResource', 'tag-read', 50, 20],
    ['DescribeClusters', 'cluster-read', 50, 20],
    ['ListClusters', 'cluster-read', 50, 20],
  ] as const)('%s is in %s (burst %i, sustained %i/s)', (action, category, burst, ratePerSecond) => {
    expect(ecsCategoryOf(action)).toBe(category);
    expect(ECS_BUCKET_LIMITS[category]).toEqual({ burst, ratePerSecond });
  });

  it.each(['CreateCluster', 'DeleteCluster', 'DescribeTasks', 'toString', 'constructor', ''])(
    '%s is not limited',
    (action) => {
      expect(ecsCategoryOf(action)).toBeUndefined();
    },
  );

  it('has limits for exactly the listed categories', () => {
    expect(Object.keys(ECS_BUCKET_LIMITS).sort()).toEqual([...ECS_THROTTLE_CATEGORIES].sort());
  });

  it('recognises category names', () => {
    expect(isEcsThrottleCategory('tag-read')).toBe(true);
    expect(isEcsThrottleCategory('tag read')).toBe(false);
    expect(isEcsThrottleCategory(3)).toBe(false);
  });
});
