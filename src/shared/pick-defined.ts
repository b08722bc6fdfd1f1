/**
 * The named members of an object that are set, and only those: how a manifest or an API input
 * leaves out what is not set rather than writing `undefined` (which a YAML writer, a deep-equal
 * compare and `exactOptionalPropertyTypes` all tell apart from absent).
 */

/** The members `keys` of `source` that are not undefined, in the order of `keys`. */
export function pickDefined<T extends object, K extends keyof T>(
  source: T,
  keys: readonly K[],
): { [P in K]?: Exclude<T[P], undefined> } {
  const picked: Partial<Record<K, unknown>> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked as { [P in K]?: Exclude<T[P], undefined> };
}
