/**
 * Where a finished run's verdict lives (ADR 0031): an annotation the operator writes on the
 * object's metadata, not its status. ECS forgets stopped tasks after about an hour, so once a run
 * finished the verdict is its only record; status is a report the operator rewrites from it, so a
 * status that is wiped or written by someone else can neither start the run again nor finish it.
 *
 * The record names the object's uid: an annotation copied onto another object (`kubectl get -o
 * yaml`, edit, apply) is not that object's verdict and is ignored. A user who may edit the object
 * can write the annotation too; all it can do is end the tracking of their own run, which deleting
 * the object does as well.
 */
import type { ObservedTask } from './observe.js';
import { taskRunStatus, type RunPlacement, type TaskRunOutcome } from './status.js';
import type { EcsTaskRun, EcsTaskRunStatus } from './types.js';

/** The annotation that holds a finished run's verdict, written once by the operator. */
export const RUN_VERDICT_ANNOTATION = 'ecs-bridge.dev/run-verdict';

/**
 * How long ECS shows a stopped task ("at least one hour",
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html).
 */
export const ECS_STOPPED_TASK_MEMORY_MS = 3_600_000;

/** A finished run, as the annotation records it. */
export interface RunVerdictRecord {
  readonly verdict: 'Complete' | 'Failed';
  /** The uid of the object the verdict belongs to. */
  readonly uid: string;
  readonly reason: string;
  readonly message: string;
  readonly succeeded: number;
  readonly failed: number;
  readonly startTime?: string;
  readonly completionTime: string;
  readonly cluster?: string;
  readonly region?: string;
  readonly taskDefinitionArn?: string;
}

