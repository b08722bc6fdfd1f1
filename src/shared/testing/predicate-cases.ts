/**
 * Test support: a predicate's table test written as the values it accepts and the values it
 * refuses, one case per value.
 */
import { expect, it } from 'vitest';

/** The values a predicate must answer true for, and those it must answer false for. */
export interface PredicateCases {
  readonly accepted: readonly string[];
  readonly refused: readonly string[];
}

/**
 * Declares one test per value of `cases`: `predicate` answers true for each accepted value and false
 * for each refused one. `title` is the `it.each` title, given the value and the answer expected.
 */
export function itAnswers(predicate: (value: string) => boolean, cases: PredicateCases, title: string): void {
  it.each([
    ...cases.accepted.map((value) => [value, true] as const),
    ...cases.refused.map((value) => [value, false] as const),
  ])(title, (value, expected) => {
    expect(predicate(value)).toBe(expected);
  });
}
