import { describe, expect, it } from 'vitest';
import { MANAGED_TAG_KEYS_TAG, chunkTagsIn, managedKeysOf, managedKeysTags } from './managed-tags.js';

describe('managed tag keys recorded on the cluster', () => {
  it('round-trips keys with spaces, plus signs and slashes', () => {
    const keys = ['team', 'cost center', 'a+b', 'x/y:z', '+_'];
    const tags = managedKeysTags(keys);
    expect(tags?.get(MANAGED_TAG_KEYS_TAG)).toBe('++_ a++b cost+_center team x/y:z');
    expect([...managedKeysOf(tags ?? new Map())].sort()).toEqual([...keys].sort());
  });

  it('splits a long list into chunks of at most 256 characters, at key boundaries', () => {
    const keys = Array.from({ length: 30 }, (_v, i) => `k${String(i).padStart(2, '0')}-${'x'.repeat(20)}`);
    const tags = managedKeysTags(keys) ?? new Map<string, string>();
    expect(tags.size).toBe(3);
    for (const v of tags.values()) expect(v.length).toBeLessThanOrEqual(256);
    expect([...managedKeysOf(tags)].sort()).toEqual(keys);
    expect(chunkTagsIn(tags)).toEqual([
      MANAGED_TAG_KEYS_TAG,
      `${MANAGED_TAG_KEYS_TAG}-2`,
      `${MANAGED_TAG_KEYS_TAG}-3`,
    ]);
  });

  it('answers undefined when the keys do not fit in four tags', () => {
    const keys = Array.from({ length: 40 }, (_v, i) => `${String(i)}-${'k'.repeat(120)}`);
    expect(managedKeysTags(keys)).toBeUndefined();
  });

  it('records nothing for no keys, and reads nothing from empty chunks', () => {
    expect(managedKeysTags([])?.size).toBe(0);
    expect(managedKeysOf(new Map([[MANAGED_TAG_KEYS_TAG, '']])).size).toBe(0);
  });
});
