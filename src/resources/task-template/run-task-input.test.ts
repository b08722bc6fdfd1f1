import { describe, expect, it } from 'vitest';
import { runTaskInput } from './run-task-input.js';
import type { TaskTemplateSpec } from './types.js';

const call = {
  cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/batch',
  taskDefinition: 'migrate:3',
  count: 2,
};

describe('runTaskInput', () => {
  it('sends only what the template and the call say', () => {
    expect(runTaskInput({ cluster: 'batch', taskDefinition: 'ignored' }, call)).toEqual({
      cluster: call.cluster,
      taskDefinition: 'migrate:3',
      count: 2,
    });
  });

  it('carries every template field under RunTask names, then the caller tags', () => {
    // The fields RunTask spells as the template does, sent with the same values.
    const sameInRunTask = {
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' },
      },
      placementConstraints: [{ type: 'distinctInstance' }],
      placementStrategy: [{ type: 'spread', field: 'instanceId' }],
      platformVersion: 'LATEST',
      enableExecuteCommand: true,
      enableECSManagedTags: true,
      propagateTags: 'TASK_DEFINITION',
    } as const satisfies TaskTemplateSpec;
    const template: TaskTemplateSpec = {
      cluster: 'batch',
      taskDefinition: 'migrate:3',
      ...sameInRunTask,
      overrides: {
        containerOverrides: [
          { name: 'app', command: ['migrate', 'up'], environment: [{ name: 'A', value: '1' }] },
        ],
        taskRoleArn: 'arn:aws:iam::123456789012:role/migrator',
      },
      tags: [{ key: 'team', value: 'db' }],
      volumeConfigurations: [
        {
          name: 'scratch',
          managedEBSVolume: { roleArn: 'arn:aws:iam::123456789012:role/ebs', sizeInGiB: 10 },
        },
      ],
    };
    const input = runTaskInput(template, {
      ...call,
      clientToken: 'tok',
      startedBy: 'ecsb-run',
      group: 'ecs-bridge:migrate',
      extraTags: [{ key: 'ecs-bridge.dev/owner', value: 'ns/name' }],
    });
    expect(input).toEqual({
      cluster: call.cluster,
      taskDefinition: 'migrate:3',
      count: 2,
      clientToken: 'tok',
      startedBy: 'ecsb-run',
      group: 'ecs-bridge:migrate',
      ...sameInRunTask,
      overrides: template.overrides,
      tags: [
        { key: 'team', value: 'db' },
        { key: 'ecs-bridge.dev/owner', value: 'ns/name' },
      ],
      volumeConfigurations: template.volumeConfigurations,
    });
    // Copies, never the informer's arrays: the SDK may not alias cached objects.
    expect(input.overrides).not.toBe(template.overrides);
    expect(input.networkConfiguration?.awsvpcConfiguration?.subnets).not.toBe(
      template.networkConfiguration?.awsvpcConfiguration.subnets,
    );
  });

  it('passes a launch type through', () => {
    expect(runTaskInput({ cluster: 'c', taskDefinition: 'x', launchType: 'FARGATE' }, call).launchType).toBe(
      'FARGATE',
    );
  });
});
