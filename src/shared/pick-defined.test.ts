import { describe, expect, it } from 'vitest';
import { pickDefined, renameDefined } from './pick-defined.js';

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

describe('renameDefined', () => {
  it('keeps the mapped members that are set, each under its new name, in the order mapped', () => {
    const source = { A: 1, B: undefined, C: 'x', D: false, E: 0 };
    const renamed = renameDefined(source, { E: 'e', B: 'b', C: 'c', D: 'd' });
    expect(renamed).toStrictEqual({ e: 0, c: 'x', d: false });
    expect(Object.keys(renamed)).toEqual(['e', 'c', 'd']);
    expect('b' in renamed).toBe(false);
    expect('A' in renamed || 'a' in renamed).toBe(false);
  });

  it('is empty when nothing mapped is set', () => {
    expect(renameDefined({ A: undefined as number | undefined }, { A: 'a' })).toStrictEqual({});
  });
});
