/**
 * The one control surface of the AWS fault proxy. The in-process handle returned by
 * `startAwsProxy` and the HTTP client `ProxyControl` (for vitest workers and other processes)
 * both implement it, so a test helper written against it works with either.
 */
import type { CallCount, CallFilter, CallQuery, CallRecord } from './call-recorder.js';
import type { EcsThrottleCategory } from './ecs-buckets.js';
import type { HookAnswerSpec, HookInvocation } from './ecs-lifecycle-hooks.js';
import type {
  RolloutFailureSpec,
  RolloutsConfig,
  RolloutSelector,
  RolloutsState,
  ServiceRolloutView,
} from './ecs-rollout-types.js';
import type { ScalingActivitySpec } from './autoscaling-activities.js';
import type { TaskLifecyclesConfig, TaskLifecyclesState, TaskOutcomeSpec } from './ecs-tasks.js';
import type { BucketsConfig, BucketsState } from './ecs-throttle.js';
import type { FaultRule, FaultRuleSpec } from './fault-rules.js';

/** Controls a running proxy: fault rules, call counts and log, ECS token buckets, ECS rollouts. */
export interface AwsProxyControl {
  /** Adds a fault rule after the existing ones; rejects with the reason when the rule is invalid. */
  addRule(spec: FaultRuleSpec): Promise<FaultRule>;
  /** Every rule in order, used-up ones included. */
  listRules(): Promise<FaultRule[]>;
  /** Removes one rule; resolves false when no rule has that id. */
  removeRule(id: string): Promise<boolean>;
  /** Removes every rule. */
  clearRules(): Promise<void>;

  /** Call counts per (service, action, outcome, status) since the last reset. */
  counts(): Promise<CallCount[]>;
  /** The number of calls matching a filter since the last reset (all calls when none given). */
  count(filter?: CallFilter): Promise<number>;
  /** Logged calls matching a query, oldest first (the log keeps the most recent calls only). */
  calls(query?: CallQuery): Promise<CallRecord[]>;
  /**
   * The `seq` of the last call recorded, even when the log is empty after a reset (`seq` survives
   * resets): the mark for "calls from here on".
   */
  lastSeq(): Promise<number>;
  /** Forgets counts and log. */
  resetCalls(): Promise<void>;

  /** The ECS throttle's switches and every bucket's state. */
  buckets(): Promise<BucketsState>;
  /** Turns the throttle on or off, changes the speed-up factor or a category's limits. */
  configureBuckets(config: BucketsConfig): Promise<BucketsState>;
  /** Empties the given buckets (all when none given). */
  drainBuckets(categories?: readonly EcsThrottleCategory[]): Promise<BucketsState>;
  /** Fills the given buckets (all when none given). */
  refillBuckets(categories?: readonly EcsThrottleCategory[]): Promise<BucketsState>;

  /** The rollout simulator: configuration, holds, armed failures and its model of every service it saw. */
  rollouts(): Promise<RolloutsState>;
  /** The simulator's model of one service (first match), or `undefined` when it has not seen it. */
  serviceRollout(selector: RolloutSelector): Promise<ServiceRolloutView | undefined>;
  /** Turns the simulator on or off (off forgets the model) or changes `rolloutMs` / `drainMs`. */
  configureRollouts(config: RolloutsConfig): Promise<RolloutsState>;
  /**
   * Makes the next new deployment of the selected service FAILED after `rolloutMs`, with or
   * without a rollback to the last completed task definition. Calls queue up: two calls fail the
   * next two deployments.
   */
  failNextRollout(spec: RolloutFailureSpec): Promise<void>;
  /**
   * Scripts how the selected service's lifecycle hooks answer (all its hooks, or one ARN or stage),
   * from now until another script replaces it; unscripted hooks answer SUCCEEDED.
   */
  answerHooks(spec: HookAnswerSpec): Promise<void>;
  /** Every lifecycle hook invocation the simulator played, oldest first. */
  hookInvocations(): Promise<HookInvocation[]>;
  /** Keeps the selected service's rollouts IN_PROGRESS (a scripted failure waits too) until released. */
  holdRollouts(selector: RolloutSelector): Promise<void>;
  /**
   * Lifts holds (all when no selector); a rollout that fell due while held completes or fails at
   * once. With a cluster, lifts holds in that cluster and holds given without a cluster.
   */
  releaseRollouts(selector?: RolloutSelector): Promise<void>;

  /** The task lifecycle simulator (`ecs-tasks.ts`): timing, outcome scripts and its model of tasks. */
  taskLifecycles(): Promise<TaskLifecyclesState>;
  /** Changes task lifecycle timing, or turns the simulator off (off forgets the model). */
  configureTaskLifecycles(config: TaskLifecyclesConfig): Promise<TaskLifecyclesState>;
  /** Scripts how matching tasks end (exit code, stop code, reason, running time); latest wins. */
  scriptTaskOutcome(spec: TaskOutcomeSpec): Promise<void>;
  /**
   * Plays one Application Auto Scaling scaling activity of an ECS service (moto records none),
   * answered by DescribeScalingActivities from then on; resolves to its ActivityId.
   */
  playScalingActivity(spec: ScalingActivitySpec): Promise<string>;

  /**
   * Back to the start: no rules, no counts, buckets as configured at start and full, rollout
   * simulator as configured at start with no model, holds or armed failures.
   */
  reset(): Promise<void>;
}
