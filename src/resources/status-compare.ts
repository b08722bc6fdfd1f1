/**
 * Whether a status write would change anything a reader cares about: the pure check every kind's
 * status step makes before writing, so an unchanged object costs no write to the API server.
 */
import type { Condition } from '../k8s/conditions.js';
import { compareStrings } from '../shared/compare-strings.js';

/**
 * True when writing `next` over `previous` changes nothing: equal after ignoring each condition's
 * `lastTransitionTime` (which setConditions keeps stable anyway) and key order.
 */
export function isSameReportedStatus<S extends { readonly conditions?: readonly Condition[] }>(
  previous: S | undefined,
  next: S,
): boolean {
  return stableJson(withoutTransitionTimes(previous ?? {})) === stableJson(withoutTransitionTimes(next));
}

function withoutTransitionTimes(status: { readonly conditions?: readonly Condition[] }): unknown {
  return {
    ...status,
    conditions: (status.conditions ?? []).map(({ lastTransitionTime: _t, ...rest }) => rest),
  };
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => compareStrings(a, b)))
      : v,
  );
}