/** The key the run is known by: its uid (namespace/name only for objects without one, in tests). */
export function runKey(obj: EcsTaskRun): string {
  return obj.metadata.uid ?? `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

const optionalStrings = ['startTime', 'cluster', 'region', 'taskDefinitionArn'] as const;

/** The object's own verdict record, or undefined (none, unreadable, or another object's). Pure. */
export function readRunVerdict(obj: EcsTaskRun): RunVerdictRecord | undefined {
  const text = obj.metadata.annotations?.[RUN_VERDICT_ANNOTATION];
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return fromJson(obj, value as Record<string, unknown>);
}

function fromJson(obj: EcsTaskRun, value: Record<string, unknown>): RunVerdictRecord | undefined {
  const { verdict, uid, reason, message, succeeded, failed, completionTime } = value;
  if (verdict !== 'Complete' && verdict !== 'Failed') return undefined;
  if (uid !== runKey(obj)) return undefined;
  if (typeof reason !== 'string' || typeof message !== 'string') return undefined;
  if (!Number.isInteger(succeeded) || !Number.isInteger(failed)) return undefined;
  if (typeof completionTime !== 'string' || Number.isNaN(Date.parse(completionTime))) return undefined;
  const extra: Record<string, string> = {};
  for (const k of optionalStrings) {
    const v = value[k];
    if (typeof v === 'string') extra[k] = v;
  }
  return {
    verdict,
    uid,
    reason,
    message,
    succeeded: succeeded as number,
    failed: failed as number,
    completionTime,
    ...extra,
  };
}

/** The annotation's value; stable key order, so an unchanged record is not written again. Pure. */
export function encodeRunVerdict(record: RunVerdictRecord): string {
  const ordered: Record<string, unknown> = {
    verdict: record.verdict,
    uid: record.uid,
    reason: record.reason,
    message: record.message,
    succeeded: record.succeeded,
    failed: record.failed,
    completionTime: record.completionTime,
  };
  for (const k of optionalStrings) if (record[k] !== undefined) ordered[k] = record[k];
  return JSON.stringify(ordered);
}

/** The record of a run that just finished, from the status the visit computed for it. Pure. */
export function recordFromStatus(
  obj: EcsTaskRun,
  verdict: 'Complete' | 'Failed',
  status: EcsTaskRunStatus,
): RunVerdictRecord | undefined {
  const condition = status.conditions?.find((c) => c.type === verdict);
  if (status.completionTime === undefined || condition === undefined) return undefined;
  return {
    verdict,
    uid: runKey(obj),
    reason: condition.reason,
    message: condition.message,
    succeeded: status.succeeded ?? 0,
    failed: status.failed ?? 0,
    completionTime: status.completionTime,
    ...(status.startTime === undefined ? {} : { startTime: status.startTime }),
    ...(status.cluster === undefined ? {} : { cluster: status.cluster }),
    ...(status.region === undefined ? {} : { region: status.region }),
    ...(status.taskDefinitionArn === undefined ? {} : { taskDefinitionArn: status.taskDefinitionArn }),
  };
}

function outcomeOf(record: RunVerdictRecord): TaskRunOutcome {
  return record.verdict === 'Complete'
    ? { kind: 'complete' }
    : { kind: 'failed', reason: record.reason, message: record.message };
}

/** The status the record says, with the tasks ECS still shows (if any). Pure. */
export function statusFromVerdict(
  obj: EcsTaskRun,
  record: RunVerdictRecord,
  tasks: readonly ObservedTask[] | undefined,
  now: Date,
): EcsTaskRunStatus {
  const placement: RunPlacement = {
    ...(record.cluster === undefined ? {} : { cluster: record.cluster }),
    ...(record.region === undefined ? {} : { region: record.region }),
    ...(record.taskDefinitionArn === undefined ? {} : { taskDefinitionArn: record.taskDefinitionArn }),
  };
  // Nothing of the status on the object is kept: it is what disagreed with the record.
  const clean: EcsTaskRun = { ...obj, metadata: obj.metadata };
  delete (clean as { status?: unknown }).status;
  const status = taskRunStatus(
    clean,
    {
      outcome: outcomeOf(record),
      tasks: tasks ?? [],
      placement,
      finishedAt: new Date(record.completionTime),
    },
    now,
  );
  return {
    ...status,
    active: 0,
    succeeded: record.succeeded,
    failed: record.failed,
    ...(record.startTime === undefined ? {} : { startTime: record.startTime }),
    completionTime: record.completionTime,
  };
}

/**
 * True when the object's status says what the record says (conditions for the current generation,
 * counts and completion time); otherwise the status is rewritten from the record. Pure.
 */
export function statusAgrees(obj: EcsTaskRun, record: RunVerdictRecord): boolean {
  const s = obj.status;
  if (s === undefined) return false;
  const generation = obj.metadata.generation;
  const complete = record.verdict === 'Complete';
  const expected: Record<string, 'True' | 'False'> = {
    Complete: complete ? 'True' : 'False',
    Failed: complete ? 'False' : 'True',
    Ready: complete ? 'True' : 'False',
    Stalled: complete ? 'False' : 'True',
    Reconciling: 'False',
  };
  const conditionsAgree = Object.entries(expected).every(([type, status]) =>
    (s.conditions ?? []).some(
      (c) =>
        c.type === type &&
        c.status === status &&
        (c.observedGeneration === undefined || c.observedGeneration === generation),
    ),
  );
  return (
    conditionsAgree &&
    s.observedGeneration === generation &&
    s.succeeded === record.succeeded &&
    s.failed === record.failed &&
    (s.active ?? 0) === 0 &&
    s.completionTime === record.completionTime
  );
}

/**
 * A run finished before its verdict moved to the annotation (an upgrade): its status says it
 * finished, ECS no longer shows any of its tasks, the operator had seen the object (its finalizer)
 * and the object is older than ECS keeps stopped tasks. Only then is status taken as the verdict,
 * once, and written as the record; a run younger than that would still show its tasks in ECS, so a
 * status written on it is judged against ECS instead. Pure.
 */
export function verdictOfUpgradedRun(
  obj: EcsTaskRun,
  tasks: readonly ObservedTask[],
  hadFinalizer: boolean,
  nowMs: number,
): RunVerdictRecord | undefined {
  if (!hadFinalizer || tasks.length > 0 || obj.status === undefined) return undefined;
  const created = Date.parse(obj.metadata.creationTimestamp ?? '');
  if (Number.isNaN(created) || nowMs - created < ECS_STOPPED_TASK_MEMORY_MS) return undefined;
  const isTrue = (type: string): boolean =>
    (obj.status?.conditions ?? []).some(
      (c) => c.type === type && c.status === 'True' && c.observedGeneration === obj.metadata.generation,
    );
  const verdict = isTrue('Complete') ? 'Complete' : isTrue('Failed') ? 'Failed' : undefined;
  return verdict === undefined ? undefined : recordFromStatus(obj, verdict, obj.status);
}
