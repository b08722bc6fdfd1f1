/**
 * The narrow interface over the ECS task calls the EcsTaskRun kind makes, typed with the SDK's own
 * shapes. Kept apart from {@link EcsApi} so the other kinds (and their fakes) do not grow methods
 * they never call. The real implementation is `ecs-task-client.ts`.
 */
import type { Failure, RunTaskCommandInput, Task } from '@aws-sdk/client-ecs';
import type { AwsCallOptions } from './call-runner.js';

/** The answer of RunTask: the tasks started and the failures (placement, capacity). */
export interface RunTaskResult {
  readonly tasks: readonly Task[];
  readonly failures: readonly Failure[];
}

/** The ECS task calls ecs-bridge makes. Every method throws the SDK's errors unchanged. */
export interface EcsTaskApi {
  /** RunTask (the caller passes a `clientToken`, so a retried call starts nothing new). */
  runTask(input: RunTaskCommandInput, options?: AwsCallOptions): Promise<RunTaskResult>;
  /**
   * ListTasks (all pages) of one cluster for one desired status, by `startedBy` (a run's tasks) or
   * by task definition `family` (a trigger's tasks, told apart by their group afterwards).
   */
  listTaskArns(
    query: { cluster: string; startedBy?: string; family?: string; desiredStatus: 'RUNNING' | 'STOPPED' },
    options?: AwsCallOptions,
  ): Promise<string[]>;
  /** DescribeTasks, 100 ARNs a call. */
  describeTasks(cluster: string, taskArns: readonly string[], options?: AwsCallOptions): Promise<Task[]>;
  /** StopTask with a reason ECS shows as `stoppedReason`. */
  stopTask(cluster: string, taskArn: string, reason: string, options?: AwsCallOptions): Promise<void>;
}
