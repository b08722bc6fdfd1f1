import { describe, expect, it } from 'vitest';
import { itAnswers } from '../shared/testing/predicate-cases.js';
import {
  ECS_ACTION_CATEGORIES,
  ECS_CATEGORY_LIMITS,
  ecsCategoryOf,
  isEcsAction,
  type EcsAction,
} from './ecs-categories.js';

describe('ECS throttling categories', () => {
  it.each<[EcsAction, string, number, number]>([
    ['CreateService', 'ecs:service-modify', 50, 5],
    ['UpdateService', 'ecs:service-modify', 50, 5],
    ['DeleteService', 'ecs:service-modify', 50, 5],
    ['DescribeServices', 'ecs:service-read', 100, 20],
    ['ListServices', 'ecs:service-read', 100, 20],
    ['RegisterTaskDefinition', 'ecs:task-definition-modify', 20, 1],
    ['DeregisterTaskDefinition', 'ecs:task-definition-modify', 20, 1],
    ['DescribeTaskDefinition', 'ecs:task-definition-read', 50, 20],
    ['ListTaskDefinitions', 'ecs:task-definition-read', 50, 20],
    ['ListTaskDefinitionFamilies', 'ecs:task-definition-read', 50, 20],
    ['DeleteTaskDefinitions', 'ecs:task-definition-delete', 5, 1],
    ['TagResource', 'ecs:tag-modify', 20, 10],
    ['UntagResource', 'ecs:tag-modify', 20, 10],
    ['ListTagsForResource', 'ecs:tag-read', 50, 20],
    ['DescribeClusters', 'ecs:cluster-read', 50, 20],
    ['ListClusters', 'ecs:cluster-read', 50, 20],
    ['CreateCluster', 'ecs:cluster-modify', 20, 1],
    ['UpdateCluster', 'ecs:cluster-modify', 20, 1],
    ['PutClusterCapacityProviders', 'ecs:cluster-modify', 20, 1],
    ['DeleteCluster', 'ecs:cluster-modify', 20, 1],
    ['DescribeCapacityProviders', 'ecs:cluster-read', 50, 20],
    ['CreateCapacityProvider', 'ecs:cluster-modify', 20, 1],
    ['UpdateCapacityProvider', 'ecs:cluster-modify', 20, 1],
    ['DeleteCapacityProvider', 'ecs:cluster-modify', 20, 1],
    ['RunTask', 'ecs:task-run', 20, 1],
    ['StopTask', 'ecs:task-run', 20, 1],
    ['DescribeTasks', 'ecs:task-read', 50, 20],
    ['ListTasks', 'ecs:task-read', 50, 20],
  ])('%s draws from %s (burst %i, sustained %i/s)', (action, category, burst, sustained) => {
    expect(ecsCategoryOf(action)).toBe(category);
    expect(ECS_CATEGORY_LIMITS[ecsCategoryOf(action)]).toEqual({ burst, sustained });
  });

  it('has a limit for every category an action names', () => {
    for (const category of Object.values(ECS_ACTION_CATEGORIES)) {
      expect(ECS_CATEGORY_LIMITS[category]).toBeDefined();
    }
  });

  itAnswers(
    isEcsAction,
    { accepted: ['DescribeServices'], refused: ['StartTask', 'toString', ''] },
    'isEcsAction(%j) is %s',
  );
});
