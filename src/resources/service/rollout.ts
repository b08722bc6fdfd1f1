/**
 * Rollout tracking, pure. ecs-bridge remembers the PRIMARY deployment its own CreateService or
 * UpdateService produced (`status.rollout`) and judges it on every visit:
 *
 * - ECS says `FAILED` (circuit breaker or alarms) → Failed, with ECS's `rolloutStateReason`.
 * - It vanished before completing and ECS now runs another task definition → Failed (a rollback),
 *   even though the service looks stable again on the old revision; unless that task definition is
 *   the one desired now (the desire moved on and a later write deployed it): then follow that one.
 * - It was replaced by a deployment someone else started (console, CLI) → follow that one.
 * - `COMPLETED` → Completed; `IN_PROGRESS` → InProgress.
 * - A Failed verdict is not final: it is re-checked on every visit and gives way when ECS shows a
 *   completed PRIMARY deployment of the same task definition, or lists our deployment as PRIMARY
 *   and not FAILED (ADR 0009).
 *
 * A followed deployment missing from one answer may be a read older than our own write (ECS reads
 * are eventually consistent): the reconciler asks `judgeRead` (read-consistency.ts) first and only
 * calls trackRollout on an answer it may believe.
 * - No `rolloutState` at all (older ECS deployments, emulators): a PRIMARY deployment of a stable
 *   service counts as Completed, anything else as InProgress.
 *
 * An explicit `rolloutState` is trusted as ECS states it. moto sets it once, at CreateService
 * (COMPLETED when `MOTO_ECS_SERVICE_RUNNING` ≥ desiredCount, else IN_PROGRESS), never changes it,
 * and makes no new deployment on UpdateService (so the followed deployment keeps its id and the
 * verdict it had). Tests that need a rollout to progress, complete or fail script DescribeServices
 * answers through the AWS proxy.
 *
 * "Stable" is the SDK's `waitUntilServicesStable` predicate: exactly one deployment and
 * `runningCount == desiredCount`. It is evaluated, never waited for.
 */
import type { Deployment, Service } from '@aws-sdk/client-ecs';
import { delegatedController } from './deployment-controller.js';
import { taskDefinitionKey } from './model.js';
import { taskSetReadiness } from './task-set-readiness.js';
import type { RolloutPhase, RolloutStatus } from './types.js';

/** The desired state a rollout was (or would be) started for. */
export interface RolloutOrigin {
  readonly generation?: number | undefined;
  readonly taskDefinitionArn?: string | undefined;
  readonly restartAt?: string | undefined;
}

/** The SDK's definition of a stable service: one deployment and running == desired. */
export function isServiceStable(service: Service): boolean {
  return (
    (service.deployments ?? []).length === 1 && (service.runningCount ?? 0) === (service.desiredCount ?? 0)
  );
}

/** The PRIMARY deployment (ECS lists it first; the status is checked in case it does not). */
export function primaryDeployment(service: Service): Deployment | undefined {
  const deployments = service.deployments ?? [];
  return deployments.find((d) => d.status === 'PRIMARY') ?? deployments[0];
}

function judge(deployment: Deployment, service: Service): RolloutPhase {
  if (deployment.rolloutState === 'FAILED') return 'Failed';
  if (deployment.rolloutState === 'COMPLETED') return 'Completed';
  if (deployment.rolloutState === 'IN_PROGRESS') return 'InProgress';
  return deployment.status === 'PRIMARY' && isServiceStable(service) ? 'Completed' : 'InProgress';
}

function track(deployment: Deployment, service: Service, origin: RolloutOrigin): RolloutStatus {
  const state = judge(deployment, service);
  const reason = deployment.rolloutStateReason;
  return {
    deploymentId: deployment.id ?? '',
    ...(origin.taskDefinitionArn !== undefined ? { taskDefinitionArn: origin.taskDefinitionArn } : {}),
    ...(origin.generation !== undefined ? { generation: origin.generation } : {}),
    ...(origin.restartAt !== undefined ? { restartAt: origin.restartAt } : {}),
    state,
    ...(state === 'Failed' && reason !== undefined ? { reason } : {}),
  };
}

