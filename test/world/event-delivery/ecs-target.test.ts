import { describe, expect, it } from 'vitest';
import { EcsTargetError, overridesOf, runTaskRequestOf } from './ecs-target.js';

describe('runTaskRequestOf', () => {
  it('maps EcsParameters to RunTask in its own names, with the input as overrides', () => {
    const request = runTaskRequestOf({
      clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/jobs',
      ecs: {
        TaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/thumb:3',
        TaskCount: 2,
        LaunchType: 'FARGATE',
        NetworkConfiguration: {
          awsvpcConfiguration: {
            Subnets: ['subnet-1'],
            SecurityGroups: ['sg-1'],
            AssignPublicIp: 'DISABLED',
          },
        },
        Group: 'family:thumb',
        PropagateTags: 'TASK_DEFINITION',
        Tags: [{ Key: 'team', Value: 'media' }],
      },
      input: '{"containerOverrides":[{"name":"app","environment":[{"name":"KEY","value":"k"}]}]}',
      startedBy: 'events-rule/on-upload',
    });
    expect(request).toEqual({
      cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/jobs',
      taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/thumb:3',
      count: 2,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' },
      },
      group: 'family:thumb',
      propagateTags: 'TASK_DEFINITION',
      tags: [{ key: 'team', value: 'media' }],
      startedBy: 'events-rule/on-upload',
      overrides: { containerOverrides: [{ name: 'app', environment: [{ name: 'KEY', value: 'k' }] }] },
    });
  });

  it('takes Scheduler tags (one-entry maps) and defaults the count to 1', () => {
    const request = runTaskRequestOf({
      clusterArn: 'c',
      ecs: { TaskDefinitionArn: 'td', Tags: [{ team: 'media' }] },
    });
    expect(request).toEqual({
      cluster: 'c',
      taskDefinition: 'td',
      count: 1,
      tags: [{ key: 'team', value: 'media' }],
    });
  });

  it('refuses a target without a task definition, and input that is no JSON object', () => {
    expect(() => runTaskRequestOf({ clusterArn: 'c', ecs: {} })).toThrow(EcsTargetError);
    expect(() => overridesOf('not json')).toThrow(/not JSON/);
    expect(() => overridesOf('[1]')).toThrow(/JSON object/);
  });
});
