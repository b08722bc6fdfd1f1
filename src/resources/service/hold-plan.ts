/**
 * The step between a service's plan and its writes: whether the plan may be applied now. It may not
 * when the plan itself stops (a conflict, a refused change, a draining service), when a write guard
 * withholds or refuses it (an access policy, ADR 0021), or when the create it asks for rests on an
 * answer not to be believed yet (create-guard.ts). Autoscaling's writes are held with the service's:
 * the guards are asked about the service's actions, and a held plan holds both.
 */
import { evaluateWriteGuards } from '../write-guard.js';
import { isCreatedForObject, type CreateGuard } from './create-guard.js';
import { endForGuardVerdict, endForHeldCreate, endForPlanOutcome } from './plan-ends.js';
import type { ServicePlan } from './plan.js';
import type { ResolvedServiceOptions } from './ports.js';
import { evidenceKey, where, type Visit } from './visit.js';
import type { ServiceVisitEnd } from './visit-end.js';

/** The paces a held create comes back at: a rollout poll on the beat, or the dependency pace. */
export interface HeldCreatePace {
  readonly rolloutPollMs: number;
  readonly dependencyPollMs: number;
}

/** How the visit ends without a write, or undefined when the plan may be applied. */
export function holdPlan(
  o: Pick<ResolvedServiceOptions, 'drainPollMs' | 'writeGuards'>,
  createGuard: CreateGuard,
  step: { readonly visit: Visit; readonly plan: ServicePlan; readonly clientToken: string },
  pace: () => HeldCreatePace,
): ServiceVisitEnd | undefined {
  const { visit, plan, clientToken } = step;
  const { ctx, obj, desired, observed, base } = visit;
  const stopped = endForPlanOutcome(plan, base, o.drainPollMs);
  if (stopped !== undefined) return stopped;

  const verdict = evaluateWriteGuards(o.writeGuards, { obj, actions: plan.actions, region: desired.region });
  if (verdict.kind !== 'allow') {
    const { guard, kind, reason } = verdict;
    ctx.log.info({ guard, verdict: kind, reason }, 'write guard held the plan');
    return endForGuardVerdict(verdict, base);
  }

  if (!plan.actions.some((a) => a.type === 'createService')) return undefined;
  const createVerdict = createGuard.judge(evidenceKey(obj), {
    answer: observed === undefined ? 'MISSING' : 'INACTIVE',
    inactiveIsOurs:
      observed?.ownership.kind === 'ours' &&
      isCreatedForObject(observed.service.createdAt, obj.metadata.creationTimestamp),
    token: clientToken,
    where: where(desired),
    now: visit.now.getTime(),
  });
  return createVerdict.kind === 'create' ? undefined : endForHeldCreate(visit, createVerdict, pace());
}
