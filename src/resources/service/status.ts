/**
 * Builds an EcsService's status from what one reconcile saw and did, pure. Conditions follow kstatus
 * (Flux) and Argo CD: `Reconciling=True` while work is under way, `Stalled=True` when only a human
 * can unblock it, `Ready=True` when the service matches the spec and its rollout completed; a first
 * visit says `Reconciling=True, Ready=Unknown`. Nothing in it moves unless the world moved, so an
 * unchanged service produces an equal status and no write ({@link isSameStatus}).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Deployment, Service } from '@aws-sdk/client-ecs';
import type { AwsErrorClass } from '../../aws/errors.js';
import type { WriteVerdict } from '../write-guard.js';
import { setConditions, type Condition, type ConditionInput } from '../../k8s/conditions.js';
import type { ServiceAutoscalingResult } from './ports.js';
import { SERVICE_FAILURES } from './failure-table.js';
import { DriftReasons, driftedCondition, driftMessage, type DriftStatus } from '../drift.js';
import { rolloutReadiness } from './rollout.js';
import { serviceDeploymentNote } from './service-deployment.js';
import { delegatedCondition, DEPLOYMENTS_DELEGATED } from './deployment-controller.js';
import { ServiceReasons, type ServiceReason } from './reasons.js';
import { no, observedGenerationField, unknown, yes, type ConditionTriple } from '../condition-values.js';
import { progressing, retrying, settled, stalled } from './condition-shapes.js';
import type {
  DeploymentSummary,
  EcsService,
  EcsServiceStatus,
  RolloutStatus,
  ServiceDeploymentSummary,
} from './types.js';

/** The most deployments summarised in status. */
export const MAX_DEPLOYMENTS_IN_STATUS = 5;

/** What happened in this reconcile, as far as conditions are concerned. */
export type ServiceOutcome =
  /** The plan ran (possibly with no actions); readiness follows the rollout. */
  | {
      readonly kind: 'converged';
      readonly created: boolean;
      readonly updated: boolean;
      /** Spec fields another deployment controller owns, not sent this visit (ADR 0028). */
      readonly delegated?: readonly string[];
    }
  /** Someone else owns the service. */
  | { readonly kind: 'conflict'; readonly message: string }
  /** A field differs that cannot change in place. */
  | { readonly kind: 'refused'; readonly message: string }
  /** The spec cannot be acted on. */
  | { readonly kind: 'invalidSpec'; readonly message: string }
  /** Waiting for something outside our control (task definition, draining, cluster). */
  | { readonly kind: 'waiting'; readonly reason: ServiceReason; readonly message: string }
  /** ECS's answer does not list the followed deployment and is not believed yet (ADR 0009). */
  | { readonly kind: 'unconfirmedRead'; readonly message: string }
  /** ECS describes the service as absent; it is re-read before a create (see create-guard.ts). */
  | { readonly kind: 'confirmingAbsence'; readonly message: string }
  /** ECS keeps contradicting a create that succeeded; no second create (see create-guard.ts). */
  | { readonly kind: 'notVisible'; readonly message: string }
  /** `spec.suspend` is true. */
  | { readonly kind: 'suspended' }
  /**
   * managementPolicy Observe: the plan was made and not applied (ADR 0018). `drift` undefined: the
   * service matches the spec. `where` names the service for messages. `refused`: the
   * `AutoscalingReady=False` condition of an invalid `spec.autoscaling`, reported as under Manage.
   */
  | {
      readonly kind: 'observed';
      readonly drift: DriftStatus | undefined;
      readonly where: string;
      readonly refused?: ConditionInput | undefined;
    }
  /** The object is being deleted and the service is draining. */
  | { readonly kind: 'deleting'; readonly message: string }
  /** A write guard withheld (`suppress`) or refused (`refuse`) the plan; nothing was written to AWS. */
  | { readonly kind: 'guarded'; readonly verdict: Exclude<WriteVerdict, { kind: 'allow' }> }
  /** An AWS call failed; `terminal` for invalid, access denied and quota errors. */
  | {
      readonly kind: 'awsError';
      readonly error: AwsErrorClass;
      readonly terminal: boolean;
      readonly during: string;
    };

