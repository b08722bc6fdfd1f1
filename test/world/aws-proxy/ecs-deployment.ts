/**
 * One simulated ECS deployment and the fields that start one: the record the service model keeps
 * per deployment, the steps of its life (started, completed, failed) and how it reads in an ECS
 * answer. Dates are the proxy clock's milliseconds here and epoch seconds in answers.
 */
import {
  ECS_DEPLOYMENT_STARTING_FIELDS,
  type EcsDeploymentStartingField,
} from '../../../src/aws/ecs-deployment-fields.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import type { DeploymentStatus, DeploymentView, RolloutState } from './ecs-rollout-types.js';
import type { LifecycleTimeline } from './ecs-strategy-lifecycle.js';

/**
 * UpdateService fields whose change starts a new deployment, besides `taskDefinition` (which the
 * model keeps per deployment) and `forceNewDeployment`: ECS's list, the operator's own
 * (`src/aws/ecs-deployment-fields.ts`, which cites the UpdateService API reference).
 */
export const DEPLOYMENT_CONFIG_FIELDS = ECS_DEPLOYMENT_STARTING_FIELDS.filter(
  (f): f is Exclude<EcsDeploymentStartingField, 'taskDefinition'> => f !== 'taskDefinition',
);

// Deployment fields the model owns; any other field moto sent (launchType, platformFamily, ...) is kept.
const OWNED_DEPLOYMENT_FIELDS = new Set([
  'id',
  'status',
  'taskDefinition',
  'desiredCount',
  'pendingCount',
  'runningCount',
  'failedTasks',
  'createdAt',
  'updatedAt',
  'rolloutState',
  'rolloutStateReason',
]);

/** A failure armed for one deployment. */
export interface DeploymentFailure {
  readonly reason: string;
  readonly rollback: boolean;
}

/** One deployment as the model keeps it (mutable: the model moves it through its life). */
export interface SimulatedDeployment {
  id: string;
  status: DeploymentStatus;
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  failedTasks: number;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  createdAt: number;
  updatedAt: number;
  /** When an IN_PROGRESS PRIMARY completes or fails; absent once it will not move on its own. */
  dueAt?: number | undefined;
  failure?: DeploymentFailure | undefined;
  /** Fields moto sent that the model does not own (launchType, platformFamily, networkConfiguration...). */
  extras: JsonObject;
  /** The service's deployment configuration when it started (ECS keeps one per service deployment). */
  deploymentConfiguration?: JsonObject | undefined;
  /** The stages of a BLUE_GREEN, LINEAR or CANARY deployment; absent for ROLLING. */
  timeline?: LifecycleTimeline | undefined;
  /** What its service revision records beyond the deployment's own fields (ecs-service-revisions.ts). */
  revision?: JsonObject | undefined;
  /** The deployment it replaces (its revision is the source service revision). */
  source?: SimulatedDeployment | undefined;
  /** Set on a failed deployment that ECS rolls back: why, when, and the deployment doing it. */
  rollback?: { readonly reason: string; readonly at: number; readonly by: SimulatedDeployment } | undefined;
  /** When it stopped moving: completed, failed, or superseded by a newer deployment. */
  finishedAt?: number | undefined;
  /** True once a newer deployment replaced it before it finished. */
  superseded?: boolean | undefined;
  /** The index of the next lifecycle stage whose hooks are to run (ecs-lifecycle-hooks.ts). */
  hookCursor?: number | undefined;
  /** How long hooks that answered IN_PROGRESS held it, in all: its later stages move by as much. */
  hookDelayMs?: number | undefined;
  /** Set while hooks answer IN_PROGRESS: since when, the next invocation, the hooks waited on. */
  hookHeld?:
    { readonly since: number; readonly nextCallAt: number; readonly waiting: readonly string[] } | undefined;
  /**
   * Set while PAUSE hooks hold it at the stage `cursor` indexes: since when, the ids of the hooks
   * still AWAITING_ACTION, and when the last of them was continued (ContinueServiceDeployment).
   */
  paused?:
    | {
        readonly cursor: number;
        readonly since: number;
        readonly awaiting: readonly string[];
        readonly continuedAt?: number;
      }
    | undefined;
}

/**
 * A value's canonical text for change detection: sorted keys, and absent, null, `{}` and `[]` all
 * mean "none" (moto answers `{}` for a service without network configuration).
 */
