import { AWS_FAILURE_REASONS } from '../aws-reasons.js';

/**
 * Every condition and Event reason the EcsTaskRun controller uses, in one place. PascalCase and
 * stable: users, alerts and GitOps health checks match on them.
 */
export const TaskRunReason = {
  /** Tasks are starting or running. */
  Running: 'Running',
  /** Waiting for the EcsCluster or EcsTaskDefinition the template references. */
  DependencyNotReady: 'DependencyNotReady',
  /** Complete=True, Ready=True: `count` tasks exited 0. */
  Succeeded: 'Succeeded',
  /** Failed=True: more tasks failed than `backoffLimit` allows. */
  BackoffLimitExceeded: 'BackoffLimitExceeded',
  /** Failed=True: `activeDeadlineSeconds` passed; the running tasks were stopped. */
  DeadlineExceeded: 'DeadlineExceeded',
  /** RunTask answered failures (no capacity, placement): retried. */
  RunTaskFailures: 'RunTaskFailures',
  /** Event: RunTask started tasks. */
  TasksStarted: 'TasksStarted',
  /** Event: a task stopped. */
  TaskStopped: 'TaskStopped',
  /** Event: tasks were stopped because the object was deleted or the deadline passed. */
  StoppedTasks: 'StoppedTasks',
  /** Event: status disagreed with the run's recorded verdict and was rewritten from it (ADR 0031). */
  StatusRestored: 'StatusRestored',
  /** Event: the object was deleted after `ttlSecondsAfterFinished`. */
  Expired: 'Expired',
  /** The spec is invalid (terminal until the object changes). */
  InvalidSpec: 'InvalidSpec',
  /** The AWS failures, under the names every kind shares (AccessDenied also: the access policy refuses). */
  ...AWS_FAILURE_REASONS,
} as const;
