/**
 * The EcsAccessPolicy kind as TypeScript sees it: a cluster-scoped object, written by the platform
 * team, that says which namespaces may make the operator do what in AWS (ADR 0021). The schema's
 * source of truth is `crds/ecsaccesspolicy.yaml`; these types follow it.
 */
import type { KubeObject } from '../../k8s/object.js';
import type { KindStatus } from '../kind-status.js';

/** The plural the API server serves the kind under. */
export const ACCESS_POLICY_PLURAL = 'ecsaccesspolicies';

/** A Kubernetes label selector (`matchLabels` and `matchExpressions`), as Namespaces are selected. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    readonly values?: readonly string[];
  }[];
}

/** Which namespaces a policy applies to: those named, and those the selector matches. */
export interface NamespaceSelection {
  readonly names?: readonly string[];
  readonly selector?: LabelSelector;
}

/** Whether objects of the selected namespaces may adopt AWS resources, and on which clusters. */
export interface AdoptionRule {
  readonly allowed?: boolean;
  /** Cluster name globs a service or cluster may be adopted on; absent: every allowed cluster. */
  readonly clusters?: readonly string[];
}

/** What the objects of the selected namespaces may make the operator do. Absent lists: see each. */
export interface EcsAccessPolicySpec {
  readonly namespaces: NamespaceSelection;
  /**
   * The IAM role the selected namespaces' objects act as, assumed through STS (ADR 0030): they
   * converge in that role's account. Absent: the operator's own identity.
   */
  readonly roleArn?: string;
  /** The external id the role's trust policy requires, if any. */
  readonly externalId?: string;
  /** The assumed session's length in seconds (900 to the role's maximum); STS's 3600 when absent. */
  readonly sessionDurationSeconds?: number;
  /** Region globs; absent: any Region. */
  readonly regions?: readonly string[];
  /** ECS cluster name globs (a cluster given by ARN is matched by its name); absent: any. */
  readonly clusters?: readonly string[];
  /** IAM role ARN globs a task definition may name as `taskRoleArn`; absent: none. */
  readonly taskRoleArns?: readonly string[];
  /** IAM role ARN globs a task definition may name as `executionRoleArn`; absent: none. */
  readonly executionRoleArns?: readonly string[];
  /** IAM role ARN globs an EcsTaskTrigger may give EventBridge or Scheduler (`spec.roleArn`); absent: none. */
  readonly triggerRoleArns?: readonly string[];
  /**
   * IAM role ARN globs an object may hand to ECS itself (EBS and VPC Lattice infrastructure roles,
   * a traffic shift's or lifecycle hook's role, a Service Connect TLS role, a service's `role`);
   * absent: none.
   */
  readonly infrastructureRoleArns?: readonly string[];
  /**
   * Family globs a task definition may register into; absent: the namespace's own families (no
   * ACTIVE revision owned by another namespace or registered outside ecs-bridge).
   */
  readonly taskDefinitionFamilies?: readonly string[];
  /** Globs of task definitions (ARN or `family:revision`) a service may run by `spec.taskDefinition`; absent: none. */
  readonly foreignTaskDefinitions?: readonly string[];
  /** Absent: no adoption. */
  readonly adoption?: AdoptionRule;
}

/** What the operator reports about a policy. */
export interface EcsAccessPolicyStatus extends KindStatus {
  /** The namespaces the policy selects now, sorted, comma-separated (a printer column). */
  readonly namespaces?: string;
  /** The account of `spec.roleArn`, when the role could be assumed. */
  readonly account?: string;
}

/** An EcsAccessPolicy object. */
export type EcsAccessPolicy = KubeObject<EcsAccessPolicySpec, EcsAccessPolicyStatus>;