/** Everything {@link buildServiceStatus} reads. */
export interface ServiceStatusInput {
  readonly obj: EcsService;
  readonly outcome: ServiceOutcome;
  /** The latest description of the service, only when it is ours (or was just created/adopted). */
  readonly service?: Service | undefined;
  readonly region?: string | undefined;
  /** The new `status.rollout`, from trackRollout. */
  readonly rollout?: RolloutStatus | undefined;
  readonly restartAt?: string | undefined;
  readonly managedTagKeys?: readonly string[] | undefined;
  /** What the autoscaling sub-reconciler reported this visit, when it ran. */
  readonly autoscaling?: ServiceAutoscalingResult | undefined;
  /** The service deployment read this visit (service-deployment.ts); a converged visit without one drops it. */
  readonly serviceDeployment?: ServiceDeploymentSummary | undefined;
  readonly now: Date;
}

function summarise(d: Deployment): DeploymentSummary {
  return {
    id: d.id ?? '',
    status: d.status ?? '',
    ...(d.taskDefinition !== undefined ? { taskDefinition: d.taskDefinition } : {}),
    desiredCount: d.desiredCount ?? 0,
    runningCount: d.runningCount ?? 0,
    pendingCount: d.pendingCount ?? 0,
    failedTasks: d.failedTasks ?? 0,
    ...(d.rolloutState !== undefined ? { rolloutState: d.rolloutState } : {}),
    ...(d.rolloutStateReason !== undefined ? { rolloutStateReason: d.rolloutStateReason } : {}),
  };
}

const ROLLOUT_STATE = { InProgress: 'IN_PROGRESS', Completed: 'COMPLETED', Failed: 'FAILED' } as const;

function serviceFields(service: Service, rollout: RolloutStatus | undefined): Partial<EcsServiceStatus> {
  return {
    ...(service.serviceArn !== undefined ? { serviceArn: service.serviceArn } : {}),
    ...(service.serviceName !== undefined ? { serviceName: service.serviceName } : {}),
    ...(service.clusterArn !== undefined
      ? {
          cluster: service.clusterArn,
          clusterName: service.clusterArn.slice(service.clusterArn.lastIndexOf('/') + 1),
        }
      : {}),
    ...(service.taskDefinition !== undefined ? { taskDefinitionArn: service.taskDefinition } : {}),
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    pendingCount: service.pendingCount ?? 0,
    ...(rollout !== undefined ? { rolloutState: ROLLOUT_STATE[rollout.state] } : {}),
    deployments: (service.deployments ?? []).slice(0, MAX_DEPLOYMENTS_IN_STATUS).map(summarise),
  };
}

/** The outcomes that stall with a fixed reason and their own message. */
const STALLED_REASON = {
  conflict: ServiceReasons.Conflict,
  refused: ServiceReasons.ImmutableFieldChanged,
  invalidSpec: ServiceReasons.InvalidSpec,
  notVisible: ServiceReasons.ServiceNotVisible,
} as const satisfies Partial<Record<ServiceOutcome['kind'], ServiceReason>>;

