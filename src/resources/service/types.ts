/**
 * The EcsService custom resource as TypeScript sees it: a hand-written mirror of
 * `crds/ecsservice.yaml` (the schema is the source of truth; `crd.test.ts` checks the two agree on
 * the spec's fields). Field names are ECS's own camelCase so the ECS docs read across.
 */

export type {
  AlarmDimensionSpec,
  AutoscalingAlarmStatus,
  StepAdjustmentSpec,
  StepAlarmSpec,
  StepScalingPolicySpec,
} from './step-scaling-types.js';
export type { AutoscalingActivityStatus } from './scaling-activity-types.js';
export type {
  AlbRequestCountSpec,
  AutoscalingPolicyStatus,
  AutoscalingScheduledActionStatus,
  AutoscalingSpec,
  AutoscalingSuspendSpec,
  AutoscalingSuspendedStatus,
  CustomMetricPolicySpec,
  CustomMetricQuerySpec,
  MetricDimensionSpec,
  PredictiveScalingSpec,
  ScheduledActionSpec,
  ServiceAutoscalingStatus,
  TargetTrackingSpec,
} from './autoscaling-types.js';
import type { AutoscalingSpec, ServiceAutoscalingStatus } from './autoscaling-types.js';
import type {
  GatewayConnector,
  MonitoringConfiguration,
  ServiceConnectConfiguration,
  ServiceVolumeConfiguration,
  VpcLatticeConfiguration,
} from '@aws-sdk/client-ecs';
import type { KindStatus } from '../kind-status.js';
import type { EcsLaunchSpec } from '../ecs-spec-shapes.js';
import type { DriftStatus } from '../drift.js';
import type { ManagementPolicy } from '../management-policy.js';
import type { KubeObject } from '../../k8s/object.js';
import type { DeletionPolicy } from '../deletion-policy.js';

/** The kind name. */
export const ECS_SERVICE_KIND = 'EcsService';
/** The plural resource name used in API paths. */
export const ECS_SERVICE_PLURAL = 'ecsservices';

/** What deleting the object does: see {@link DeletionPolicy}. */
export type { DeletionPolicy };

/** A load balancer entry: a target group (or Classic Load Balancer) and a container port. */
export interface LoadBalancerSpec {
  readonly targetGroupArn?: string;
  readonly loadBalancerName?: string;
  readonly containerName: string;
  readonly containerPort: number;
  /** Blue/green, linear and canary traffic shifting for this target group. */
  readonly advancedConfiguration?: AdvancedConfigurationSpec;
}

/** ECS's AdvancedConfiguration: the second target group and listener rules of a traffic shift. */
export interface AdvancedConfigurationSpec {
  readonly alternateTargetGroupArn: string;
  readonly productionListenerRule: string;
  readonly testListenerRule?: string;
  readonly roleArn: string;
}

/** A Cloud Map service registry entry. */
export interface ServiceRegistrySpec {
  readonly registryArn: string;
  readonly port?: number;
  readonly containerName?: string;
  readonly containerPort?: number;
}

/** The deployment circuit breaker. */
export interface DeploymentCircuitBreakerSpec {
  readonly enable: boolean;
  readonly rollback: boolean;
  /** Whether a healthy task resets the failure count (ECS's default true). */
  readonly resetOnHealthyTask?: boolean;
  /** How many task failures trip the breaker (ECS's default BOUNDED_PERCENT 50). */
  readonly thresholdConfiguration?: CircuitBreakerThresholdSpec;
}

/** The failure threshold of the deployment circuit breaker. */
export interface CircuitBreakerThresholdSpec {
  readonly type: 'COUNT' | 'BOUNDED_PERCENT' | 'UNBOUNDED_PERCENT';
  readonly value: number;
}

/** CloudWatch alarms watched during deployments. */
export interface DeploymentAlarmsSpec {
  readonly alarmNames: readonly string[];
  readonly enable: boolean;
  readonly rollback: boolean;
}

/** ECS's deployment strategies. */
export type DeploymentStrategyName = 'ROLLING' | 'BLUE_GREEN' | 'LINEAR' | 'CANARY';

/** The stages a lifecycle hook can run at (ECS's DeploymentLifecycleHookStage). */
export type LifecycleHookStage =
  | 'RECONCILE_SERVICE'
  | 'PRE_SCALE_UP'
  | 'POST_SCALE_UP'
  | 'TEST_TRAFFIC_SHIFT'
  | 'POST_TEST_TRAFFIC_SHIFT'
  | 'PRE_PRODUCTION_TRAFFIC_SHIFT'
  | 'PRODUCTION_TRAFFIC_SHIFT'
  | 'POST_PRODUCTION_TRAFFIC_SHIFT';

/** How long ECS waits for a lifecycle hook, and what it does then. */
export interface LifecycleHookTimeoutSpec {
  /** 1 to 20160 (ECS's default 1440). */
  readonly timeoutInMinutes?: number;
  /** ROLLBACK (ECS's default) or CONTINUE. */
  readonly action?: 'ROLLBACK' | 'CONTINUE';
}

