import { describe, expect, it } from 'vitest';
import type { EcsApi } from '../../aws/ecs-api.js';
import { TAG_KEYS } from '../api-group.js';
import { applyTaskDefinitionAction } from './apply.js';
import { FakeEcs } from '../../aws/testing/fake-ecs.js';

const tags = [
  { key: TAG_KEYS.owner, value: 'prod/web' },
  { key: TAG_KEYS.instance, value: 'inst-1' },
  { key: TAG_KEYS.specHash, value: 'v1:' + 'a'.repeat(64) },
  { key: 'team', value: 'a' },
];

/** An EcsApi whose DeleteTaskDefinitions reports `failures` the way the AWS edge does. */
function deleteFailing(failures: { arn: string; reason: string }[]): EcsApi {
  const ecs = new FakeEcs();
  ecs.deleteTaskDefinitions = () =>
    Promise.reject(
      Object.assign(new Error('ECS did not delete'), { name: 'DeleteTaskDefinitionsError', failures }),
    );
  return ecs;
}

describe('applyTaskDefinitionAction', () => {
  it('register: one call; the revision carries the request’s tags when the answer has none', async () => {
    const ecs = new FakeEcs({ registerAnswersTags: false });
    const result = await applyTaskDefinitionAction(ecs, {
      type: 'register',
      input: { family: 'web', containerDefinitions: [{ name: 'web', image: 'x', memory: 64 }], tags },
    });
    expect(ecs.totalCalls()).toBe(1);
    expect(result).toMatchObject({
      type: 'registered',
      revision: {
        family: 'web',
        revision: 1,
        status: 'ACTIVE',
        owner: 'prod/web',
        instance: 'inst-1',
        specHash: 'v1:' + 'a'.repeat(64),
        userTags: [{ key: 'team', value: 'a' }],
      },
    });
  });

  it('register: an answer without a revision ARN is an error', async () => {
    const ecs = new FakeEcs();
    ecs.registerTaskDefinition = () => Promise.resolve({ taskDefinition: {}, tags: [] });
    await expect(
      applyTaskDefinitionAction(ecs, {
        type: 'register',
        input: { family: 'web', containerDefinitions: [] },
      }),
    ).rejects.toThrow('without a usable revision ARN');
  });

  it('deregister, tag, untag, delete: one call each', async () => {
    const ecs = new FakeEcs();
    const { taskDefinition } = await ecs.registerTaskDefinition({
      family: 'web',
      containerDefinitions: [],
      tags,
    });
    const arn = taskDefinition.taskDefinitionArn ?? '';
    ecs.resetCalls();
    await applyTaskDefinitionAction(ecs, { type: 'tag', arn, tags: [{ key: 'env', value: 'prod' }] });
    await applyTaskDefinitionAction(ecs, { type: 'untag', arn, tagKeys: ['team'] });
    await applyTaskDefinitionAction(ecs, { type: 'deregister', arn });
    const deleted = await applyTaskDefinitionAction(ecs, { type: 'delete', arns: [arn] });
    expect(ecs.counts()).toMatchObject({
      tagResource: 1,
      untagResource: 1,
      deregisterTaskDefinition: 1,
      deleteTaskDefinitions: 1,
    });
    expect(ecs.totalCalls()).toBe(4);
    expect(deleted).toEqual({ type: 'deleted', arns: [arn] });
    expect(ecs.revisions('web')).toEqual([]);
  });

  it('delete: revisions that are already gone count as deleted', async () => {
    const ecs = deleteFailing([
      {
        arn: 'a:1',
        reason:
          'The specified task definition does not exist. Specify a valid account, family, revision and try again.',
      },
    ]);
    await expect(applyTaskDefinitionAction(ecs, { type: 'delete', arns: ['a:1', 'a:2'] })).resolves.toEqual({
      type: 'deleted',
      arns: ['a:1', 'a:2'],
    });
  });

  it('delete: any other failure is rethrown', async () => {
    const ecs = deleteFailing([
      { arn: 'a:1', reason: 'does not exist' },
      { arn: 'a:2', reason: 'The specified task definition is still in ACTIVE status.' },
    ]);
    await expect(applyTaskDefinitionAction(ecs, { type: 'delete', arns: ['a:1', 'a:2'] })).rejects.toThrow(
      'ECS did not delete',
    );
  });
});