export function canonical(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.length === 0 ? '' : `[${value.map(canonical).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) return '';
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The fields of a deployment document from moto that the model keeps as they are. */
export function extrasOf(deployment: JsonValue | undefined): JsonObject {
  const extras: JsonObject = {};
  if (!isJsonObject(deployment)) return extras;
  for (const [key, value] of Object.entries(deployment)) {
    if (!OWNED_DEPLOYMENT_FIELDS.has(key)) extras[key] = value;
  }
  return extras;
}

/** What a new deployment is made of. */
export interface DeploymentStart {
  readonly id: string;
  readonly taskDefinition: string;
  readonly desiredCount: number;
  readonly extras: JsonObject;
  readonly now: number;
  readonly dueAt?: number | undefined;
  readonly failure?: DeploymentFailure | undefined;
}

/** A new PRIMARY deployment, IN_PROGRESS, with all its tasks pending. */
export function startedDeployment(start: DeploymentStart): SimulatedDeployment {
  return {
    id: start.id,
    status: 'PRIMARY',
    taskDefinition: start.taskDefinition,
    desiredCount: start.desiredCount,
    runningCount: 0,
    pendingCount: start.desiredCount,
    failedTasks: 0,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: `ECS deployment ${start.id} in progress.`,
    createdAt: start.now,
    updatedAt: start.now,
    dueAt: start.dueAt,
    failure: start.failure,
    extras: start.extras,
  };
}

/** Marks a deployment COMPLETED at `at`: every desired task running. */
export function completeDeployment(deployment: SimulatedDeployment, at: number): void {
  deployment.rolloutState = 'COMPLETED';
  deployment.rolloutStateReason = `ECS deployment ${deployment.id} completed.`;
  deployment.runningCount = deployment.desiredCount;
  deployment.pendingCount = 0;
  deployment.updatedAt = at;
  deployment.finishedAt = at;
  deployment.dueAt = undefined;
  deployment.failure = undefined;
}

// The circuit breaker trips after half the desired count of failed tasks, clamped to 3..200.
function circuitBreakerThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desiredCount / 2)));
}

/** Marks a deployment FAILED at `at`, as the circuit breaker leaves it: no tasks, failed ones counted. */
export function failDeployment(deployment: SimulatedDeployment, reason: string, at: number): void {
  deployment.rolloutState = 'FAILED';
  deployment.rolloutStateReason = reason;
  deployment.failedTasks = circuitBreakerThreshold(deployment.desiredCount);
  deployment.runningCount = 0;
  deployment.pendingCount = 0;
  deployment.updatedAt = at;
  deployment.finishedAt = at;
  deployment.dueAt = undefined;
  deployment.failure = undefined;
}

/** The deployment as plain data; `epoch` turns clock milliseconds into epoch seconds. */
export function deploymentView(
  deployment: SimulatedDeployment,
  epoch: (t: number) => number,
): DeploymentView {
  return {
    id: deployment.id,
    status: deployment.status,
    taskDefinition: deployment.taskDefinition,
    desiredCount: deployment.desiredCount,
    pendingCount: deployment.pendingCount,
    runningCount: deployment.runningCount,
    failedTasks: deployment.failedTasks,
    createdAt: epoch(deployment.createdAt),
    updatedAt: epoch(deployment.updatedAt),
    rolloutState: deployment.rolloutState,
    rolloutStateReason: deployment.rolloutStateReason,
  };
}

/** The deployment as an ECS `Deployment` document: the model's fields plus what moto sent besides. */
export function renderDeployment(deployment: SimulatedDeployment, epoch: (t: number) => number): JsonObject {
  return { ...deploymentView(deployment, epoch), ...deployment.extras };
}

/** A service's counts: its desired count, and the running and pending tasks of its deployments. */
export function countsOf(
  deployments: readonly SimulatedDeployment[],
  desiredCount: number,
): { desiredCount: number; runningCount: number; pendingCount: number } {
  const sum = (pick: (d: SimulatedDeployment) => number) => deployments.reduce((n, d) => n + pick(d), 0);
  return {
    desiredCount,
    runningCount: sum((d) => d.runningCount),
    pendingCount: sum((d) => d.pendingCount),
  };
}