/** One deployment lifecycle hook. */
export interface LifecycleHookSpec {
  readonly targetType?: 'AWS_LAMBDA' | 'PAUSE';
  readonly hookTargetArn?: string;
  readonly roleArn?: string;
  readonly lifecycleStages: readonly LifecycleHookStage[];
  /** Custom parameters ECS passes to the hook's Lambda function on each invocation (a JSON object). */
  readonly hookDetails?: Readonly<Record<string, unknown>>;
  readonly timeoutConfiguration?: LifecycleHookTimeoutSpec;
}

/** LINEAR: traffic per step and the wait between steps. */
export interface LinearConfigurationSpec {
  readonly stepPercent?: number;
  readonly stepBakeTimeInMinutes?: number;
}

/** CANARY: the canary's share and the wait before the rest shifts. */
export interface CanaryConfigurationSpec {
  readonly canaryPercent?: number;
  readonly canaryBakeTimeInMinutes?: number;
}

/** How deployments proceed. */
export interface DeploymentConfigurationSpec {
  readonly minimumHealthyPercent?: number;
  readonly maximumPercent?: number;
  readonly deploymentCircuitBreaker?: DeploymentCircuitBreakerSpec;
  readonly alarms?: DeploymentAlarmsSpec;
  readonly strategy?: DeploymentStrategyName;
  readonly bakeTimeInMinutes?: number;
  readonly lifecycleHooks?: readonly LifecycleHookSpec[];
  readonly linearConfiguration?: LinearConfigurationSpec;
  readonly canaryConfiguration?: CanaryConfigurationSpec;
  /** ROLLING only: the deployment completes at a share of healthy tasks; left out, ECS's is kept. */
  readonly earlySuccessCriteria?: EarlySuccessCriteriaSpec;
}

/** When a rolling deployment completes early (ECS's DeploymentEarlySuccessCriteria). */
export interface EarlySuccessCriteriaSpec {
  readonly enable: boolean;
  /** Percent of desiredCount healthy on the new revision, 0 to 100, at least minimumHealthyPercent. */
  readonly healthyPercent?: number;
  /** Whether the old revision's tasks go before (BLOCKING) or after (DEFERRED) completion. */
  readonly sourceServiceRevisionCleanup?: 'BLOCKING' | 'DEFERRED';
}

/** Who runs the service's deployments (ADR 0028). */
export type DeploymentControllerType = 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';

/**
 * `spec` of an EcsService: where and what it runs ({@link EcsLaunchSpec}, shared with the task
 * template) and the fields of the service itself.
 */
export interface EcsServiceSpec extends EcsLaunchSpec {
  readonly serviceName?: string;
  readonly desiredCount?: number;
  readonly launchType?: 'EC2' | 'FARGATE' | 'EXTERNAL' | 'MANAGED_INSTANCES';
  readonly loadBalancers?: readonly LoadBalancerSpec[];
  readonly serviceRegistries?: readonly ServiceRegistrySpec[];
  readonly deploymentConfiguration?: DeploymentConfigurationSpec;
  readonly deploymentController?: { readonly type: DeploymentControllerType };
  readonly healthCheckGracePeriodSeconds?: number;
  readonly propagateTags?: 'NONE' | 'SERVICE' | 'TASK_DEFINITION';
  /** ENABLED or DISABLED; left out, ECS picks and it is not compared. */
  readonly availabilityZoneRebalancing?: 'ENABLED' | 'DISABLED';
  /** CreateService's IAM role for a Classic Load Balancer; create only, immutable (CEL). */
  readonly role?: string;
  /** Service Connect, in ECS's shape; ECS reports it on the deployments. */
  readonly serviceConnectConfiguration?: ServiceConnectConfiguration;
  /** EBS volumes configured at launch, in ECS's shape; ECS reports them on the deployments. */
  readonly volumeConfigurations?: readonly ServiceVolumeConfiguration[];
  /** VPC Lattice target groups, in ECS's shape; ECS reports them on the deployments. */
  readonly vpcLatticeConfigurations?: readonly VpcLatticeConfiguration[];
  /** At most one gateway connector, in ECS's shape; ECS reports it only on service revisions. */
  readonly gatewayConnectors?: readonly GatewayConnector[];
  /** CPU and memory metric resolution, in ECS's shape; ECS reports it only on service revisions. */
  readonly monitoring?: MonitoringConfiguration;
  readonly schedulingStrategy?: 'REPLICA' | 'DAEMON';
  readonly deletionPolicy?: DeletionPolicy;
  /** `Observe`: read and report drift, never write to AWS (ADR 0018). Unset: the installation's default. */
  readonly managementPolicy?: ManagementPolicy;
  readonly suspend?: boolean;
  readonly restartAt?: string;
  /** A request to roll back the deployment in progress, acted on once per `requestedAt` (ADR 0039). */
  readonly deploymentControl?: DeploymentControlSpec;
  readonly adopt?: boolean;
  readonly autoscaling?: AutoscalingSpec;
}

