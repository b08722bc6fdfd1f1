/**
 * The members an Update call carries: only those that differ, each with the value to send. The
 * names listed in a plan (`fields`) and the members sent come from one record, so they cannot
 * disagree.
 */

/** The differing members of `candidates` (a member is `undefined` when it matches), in their order; none: undefined. */
export function changedMembers<M extends Record<string, unknown>>(
  candidates: M,
): { readonly fields: string[]; readonly members: Partial<M> } | undefined {
  const differing = Object.entries(candidates).filter(([, value]) => value !== undefined);
  if (differing.length === 0) return undefined;
  return {
    fields: differing.map(([name]) => name),
    members: Object.fromEntries(differing) as Partial<M>,
  };
}
