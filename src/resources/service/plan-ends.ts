/**
 * How an EcsService visit ends when its plan is not applied: what the planner found (a conflict, a
 * refused change, a draining service), what a write guard decided (src/resources/write-guard.ts), a
 * create held back (create-guard.ts), or managementPolicy Observe's drift report. Each returns the
 * status to leave and what the queue does next.
 */
import { TerminalError } from '../../controller/reconciler.js';
import type { WriteVerdict } from '../write-guard.js';
import { summariseDrift } from '../drift.js';
import type { CreateVerdict } from './create-guard.js';
import { serviceDriftChanges } from './drift.js';
import { managedConfig, type DesiredCountOwner, type ServicePlan } from './plan.js';
import type { ServiceAutoscalingPreview, ServiceAutoscalingResult } from './ports.js';
import { nextVisit, type NextVisitInput } from './requeue.js';
import { ServiceReasons } from './reasons.js';
import type { ServiceOutcome, ServiceStatusInput } from './status.js';
import type { RolloutStatus, ServiceDeploymentSummary } from './types.js';
import { where, type Applied, type Visit } from './visit.js';
import { endThrowing, endWith, type ServiceVisitEnd } from './visit-end.js';

/** The end of a visit whose plan did not come out `converge`; undefined when it did. */
export function endForPlanOutcome(
  plan: ServicePlan,
  base: Omit<ServiceStatusInput, 'outcome'>,
  drainPollMs: number,
): ServiceVisitEnd | undefined {
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
): ServiceVisitEnd {
  const status = { ...base, outcome: { kind: 'guarded', verdict } as const };
  if (verdict.kind === 'refuse')
    return endThrowing(status, new TerminalError(verdict.reason, verdict.message), true);
  return endWith(status, {}, true);
}

/**
 * managementPolicy Observe (ADR 0018): what differs, the service's and autoscaling's, goes into
 * status and nothing is applied; the visit comes back at the stable pace.
 */
export function endForDriftReport(
  visit: Visit,
  plan: ServicePlan,
  countOwner: DesiredCountOwner,
  scaling: ServiceAutoscalingPreview | undefined,
  stableRequeueMs: number | undefined,
): ServiceVisitEnd {
  const { desired, observed } = visit;
  const changes = [
    ...serviceDriftChanges(plan.actions, managedConfig(desired, countOwner), observed),
    ...(scaling?.changes ?? []),
  ];
  const outcome: ServiceOutcome = {
    kind: 'observed',
    drift: summariseDrift(changes),
    where: where(desired),
    ...(scaling?.refused === undefined ? {} : { refused: scaling.refused }),
  };
  const service = observed?.lifecycle === 'ACTIVE' ? observed.service : undefined;
  const result = stableRequeueMs === undefined ? {} : { requeueAfterMs: stableRequeueMs };
  return endWith({ ...visit.base, outcome, service }, result, true);
}

/**
 * A planned create held back (create-guard.ts): status says why, and the visit comes back to re-read
 * soon (`confirm`) or at the dependency pace; no AWS write.
 */
export function endForHeldCreate(
  visit: Visit,
  verdict: Exclude<CreateVerdict, { kind: 'create' }>,
  pace: { readonly rolloutPollMs: number; readonly dependencyPollMs: number },
): ServiceVisitEnd {
  const { desired } = visit;
  const outcome: ServiceOutcome =
    verdict.kind === 'confirm'
      ? { kind: 'confirmingAbsence', message: verdict.message }
      : { kind: 'notVisible', message: verdict.message };
  visit.ctx.log.info(
    { cluster: desired.cluster, service: desired.serviceName, verdict: verdict.kind },
    'holding ecs service create',
  );
  const result = {
    requeueAfterMs: verdict.kind === 'confirm' ? pace.rolloutPollMs : pace.dependencyPollMs,
  };
  return endWith({ ...visit.base, outcome }, result, verdict.kind === 'contradiction');
}

/** What a visit that applied its plan found and did, for {@link endForConverged}. */
export interface ConvergedVisit extends Applied {
  readonly rollout: RolloutStatus | undefined;
  readonly scaling: ServiceAutoscalingResult | undefined;
  readonly serviceDeployment: ServiceDeploymentSummary | undefined;
}

/**
 * The end of a visit that applied its plan (or had nothing to apply): the converged status, then
 * the TerminalError of a terminal autoscaling outcome, or the next visit (requeue.ts).
 */
export function endForConverged(
  visit: Visit,
  plan: ServicePlan,
  done: ConvergedVisit,
  timing: Omit<NextVisitInput, 'rollout' | 'latest' | 'scaling'>,
): ServiceVisitEnd {
  const { obj, desired, base } = visit;
  const { latest, rollout, scaling } = done;
  const status: ServiceStatusInput = {
    ...base,
    outcome: {
      kind: 'converged',
      created: plan.actions.some((a) => a.type === 'createService'),
      updated: plan.actions.some((a) => a.type === 'updateService'),
      ...(plan.delegated === undefined ? {} : { delegated: plan.delegated }),
    },
    service: latest,
    rollout,
    // A report carried forward: the restart marker that decides lives in a tag (docs/security.md).
    restartAt: desired.restartAt ?? obj.status?.restartAt,
    managedTagKeys: Object.keys(desired.tags),
    autoscaling: scaling,
    serviceDeployment: done.serviceDeployment,
  };
  if (scaling?.terminal === true)
    return endThrowing(status, new TerminalError(scaling.condition.reason, scaling.condition.message), true);
  return endWith(status, nextVisit({ ...timing, rollout, latest, scaling }), true);
}
