import { describe, expect, it } from 'vitest';
import type { AutoscalingApi } from './autoscaling-api.js';
import { withScalableTargetTags } from './scalable-target-tags.js';

const ARN = 'arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/0123abcd';
const OTHER = 'arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/4567efgh';

/** An API whose tags live in a map, counting reads. */
function counting(): { api: AutoscalingApi; reads: string[]; tags: Map<string, Record<string, string>> } {
  const reads: string[] = [];
  const tags = new Map<string, Record<string, string>>([
    [ARN, { a: '1' }],
    [OTHER, {}],
  ]);
  let failTag = false;
  let registered = 0;
  const api = {
    registerScalableTarget: (input: { ResourceId?: string; Tags?: Record<string, string> }) => {
      if (input.ResourceId === 'fail') return Promise.reject(new Error('throttled'));
      // A new registration gets a new ARN; 'service/c/known' is the target ARN names already.
      if (input.ResourceId === 'service/c/known') return Promise.resolve(ARN);
      const arn = `${ARN}-new-${++registered}`;
      tags.set(arn, { ...(input.Tags ?? {}) });
      return Promise.resolve(arn);
    },
    listTagsForResource: (arn: string) => {
      reads.push(arn);
      return Promise.resolve({ ...(tags.get(arn) ?? {}) });
    },
    tagResource: (arn: string, more: Record<string, string>) => {
      if (failTag) return Promise.reject(new Error('throttled'));
      failTag = more['fail-next'] === 'yes';
      tags.set(arn, { ...(tags.get(arn) ?? {}), ...more });
      return Promise.resolve();
    },
  } as unknown as AutoscalingApi;
  return { api, reads, tags };
}

describe('withScalableTargetTags', () => {
  it('reads a target’s tags once per ScalableTargetARN', async () => {
    const { api, reads } = counting();
    const kept = withScalableTargetTags(api);
    expect(await kept.listTagsForResource(ARN)).toEqual({ a: '1' });
    expect(await kept.listTagsForResource(ARN)).toEqual({ a: '1' });
    expect(await kept.listTagsForResource(OTHER)).toEqual({});
    expect(reads).toEqual([ARN, OTHER]);
  });

  it('its own TagResource updates the kept answer without a read; a failed one drops it', async () => {
    const { api, reads } = counting();
    const kept = withScalableTargetTags(api);
    await kept.listTagsForResource(ARN);
    await kept.tagResource(ARN, { b: '2', 'fail-next': 'yes' });
    expect(await kept.listTagsForResource(ARN)).toEqual({ a: '1', b: '2', 'fail-next': 'yes' });
    expect(reads).toEqual([ARN]);
    await expect(kept.tagResource(ARN, { c: '3' })).rejects.toThrow('throttled');
    await kept.listTagsForResource(ARN);
    expect(reads).toEqual([ARN, ARN]);
  });

  it('an answer handed out cannot change the kept one', async () => {
    const { api } = counting();
    const kept = withScalableTargetTags(api);
    const first = await kept.listTagsForResource(ARN);
    first['a'] = 'changed';
    expect(await kept.listTagsForResource(ARN)).toEqual({ a: '1' });
  });

  it('concurrent reads of one target share one call', async () => {
    const { api, reads } = counting();
    const kept = withScalableTargetTags(api);
    const [a, b] = await Promise.all([kept.listTagsForResource(ARN), kept.listTagsForResource(ARN)]);
    expect([a, b]).toEqual([{ a: '1' }, { a: '1' }]);
    expect(reads).toEqual([ARN]);
  });

  it('keeps the tags its own registration sent, without a read', async () => {
    const { api, reads } = counting();
    const kept = withScalableTargetTags(api);
    const arn = await kept.registerScalableTarget({
      ServiceNamespace: 'ecs',
      ResourceId: 'service/c/new',
      ScalableDimension: 'ecs:service:DesiredCount',
      Tags: { owner: 'ns/a' },
    });
    expect(arn).toBe(`${ARN}-new-1`);
    expect(await kept.listTagsForResource(arn ?? '')).toEqual({ owner: 'ns/a' });
    expect(reads).toEqual([]);
  });

  it('a registration without Tags, of a target already known, or that failed keeps nothing', async () => {
    const { api, reads } = counting();
    const kept = withScalableTargetTags(api);
    const target = { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount' } as const;
    const bare = await kept.registerScalableTarget({ ...target, ResourceId: 'service/c/bare' });
    expect(await kept.listTagsForResource(bare ?? '')).toEqual({});
    expect(reads).toEqual([bare]);
    // ARN exists and was read: AWS leaves an existing target's tags alone, so the read answer stands.
    await kept.listTagsForResource(ARN);
    await kept.registerScalableTarget({ ...target, ResourceId: 'service/c/known', Tags: { owner: 'x' } });
    expect(await kept.listTagsForResource(ARN)).toEqual({ a: '1' });
    await expect(
      kept.registerScalableTarget({ ...target, ResourceId: 'fail', Tags: { owner: 'x' } }),
    ).rejects.toThrow('throttled');
    expect(reads).toEqual([bare, ARN]);
  });
});
