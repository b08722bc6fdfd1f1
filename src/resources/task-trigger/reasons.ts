import { AWS_FAILURE_REASONS } from '../aws-reasons.js';

/**
 * Every condition and Event reason the EcsTaskTrigger controller uses, in one place. PascalCase and
 * stable: users, alerts and GitOps health checks match on them.
 */
export const TaskTriggerReason = {
  /** Ready=True: the rule and its ECS target, or the schedule, are as the spec says. */
  Synced: 'Synced',
  /** Ready=True while `spec.suspend`: the rule or schedule is DISABLED as asked. */
  Suspended: 'Suspended',
  /** Waiting for the EcsCluster or EcsTaskDefinition the template references. */
  DependencyNotReady: 'DependencyNotReady',
  /** The `s3` shorthand's bucket does not send its events to EventBridge. */
  BucketEventsOff: 'BucketEventsOff',
  /** A rule or schedule group of that name exists without ecs-bridge's owner tags: never touched. */
  NotOwned: 'NotOwned',
  /** Event: a write converged the rule, target or schedule. */
  Updated: 'Updated',
  /** Event: the bucket's EventBridge notifications were turned on (`enableEventBridge`). */
  BucketEventsEnabled: 'BucketEventsEnabled',
  /** The spec is invalid (terminal until the object changes). */
  InvalidSpec: 'InvalidSpec',
  /** The AWS failures, under the names every kind shares (AccessDenied also: the access policy refuses). */
  ...AWS_FAILURE_REASONS,
} as const;