function conditionsFor(input: ServiceStatusInput): ConditionTriple {
  // An answer not believed yet: Ready keeps what the last believed answer made it, Reconciling says
  // why ecs-bridge reads again.
  const notYetKnown = (reason: string, message: string): ConditionTriple =>
    retrying(
      input.obj.status?.conditions?.find((x) => x.type === 'Ready'),
      reason,
      message,
    );
  const o = input.outcome;
  switch (o.kind) {
    case 'converged':
      return convergedConditions(input, o);
    case 'conflict':
    case 'refused':
    case 'invalidSpec':
    case 'notVisible':
      return stalled(STALLED_REASON[o.kind], o.message);
    case 'waiting':
      return progressing(o.reason, o.message);
    case 'unconfirmedRead':
      // Not yet known: Ready stays what the last believed answer made it (a stale read must not
      // flap a Ready service), and Reconciling says why ecs-bridge is reading again.
      return notYetKnown(ServiceReasons.UnconfirmedRead, o.message);
    case 'confirmingAbsence':
      // One out-of-date answer is no verdict: Ready stays as it was while the service is re-read.
      return notYetKnown(ServiceReasons.ConfirmingAbsence, o.message);
    case 'guarded': {
      // Refused: stalled until the object changes. Withheld: not converged, and nothing to retry.
      const { kind, reason, message } = o.verdict;
      return kind === 'refuse' ? stalled(reason, message) : settled(no({ reason, message }));
    }
    case 'observed':
      // An invalid spec.autoscaling stalls as under Manage: only a change of the spec can fix it.
      if (o.refused !== undefined) return stalled(o.refused.reason, o.refused.message);
      // Observe: Ready says whether the service matches the spec. A difference stalls, because
      // ecs-bridge will not act on it: a person changes the spec, the service, or the policy.
      if (o.drift === undefined)
        return settled(
          yes({
            reason: DriftReasons.InSync,
            message: `${o.where} matches the spec (managementPolicy Observe)`,
          }),
        );
      return stalled(DriftReasons.Drifted, driftMessage(o.drift, o.where));
    case 'suspended':
      return settled(
        unknown({
          reason: ServiceReasons.Suspended,
          message: 'spec.suspend is true: ecs-bridge does not converge or touch the ECS service',
        }),
      );
    case 'deleting': {
      const c = { reason: ServiceReasons.Deleting, message: o.message };
      return [no(c), yes(c), no({ ...c, message: '' })];
    }
    case 'awsError': {
      const reason = awsErrorReason(o.error);
      const message = `${o.during}: ${o.error.code}: ${o.error.message}`;
      // A retryable error says so on Reconciling but leaves Ready as it was: a throttled resync of a
      // healthy service is not a failure, and flapping Ready would wake every watcher.
      return o.terminal ? stalled(reason, message) : notYetKnown(reason, message);
    }
  }
}

/** The triple of a visit whose plan ran: readiness follows the rollout, then autoscaling. */
function convergedConditions(
  input: ServiceStatusInput,
  o: Extract<ServiceOutcome, { kind: 'converged' }>,
): ConditionTriple {
  if (input.service === undefined)
    return progressing(ServiceReasons.Creating, 'waiting for ECS to describe the service');
  const r = rolloutReadiness(input.rollout, input.service);
  if (r.phase === 'failed') return stalled(ServiceReasons.RolloutFailed, r.message);
  const scaling = input.autoscaling;
  // A terminal autoscaling problem stalls at once, even mid-rollout: the reconcile stops
  // retrying, so "still rolling out" would stay on the object until the next resync.
  if (scaling?.terminal === true) return stalled(scaling.condition.reason, scaling.condition.message);
  if (r.phase === 'complete' && scaling !== undefined && scaling.condition.status !== 'True') {
    // Autoscaling feeds Ready: a service without its scaling is not ready. Terminal problems
    // stall; others (a target group to fix) are rechecked slowly.
    const { reason, message } = scaling.condition;
    return scaling.terminal ? stalled(reason, message) : progressing(reason, message);
  }
  if (r.phase === 'complete')
    return settled(yes({ reason: ServiceReasons.RolloutComplete, message: r.message }));
  const reason = o.created
    ? ServiceReasons.Creating
    : o.updated
      ? ServiceReasons.Updating
      : ServiceReasons.RollingOut;
  const sd = input.serviceDeployment;
  return progressing(reason, sd === undefined ? r.message : `${r.message} (${serviceDeploymentNote(sd)})`);
}

/** The condition reason for a classified AWS error: the service's failure table says. */
export function awsErrorReason(error: AwsErrorClass): ServiceReason {
  return SERVICE_FAILURES[error.kind].reason;
}

