import { describe, expect, it } from 'vitest';
import { compareStrings } from './compare-strings.js';

describe('compareStrings', () => {
  it('orders by code unit, whatever the locale says', () => {
    // ICU's root collation puts "a" before "B"; code-unit order puts every capital first.
    expect(['b', 'a', 'B', 'a-2', 'a.1', 'a1'].sort(compareStrings)).toEqual([
      'B',
      'a',
      'a-2',
      'a.1',
      'a1',
      'b',
    ]);
  });

  it('answers zero for equal strings and a sign for the rest', () => {
    expect(compareStrings('team-a', 'team-a')).toBe(0);
    expect(compareStrings('team-a', 'team-b')).toBeLessThan(0);
    expect(compareStrings('team-b', 'team-a')).toBeGreaterThan(0);
  });

  it('orders ISO-8601 timestamps in time order', () => {
    expect(['2026-12-07T10:00:00Z', '2026-12-07T09:59:59Z'].sort(compareStrings)).toEqual([
      '2026-12-07T09:59:59Z',
      '2026-12-07T10:00:00Z',
    ]);
  });
});
