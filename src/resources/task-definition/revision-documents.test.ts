import { describe, expect, it } from 'vitest';
import { awsError, FakeEcs } from '../../aws/testing/fake-ecs.js';
import { RevisionDocuments } from './revision-documents.js';

async function registered(ecs: FakeEcs, image: string): Promise<string> {
  const out = await ecs.registerTaskDefinition({
    family: 'web',
    containerDefinitions: [{ name: 'web', image, memory: 128 }],
  });
  return out.taskDefinition.taskDefinitionArn ?? '';
}

describe('RevisionDocuments', () => {
  it('reads a revision once and answers its canonical document from then on', async () => {
    const ecs = new FakeEcs();
    const arn = await registered(ecs, 'a:1');
    const documents = new RevisionDocuments();
    const first = await documents.documentOf(ecs, arn);
    const again = await documents.documentOf(ecs, arn);
    expect(ecs.count('describeTaskDefinition')).toBe(1);
    expect(again).toEqual(first);
    // Canonical: AWS's defaults filled, server-only fields gone.
    expect(first).toMatchObject({ containerDefinitions: [{ name: 'web', image: 'a:1', essential: true }] });
    expect(first).not.toHaveProperty('revision');
  });

  it('answers undefined for a revision ECS no longer has, and reads it again next time', async () => {
    const ecs = new FakeEcs();
    const documents = new RevisionDocuments();
    ecs.failNext(
      'describeTaskDefinition',
      awsError('ClientException', 'Unable to describe task definition.'),
    );
    const arn = await registered(ecs, 'a:1');
    expect(await documents.documentOf(ecs, arn)).toBeUndefined();
    expect(await documents.documentOf(ecs, arn)).toMatchObject({
      family: 'web',
      containerDefinitions: [{ name: 'web', image: 'a:1' }],
    });
    expect(ecs.count('describeTaskDefinition')).toBe(2);
  });

  it('throws throttling for the work queue to retry', async () => {
    const ecs = new FakeEcs();
    const arn = await registered(ecs, 'a:1');
    ecs.failNext('describeTaskDefinition', awsError('ThrottlingException', 'Rate exceeded'));
    await expect(new RevisionDocuments().documentOf(ecs, arn)).rejects.toThrow('Rate exceeded');
  });

  it('keeps at most its limit, dropping the oldest read', async () => {
    const ecs = new FakeEcs();
    const arns = [await registered(ecs, 'a:1'), await registered(ecs, 'a:2'), await registered(ecs, 'a:3')];
    const documents = new RevisionDocuments(2);
    for (const arn of arns) await documents.documentOf(ecs, arn);
    expect(documents.size).toBe(2);
    ecs.resetCalls();
    await documents.documentOf(ecs, arns[2] ?? '');
    expect(ecs.count('describeTaskDefinition')).toBe(0);
    await documents.documentOf(ecs, arns[0] ?? '');
    expect(ecs.count('describeTaskDefinition')).toBe(1);
  });
});
