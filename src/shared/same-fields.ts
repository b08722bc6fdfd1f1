/**
 * Field-by-field equality of two plain records, for the "does AWS already hold what we want?"
 * checks: a planner compares a desired entry with an observed one on exactly the fields it sets.
 */

/**
 * True when `a` and `b` hold the same value (`===`) under every key of `keys`. The two may be of
 * different types (a desired and an observed record); a key must exist in both.
 */
export function sameFields<A, B, K extends keyof A & keyof B>(a: A, b: B, keys: readonly K[]): boolean {
  return keys.every((k) => (a[k] as unknown) === (b[k] as unknown));
}

/**
 * True when both lists have the same length and each entry equals the one at the same index under
 * every key of `keys` (see {@link sameFields}).
 */
export function sameEntries<A, B, K extends keyof A & keyof B>(
  a: readonly A[],
  b: readonly B[],
  keys: readonly K[],
): boolean {
  return a.length === b.length && a.every((x, i) => sameFields(x, b[i] as B, keys));
}

/**
 * True when `a` and `b` hold the same value (`===`) under every key either has: two records of a
 * type whose every member is compared, with no list to keep in step with the type (a member left
 * out counts as undefined, as in {@link sameFields}).
 */
export function sameMembers<T extends object>(a: T, b: T): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof T)[]);
  return [...keys].every((k) => a[k] === b[k]);
}
