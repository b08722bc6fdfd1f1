/**
 * Every condition and Event reason the EcsService controller uses, in one place: stable PascalCase
 * strings that users, alerts and GitOps health checks may match on. Never rename one.
 */
export const ServiceReasons = {
  /** CreateService was called; the first deployment starts. */
  Creating: 'Creating',
  /** UpdateService was called with the fields that differed. */
  Updating: 'Updating',
  /** An existing, untagged service was adopted because `spec.adopt` is true. */
  Adopted: 'Adopted',
  /** The deployment ecs-bridge follows is rolling out (or the service is not stable yet). */
  RollingOut: 'RollingOut',
  /**
   * ECS's latest answer does not list the deployment ecs-bridge follows; reads are eventually
   * consistent, so it reads again before concluding anything (ADR 0009).
   */
  UnconfirmedRead: 'UnconfirmedRead',
  /** The deployment completed and the service is stable. */
  RolloutComplete: 'RolloutComplete',
  /** The deployment failed or was rolled back; ecs-bridge holds until the spec changes. */
  RolloutFailed: 'RolloutFailed',
  /** The ECS service belongs to someone else (no or another owner tag); nothing was written. */
  Conflict: 'Conflict',
  /** The spec cannot be acted on (a rule the API server could not check). */
  InvalidSpec: 'InvalidSpec',
  /** The ECS service differs in a field that cannot change in place (see ADR 0004). */
  ImmutableFieldChanged: 'ImmutableFieldChanged',
  /** The referenced EcsTaskDefinition does not exist or has no ready revision yet. */
  TaskDefinitionNotReady: 'TaskDefinitionNotReady',
  /** The referenced EcsCluster does not exist or is not Ready yet. */
  ClusterNotReady: 'ClusterNotReady',
  /** The cluster named in the spec does not exist. */
  ClusterNotFound: 'ClusterNotFound',
  /** The service was deleted outside ecs-bridge and is still draining; it is re-created once INACTIVE. */
  Draining: 'Draining',
  /**
   * ECS describes the service as MISSING or INACTIVE although it was seen or created; ecs-bridge
   * re-reads it before creating it again (one answer may be out of date).
   */
  ConfirmingAbsence: 'ConfirmingAbsence',
  /**
   * ECS keeps describing a service ecs-bridge created moments ago as MISSING (or as the service it
   * replaced); ecs-bridge does not create it a second time and keeps re-reading.
   */
  ServiceNotVisible: 'ServiceNotVisible',
  /** `spec.suspend` is true: nothing is converged or touched. */
  Suspended: 'Suspended',
  /** The object is being deleted; the ECS service is deleted or released. */
  Deleting: 'Deleting',
  /** The ECS service was deleted (deletionPolicy Delete). */
  Deleted: 'Deleted',
  /** The ECS service was released and left running (deletionPolicy Retain, or not ours). */
  Retained: 'Retained',
  /** AWS refused the call for lack of permissions. */
  AccessDenied: 'AccessDenied',
  /** AWS rejected a parameter. */
  InvalidParameter: 'InvalidParameter',
  /** An AWS quota is used up. */
  QuotaExceeded: 'QuotaExceeded',
  /** AWS throttled the operator; it retries with backoff. */
  Throttled: 'Throttled',
  /** AWS answered 5xx or the network failed; the operator retries. */
  AwsUnavailable: 'AwsUnavailable',
  /** A concurrent change in AWS; the operator retries. */
  AwsConflict: 'AwsConflict',
  /** An AWS error of no known kind; the operator retries. */
  AwsError: 'AwsError',
  /** An ECS service event, relayed as a Kubernetes Event. */
  EcsServiceEvent: 'EcsServiceEvent',
  /** A finished Application Auto Scaling scaling activity of the service, relayed as a Kubernetes Event. */
  ScalingActivity: 'ScalingActivity',
  /** A `spec.deploymentControl` request was acted on (Event). */
  DeploymentControl: 'DeploymentControl',
} as const;

/** One of {@link ServiceReasons}. */
export type ServiceReason = (typeof ServiceReasons)[keyof typeof ServiceReasons];
