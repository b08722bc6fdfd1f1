import { describe, expect, it } from 'vitest';
import { taskRunStatus } from './status.js';
import { succeededTask, taskRunObject } from './testing/run-fixtures.js';
import type { EcsTaskRun } from './types.js';
import {
  ECS_STOPPED_TASK_MEMORY_MS,
  encodeRunVerdict,
  readRunVerdict,
  recordFromStatus,
  RUN_VERDICT_ANNOTATION,
  statusAgrees,
  statusFromVerdict,
  verdictOfUpgradedRun,
  type RunVerdictRecord,
} from './verdict-record.js';

const now = new Date('2026-01-01T02:00:00Z');
const base = taskRunObject({
  uid: 'u-1',
  creationTimestamp: '2026-01-01T00:00:00Z',
  finalizers: ['ecs-bridge.dev/finalizer'],
});
const task = succeededTask({
  createdAt: new Date('2026-01-01T00:00:01Z'),
  stoppedAt: new Date('2026-01-01T00:00:30Z'),
});
const finishedStatus = taskRunStatus(
  base,
  {
    outcome: { kind: 'complete' },
    tasks: [task],
    placement: { cluster: 'c', taskDefinitionArn: 'arn:td:1' },
    finishedAt: new Date('2026-01-01T00:00:30Z'),
  },
  now,
);
const record = recordFromStatus(base, 'Complete', finishedStatus) as RunVerdictRecord;
const annotated = (r: RunVerdictRecord | string, obj: EcsTaskRun = base): EcsTaskRun => ({
  ...obj,
  metadata: {
    ...obj.metadata,
    annotations: { [RUN_VERDICT_ANNOTATION]: typeof r === 'string' ? r : encodeRunVerdict(r) },
  },
});

describe('the run verdict record', () => {
  it('is built from the finished status and read back from the annotation', () => {
    expect(record).toEqual({
      verdict: 'Complete',
      uid: 'u-1',
      reason: 'Succeeded',
      message: 'every task exited 0',
      succeeded: 1,
      failed: 0,
      startTime: '2026-01-01T00:00:01.000Z',
      completionTime: '2026-01-01T00:00:30.000Z',
      cluster: 'c',
      taskDefinitionArn: 'arn:td:1',
    });
    expect(readRunVerdict(annotated(record))).toEqual(record);
  });

  it("is ignored when absent, unreadable, or another object's (a copied annotation)", () => {
    expect(readRunVerdict(base)).toBeUndefined();
    expect(readRunVerdict(annotated('not json'))).toBeUndefined();
    expect(readRunVerdict(annotated('{"verdict":"Maybe"}'))).toBeUndefined();
    expect(readRunVerdict(annotated({ ...record, uid: 'u-2' }))).toBeUndefined();
    expect(readRunVerdict(annotated({ ...record, completionTime: 'soon' }))).toBeUndefined();
  });

  it('says when status disagrees with it: wiped, or any field the verdict fixes', () => {
    const withStatus = (status: EcsTaskRun['status'] | undefined): EcsTaskRun =>
      status === undefined ? annotated(record) : { ...annotated(record), status };
    expect(statusAgrees(withStatus(finishedStatus), record)).toBe(true);
    expect(statusAgrees(withStatus(undefined), record)).toBe(false);
    expect(statusAgrees(withStatus({ ...finishedStatus, succeeded: 0 }), record)).toBe(false);
    expect(
      statusAgrees(withStatus({ ...finishedStatus, completionTime: '2030-01-01T00:00:00Z' }), record),
    ).toBe(false);
    const failedLie = taskRunStatus(
      base,
      { outcome: { kind: 'failed', reason: 'BackoffLimitExceeded', message: 'lie' }, tasks: [task] },
      now,
    );
    expect(statusAgrees(withStatus(failedLie), record)).toBe(false);
  });

  it('restores the status from the record, keeping nothing of the status it replaces', () => {
    const lie = {
      succeeded: 7,
      failed: 3,
      tasks: [],
      completionTime: '2030-01-01T00:00:00Z',
      conditions: [],
    };
    const restored = statusFromVerdict({ ...annotated(record), status: lie }, record, undefined, now);
    expect(restored).toMatchObject({
      succeeded: 1,
      failed: 0,
      active: 0,
      completionTime: record.completionTime,
      startTime: record.startTime,
      cluster: 'c',
      tasks: [],
    });
    expect(statusAgrees({ ...annotated(record), status: restored }, record)).toBe(true);
    const withTasks = statusFromVerdict(annotated(record), record, [task], now);
    expect(withTasks.tasks?.map((t) => t.taskArn)).toEqual(['arn:t']);
  });

  it('takes a status verdict only for a run finished before the upgrade (old, seen, forgotten by ECS)', () => {
    const old = { ...base, status: finishedStatus };
    const nowMs = Date.parse(base.metadata.creationTimestamp ?? '') + ECS_STOPPED_TASK_MEMORY_MS;
    expect(verdictOfUpgradedRun(old, [], true, nowMs)).toEqual(record);
    // Younger than ECS's memory: ECS would still show the tasks, so status is judged against ECS.
    expect(verdictOfUpgradedRun(old, [], true, nowMs - 1)).toBeUndefined();
    expect(verdictOfUpgradedRun(old, [task], true, nowMs)).toBeUndefined();
    expect(verdictOfUpgradedRun(old, [], false, nowMs)).toBeUndefined();
    expect(verdictOfUpgradedRun(base, [], true, nowMs)).toBeUndefined();
  });
});