function originOf(r: RolloutStatus): RolloutOrigin {
  return { generation: r.generation, taskDefinitionArn: r.taskDefinitionArn, restartAt: r.restartAt };
}

/** What {@link trackRollout} needs. */
export interface TrackRolloutInput {
  /** `status.rollout` from the last visit. */
  readonly previous: RolloutStatus | undefined;
  /** The service as ECS last described it (or answered a write with). */
  readonly service: Service;
  /** Set when this visit called CreateService or UpdateService: the state it asked for. */
  readonly started?: RolloutOrigin | undefined;
  /** The current desired state, used when there is nothing tracked yet (adoption, lost status). */
  readonly current: RolloutOrigin;
}

/**
 * The rollout a CreateService or UpdateService of this visit started for `origin`: ECS's PRIMARY
 * deployment in its answer, judged on that answer; undefined when the answer lists none.
 */
export function rolloutStarted(service: Service, origin: RolloutOrigin): RolloutStatus | undefined {
  const primary = primaryDeployment(service);
  return primary === undefined ? undefined : track(primary, service, origin);
}

/** Returns the new `status.rollout`: which deployment ecs-bridge follows and how it is doing. */
export function trackRollout(input: TrackRolloutInput): RolloutStatus | undefined {
  const { previous, service } = input;
  const primary = primaryDeployment(service);
  if (input.started !== undefined) return rolloutStarted(service, input.started);
  if (previous === undefined)
    return primary === undefined ? undefined : track(primary, service, input.current);

  const followed = (service.deployments ?? []).find(
    (d) => d.id === previous.deploymentId && d.status !== 'INACTIVE',
  );
  const retarget = (): RolloutStatus | undefined =>
    primary === undefined ? previous : track(primary, service, originOf(previous));

  if (followed !== undefined) {
    if (followed.rolloutState === 'FAILED') {
      return {
        ...previous,
        state: 'Failed',
        reason: followed.rolloutStateReason ?? `ECS deployment ${previous.deploymentId} failed`,
      };
    }
    if (previous.state === 'Failed') {
      // ECS lists our deployment as PRIMARY and not FAILED: the verdict was wrong (it came from a
      // view ECS has since contradicted), so follow the deployment again.
      if (followed.status !== 'PRIMARY') return recovered(previous, service) ?? previous;
      const { reason: _wrong, ...rest } = previous;
      return { ...rest, state: judge(followed, service) };
    }
    if (followed.status === 'PRIMARY' || primary === undefined)
      return { ...previous, state: judge(followed, service) };
    return retarget();
  }

  if (previous.state === 'Failed') return recovered(previous, service) ?? previous;
  if (previous.state === 'Completed') return retarget();
  // Gone before completing: a rollback, unless the deployment that replaced it runs what we asked for.
  const now = primary?.taskDefinition;
  const wanted = previous.taskDefinitionArn;
  if (
    primary !== undefined &&
    (wanted === undefined || (now !== undefined && taskDefinitionKey(now) === taskDefinitionKey(wanted)))
  ) {
    return retarget();
  }
  // The replacement runs what is desired now: the desire moved on after our write (a newer revision
  // of the referenced task definition, deployed by an earlier process whose status write was lost
  // when it stopped). ECS rolls back to the revision before, never forward to the one now wanted.
  const desired = input.current.taskDefinitionArn;
  if (
    primary !== undefined &&
    now !== undefined &&
    desired !== undefined &&
    taskDefinitionKey(now) === taskDefinitionKey(desired)
  ) {
    return track(primary, service, input.current);
  }
  const runs = now === undefined ? 'no deployment' : taskDefinitionKey(now);
  // The FAILED deployment may be gone before a visit sees it (the rollback finished between two
  // polls, or the operator was down); ECS's service events still say why it failed.
  const ecsReason = deploymentFailureFromEvents(service, previous.deploymentId);
  return {
    ...previous,
    state: 'Failed',
    reason:
      ecsReason === undefined
        ? `ECS deployment ${previous.deploymentId} disappeared before it completed and the service now runs ${runs} (rolled back)`
        : `${ecsReason} (ECS rolled back; the service now runs ${runs})`,
  };
}

