import { describe, expect, it } from 'vitest';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { TaggedResourceListing } from './tagged-resource-listing.js';
import type { ResourceTags } from './tagging-client.js';

const tagged = (arn: string, value = 'v'): ResourceTags => ({ arn, tags: [{ key: 'k', value }] });

/** A listing over `items`, counting the listings started and the pages each was allowed. */
function listingOver(items: () => ResourceTags[], clock: FakeClock, complete = true) {
  const asked: number[] = [];
  const listing = new TaggedResourceListing({
    listAll: (maxPages) => {
      asked.push(maxPages);
      return Promise.resolve({ items: items(), complete });
    },
    maxAgeMs: 1000,
    maxPages: 7,
    clock,
  });
  return { listing, asked };
}

describe('TaggedResourceListing', () => {
  it('answers concurrent asks for many resources from one listing', async () => {
    const clock = new FakeClock();
    const { listing, asked } = listingOver(() => [tagged('a', '1'), tagged('b', '2')], clock);
    const answers = await Promise.all(['a', 'b', 'c'].map((arn) => listing.tagsOf(arn)));
    expect(answers).toEqual([[{ key: 'k', value: '1' }], [{ key: 'k', value: '2' }], undefined]);
    expect(asked).toEqual([7]);
    expect(listing.stats()).toEqual({ listings: 1, found: 2, notFound: 1 });
  });

  it('serves a listing up to its age, then lists again on the next ask', async () => {
    const clock = new FakeClock();
    let items = [tagged('a')];
    const { listing, asked } = listingOver(() => items, clock);
    expect(await listing.tagsOf('b')).toBeUndefined();
    items = [tagged('a'), tagged('b')];
    clock.advance(1000);
    // Still young: absent from it, so the caller reads on its own; no new listing.
    expect(await listing.tagsOf('b')).toBeUndefined();
    expect(asked).toHaveLength(1);
    clock.advance(1);
    expect(await listing.tagsOf('b')).toEqual([{ key: 'k', value: 'v' }]);
    expect(asked).toHaveLength(2);
  });

  it('answers undefined after a failed listing and tries again only after its age', async () => {
    const clock = new FakeClock();
    let fail = true;
    const calls: number[] = [];
    const listing = new TaggedResourceListing({
      listAll: () => {
        calls.push(clock.now());
        return fail
          ? Promise.reject(new Error('AccessDeniedException: tag:GetResources'))
          : Promise.resolve({ items: [tagged('a')], complete: true });
      },
      maxAgeMs: 1000,
      clock,
    });
    expect(await Promise.all([listing.tagsOf('a'), listing.tagsOf('b')])).toEqual([undefined, undefined]);
    fail = false;
    clock.advance(500);
    expect(await listing.tagsOf('a')).toBeUndefined();
    expect(calls).toHaveLength(1);
    clock.advance(501);
    expect(await listing.tagsOf('a')).toEqual([{ key: 'k', value: 'v' }]);
    expect(calls).toHaveLength(2);
  });

  it('gives up on a listing longer than maxPages: every ask answers undefined', async () => {
    const clock = new FakeClock();
    const { listing, asked } = listingOver(() => [tagged('a')], clock, false);
    expect(await listing.tagsOf('a')).toBeUndefined();
    expect(await listing.tagsOf('a')).toBeUndefined();
    expect(asked).toHaveLength(1);
  });

  it('lets an aborted asker stop waiting without cancelling the shared listing', async () => {
    const clock = new FakeClock();
    let release: (value: { items: ResourceTags[]; complete: boolean }) => void = () => undefined;
    const listing = new TaggedResourceListing({
      listAll: () => new Promise((resolve) => (release = resolve)),
      maxAgeMs: 1000,
      clock,
    });
    const controller = new AbortController();
    const aborted = listing.tagsOf('a', { signal: controller.signal });
    const waiting = listing.tagsOf('a');
    controller.abort();
    await expect(aborted).rejects.toThrow();
    release({ items: [tagged('a')], complete: true });
    expect(await waiting).toEqual([{ key: 'k', value: 'v' }]);
  });

  it('refuses a listing age that is not positive', () => {
    expect(
      () => new TaggedResourceListing({ listAll: () => Promise.reject(new Error()), maxAgeMs: 0 }),
    ).toThrow(/maxAgeMs must be > 0, got 0/);
  });
});
