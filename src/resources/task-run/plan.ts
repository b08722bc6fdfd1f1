/**
 * What a visit of an EcsTaskRun does next, as a pure function of the spec, the tasks ECS reports
 * and the time (Job semantics):
 *
 * - a task succeeded when it STOPPED after its essential container exited and every container
 *   that reports an exit code reports 0; it failed when it STOPPED otherwise (an exit code other
 *   than 0, failed to start, stopped by someone, Spot interruption);
 * - `count` succeeded tasks: Complete;
 * - past `activeDeadlineSeconds` (from the object's creation): stop what runs, then Failed
 *   (DeadlineExceeded);
 * - more failed tasks than `backoffLimit`: stop what still runs, then Failed (BackoffLimitExceeded);
 * - nothing running and fewer than `count` succeeded: RunTask for the missing ones as the next
 *   attempt (one more than the highest attempt ECS reports; its client token makes a repeat of the
 *   same attempt start nothing new);
 * - otherwise: wait and poll.
 */
import type { ObservedTask } from './observe.js';
import { TaskRunReason as R } from './reasons.js';

/** The spec values the plan reads, with defaults applied. */
export interface RunSettings {
  readonly count: number;
  readonly backoffLimit: number;
  /** Epoch ms after which running tasks are stopped; undefined: no deadline. */
  readonly deadlineAtMs?: number;
}

/** How a run stands, counted from the tasks. */
export interface RunCounts {
  readonly active: number;
  readonly succeeded: number;
  readonly failed: number;
}

/** The next step of a visit. */
export type RunDecision =
  | { readonly kind: 'run'; readonly attempt: number; readonly count: number }
  | { readonly kind: 'wait' }
  | {
      readonly kind: 'stop';
      readonly taskArns: readonly string[];
      readonly reason: typeof R.DeadlineExceeded | typeof R.BackoffLimitExceeded;
      readonly message: string;
    }
  | { readonly kind: 'complete'; readonly finishedAt?: Date }
  | {
      readonly kind: 'failed';
      readonly reason: typeof R.DeadlineExceeded | typeof R.BackoffLimitExceeded;
      readonly message: string;
      readonly finishedAt?: Date;
    };

/** True when ECS reports the task stopped. */
export function isStopped(t: ObservedTask): boolean {
  return t.lastStatus === 'STOPPED';
}

/** True when a stopped task counts as a success (see the module comment). */
export function isSucceeded(t: ObservedTask): boolean {
  if (!isStopped(t) || t.stopCode !== 'EssentialContainerExited') return false;
  const codes = t.containers.flatMap((c) => (c.exitCode === undefined ? [] : [c.exitCode]));
  return codes.length > 0 && codes.every((c) => c === 0);
}

/** Active, succeeded and failed tasks. */
export function countTasks(tasks: readonly ObservedTask[]): RunCounts {
  const active = tasks.filter((t) => !isStopped(t)).length;
  const succeeded = tasks.filter(isSucceeded).length;
  return { active, succeeded, failed: tasks.length - active - succeeded };
}

function lastStop(tasks: readonly ObservedTask[]): Date | undefined {
  const times = tasks.flatMap((t) => (t.stoppedAt === undefined ? [] : [t.stoppedAt.getTime()]));
  return times.length === 0 ? undefined : new Date(Math.max(...times));
}

/** Plans the next step; see the module comment. Pure. */
export function planRun(settings: RunSettings, tasks: readonly ObservedTask[], nowMs: number): RunDecision {
  const counts = countTasks(tasks);
  const running = tasks.filter((t) => !isStopped(t)).map((t) => t.taskArn);
  const finishedAt = lastStop(tasks);
  const at = finishedAt === undefined ? {} : { finishedAt };
  if (counts.succeeded >= settings.count) return { kind: 'complete', ...at };
  // The deadline first: tasks it stopped count as failed, and must not turn its verdict into
  // BackoffLimitExceeded on the next visit.
  if (settings.deadlineAtMs !== undefined && nowMs >= settings.deadlineAtMs) {
    const message = `spec.activeDeadlineSeconds passed with ${counts.succeeded} of ${settings.count} task(s) succeeded; running tasks were stopped`;
    return running.length > 0
      ? { kind: 'stop', taskArns: running, reason: R.DeadlineExceeded, message }
      : { kind: 'failed', reason: R.DeadlineExceeded, message, ...at };
  }
  if (counts.failed > settings.backoffLimit) {
    const message = `${counts.failed} task(s) failed and spec.backoffLimit is ${settings.backoffLimit}; create a new EcsTaskRun to try again`;
    return running.length > 0
      ? { kind: 'stop', taskArns: running, reason: R.BackoffLimitExceeded, message }
      : { kind: 'failed', reason: R.BackoffLimitExceeded, message, ...at };
  }
  if (running.length > 0) return { kind: 'wait' };
  const attempt = Math.max(0, ...tasks.map((t) => t.attempt)) + 1;
  return { kind: 'run', attempt, count: settings.count - counts.succeeded };
}
