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
  const api = {
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
});
