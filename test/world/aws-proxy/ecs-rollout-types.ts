/**
 * The rollout simulator's public vocabulary: its configuration, how a test names a service, the
 * failures and holds a test scripts, and the model it reports. Validation of the same shapes when
 * they arrive as JSON over the control API lives here too, so both controls refuse the same input
 * with the same message.
 */
import { isJsonObject, type JsonValue } from './json.js';

/** Switches and timings of the rollout simulator; every field optional in a change. */
export interface RolloutsConfig {
  /** Rewrite ECS service answers (default true). Turning it off forgets the model. */
  readonly enabled?: boolean;
  /** How long a new deployment stays IN_PROGRESS before it completes or fails (default 1000; 0 = at once). */
  readonly rolloutMs?: number;
  /** How long a deleted service stays DRAINING before it is INACTIVE (default 1000; 0 = at once). */
  readonly drainMs?: number;
}

/** The simulator's configuration with every field set. */
export interface ResolvedRolloutsConfig {
  readonly enabled: boolean;
  readonly rolloutMs: number;
  readonly drainMs: number;
}

/** Defaults of {@link RolloutsConfig}. */
export const DEFAULT_ROLLOUTS_CONFIG: ResolvedRolloutsConfig = {
  enabled: true,
  rolloutMs: 1000,
  drainMs: 1000,
};

/**
 * Names services for holds, releases and scripted failures: by service name, optionally narrowed
 * to one cluster (a cluster name or ARN). Without `cluster` it matches the name in every cluster.
 */
export interface RolloutSelector {
  readonly serviceName: string;
  readonly cluster?: string;
}

/** A failure armed for the next new deployment of a service (see `failNextRollout`). */
export interface RolloutFailureSpec extends RolloutSelector {
  /** `rolloutStateReason` of the failed deployment (default {@link CIRCUIT_BREAKER_REASON}). */
  readonly reason?: string;
  /**
   * True: ECS rolls back, starting a deployment of the last task definition that completed; the
   * failed deployment goes away once the rollback completes. False: the failed deployment stays
   * PRIMARY with rolloutState FAILED.
   */
  readonly rollback: boolean;
}

/**
 * What ECS's deployment circuit breaker writes into `rolloutStateReason` when tasks do not start:
 * the `reason` of the SERVICE_DEPLOYMENT_FAILED example in
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_deployment_events.html
 */
export const CIRCUIT_BREAKER_REASON = 'ECS deployment circuit breaker: task failed to start.';

/**
 * What ECS's circuit breaker writes after `deployment failed:` in the service event of the failed
 * deployment. No AWS document prints it; services' event logs published with their projects show
 * `(service <name>) (deployment <id>) deployment failed: tasks failed to start.`
 */
export const CIRCUIT_BREAKER_EVENT_REASON = 'tasks failed to start.';

/**
 * `rolloutStateReason` of the deployment the circuit breaker starts to roll back to `stableId`: the
 * rollback SERVICE_DEPLOYMENT_IN_PROGRESS example of the same page ("The `reason` field provides the
 * ID of the deployment the service is rolling back to").
 */
export function circuitBreakerRollbackReason(stableId: string): string {
  return `ECS deployment circuit breaker: rolling back to deploymentId ${stableId}.`;
}

/** The circuit breaker's failure as a condition message may carry it: from the deployment or the event. */
export const CIRCUIT_BREAKER_MESSAGE = new RegExp(
  [CIRCUIT_BREAKER_REASON, CIRCUIT_BREAKER_EVENT_REASON]
    .map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
);

/** `Deployment.status` values the simulator produces. */
export type DeploymentStatus = 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
/** `Deployment.rolloutState` values. */
export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
/** `Service.status` values. */
export type ServiceStatus = 'ACTIVE' | 'DRAINING' | 'INACTIVE';

