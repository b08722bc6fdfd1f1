/**
 * The tasks a trigger started, read from ECS on every visit (never from status). ListTasks cannot
 * filter by task group, so: ListTasks of the trigger's task definition family (RUNNING, then
 * STOPPED; ECS keeps stopped tasks listed for about an hour), one DescribeTasks, and the tasks whose
 * `group` is the one the trigger's target sets (EventBridge and Scheduler pass `EcsParameters.Group`
 * to RunTask). The same query finds rule and schedule runs alike.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_EcsParameters.html
 * https://docs.aws.amazon.com/scheduler/latest/APIReference/API_EcsParameters.html
 */
import type { Task } from '@aws-sdk/client-ecs';
import type { AwsCallOptions } from '../../aws/call-runner.js';
import type { EcsTaskApi } from '../../aws/ecs-task-api.js';
import type { TriggerRunStatus } from './types.js';
import { compareStrings } from '../../shared/compare-strings.js';

/** Status keeps the most recent runs only: an object must stay far below etcd's size limit. */
export const MAX_STATUS_RUNS = 10;

function iso(value: Date | string | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** One task as status shows it; pure. */
export function runOf(task: Task): TriggerRunStatus {
  const createdAt = iso(task.createdAt);
  const startedAt = iso(task.startedAt);
  const stoppedAt = iso(task.stoppedAt);
  return {
    taskArn: task.taskArn ?? '',
    lastStatus: task.lastStatus ?? 'PROVISIONING',
    ...(task.stopCode === undefined ? {} : { stopCode: task.stopCode }),
    ...(task.stoppedReason === undefined ? {} : { stoppedReason: task.stoppedReason }),
    ...(createdAt === undefined ? {} : { createdAt }),
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(stoppedAt === undefined ? {} : { stoppedAt }),
    containers: (task.containers ?? [])
      .map((c) => ({
        name: c.name ?? '',
        ...(c.exitCode === undefined ? {} : { exitCode: c.exitCode }),
        ...(c.reason === undefined ? {} : { reason: c.reason }),
      }))
      .sort((a, b) => compareStrings(a.name, b.name)),
  };
}

/** The trigger's tasks among `tasks`, newest first, at most {@link MAX_STATUS_RUNS}; pure. */
export function runsOf(tasks: readonly Task[], group: string): TriggerRunStatus[] {
  return tasks
    .filter((t) => t.group === group && t.taskArn !== undefined)
    .map(runOf)
    .sort(
      (a, b) => compareStrings(b.createdAt ?? '', a.createdAt ?? '') || compareStrings(a.taskArn, b.taskArn),
    )
    .slice(0, MAX_STATUS_RUNS);
}

/** The family of a task definition ARN or `family[:revision]`. */
export function familyOf(taskDefinition: string): string {
  const tail = taskDefinition.includes('/')
    ? taskDefinition.slice(taskDefinition.lastIndexOf('/') + 1)
    : taskDefinition;
  return tail.split(':')[0] ?? tail;
}

/** ListTasks (RUNNING, STOPPED) of the family, DescribeTasks, and the trigger's runs. */
export async function observeRuns(
  api: EcsTaskApi,
  query: { readonly cluster: string; readonly family: string; readonly group: string },
  options: AwsCallOptions,
): Promise<TriggerRunStatus[]> {
  const where = { cluster: query.cluster, family: query.family };
  const running = await api.listTaskArns({ ...where, desiredStatus: 'RUNNING' }, options);
  const stopped = await api.listTaskArns({ ...where, desiredStatus: 'STOPPED' }, options);
  const arns = [...new Set([...running, ...stopped])];
  if (arns.length === 0) return [];
  return runsOf(await api.describeTasks(query.cluster, arns, options), query.group);
}

/** Whether any run is not STOPPED yet (status is then read again sooner). */
export function hasActiveRun(runs: readonly TriggerRunStatus[]): boolean {
  return runs.some((r) => r.lastStatus !== 'STOPPED');
}
