/**
 * metav1.Condition helpers, pure. Conditions are what kstatus (Flux), Argo CD health checks and
 * `kubectl wait --for=condition=Ready` read, so their semantics follow the API conventions exactly:
 * `lastTransitionTime` moves only when `status` changes.
 */

/** A metav1.Condition as stored in status. */
export interface Condition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
  readonly observedGeneration?: number;
  readonly lastTransitionTime: string;
}

/** A condition as a reconciler wants it, before timestamps. */
export type ConditionInput = Omit<Condition, 'lastTransitionTime'>;

/**
 * Returns `conditions` with `next` set: an existing condition of the same type keeps its
 * `lastTransitionTime` unless its status changed. Order is stable (existing types keep their place).
 */
export function setCondition(conditions: readonly Condition[], next: ConditionInput, now: Date): Condition[] {
  const existing = conditions.find((c) => c.type === next.type);
  const lastTransitionTime =
    existing !== undefined && existing.status === next.status
      ? existing.lastTransitionTime
      : now.toISOString();
  const merged: Condition = { ...next, lastTransitionTime };
  if (existing === undefined) return [...conditions, merged];
  return conditions.map((c) => (c.type === next.type ? merged : c));
}

/** Sets several conditions at once; see {@link setCondition}. */
export function setConditions(
  conditions: readonly Condition[],
  next: readonly ConditionInput[],
  now: Date,
): Condition[] {
  return next.reduce<Condition[]>((acc, c) => setCondition(acc, c, now), [...conditions]);
}

/** Finds a condition by type. */
export function findCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** True when the condition of `type` has status `True`. */
export function isConditionTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}
