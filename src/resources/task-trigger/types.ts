/**
 * The spec of the EcsTaskTrigger kind (`ecs-bridge.dev/v1alpha1`): start the shared task template
 * on an EventBridge event (a rule on a bus, with the pattern or the `s3` shorthand) or on an
 * EventBridge Scheduler schedule, with event fields placed in a container's environment.
 */
import type { KindStatus } from '../kind-status.js';
import type { KubeObject } from '../../k8s/object.js';
import type { DeletionPolicy } from '../deletion-policy.js';
import type { TaskTemplateSpec, TemplatePlacementStatus } from '../task-template/types.js';

/** The kind name. */
export const ECS_TASK_TRIGGER_KIND = 'EcsTaskTrigger';
/** The plural resource name used in API paths. */
export const ECS_TASK_TRIGGER_PLURAL = 'ecstasktriggers';

/** The `s3` shorthand: objects of one bucket, by key prefix and suffix and event type. */
export interface TriggerS3Source {
  readonly bucket: string;
  readonly keyPrefix?: string;
  readonly keySuffix?: string;
  /** S3's EventBridge detail types; `["Object Created"]` when absent. */
  readonly eventTypes?: readonly string[];
  /** Turn the bucket's EventBridge notifications on when they are off (keeps its other settings). */
  readonly enableEventBridge?: boolean;
}

/** Start on an event: an EventBridge rule on `eventBusName` (default `default`). */
export interface TriggerEventSource {
  readonly eventBusName?: string;
  /** The event pattern, as JSON text (an object); exactly one of `pattern` and `s3`. */
  readonly pattern?: string;
  readonly s3?: TriggerS3Source;
  /** The rule's name; `ecsb-<namespace>-<name>` when absent. Names an existing rule to adopt. */
  readonly ruleName?: string;
  /** The id of the ECS target on the rule; `ecs-bridge-task` when absent. */
  readonly targetId?: string;
}

/** Start on a schedule: an EventBridge Scheduler schedule. */
export interface TriggerSchedule {
  /** `cron(...)`, `rate(...)` or `at(...)`, as Scheduler takes them. */
  readonly expression: string;
  /** IANA time zone of cron and at expressions; UTC when absent. */
  readonly timezone?: string;
  /** Minutes Scheduler may start the task after its time (flexible window); off when absent. */
  readonly flexibleTimeWindowMinutes?: number;
  /** RFC 3339 instants the schedule is active between. */
  readonly startDate?: string;
  readonly endDate?: string;
  /** The schedule's name; `ecsb-<namespace>-<name>` when absent. Names an existing schedule to adopt. */
  readonly name?: string;
  /** The schedule group; the installation's group `ecs-bridge-<instance id>` when absent. */
  readonly groupName?: string;
}

/** One environment variable of the target container, taken from the event at a JSON path. */
export interface TriggerEnvironmentFromEvent {
  readonly name: string;
  /** `$.detail.object.key` style: dot notation, dashes, underscores, array indices. */
  readonly path: string;
}

/** Event fields to container environment, through EventBridge's input transformer. */
export interface TriggerInputTransformer {
  readonly containerName: string;
  readonly environment: readonly TriggerEnvironmentFromEvent[];
}

/** How often and how long EventBridge retries a failed RunTask. */
export interface TriggerRetryPolicy {
  readonly maximumRetryAttempts?: number;
  readonly maximumEventAgeSeconds?: number;
}

/** The spec of an EcsTaskTrigger. */
export interface EcsTaskTriggerSpec {
  readonly template: TaskTemplateSpec;
  /** Exactly one of `event` and `schedule`. */
  readonly event?: TriggerEventSource;
  readonly schedule?: TriggerSchedule;
  readonly inputTransformer?: TriggerInputTransformer;
  /** The role EventBridge (or Scheduler) assumes to call RunTask. */
  readonly roleArn: string;
  readonly retryPolicy?: TriggerRetryPolicy;
  /** An SQS queue ARN for events that could not be delivered. */
  readonly deadLetterConfig?: { readonly arn: string };
  /** Disables the rule or schedule; nothing is deleted. */
  readonly suspend?: boolean;
  /** Delete (default): deleting the object deletes the rule and target, or the schedule; Retain keeps them. */
  readonly deletionPolicy?: DeletionPolicy;
  /**
   * Take over the rule or schedule of that name made outside ecs-bridge (no owner tags) as it is:
   * nothing is written while it matches the spec; a rule gets the owner tags with the first write.
   */
  readonly adopt?: boolean;
  /** The rule's or schedule's description; `Managed by ecs-bridge: …` when absent. */
  readonly description?: string;
  /**
   * The task group the target sets (how status finds the runs); `ecs-bridge:<rule or schedule name>`
   * when absent; `""`: the target sets none (an adopted target without one), and status lists no runs.
   */
  readonly taskGroup?: string;
}

/** One container of a task the trigger started. */
export interface TriggerRunContainerStatus {
  readonly name: string;
  readonly exitCode?: number;
  readonly reason?: string;
}

/** One task the trigger started, as ECS reports it (read from ECS on every visit). */
export interface TriggerRunStatus {
  readonly taskArn: string;
  readonly lastStatus: string;
  readonly stopCode?: string;
  readonly stoppedReason?: string;
  readonly createdAt?: string;
  readonly startedAt?: string;
  readonly stoppedAt?: string;
  readonly containers: readonly TriggerRunContainerStatus[];
}

/** `status` of an EcsTaskTrigger, written only by the operator. */
export interface EcsTaskTriggerStatus extends KindStatus, TemplatePlacementStatus {
  /** `rule` or `schedule`. */
  readonly mode?: 'rule' | 'schedule';
  /** The rule or schedule name ecs-bridge gave the trigger. */
  readonly name?: string;
  /** The rule's or schedule's ARN. */
  readonly arn?: string;
  /** ENABLED or DISABLED, as AWS reports it. */
  readonly state?: string;
  /** Whether spec.suspend holds the trigger (the rule or schedule DISABLED). */
  readonly suspended?: boolean;
  /** The task group ECS shows on the tasks the trigger starts (how its runs are found). */
  readonly group?: string;
  /** The most recent tasks the trigger started, newest first. */
  readonly runs?: readonly TriggerRunStatus[];
  readonly lastRunTime?: string;
}

/** An EcsTaskTrigger object as the informer delivers it. */
export type EcsTaskTrigger = KubeObject<EcsTaskTriggerSpec, EcsTaskTriggerStatus>;
