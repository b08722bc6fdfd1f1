/**
 * The normalised shape of an ECS service's configuration that both sides of the planner speak:
 * `desired.ts` builds it from the spec, `observe.ts` from DescribeServices. Set-like arrays are
 * sorted, AWS defaults inside a block are filled, server-only fields are dropped, so that equality
 * is plain structural equality (field by field, in `compare.ts`). Each list and block member is
 * normalised by the functions in `normalize-config.ts`, the same for both sides.
 *
 * A top-level field that is `undefined` on the desired side means "the spec leaves it out": it is
 * never compared and never sent.
 */
import { startsEcsDeployment } from '../../aws/ecs-deployment-fields.js';

/** One capacity provider with ECS's defaults (weight 0, base 0) filled. */
export interface CapacityProviderModel {
  readonly capacityProvider: string;
  readonly weight: number;
  readonly base: number;
}

/** awsvpc settings; `securityGroups` undefined on the desired side means "ECS picks the VPC default". */
export interface AwsVpcModel {
  readonly subnets: readonly string[];
  readonly securityGroups?: readonly string[];
  readonly assignPublicIp: 'ENABLED' | 'DISABLED';
}

/** The service's network configuration. */
export interface NetworkModel {
  readonly awsvpcConfiguration: AwsVpcModel;
}

/** The blue/green, linear and canary members of a load balancer entry (ECS's AdvancedConfiguration). */
export interface AdvancedConfigurationModel {
  readonly alternateTargetGroupArn?: string;
  readonly productionListenerRule?: string;
  readonly testListenerRule?: string;
  readonly roleArn?: string;
}

/** A load balancer entry. */
export interface LoadBalancerModel {
  readonly targetGroupArn?: string;
  readonly loadBalancerName?: string;
  readonly containerName?: string;
  readonly containerPort?: number;
  readonly advancedConfiguration?: AdvancedConfigurationModel;
}

/** A Cloud Map registry entry. */
export interface ServiceRegistryModel {
  readonly registryArn?: string;
  readonly port?: number;
  readonly containerName?: string;
  readonly containerPort?: number;
}

/** Deployment alarms with defaults filled (none, off). */
export interface AlarmsModel {
  readonly alarmNames: readonly string[];
  readonly enable: boolean;
  readonly rollback: boolean;
}

/**
 * A lifecycle hook's timeout with ECS's defaults filled (1440 minutes, ROLLBACK); absent from the
 * model when it equals them, so a hook that leaves it out compares equal to one ECS echoes with them.
 */
export interface HookTimeoutModel {
  readonly timeoutInMinutes: number;
  readonly action: string;
}

/** One lifecycle hook with ECS's default target type filled and its stages sorted. */
export interface LifecycleHookModel {
  readonly targetType: string;
  readonly hookTargetArn?: string;
  readonly roleArn?: string;
  readonly lifecycleStages: readonly string[];
  /** Custom parameters ECS passes to the hook's function on each invocation, as written. */
  readonly hookDetails?: unknown;
  readonly timeoutConfiguration?: HookTimeoutModel;
}

/** LINEAR's settings with ECS's defaults filled (10 percent, 6 minutes). */
export interface LinearModel {
  readonly stepPercent: number;
  readonly stepBakeTimeInMinutes: number;
}

/** CANARY's settings with ECS's defaults filled (5 percent, 10 minutes). */
export interface CanaryModel {
  readonly canaryPercent: number;
  readonly canaryBakeTimeInMinutes: number;
}

/**
 * The deployment configuration with ECS's defaults filled. The strategy-specific members exist only
 * for the strategy they belong to: `bakeTimeInMinutes` for the traffic-shifting strategies (and
 * undefined on the desired side when the spec leaves it to ECS: not compared), `linearConfiguration`
 * for LINEAR, `canaryConfiguration` for CANARY. What ECS echoes for another strategy is ignored.
 */
export interface DeploymentConfigurationModel {
  readonly minimumHealthyPercent: number;
  readonly maximumPercent: number;
  readonly deploymentCircuitBreaker: CircuitBreakerModel;
  readonly alarms: AlarmsModel;
  readonly strategy: string;
  readonly bakeTimeInMinutes?: number;
  readonly lifecycleHooks: readonly LifecycleHookModel[];
  readonly linearConfiguration?: LinearModel;
  readonly canaryConfiguration?: CanaryModel;
  /**
   * Present only when set (on the observed side, when ECS reports it): on the desired side, left
   * out means ECS's to choose (not compared). Off is `{ enable: false }` alone.
   */
  readonly earlySuccessCriteria?: EarlySuccessModel;
}

/** When a rolling deployment completes early; the percent and cleanup only when enabled. */
export interface EarlySuccessModel {
  readonly enable: boolean;
  readonly healthyPercent?: number;
  readonly sourceServiceRevisionCleanup?: string;
}

/**
 * The deployment circuit breaker. `resetOnHealthyTask` and `thresholdConfiguration` are present only
 * when set: on the desired side, left out means ECS's to choose (not compared).
 */
export interface CircuitBreakerModel {
  readonly enable: boolean;
  readonly rollback: boolean;
  readonly resetOnHealthyTask?: boolean;
  readonly thresholdConfiguration?: { readonly type: string; readonly value: number };
}

/** A placement strategy rule (order matters, so lists of these are never sorted). */
export interface PlacementStrategyModel {
  readonly type: string;
  readonly field?: string;
}

/** A placement constraint (a set: lists of these are sorted). */
export interface PlacementConstraintModel {
  readonly type: string;
  readonly expression?: string;
}

/**
 * A block ECS takes and echoes in its own shape (Service Connect, EBS volume configurations, VPC
 * Lattice): plain JSON with absent members dropped, compared as a whole.
 */
