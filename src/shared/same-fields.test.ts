import { describe, expect, it } from 'vitest';
import { sameEntries, sameFields, sameMembers } from './same-fields.js';

describe('sameFields', () => {
  const a = { x: 1, y: 'a', z: undefined as number | undefined, extra: true };

  it.each([
    ['every listed field equal', { x: 1, y: 'a', z: undefined }, ['x', 'y', 'z'] as const, true],
    ['a listed field differs', { x: 1, y: 'b', z: undefined }, ['x', 'y'] as const, false],
    ['undefined against a value', { x: 1, y: 'a', z: 0 }, ['z'] as const, false],
    ['an unlisted field may differ', { x: 2, y: 'a', z: undefined }, ['y', 'z'] as const, true],
    ['no keys: nothing to differ', { x: 2, y: 'b', z: 3 }, [] as const, true],
  ])('%s', (_what, b, keys, same) => {
    expect(sameFields(a, b, keys)).toBe(same);
  });

  it('compares by identity, not by content', () => {
    expect(sameFields({ o: { n: 1 } }, { o: { n: 1 } }, ['o'])).toBe(false);
  });
});

describe('sameEntries', () => {
  const steps = [
    { lo: 0, up: 10 },
    { lo: 10, up: undefined },
  ];

  it.each([
    [
      'the same entries in the same order',
      [
        { lo: 0, up: 10 },
        { lo: 10, up: undefined },
      ],
      true,
    ],
    [
      'one entry differs',
      [
        { lo: 0, up: 10 },
        { lo: 10, up: 20 },
      ],
      false,
    ],
    [
      'the same entries in another order',
      [
        { lo: 10, up: undefined },
        { lo: 0, up: 10 },
      ],
      false,
    ],
    ['one entry fewer', [{ lo: 0, up: 10 }], false],
    ['one entry more', [...steps, { lo: 20, up: undefined }], false],
  ])('%s', (_what, other, same) => {
    expect(sameEntries(steps, other, ['lo', 'up'])).toBe(same);
    expect(sameEntries(other, steps, ['lo', 'up'])).toBe(same);
  });

  it('two empty lists are the same', () => {
    expect(sameEntries([], [], [])).toBe(true);
  });
});

describe('sameMembers', () => {
  type R = { readonly n: number; readonly s?: string | undefined; readonly o?: object };
  it.each<[string, R, R, boolean]>([
    ['every member equal', { n: 1, s: 'a' }, { n: 1, s: 'a' }, true],
    ['one member differs', { n: 1, s: 'a' }, { n: 1, s: 'b' }, false],
    ['a member only one side has', { n: 1, s: 'a' }, { n: 1 }, false],
    ['left out and undefined alike', { n: 1, s: undefined }, { n: 1 }, true],
  ])('%s', (_what, a, b, same) => {
    expect(sameMembers(a, b)).toBe(same);
    expect(sameMembers(b, a)).toBe(same);
  });

  it('compares by identity, not by content', () => {
    expect(sameMembers<R>({ n: 1, o: { x: 1 } }, { n: 1, o: { x: 1 } })).toBe(false);
  });
});
