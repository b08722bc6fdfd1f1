import { describe, expect, it } from 'vitest';
import { readOnlyAutoscalingApi, readOnlyEcsApi, WriteRefusedError } from './read-only-aws.js';
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