/** `spec.deploymentControl`: what to do to the ECS deployment in progress, and the request's token. */
export interface DeploymentControlSpec {
  /**
   * Rollback: StopServiceDeployment with stopType ROLLBACK. Continue: ContinueServiceDeployment with
   * CONTINUE for the deployment paused at a PAUSE lifecycle hook.
   */
  readonly action: 'Rollback' | 'Continue';
  /** A token (a timestamp is customary): a new value is a new request. */
  readonly requestedAt: string;
}

/** Our judgement of the deployment we follow. */
export type RolloutPhase = 'InProgress' | 'Completed' | 'Failed';

/** `status.rollout`: the deployment our last CreateService/UpdateService produced. */
export interface RolloutStatus {
  readonly deploymentId: string;
  readonly taskDefinitionArn?: string;
  readonly generation?: number;
  readonly restartAt?: string;
  readonly state: RolloutPhase;
  readonly reason?: string;
}

/** One deployment in `status.deployments`. */
export interface DeploymentSummary {
  readonly id: string;
  readonly status: string;
  readonly taskDefinition?: string;
  readonly desiredCount: number;
  readonly runningCount: number;
  readonly pendingCount: number;
  readonly failedTasks: number;
  readonly rolloutState?: string;
  readonly rolloutStateReason?: string;
}

/**
 * `status.serviceDeployment`: the ECS service deployment of a BLUE_GREEN, LINEAR or CANARY rollout
 * in progress, as DescribeServiceDeployments reports it (present only while one is followed).
 */
export interface ServiceDeploymentSummary {
  readonly arn: string;
  readonly strategy: string;
  /** ECS's service deployment status (IN_PROGRESS, ROLLBACK_IN_PROGRESS, ...). */
  readonly status: string;
  /** The lifecycle stage (PRE_SCALE_UP, ..., BAKE_TIME, CLEAN_UP). */
  readonly lifecycleStage?: string;
  /** Percent of production traffic on the new revision. */
  readonly productionTrafficPercent?: number;
  /** Percent of test traffic on the new revision. */
  readonly testTrafficPercent?: number;
  /** The bake time the deployment runs with. */
  readonly bakeTimeInMinutes?: number;
  /**
   * In BAKE_TIME: when the bake ends at the latest (RFC 3339), from DescribeServiceDeployments'
   * `updatedAt` and the bake time (service-deployment.ts says why it is a bound).
   */
  readonly bakeEndsBy?: string;
  readonly reason?: string;
  readonly rollbackReason?: string;
  /** The lifecycle hooks the deployment waits on (IN_PROGRESS or AWAITING_ACTION). */
  readonly waitingOnHooks?: readonly WaitingHook[];
}

/** A lifecycle hook a service deployment waits on, as DescribeServiceDeployments reports it. */
export interface WaitingHook {
  readonly targetType?: string;
  readonly targetArn?: string;
  readonly hookId?: string;
  readonly status: string;
  /** RFC 3339. */
  readonly expiresAt?: string;
}

/** `status` of an EcsService, written only by the operator. */
export interface EcsServiceStatus extends KindStatus {
  readonly serviceArn?: string;
  readonly serviceName?: string;
  readonly cluster?: string;
  /** The cluster's name, the last part of `cluster` (for the CLUSTER column). */
  readonly clusterName?: string;
  readonly region?: string;
  readonly taskDefinitionArn?: string;
  readonly desiredCount?: number;
  readonly runningCount?: number;
  readonly pendingCount?: number;
  readonly rolloutState?: string;
  readonly rollout?: RolloutStatus;
  readonly deployments?: readonly DeploymentSummary[];
  readonly serviceDeployment?: ServiceDeploymentSummary;
  readonly restartAt?: string;
  readonly managedTagKeys?: readonly string[];
  readonly autoscaling?: ServiceAutoscalingStatus;
  /** How the service differs from the spec, while observed only (ADR 0018). */
  readonly drift?: DriftStatus;
}

/** An EcsService object as the informer delivers it. */
export type EcsService = KubeObject<EcsServiceSpec, EcsServiceStatus>;

/** The ECS service name an object manages: `spec.serviceName`, else the object's name. */
export function serviceNameOf(obj: Pick<EcsService, 'metadata' | 'spec'>): string {
  return obj.spec.serviceName ?? obj.metadata.name;
}

/**
 * The name of the EcsTaskDefinition an object references, if any (same namespace). The integrator
 * indexes objects by it so a task definition change wakes exactly the services that use it.
 */
export function taskDefinitionRefOf(obj: Pick<EcsService, 'spec'>): string | undefined {
  return obj.spec.taskDefinitionRef?.name;
}
