import type { Tag } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { TAG_KEYS } from '../api-group.js';
import { FakeEcs } from '../../aws/testing/fake-ecs.js';
import { TaggedResourceListing } from '../../aws/tagged-resource-listing.js';
import type { ResourceTags } from '../../aws/tagging-client.js';
import { FakeClock } from '../../shared/testing/fake-clock.js';
import { observeTaskDefinition, type ObserveOptions } from './observe.js';
import { RevisionCache } from './revision-cache.js';

const HASH = 'v1:' + 'b'.repeat(64);
const oursOf = (family: string): Tag[] => [
  { key: TAG_KEYS.owner, value: `prod/${family}` },
  { key: TAG_KEYS.instance, value: 'inst-1' },
  { key: TAG_KEYS.specHash, value: HASH },
  { key: TAG_KEYS.ownerUid, value: 'uid-1' },
  { key: 'team', value: 'a' },
];

/** Registers into `family` and records what a bulk tag listing would answer for it. */
async function register(ecs: FakeEcs, listed: ResourceTags[], family: string, tags: Tag[]): Promise<string> {
  const out = await ecs.registerTaskDefinition({
    family,
    containerDefinitions: [{ name: 'c', image: 'i' }],
    tags,
  });
  const arn = out.taskDefinition.taskDefinitionArn ?? '';
  listed.push({ arn, tags: tags.map((t) => ({ key: t.key ?? '', value: t.value ?? '' })) });
  return arn;
}

function listingOf(listed: () => ResourceTags[], fail = false) {
  let listings = 0;
  const listing = new TaggedResourceListing({
    listAll: () => {
      listings++;
      return fail
        ? Promise.reject(new Error('ThrottledException'))
        : Promise.resolve({ items: listed(), complete: true });
    },
    maxAgeMs: 60_000,
    clock: new FakeClock(),
  });
  return { listing, listings: () => listings };
}

function options(
  ecs: FakeEcs,
  cache: RevisionCache,
  family: string,
  over: Partial<ObserveOptions> = {},
): ObserveOptions {
  return {
    ecs,
    cache,
    family,
    owner: `prod/${family}`,
    instanceId: 'inst-1',
    ownerUid: 'uid-1',
    namespace: 'prod',
    revisionsInUse: () => Promise.resolve(new Set<string>()),
    ...over,
  };
}

describe('observeTaskDefinition with bulk revision tags (cold cache)', () => {
  it('knows N families of our tagged revisions from one listing: no describe at all', async () => {
    const ecs = new FakeEcs();
    const listed: ResourceTags[] = [];
    const families = Array.from({ length: 25 }, (_, i) => `fam-${i}`);
    for (const family of families) await register(ecs, listed, family, oursOf(family));
    const { listing, listings } = listingOf(() => listed);
    const cache = new RevisionCache();
    ecs.resetCalls();
    const observed = await Promise.all(
      families.map((family) => observeTaskDefinition(options(ecs, cache, family, { revisionTags: listing }))),
    );
    expect(ecs.counts().describeTaskDefinition).toBe(0);
    expect(listings()).toBe(1);
    expect(observed.map((o) => o.owned.length)).toEqual(families.map(() => 1));
    expect(observed[3]?.owned[0]).toMatchObject({
      family: 'fam-3',
      revision: 1,
      status: 'ACTIVE',
      specHash: HASH,
      owner: 'prod/fam-3',
      instance: 'inst-1',
      ownerUid: 'uid-1',
      userTags: [{ key: 'team', value: 'a' }],
    });
    // The cache holds them: the next observe is one list call.
    ecs.resetCalls();
    await observeTaskDefinition(options(ecs, cache, 'fam-3', { revisionTags: listing }));
    expect(ecs.totalCalls()).toBe(1);
  });

  it('describes what the tags do not prove ours: untagged (adoptable), foreign, and absent revisions', async () => {
    const ecs = new FakeEcs();
    const listed: ResourceTags[] = [];
    await register(ecs, listed, 'web', oursOf('web')); // 1: ours, listed
    await register(ecs, listed, 'web', []); // 2: registered outside ecs-bridge
    await register(ecs, listed, 'web', [
      { key: TAG_KEYS.owner, value: 'dev/web' },
      { key: TAG_KEYS.instance, value: 'inst-1' },
    ]); // 3: another object's, no spec hash
    const absent = await register(ecs, [], 'web', oursOf('web')); // 4: registered after the listing began
    const { listing } = listingOf(() => listed);
    ecs.resetCalls();
    const observed = await observeTaskDefinition(
      options(ecs, new RevisionCache(), 'web', { revisionTags: listing, adoptOrphans: false }),
    );
    const described = ecs.calls
      .filter((c) => c.op === 'describeTaskDefinition')
      .map((c) => JSON.stringify(c.input));
    expect(described).toHaveLength(3);
    expect(described.some((d) => d.includes(absent))).toBe(true);
    expect(observed.owned.map((r) => r.revision)).toEqual([1, 4]);
    // The adoptable revision was described, so it carries the content hash adoption matches on.
    expect(observed.adoptable?.map((r) => [r.revision, r.contentHash !== undefined])).toEqual([[2, true]]);
    expect(observed.foreignActive).toBe(2);
  });

  it('falls back to describing every revision when the listing fails', async () => {
    const ecs = new FakeEcs();
    const listed: ResourceTags[] = [];
    for (let i = 0; i < 3; i++) await register(ecs, listed, 'web', oursOf('web'));
    const { listing, listings } = listingOf(() => listed, true);
    ecs.resetCalls();
    const observed = await observeTaskDefinition(
      options(ecs, new RevisionCache(), 'web', { revisionTags: listing }),
    );
    expect(listings()).toBe(1);
    expect(ecs.counts().describeTaskDefinition).toBe(3);
    expect(observed.owned.map((r) => r.revision)).toEqual([1, 2, 3]);
  });
});
