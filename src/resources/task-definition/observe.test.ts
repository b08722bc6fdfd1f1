import type { Tag } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { TAG_KEYS } from '../api-group.js';
import { awsError, FakeEcs } from '../../aws/testing/fake-ecs.js';
import { observeTaskDefinition, type ObserveOptions } from './observe.js';
import { RevisionCache } from './revision-cache.js';
import type { RevisionsInUseQuery } from './ports.js';

const ours: Tag[] = [
  { key: TAG_KEYS.owner, value: 'prod/web' },
  { key: TAG_KEYS.instance, value: 'inst-1' },
  { key: TAG_KEYS.specHash, value: 'v1:' + 'a'.repeat(64) },
  { key: 'team', value: 'a' },
  { key: 'aws:cloudformation:stack-name', value: 's' },
];

async function register(ecs: FakeEcs, tags: Tag[], family = 'web'): Promise<void> {
  await ecs.registerTaskDefinition({ family, containerDefinitions: [{ name: 'c', image: 'i' }], tags });
}

function options(ecs: FakeEcs, cache: RevisionCache, over: Partial<ObserveOptions> = {}): ObserveOptions {
  return {
    ecs,
    cache,
    family: 'web',
    owner: 'prod/web',
    instanceId: 'inst-1',
    namespace: 'prod',
    revisionsInUse: () => Promise.resolve(new Set(['web:1'])),
    ...over,
  };
}

describe('observeTaskDefinition', () => {
  it('reports owned revisions only (owner and instance both), counts the others', async () => {
    const ecs = new FakeEcs();
    await register(ecs, ours); // 1
    await register(ecs, [
      { key: TAG_KEYS.owner, value: 'dev/web' },
      { key: TAG_KEYS.instance, value: 'inst-1' },
    ]); // 2
    await register(ecs, [
      { key: TAG_KEYS.owner, value: 'prod/web' },
      { key: TAG_KEYS.instance, value: 'inst-2' },
    ]); // 3
    await register(ecs, []); // 4
    await register(ecs, ours); // 5
    await register(ecs, ours, 'other'); // another family
    const queries: RevisionsInUseQuery[] = [];
    const observed = await observeTaskDefinition(
      options(ecs, new RevisionCache(), {
        revisionsInUse: (q) => {
          queries.push(q);
          return Promise.resolve(new Set(['web:1']));
        },
      }),
    );
    expect(observed.owned.map((r) => r.revision)).toEqual([1, 5]);
    expect(observed.foreignActive).toBe(3);
    expect(observed.inUse).toEqual(new Set(['web:1']));
    expect(queries).toEqual([{ namespace: 'prod', family: 'web' }]);
    expect(observed.owned[0]).toMatchObject({
      specHash: 'v1:' + 'a'.repeat(64),
      owner: 'prod/web',
      instance: 'inst-1',
      status: 'ACTIVE',
      userTags: [{ key: 'team', value: 'a' }],
    });
  });

  it('describes each revision once per process: the next observe is one list call', async () => {
    const ecs = new FakeEcs();
    for (let i = 0; i < 5; i++) await register(ecs, i % 2 === 0 ? ours : []);
    const cache = new RevisionCache();
    ecs.resetCalls();
    await observeTaskDefinition(options(ecs, cache));
    expect(ecs.counts()).toMatchObject({ listTaskDefinitions: 1, describeTaskDefinition: 5 });
    ecs.resetCalls();
    await observeTaskDefinition(options(ecs, cache));
    expect(ecs.totalCalls()).toBe(1);
    await register(ecs, ours);
    ecs.resetCalls();
    const observed = await observeTaskDefinition(options(ecs, cache));
    expect(ecs.counts()).toMatchObject({ listTaskDefinitions: 1, describeTaskDefinition: 1 });
    expect(observed.owned.map((r) => r.revision)).toEqual([1, 3, 5, 6]);
  });

  it('keeps at most `concurrency` describes in flight', async () => {
    const ecs = new FakeEcs();
    for (let i = 0; i < 12; i++) await register(ecs, ours);
    let inFlight = 0;
    let peak = 0;
    const describe = ecs.describeTaskDefinition.bind(ecs);
    ecs.describeTaskDefinition = async (arn) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        await new Promise((resolve) => setImmediate(resolve));
        return await describe(arn);
      } finally {
        inFlight -= 1;
      }
    };
    const observed = await observeTaskDefinition(options(ecs, new RevisionCache(), { concurrency: 3 }));
    expect(observed.owned).toHaveLength(12);
    expect(peak).toBe(3);
  });

  it('skips a revision deleted between the list and the describe', async () => {
    const ecs = new FakeEcs();
    await register(ecs, ours);
    await register(ecs, ours);
    ecs.failNext(
      'describeTaskDefinition',
      awsError('ClientException', 'Unable to describe task definition.'),
    );
    const observed = await observeTaskDefinition(options(ecs, new RevisionCache(), { concurrency: 1 }));
    expect(observed.owned.map((r) => r.revision)).toEqual([1]);
  });

  it('rethrows what is not a vanished revision', async () => {
    const ecs = new FakeEcs();
    await register(ecs, ours);
    ecs.failNext('describeTaskDefinition', awsError('ThrottlingException', 'Rate exceeded'));
    await expect(observeTaskDefinition(options(ecs, new RevisionCache()))).rejects.toThrow('Rate exceeded');
  });

  it('includes revisions this process deregistered and has not deleted; forgets ones others removed', async () => {
    const ecs = new FakeEcs();
    await register(ecs, ours); // 1
    await register(ecs, ours); // 2
    await register(ecs, ours); // 3
    const cache = new RevisionCache();
    const first = await observeTaskDefinition(options(ecs, cache));
    const [one, two] = first.owned;
    // We deregistered 1 (and recorded it); someone else deregistered 2.
    await ecs.deregisterTaskDefinition(one!.arn);
    cache.put({ ...one!, status: 'INACTIVE' });
    await ecs.deregisterTaskDefinition(two!.arn);
    const observed = await observeTaskDefinition(options(ecs, cache));
    expect(observed.owned.map((r) => `${r.revision}:${r.status}`)).toEqual(['1:INACTIVE', '3:ACTIVE']);
    expect(cache.get(two!.arn)).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});