/** Builds the status this reconcile should leave behind. */
export function buildServiceStatus(input: ServiceStatusInput): EcsServiceStatus {
  const previous = input.obj.status ?? {};
  const generation = input.obj.metadata.generation;
  const g = observedGenerationField(generation);
  const [ready, reconciling, stalledNow] = conditionsFor(input);
  const triple: ConditionInput[] = [
    { type: 'Ready', ...ready, ...g },
    { type: 'Reconciling', ...reconciling, ...g },
    { type: 'Stalled', ...stalledNow, ...g },
  ];
  const extra: ConditionInput[] =
    input.autoscaling === undefined ? [] : [{ ...input.autoscaling.condition, ...g }];
  const o = input.outcome;
  if (o.kind === 'observed') {
    extra.push(driftedCondition(o.drift, o.where, generation));
    if (o.refused !== undefined) extra.push({ ...o.refused, ...g });
  }
  // Drift is reported only while observing: once ecs-bridge manages the service again, it goes.
  const managed = o.kind === 'converged';
  // Under Observe nothing converges autoscaling, so a False AutoscalingReady left from before (a
  // refused spec.autoscaling since fixed, or a problem while managed) would report a stale verdict;
  // a spec refused now sets it again below.
  const staleScaling = (x: Condition): boolean =>
    o.kind === 'observed' && o.refused === undefined && x.type === 'AutoscalingReady' && x.status === 'False';
  // Whether another controller runs the deployments is read from each description of the service.
  const delegated =
    input.service === undefined
      ? undefined
      : delegatedCondition(
          input.service,
          `ECS service ${input.service.serviceName ?? ''}`,
          o.kind === 'converged' ? o.delegated : undefined,
        );
  if (delegated !== undefined) extra.push({ ...delegated, ...g });
  const notDelegated = (x: Condition): boolean =>
    input.service !== undefined && delegated === undefined && x.type === DEPLOYMENTS_DELEGATED;
  const kept = (previous.conditions ?? []).filter(
    (x) => !(managed && x.type === 'Drifted') && !staleScaling(x) && !notDelegated(x),
  );
  const conditions = setConditions(kept, [...triple, ...extra], input.now);
  const rollout = input.rollout ?? previous.rollout;
  const { drift: previousDrift, serviceDeployment: previousDeployment, ...rest0 } = previous;
  // Only a visit that converged knows whether a traffic-shifting rollout is still being followed.
  const serviceDeployment = managed ? input.serviceDeployment : previousDeployment;
  const drift = o.kind === 'observed' ? o.drift : managed ? undefined : previousDrift;
  const next: EcsServiceStatus = {
    ...rest0,
    ...(drift === undefined ? {} : { drift }),
    ...(input.obj.metadata.generation !== undefined
      ? { observedGeneration: input.obj.metadata.generation }
      : {}),
    ...(input.region !== undefined ? { region: input.region } : {}),
    ...(input.service !== undefined ? serviceFields(input.service, rollout) : {}),
    ...(rollout !== undefined ? { rollout } : {}),
    ...(serviceDeployment !== undefined ? { serviceDeployment } : {}),
    ...(input.restartAt !== undefined ? { restartAt: input.restartAt } : {}),
    ...(input.managedTagKeys !== undefined ? { managedTagKeys: [...input.managedTagKeys].sort() } : {}),
    conditions,
  };
  if (input.autoscaling !== undefined) {
    // The sub-reconciler's word is final: no status means no scalable target any more.
    const { autoscaling: _gone, ...rest } = next;
    return normalise(
      input.autoscaling.status === undefined ? rest : { ...rest, autoscaling: input.autoscaling.status },
    );
  }
  return normalise(next);
}

/** Drops `undefined` members, so a built status compares equal to the same status read back. */
function normalise(status: EcsServiceStatus): EcsServiceStatus {
  return JSON.parse(JSON.stringify(status)) as EcsServiceStatus;
}

/** True when two statuses are the same (key order and undefined members do not matter). */
export function isSameStatus(a: EcsServiceStatus | undefined, b: EcsServiceStatus | undefined): boolean {
  return isDeepStrictEqual(normalise(a ?? {}), normalise(b ?? {}));
}
