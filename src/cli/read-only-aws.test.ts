import { describe, expect, it } from 'vitest';
import {
  readOnlyAutoscalingApi,
  readOnlyEcsApi,
  readOnlyTriggerApis,
  WriteRefusedError,
} from './read-only-aws.js';
import { FakeTriggerAws } from './testing/fake-trigger-aws.js';
import { FakeAwsAutoscaling } from '../resources/autoscaling/testing/fake-apis.js';
import { FakeEcs } from '../aws/testing/fake-ecs.js';

describe('readOnlyEcsApi', () => {
  const writes = [
    ['registerTaskDefinition', { family: 'x', containerDefinitions: [] }],
    ['deregisterTaskDefinition', 'arn'],
    ['deleteTaskDefinitions', ['arn']],
    ['createService', { serviceName: 'x' }],
    ['updateService', { service: 'x' }],
    ['deleteService', { service: 'x' }],
    ['tagResource', 'arn', [{ key: 'a', value: 'b' }]],
    ['untagResource', 'arn', ['a']],
  ] as const;

  it.each(writes)('refuses %s before anything reaches AWS', async (method, ...args) => {
    const ecs = new FakeEcs();
    const api = readOnlyEcsApi(ecs) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    await expect(api[method]?.(...args)).rejects.toBeInstanceOf(WriteRefusedError);
    expect(ecs.totalCalls()).toBe(0);
  });

  it('passes reads through', async () => {
    const ecs = new FakeEcs();
    const registered = await ecs.registerTaskDefinition({
      family: 'web',
      containerDefinitions: [{ name: 'a', image: 'b' }],
    });
    const api = readOnlyEcsApi(ecs);
    expect(await api.listTaskDefinitions('web', 'ACTIVE')).toEqual([
      registered.taskDefinition.taskDefinitionArn,
    ]);
    expect((await api.describeTaskDefinition('web:1')).taskDefinition.revision).toBe(1);
  });
});

describe('readOnlyAutoscalingApi', () => {
  it('refuses every write and passes reads through', async () => {
    const fake = new FakeAwsAutoscaling();
    const api = readOnlyAutoscalingApi(fake);
    const target = {
      ServiceNamespace: 'ecs' as const,
      ResourceId: 'service/c/s',
      ScalableDimension: 'ecs:service:DesiredCount' as const,
    };
    await expect(api.registerScalableTarget({ ...target, MinCapacity: 1, MaxCapacity: 2 })).rejects.toThrow(
      'RegisterScalableTarget refused',
    );
    await expect(api.deregisterScalableTarget(target)).rejects.toBeInstanceOf(WriteRefusedError);
    await expect(api.putScalingPolicy({ ...target, PolicyName: 'p' })).rejects.toBeInstanceOf(
      WriteRefusedError,
    );
    await expect(api.deleteScalingPolicy({ ...target, PolicyName: 'p' })).rejects.toBeInstanceOf(
      WriteRefusedError,
    );
    expect(await api.describeScalableTargets(['service/c/s'])).toEqual([]);
    expect(fake.writes()).toEqual([]);
  });
});

describe('readOnlyTriggerApis', () => {
  it('refuses every EventBridge, Scheduler, S3 and ECS task write and passes reads through', async () => {
    const fake = new FakeTriggerAws();
    const api = readOnlyTriggerApis(fake.apis);
    const refused = [
      api.events.putRule({ Name: 'r' }),
      api.events.putTargets('r', 'default', []),
      api.events.removeTargets('r', 'default', ['t']),
      api.events.deleteRule('r', 'default'),
      api.events.tagRule('arn', []),
      api.events.untagRule('arn', []),
      api.scheduler.createSchedule({
        Name: 's',
        ScheduleExpression: 'rate(1 day)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: 'a', RoleArn: 'r' },
      }),
      api.scheduler.updateSchedule({
        Name: 's',
        ScheduleExpression: 'rate(1 day)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: 'a', RoleArn: 'r' },
      }),
      api.scheduler.deleteSchedule('s', 'g'),
      api.scheduler.createScheduleGroup('g', []),
      api.s3Notifications.putNotificationConfiguration('b', {}),
      api.tasks.runTask({ taskDefinition: 'td' }),
      api.tasks.stopTask('c', 't', 'why'),
    ];
    for (const call of refused) await expect(call).rejects.toBeInstanceOf(WriteRefusedError);
    expect(await api.events.describeRule('r', 'default')).toBeUndefined();
    expect(await api.s3Notifications.getNotificationConfiguration('b')).toEqual({});
    expect(fake.writes).toEqual([]);
    expect(fake.reads).toEqual(['DescribeRule r', 'GetBucketNotificationConfiguration b']);
  });
});
