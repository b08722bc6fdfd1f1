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

/** What {@link renameDefined} returns: each member of `T` that `M` maps, optional, under its new name. */
export type Renamed<T, M> = {
  [K in keyof M & keyof T as M[K] extends string ? M[K] : never]?: Exclude<T[K], undefined>;
};

/**
 * The members of `source` that `names` maps and that are set, each under its new name, in the order
 * of `names`: how one API's optional members become another's (an SDK answer's `PlatformVersion`
 * a manifest's `platformVersion`, or the reverse) without writing the ones that are not set.
 */
export function renameDefined<T extends object, const M extends { readonly [K in keyof T]?: string }>(
  source: T,
  names: M,
): Renamed<T, M> {
  const renamed: Record<string, unknown> = {};
  for (const [key, to] of Object.entries(names) as [keyof T, string][]) {
    if (source[key] !== undefined) renamed[to] = source[key];
  }
  return renamed as Renamed<T, M>;
}