export type EcsBlock = Readonly<Record<string, unknown>>;

/** The comparable configuration of a service. */
export interface ServiceConfig {
  readonly taskDefinition?: string;
  readonly desiredCount?: number;
  readonly launchType?: string;
  readonly capacityProviderStrategy?: readonly CapacityProviderModel[];
  readonly platformVersion?: string;
  readonly networkConfiguration?: NetworkModel;
  readonly loadBalancers?: readonly LoadBalancerModel[];
  readonly serviceRegistries?: readonly ServiceRegistryModel[];
  readonly deploymentConfiguration?: DeploymentConfigurationModel;
  /** The deployment controller type; ECS when DescribeServices leaves it out (ADR 0028). */
  readonly deploymentController?: string;
  readonly placementStrategy?: readonly PlacementStrategyModel[];
  readonly placementConstraints?: readonly PlacementConstraintModel[];
  readonly healthCheckGracePeriodSeconds?: number;
  readonly enableExecuteCommand?: boolean;
  readonly propagateTags?: string;
  readonly enableECSManagedTags?: boolean;
  readonly availabilityZoneRebalancing?: string;
  /** On the service's PRIMARY deployment in DescribeServices, not on the service. */
  readonly serviceConnectConfiguration?: EcsBlock;
  /** On the service's PRIMARY deployment in DescribeServices, not on the service. */
  readonly volumeConfigurations?: readonly EcsBlock[];
  /** On the service's PRIMARY deployment in DescribeServices; a set (sorted). */
  readonly vpcLatticeConfigurations?: readonly EcsBlock[];
  /**
   * Only on the current service revision (ADR 0048). On the observed side present only when that
   * revision was read, which happens only for a spec that sets one of the two.
   */
  readonly gatewayConnectors?: readonly EcsBlock[];
  /** Only on the current service revision (ADR 0048); metric names and entries sorted. */
  readonly monitoring?: EcsBlock;
  readonly schedulingStrategy?: string;
}

/** The UpdateService fields ecs-bridge manages, in the order they appear in plans and messages. */
export const MUTABLE_FIELDS = [
  'taskDefinition',
  'desiredCount',
  'capacityProviderStrategy',
  'platformVersion',
  'networkConfiguration',
  'loadBalancers',
  'serviceRegistries',
  'deploymentConfiguration',
  'deploymentController',
  'placementStrategy',
  'placementConstraints',
  'healthCheckGracePeriodSeconds',
  'enableExecuteCommand',
  'propagateTags',
  'enableECSManagedTags',
  'availabilityZoneRebalancing',
  'serviceConnectConfiguration',
  'volumeConfigurations',
  'vpcLatticeConfigurations',
  'gatewayConnectors',
  'monitoring',
] as const satisfies readonly (keyof ServiceConfig)[];

/** One of {@link MUTABLE_FIELDS}. */
export type MutableField = (typeof MUTABLE_FIELDS)[number];

/**
 * The managed fields whose change makes ECS start a new deployment (ECS's own list is
 * `ECS_DEPLOYMENT_STARTING_FIELDS`). While a failed rollout is held, the planner sends none of them,
 * so a rolled-back service is not pushed into the same failure again and again.
 */
export const DEPLOYMENT_FIELDS: ReadonlySet<MutableField> = new Set<MutableField>(
  MUTABLE_FIELDS.filter((f) => startsEcsDeployment(f)),
);

/**
 * The managed fields CreateService is built from: all of {@link MUTABLE_FIELDS} but `desiredCount`,
 * which a create sends on its own (`createDesiredCount`: the spec's, autoscaling's minimum, or 1).
 */
export const CREATE_FIELDS = MUTABLE_FIELDS.filter(
  (f): f is Exclude<MutableField, 'desiredCount'> => f !== 'desiredCount',
);

export type Loose<T> = { readonly [K in keyof T]?: T[K] | undefined };

/** Orders by a string key, stably and without locale rules, so both sides sort identically. */
export function sortByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/** A sorted copy of a string set. */
export function sortedStrings(items: readonly string[] | undefined): string[] {
  return sortByKey(items ?? [], (s) => s);
}

/** The ECS defaults for a deployment configuration: 100/200 for REPLICA, 0/100 for DAEMON. */
export function defaultPercents(schedulingStrategy: string | undefined): { min: number; max: number } {
  return schedulingStrategy === 'DAEMON' ? { min: 0, max: 100 } : { min: 100, max: 200 };
}

/** `{ key: value }`, or `{}` when the value is undefined (ECS leaves such members out). */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** True when the alarms block is ECS's default (no alarms, off), which need not be sent. */
export function isDefaultAlarms(alarms: AlarmsModel): boolean {
  return alarms.alarmNames.length === 0 && !alarms.enable && !alarms.rollback;
}

/**
 * A block in ECS's own shape as plain JSON: members that are undefined or null dropped at every
 * level (the SDK and our spec leave a member out; a JSON echo may say null), key order ignored by
 * the deep comparison.
 */
export function normalizeBlock(value: unknown): EcsBlock {
  const plain = plainJson(value);
  return typeof plain === 'object' && plain !== null && !Array.isArray(plain) ? (plain as EcsBlock) : {};
}

function plainJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainJson);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = plainJson(v);
    return out;
  }
  return value;
}

/**
 * The part of a task definition reference that identifies a revision: `family:revision`, whether
 * given as an ARN or not (moto echoes back whatever form UpdateService was given).
 */
export function taskDefinitionKey(taskDefinition: string): string {
  const marker = ':task-definition/';
  const at = taskDefinition.indexOf(marker);
  return at < 0 ? taskDefinition : taskDefinition.slice(at + marker.length);
}
