/**
 * The guard step of a kind: one named seam between the pure plan and the thin apply where policies
 * that may forbid or withhold AWS writes run. A reconciler builds its plan, asks its guards about the
 * planned actions, and applies them only on `allow`; the verdict goes to the pure status step, which
 * reports it. Guards are pure and synchronous (they decide from the object and the plan, never from
 * a read of their own), evaluated in order, and the first verdict that is not `allow` wins.
 *
 * Two verdicts besides `allow`:
 * - `suppress`: the plan is not applied and nothing is wrong (an observe-only policy reports the
 *   planned actions as drift); status says so with the guard's reason, the reconcile ends normally.
 * - `refuse`: the object may not be converged at all (a tenant may not touch that account, cluster
 *   or Region); status says `Stalled=True` with the guard's reason and the reconcile ends with a
 *   TerminalError, so nothing retries until the object (or the policy, at the resync) changes.
 *
 * Deletion is not guarded: a refused deletion would keep the finalizer for ever. A policy that must
 * keep AWS resources on deletion sets or defaults `deletionPolicy: Retain` instead. One thing a
 * deletion does ask the guards: whether `spec.adopt` still counts, so an untagged resource whose
 * adoption they refuse is released untouched, never deleted (finalize.ts of the service and cluster
 * kinds).
 */

/** What a guard is asked: the object being reconciled and what its plan would write. */
export interface WriteGuardInput<Obj, Action, Observed = never> {
  /** The object, as the reconcile works from it. */
  readonly obj: Obj;
  /**
   * What the kind observed in AWS this visit, for guards whose rule depends on it (who owns a
   * task definition family); absent for kinds that do not pass it.
   */
  readonly observed?: Observed;
  /** The planned AWS writes, in order; empty when the plan found nothing to do. */
  readonly actions: readonly Action[];
  /** The Region the writes would go to; undefined: the operator's default Region. */
  readonly region: string | undefined;
}

/** A guard's answer. `guard` names the guard that decided, for logs. */
export type WriteVerdict =
  | { readonly kind: 'allow' }
  | {
      readonly kind: 'suppress' | 'refuse';
      readonly guard: string;
      /** The PascalCase condition reason the status step writes. */
      readonly reason: string;
      /** The condition message: what was withheld or refused, and what would change it. */
      readonly message: string;
    };

/** A policy that may forbid or withhold the writes of a plan. Pure: no I/O, no clock, no state. */
export interface WriteGuard<Obj, Action, Observed = never> {
  /** A short stable name, for logs (for example `observe-only`, `tenant-access`). */
  readonly name: string;
  /** Judges the planned writes. */
  check(input: WriteGuardInput<Obj, Action, Observed>): WriteVerdict;
}

/** The verdict that lets a plan through. */
export const ALLOW: WriteVerdict = { kind: 'allow' };

/** Runs `guards` in order; the first verdict that is not `allow` wins. No guards: `allow`. */
export function evaluateWriteGuards<Obj, Action, Observed = never>(
  guards: readonly WriteGuard<Obj, Action, Observed>[],
  input: WriteGuardInput<Obj, Action, Observed>,
): WriteVerdict {
  for (const guard of guards) {
    const verdict = guard.check(input);
    if (verdict.kind !== 'allow') return verdict;
  }
  return ALLOW;
}