/** One deployment as the simulator models it; dates in epoch seconds, as in ECS answers. */
export interface DeploymentView {
  readonly id: string;
  readonly status: DeploymentStatus;
  readonly taskDefinition: string;
  readonly desiredCount: number;
  readonly runningCount: number;
  readonly pendingCount: number;
  readonly failedTasks: number;
  readonly rolloutState: RolloutState;
  readonly rolloutStateReason: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** One service as the simulator models it (what its DescribeServices answers say). */
export interface ServiceRolloutView {
  readonly serviceArn: string;
  readonly serviceName: string;
  readonly clusterArn: string;
  readonly status: ServiceStatus;
  readonly taskDefinition: string;
  readonly desiredCount: number;
  readonly runningCount: number;
  readonly pendingCount: number;
  /** True while a hold keeps its rollouts from finishing. */
  readonly held: boolean;
  /** PRIMARY first, then ACTIVE ones, newest first. */
  readonly deployments: readonly DeploymentView[];
}

/** Everything the simulator knows: configuration, scripted holds and failures, and the model. */
export interface RolloutsState extends ResolvedRolloutsConfig {
  readonly holds: readonly RolloutSelector[];
  /** Failures armed and not yet used, oldest first. */
  readonly armedFailures: readonly RolloutFailureSpec[];
  /** Every service the simulator has seen, in the order it first saw them. */
  readonly services: readonly ServiceRolloutView[];
}

/** The cluster name of a cluster name or ARN (`arn:...:cluster/c` → `c`). */
export function clusterNameOf(clusterOrArn: string): string {
  return clusterOrArn.slice(clusterOrArn.lastIndexOf('/') + 1);
}

/** True when a service in `clusterArn` named `serviceName` is one the selector names. */
export function selectorMatches(selector: RolloutSelector, serviceName: string, clusterArn: string): boolean {
  return (
    selector.serviceName === serviceName &&
    (selector.cluster === undefined || clusterNameOf(selector.cluster) === clusterNameOf(clusterArn))
  );
}

/** The service a selector names in a simulator state, if the simulator has seen it. */
export function findServiceRollout(
  state: RolloutsState,
  selector: RolloutSelector,
): ServiceRolloutView | undefined {
  return state.services.find((s) => selectorMatches(selector, s.serviceName, s.clusterArn));
}

function fail(where: string, message: string): never {
  throw new TypeError(`invalid ${where}: ${message}`);
}

function objectWithKeys(
  value: JsonValue | undefined,
  allowed: readonly string[],
  where: string,
): Record<string, JsonValue> {
  if (!isJsonObject(value)) fail(where, `body must be an object with ${allowed.join(', ')}`);
  const extra = Object.keys(value).filter((key) => !allowed.includes(key));
  if (extra.length > 0) fail(where, `unknown field(s) ${extra.join(', ')}; allowed: ${allowed.join(', ')}`);
  return value;
}

function optionalText(value: JsonValue | undefined, field: string, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') fail(where, `${field} must be a non-empty string`);
  return value;
}

function milliseconds(value: JsonValue | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail('rollouts config', `${field} must be a finite number of milliseconds, 0 or more`);
  }
  return value;
}

/** Validates a configuration change; throws a TypeError naming the bad field. */
export function parseRolloutsConfig(value: JsonValue | undefined): RolloutsConfig {
  const body = objectWithKeys(value, ['enabled', 'rolloutMs', 'drainMs'], 'rollouts config');
  if (body.enabled !== undefined && typeof body.enabled !== 'boolean') {
    fail('rollouts config', 'enabled must be a boolean');
  }
  const rolloutMs = milliseconds(body.rolloutMs, 'rolloutMs');
  const drainMs = milliseconds(body.drainMs, 'drainMs');
  return {
    ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
    ...(rolloutMs === undefined ? {} : { rolloutMs }),
    ...(drainMs === undefined ? {} : { drainMs }),
  };
}

/** Validates a service selector; throws a TypeError naming the bad field. */
export function parseRolloutSelector(
  value: JsonValue | undefined,
  where = 'rollout selector',
): RolloutSelector {
  const body = objectWithKeys(value, ['serviceName', 'cluster'], where);
  const serviceName = optionalText(body.serviceName, 'serviceName', where);
  if (serviceName === undefined) fail(where, 'serviceName is required');
  const cluster = optionalText(body.cluster, 'cluster', where);
  return { serviceName, ...(cluster === undefined ? {} : { cluster }) };
}

/** Validates a scripted failure; throws a TypeError naming the bad field. */
export function parseRolloutFailure(value: JsonValue | undefined): RolloutFailureSpec {
  const where = 'rollout failure';
  const body = objectWithKeys(value, ['serviceName', 'cluster', 'reason', 'rollback'], where);
  const serviceName = optionalText(body.serviceName, 'serviceName', where);
  if (serviceName === undefined) fail(where, 'serviceName is required');
  const cluster = optionalText(body.cluster, 'cluster', where);
  const reason = optionalText(body.reason, 'reason', where);
  if (typeof body.rollback !== 'boolean') fail(where, 'rollback must be true or false');
  return {
    serviceName,
    ...(cluster === undefined ? {} : { cluster }),
    ...(reason === undefined ? {} : { reason }),
    rollback: body.rollback,
  };
}
