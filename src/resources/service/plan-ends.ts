/**
 * How an EcsService visit ends when its plan is not applied: what the planner found (a conflict, a
 * refused change, a draining service) or what a write guard decided (src/resources/write-guard.ts).
 * Pure: each returns the status to leave and what the queue does next.
 */
import { TerminalError } from '../../controller/reconciler.js';
import type { WriteVerdict } from '../write-guard.js';
import type { ServicePlan } from './plan.js';
import { ServiceReasons } from './reasons.js';
import type { ServiceStatusInput } from './status.js';
import { endThrowing, endWith, type VisitEnd } from './visit-end.js';

/** The end of a visit whose plan did not come out `converge`; undefined when it did. */
export function endForPlanOutcome(
  plan: ServicePlan,
  base: Omit<ServiceStatusInput, 'outcome'>,
  drainPollMs: number,
): VisitEnd | undefined {
  switch (plan.outcome) {
    case 'conflict':
    case 'refused': {
      const message = plan.message ?? plan.outcome;
      const status = { ...base, outcome: { kind: plan.outcome, message } };
      if (plan.outcome === 'conflict') return endWith(status, {}, true);
      return endThrowing(status, new TerminalError(ServiceReasons.ImmutableFieldChanged, message), true);
    }
    case 'waiting': {
      const outcome = {
        kind: 'waiting',
        reason: ServiceReasons.Draining,
        message: plan.message ?? '',
      } as const;
      return endWith({ ...base, outcome }, { requeueAfterMs: drainPollMs });
    }
    case 'converge':
      return undefined;
  }
}

/**
 * The end of a visit whose plan a write guard held: `suppress` reports it and ends normally;
 * `refuse` reports `Stalled=True` and stops with a TerminalError. No AWS write was made.
 */
export function endForGuardVerdict(
  verdict: Exclude<WriteVerdict, { kind: 'allow' }>,
  base: Omit<ServiceStatusInput, 'outcome'>,
): VisitEnd {
  const status = { ...base, outcome: { kind: 'guarded', verdict } as const };
  if (verdict.kind === 'refuse')
    return endThrowing(status, new TerminalError(verdict.reason, verdict.message), true);
  return endWith(status, {}, true);
}
