/**
 * The EcsTaskDefinition kind as TypeScript sees it: the spec (RegisterTaskDefinition's shape with
 * ECS's camelCase names, plus our three fields) and the status the operator writes.
 *
 * `crds/ecstaskdefinition.yaml` is the source of truth for the schema; these types follow it. Nested
 * ECS shapes reuse the SDK's own types so the ECS docs read across.
 */
import type {
  Compatibility,
  ContainerDefinition,
  EphemeralStorage,
  IpcMode,
  NetworkMode,
  PidMode,
  ProxyConfiguration,
  RuntimePlatform,
  TaskDefinitionPlacementConstraint,
  TrustedExecutionConfiguration,
  Volume,
} from '@aws-sdk/client-ecs';
import type { KindStatus } from '../kind-status.js';
import type { DriftStatus } from '../drift.js';
import type { ManagementPolicy } from '../management-policy.js';
import type { KubeObject } from '../../k8s/object.js';
import type { DeletionPolicy } from '../deletion-policy.js';

/** The kind's name as it appears in manifests and events. */
export const TASK_DEFINITION_KIND = 'EcsTaskDefinition';
/** The plural resource name used in API paths. */
export const TASK_DEFINITION_PLURAL = 'ecstaskdefinitions';

/** What deleting the object does: see {@link DeletionPolicy}. */
export type { DeletionPolicy };

/** A user tag put on every revision the object registers. */
export interface SpecTag {
  readonly key: string;
  readonly value?: string;
}

/** `spec` of an EcsTaskDefinition: RegisterTaskDefinition's fields plus ours. */
export interface EcsTaskDefinitionSpec {
  /** Defaults to `metadata.name`. Immutable (CEL). */
  readonly family?: string;
  readonly containerDefinitions: readonly ContainerDefinition[];
  /** CPU units as an integer string ("1024"). */
  readonly cpu?: string;
  /** MiB as an integer string ("2048"). */
  readonly memory?: string;
  readonly networkMode?: NetworkMode;
  readonly requiresCompatibilities?: readonly Compatibility[];
  readonly executionRoleArn?: string;
  readonly taskRoleArn?: string;
  readonly volumes?: readonly Volume[];
  readonly placementConstraints?: readonly TaskDefinitionPlacementConstraint[];
  readonly runtimePlatform?: RuntimePlatform;
  readonly ephemeralStorage?: EphemeralStorage;
  readonly pidMode?: PidMode;
  readonly ipcMode?: IpcMode;
  readonly proxyConfiguration?: ProxyConfiguration;
  readonly enableFaultInjection?: boolean;
  /** Task isolation on Amazon ECS Managed Instances; `SHARED` is ECS's default. */
  readonly trustedExecutionConfiguration?: TrustedExecutionConfiguration;
  readonly tags?: readonly SpecTag[];
  /** Older owned revisions kept ACTIVE besides the current one. Default {@link DEFAULT_REVISION_HISTORY_LIMIT}. */
  readonly revisionHistoryLimit?: number;
  /** Default `Delete`. */
  readonly deletionPolicy?: DeletionPolicy;
  /** `Observe`: read and report drift, never write to AWS (ADR 0018). Unset: the installation's default. */
  readonly managementPolicy?: ManagementPolicy;
  /** The AWS Region; the operator's default when absent. Immutable (CEL). */
  readonly region?: string;
  /**
   * Adopt, without any write, an ACTIVE revision of the family registered outside ecs-bridge whose
   * content equals the spec, instead of registering a copy. Default false.
   */
  readonly adopt?: boolean;
}

/** One entry of `status.revisions`. */
export interface RevisionSummary {
  readonly revision: number;
  readonly taskDefinitionArn: string;
  /** RFC 3339, when AWS reported it. */
  readonly registeredAt?: string;
}

/** `status` of an EcsTaskDefinition, written only by the operator. */
export interface EcsTaskDefinitionStatus extends KindStatus {
  readonly family?: string;
  /** The current revision number: the one carrying the desired spec hash. */
  readonly revision?: number;
  readonly taskDefinitionArn?: string;
  /** `v1:<sha256 hex>` of the canonical desired spec. */
  readonly specHash?: string;
  /** Recent ACTIVE revisions this object registered, newest first, at most {@link MAX_STATUS_REVISIONS}. */
  readonly revisions?: readonly RevisionSummary[];
  /** How the family's revisions differ from the spec, while observed only (ADR 0018). */
  readonly drift?: DriftStatus;
}

/** An EcsTaskDefinition object as the informer delivers it. */
export type EcsTaskDefinition = KubeObject<EcsTaskDefinitionSpec, EcsTaskDefinitionStatus>;

/** The schema default of `spec.revisionHistoryLimit`. */
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;

/** The bound on `status.revisions` (the CRD's maxItems). */
export const MAX_STATUS_REVISIONS = 20;
