/**
 * Reads the tasks a run started from ECS (never from status): ListTasks by the object's
 * `startedBy`, RUNNING and STOPPED, then DescribeTasks, mapped into {@link ObservedTask}s sorted by
 * attempt and ARN. Tasks RunTask just answered are merged in, so a ListTasks that does not show them
 * yet (ECS is eventually consistent) cannot hide them from this visit.
 */
import type { Task } from '@aws-sdk/client-ecs';
import type { AwsCallOptions } from '../../aws/call-runner.js';
import type { EcsTaskApi } from '../../aws/ecs-task-api.js';
import { attemptOf } from './run-identity.js';
import { compareStrings } from '../../shared/compare-strings.js';

/** One container of an observed task. */
export interface ObservedContainer {
  readonly name: string;
  readonly lastStatus?: string;
  readonly exitCode?: number;
  readonly reason?: string;
}

/** One task of the run as ECS reports it. */
export interface ObservedTask {
  readonly taskArn: string;
  readonly attempt: number;
  readonly lastStatus: string;
  readonly stopCode?: string;
  readonly stoppedReason?: string;
  readonly taskDefinitionArn?: string;
  readonly createdAt?: Date;
  readonly startedAt?: Date;
  readonly stoppedAt?: Date;
  readonly containers: readonly ObservedContainer[];
}

/** Maps one ECS task; pure. */
export function observedTask(task: Task): ObservedTask {
  return {
    taskArn: task.taskArn ?? '',
    attempt: attemptOf(task.group),
    lastStatus: task.lastStatus ?? 'PROVISIONING',
    ...(task.stopCode === undefined ? {} : { stopCode: task.stopCode }),
    ...(task.stoppedReason === undefined ? {} : { stoppedReason: task.stoppedReason }),
    ...(task.taskDefinitionArn === undefined ? {} : { taskDefinitionArn: task.taskDefinitionArn }),
    ...(task.createdAt === undefined ? {} : { createdAt: new Date(task.createdAt) }),
    ...(task.startedAt === undefined ? {} : { startedAt: new Date(task.startedAt) }),
    ...(task.stoppedAt === undefined ? {} : { stoppedAt: new Date(task.stoppedAt) }),
    containers: (task.containers ?? [])
      .map((c) => ({
        name: c.name ?? '',
        ...(c.lastStatus === undefined ? {} : { lastStatus: c.lastStatus }),
        ...(c.exitCode === undefined ? {} : { exitCode: c.exitCode }),
        ...(c.reason === undefined ? {} : { reason: c.reason }),
      }))
      .sort((a, b) => compareStrings(a.name, b.name)),
  };
}

/** Merges task lists by ARN (a later list wins: it is the fresher answer) and sorts them. */
export function mergeTasks(...lists: readonly (readonly ObservedTask[])[]): ObservedTask[] {
  const byArn = new Map<string, ObservedTask>();
  for (const list of lists) for (const t of list) if (t.taskArn !== '') byArn.set(t.taskArn, t);
  return [...byArn.values()].sort((a, b) => a.attempt - b.attempt || compareStrings(a.taskArn, b.taskArn));
}

/** ListTasks (RUNNING, then STOPPED) and one DescribeTasks per 100 tasks: the run's tasks. */
export async function observeRunTasks(
  api: EcsTaskApi,
  query: { cluster: string; startedBy: string },
  options: AwsCallOptions,
): Promise<ObservedTask[]> {
  const running = await api.listTaskArns({ ...query, desiredStatus: 'RUNNING' }, options);
  const stopped = await api.listTaskArns({ ...query, desiredStatus: 'STOPPED' }, options);
  const arns = [...new Set([...running, ...stopped])];
  if (arns.length === 0) return [];
  const tasks = await api.describeTasks(query.cluster, arns, options);
  return mergeTasks(
    tasks.filter((t) => t.startedBy === undefined || t.startedBy === query.startedBy).map(observedTask),
  );
}
