/**
 * The EcsTaskRun status as a pure function of the object, the tasks ECS reports, the outcome of
 * the visit and the time. Conditions: `Complete` and `Failed` as a Job has them, plus the kstatus
 * triple so `kubectl wait`, Argo CD and Flux can wait on a run: Reconciling=True while it runs,
 * Ready=True once complete, Stalled=True once failed.
 */
import type { Condition } from '../../k8s/conditions.js';
import { setConditions } from '../../k8s/conditions.js';
import { no, statusStep, yes, type ConditionTriple } from '../condition-values.js';
import type { TemplatePlacementStatus } from '../task-template/types.js';
import type { ObservedTask } from './observe.js';
import { countTasks } from './plan.js';
import { TaskRunReason as R } from './reasons.js';
import type { EcsTaskRun, EcsTaskRunStatus, TaskRunTaskStatus } from './types.js';

/** Status keeps the most recent tasks only: an object must stay far below etcd's size limit. */
export const MAX_STATUS_TASKS = 20;

/** How a visit ended, as far as status is concerned. */
export type TaskRunOutcome =
  | { readonly kind: 'running'; readonly message: string }
  | { readonly kind: 'waiting'; readonly message: string }
  | { readonly kind: 'complete' }
  | { readonly kind: 'failed'; readonly reason: string; readonly message: string }
  | { readonly kind: 'invalid'; readonly reason: string; readonly message: string }
  | { readonly kind: 'retrying'; readonly reason: string; readonly message: string };

/** Where the run runs, for status. */
export type RunPlacement = TemplatePlacementStatus;

function iso(d: Date | undefined): string | undefined {
  return d === undefined || Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** One task as status shows it; pure. */
export function taskStatus(t: ObservedTask): TaskRunTaskStatus {
  const startedAt = iso(t.startedAt);
  const stoppedAt = iso(t.stoppedAt);
  return {
    taskArn: t.taskArn,
    attempt: t.attempt,
    lastStatus: t.lastStatus,
    ...(t.stopCode === undefined ? {} : { stopCode: t.stopCode }),
    ...(t.stoppedReason === undefined ? {} : { stoppedReason: t.stoppedReason }),
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(stoppedAt === undefined ? {} : { stoppedAt }),
    containers: t.containers.map((c) => ({ ...c })),
  };
}

function triple(outcome: TaskRunOutcome): {
  kstatus: ConditionTriple;
  complete: Condition['status'];
  failed: Condition['status'];
  reason: string;
  message: string;
} {
  switch (outcome.kind) {
    case 'running':
    case 'waiting': {
      const c = {
        reason: outcome.kind === 'running' ? R.Running : R.DependencyNotReady,
        message: outcome.message,
      };
      return { kstatus: [no(c), yes(c), no(c)], complete: 'False', failed: 'False', ...c };
    }
    case 'retrying': {
      const c = { reason: outcome.reason, message: outcome.message };
      return { kstatus: [no(c), yes(c), no(c)], complete: 'False', failed: 'False', ...c };
    }
    case 'complete': {
      const c = { reason: R.Succeeded, message: 'every task exited 0' };
      return { kstatus: [yes(c), no(c), no(c)], complete: 'True', failed: 'False', ...c };
    }
    case 'failed':
    case 'invalid': {
      const c = { reason: outcome.reason, message: outcome.message };
      return {
        kstatus: [no(c), no(c), yes(c)],
        complete: 'False',
        failed: outcome.kind === 'failed' ? 'True' : 'False',
        ...c,
      };
    }
  }
}

/** Computes the status to write. Pure. */
export function taskRunStatus(
  obj: EcsTaskRun,
  input: {
    readonly outcome: TaskRunOutcome;
    readonly tasks?: readonly ObservedTask[];
    readonly placement?: RunPlacement;
    readonly finishedAt?: Date;
  },
  now: Date,
): EcsTaskRunStatus {
  // A completion time is the run's finish, never carried over from a status that may not be ours.
  const { completionTime: _earlier, ...base } = obj.status ?? {};
  const { gen, conditions: setTriple } = statusStep(obj, now);
  const t = triple(input.outcome);
  const kstatus = setTriple(...t.kstatus);
  const conditions = setConditions(
    kstatus,
    [
      { type: 'Complete', status: t.complete, reason: t.reason, message: t.message, ...gen },
      { type: 'Failed', status: t.failed, reason: t.reason, message: t.message, ...gen },
    ],
    now,
  );
  const tasks = input.tasks;
  const counts = tasks === undefined ? undefined : countTasks(tasks);
  const starts = (tasks ?? []).flatMap((x) => (x.createdAt === undefined ? [] : [x.createdAt.getTime()]));
  const startTime = base.startTime ?? (starts.length > 0 ? iso(new Date(Math.min(...starts))) : undefined);
  const finished = input.outcome.kind === 'complete' || input.outcome.kind === 'failed';
  const completionTime = finished ? iso(input.finishedAt ?? now) : undefined;
  return {
    ...base,
    ...gen,
    ...(counts ?? {}),
    ...(startTime === undefined ? {} : { startTime }),
    ...(completionTime === undefined ? {} : { completionTime }),
    ...input.placement,
    ...(tasks === undefined ? {} : { tasks: tasks.slice(-MAX_STATUS_TASKS).map(taskStatus) }),
    conditions,
  };
}

/**
 * What the run's own status claims: Complete or Failed for the current generation. A report only;
 * the verdict of record is the annotation (verdict-record.ts, ADR 0031).
 */
export function finishedVerdict(obj: EcsTaskRun): 'Complete' | 'Failed' | undefined {
  const conditions = obj.status?.conditions ?? [];
  const isTrue = (type: string): boolean =>
    conditions.some(
      (c) => c.type === type && c.status === 'True' && c.observedGeneration === obj.metadata.generation,
    );
  if (isTrue('Complete')) return 'Complete';
  if (isTrue('Failed')) return 'Failed';
  return undefined;
}
