import { describe, expect, it } from 'vitest';
import { pickDefined } from './pick-defined.js';

describe('pickDefined', () => {
  it('keeps the named members that are set, in the order named, and leaves out the rest', () => {
    const source = { a: 1, b: undefined, c: 'x', d: false, e: 0 };
    const picked = pickDefined(source, ['e', 'b', 'c', 'd']);
    expect(picked).toStrictEqual({ e: 0, c: 'x', d: false });
    expect(Object.keys(picked)).toEqual(['e', 'c', 'd']);
    expect('b' in picked).toBe(false);
  });

  it('is empty when nothing named is set', () => {
    expect(pickDefined({ a: undefined as number | undefined }, ['a'])).toStrictEqual({});
  });
});