/**
 * A failed rollout is re-checked on every visit: when ECS now shows a completed PRIMARY deployment
 * of the very task definition whose rollout failed (someone re-ran it, or the failure verdict came
 * from a view ECS later contradicted), the spec is deployed and the verdict no longer holds. Returns
 * the rollout to follow instead, or undefined while the failure stands.
 */
function recovered(previous: RolloutStatus, service: Service): RolloutStatus | undefined {
  const primary = primaryDeployment(service);
  const wanted = previous.taskDefinitionArn;
  if (primary?.taskDefinition === undefined || wanted === undefined) return undefined;
  if (taskDefinitionKey(primary.taskDefinition) !== taskDefinitionKey(wanted)) return undefined;
  if (judge(primary, service) !== 'Completed') return undefined;
  return track(primary, service, originOf(previous));
}

/**
 * ECS's reason for the failure of deployment `deploymentId`, read from the service events ECS
 * writes when a deployment fails (`(service web) (deployment ecs-svc/1) deployment failed: tasks
 * failed to start.`), newest first; undefined when no such event is listed.
 */
export function deploymentFailureFromEvents(service: Service, deploymentId: string): string | undefined {
  const marker = `(deployment ${deploymentId}) deployment failed:`;
  for (const event of service.events ?? []) {
    const message = event.message ?? '';
    const at = message.indexOf(marker);
    if (at >= 0) {
      const reason = message.slice(at + marker.length).trim();
      if (reason !== '') return reason;
    }
  }
  return undefined;
}

/**
 * True when the failed rollout recorded in `rollout` was started for exactly the `current` desired
 * state: then the planner holds (sends nothing that starts a deployment) until the spec, the
 * referenced task definition or the restart token changes.
 */
export function isRolloutHeld(rollout: RolloutStatus | undefined, current: RolloutOrigin): boolean {
  if (rollout?.state !== 'Failed') return false;
  const sameTaskDefinition =
    rollout.taskDefinitionArn === undefined || current.taskDefinitionArn === undefined
      ? rollout.taskDefinitionArn === current.taskDefinitionArn
      : taskDefinitionKey(rollout.taskDefinitionArn) === taskDefinitionKey(current.taskDefinitionArn);
  return (
    rollout.generation === current.generation && sameTaskDefinition && rollout.restartAt === current.restartAt
  );
}

/** How the service is doing overall, for conditions. */
export interface RolloutReadiness {
  readonly phase: 'complete' | 'progressing' | 'failed';
  readonly message: string;
}

/**
 * Combines the followed rollout and the service's stability into one verdict with a message. Under
 * another deployment controller the verdict reads the task sets ECS reports instead (they have no
 * deployments): see task-set-readiness.ts.
 */
export function rolloutReadiness(rollout: RolloutStatus | undefined, service: Service): RolloutReadiness {
  const controller = delegatedController(service.deploymentController?.type);
  if (controller !== undefined) return taskSetReadiness(service, controller);
  const running = service.runningCount ?? 0;
  const desired = service.desiredCount ?? 0;
  const deployments = (service.deployments ?? []).length;
  const stable = isServiceStable(service);
  if (rollout?.state === 'Failed') {
    const td =
      rollout.taskDefinitionArn === undefined ? '' : ` of ${taskDefinitionKey(rollout.taskDefinitionArn)}`;
    return {
      phase: 'failed',
      message: `the rollout${td} (ECS deployment ${rollout.deploymentId}) failed: ${rollout.reason ?? 'no reason given'}. ecs-bridge holds until the spec or the task definition changes.`,
    };
  }
  if ((rollout === undefined || rollout.state === 'Completed') && stable) {
    return { phase: 'complete', message: `the service is stable: ${running} of ${desired} tasks running` };
  }
  if (rollout?.state === 'InProgress') {
    return {
      phase: 'progressing',
      message: `ECS deployment ${rollout.deploymentId} is rolling out: ${running} of ${desired} tasks running, ${service.pendingCount ?? 0} pending, ${deployments} deployments`,
    };
  }
  return {
    phase: 'progressing',
    message: `waiting for a steady state: ${running} of ${desired} tasks running, ${deployments} deployments`,
  };
}
