/**
 * The EcsCluster kind as TypeScript sees it: the spec (CreateCluster's shape with ECS's camelCase
 * names, plus our fields) and the status the operator writes. `crds/ecscluster.yaml` is the source
 * of truth for the schema; these types follow it and reuse the SDK's shapes where they match.
 */
import type {
  CapacityProviderStrategyItem,
  ClusterConfiguration,
  ClusterSetting,
  ManagedScaling,
} from '@aws-sdk/client-ecs';
import type { KindStatus } from '../kind-status.js';
import type { KubeObject } from '../../k8s/object.js';

/** The kind's name as it appears in manifests and events. */
export const ECS_CLUSTER_KIND = 'EcsCluster';
/** The kind's plural, as the API names it. */
export const ECS_CLUSTER_PLURAL = 'ecsclusters';

/** What happens to the ECS cluster when the object is deleted. */
export type ClusterDeletionPolicy = 'Delete' | 'Retain';

/** A user tag put on the cluster. */
export interface ClusterSpecTag {
  readonly key: string;
  readonly value?: string;
}

/** `autoScalingGroupProvider` of an Auto Scaling group capacity provider (CreateCapacityProvider's names). */
export interface AutoScalingGroupProviderSpec {
  /** The Auto Scaling group's ARN. Immutable (CEL): ECS cannot move a provider to another group. */
  readonly autoScalingGroupArn: string;
  /** Managed scaling; a member left out is left as ECS has it (ECS's defaults at creation). */
  readonly managedScaling?: ManagedScaling;
  /** `ENABLED` or `DISABLED`; absent: left as ECS has it (DISABLED at creation). */
  readonly managedTerminationProtection?: 'ENABLED' | 'DISABLED';
  /** `ENABLED` or `DISABLED`; absent: left as ECS has it (ENABLED at creation). */
  readonly managedDraining?: 'ENABLED' | 'DISABLED';
}

/** An Auto Scaling group capacity provider the EcsCluster creates, attaches, updates and deletes. */
export interface AutoScalingGroupCapacityProviderSpec {
  /** The capacity provider name (not starting with `aws`, `ecs` or `fargate`). */
  readonly name: string;
  readonly autoScalingGroupProvider: AutoScalingGroupProviderSpec;
}

/** `spec` of an EcsCluster: CreateCluster's members plus ours. */
export interface EcsClusterSpec {
  /** The ECS cluster name; defaults to `metadata.name`. Immutable (CEL). */
  readonly clusterName?: string;
  /** The AWS Region; the operator's default when absent. Immutable (CEL). */
  readonly region?: string;
  /** `containerInsights`: `enhanced`, `enabled` or `disabled`. Absent: left as ECS has it. */
  readonly settings?: readonly ClusterSetting[];
  /** Execute command logging and managed storage encryption. Absent: left as ECS has it. */
  readonly configuration?: ClusterConfiguration;
  /** The Cloud Map namespace (name or ARN) services use for Service Connect by default. */
  readonly serviceConnectDefaults?: { readonly namespace: string };
  /** `FARGATE`, `FARGATE_SPOT` or capacity provider names. Absent (with no strategy): not managed. */
  readonly capacityProviders?: readonly string[];
  /** The default capacity provider strategy. */
  readonly defaultCapacityProviderStrategy?: readonly CapacityProviderStrategyItem[];
  /**
   * Auto Scaling group capacity providers this object owns: created (CreateCapacityProvider),
   * attached to the cluster with the `capacityProviders`, updated, and deleted with the cluster.
   */
  readonly autoScalingGroupCapacityProviders?: readonly AutoScalingGroupCapacityProviderSpec[];
  readonly tags?: readonly ClusterSpecTag[];
  /** Default `Delete`. */
  readonly deletionPolicy?: ClusterDeletionPolicy;
  /** Take over an ECS cluster of this name that ecs-bridge did not create. Default false. */
  readonly adopt?: boolean;
}

/** `status` of an EcsCluster, written only by the operator. */
export interface EcsClusterStatus extends KindStatus {
  readonly clusterArn?: string;
  readonly clusterName?: string;
  /** ECS's status of the cluster: ACTIVE, PROVISIONING, DEPROVISIONING, FAILED, INACTIVE. */
  readonly status?: string;
  readonly registeredContainerInstancesCount?: number;
  readonly runningTasksCount?: number;
  readonly pendingTasksCount?: number;
  readonly activeServicesCount?: number;
  readonly capacityProviders?: readonly string[];
  /** Every capacity provider attached or declared, with ECS's status of it where ECS described it. */
  readonly capacityProviderStatuses?: readonly CapacityProviderStatus[];
  /** The EcsServices (`namespace/name`) ecs-bridge runs in this cluster, sorted, at most {@link MAX_STATUS_SERVICES}. */
  readonly services?: readonly string[];
}

/** One capacity provider in status: what ECS last said of it. */
export interface CapacityProviderStatus {
  readonly name: string;
  /** Whether the cluster has it attached. */
  readonly attached: boolean;
  /** ECS's status (ACTIVE, INACTIVE); absent when ECS was not asked (FARGATE, FARGATE_SPOT). */
  readonly status?: string;
  /** The last update's state, e.g. UPDATE_COMPLETE, UPDATE_FAILED, DELETE_IN_PROGRESS. */
  readonly updateStatus?: string;
  readonly updateStatusReason?: string;
  readonly capacityProviderArn?: string;
}

/** The bound on `status.services` (the CRD's maxItems). */
export const MAX_STATUS_SERVICES = 100;

/** An EcsCluster object as the informer delivers it. */
export type EcsCluster = KubeObject<EcsClusterSpec, EcsClusterStatus>;
