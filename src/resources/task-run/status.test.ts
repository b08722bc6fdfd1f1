import { describe, expect, it } from 'vitest';
import { finishedVerdict, taskRunStatus } from './status.js';
import { succeededTask, taskRunObject } from './testing/run-fixtures.js';

const now = new Date('2026-01-01T00:00:00Z');
const obj = taskRunObject({ uid: 'u' });
const task = succeededTask({
  stoppedReason: 'Essential container in task exited',
  createdAt: new Date('2025-12-31T23:59:00Z'),
  startedAt: new Date('2025-12-31T23:59:10Z'),
  stoppedAt: new Date('2025-12-31T23:59:30Z'),
  containers: [{ name: 'job', exitCode: 0, lastStatus: 'STOPPED' }],
});

const cond = (s: ReturnType<typeof taskRunStatus>, type: string) =>
  s.conditions?.find((c) => c.type === type);

describe('taskRunStatus', () => {
  it('reports a running run as Reconciling, neither Complete nor Failed', () => {
    const s = taskRunStatus(
      obj,
      {
        outcome: { kind: 'running', message: '1 task(s) running' },
        tasks: [{ ...task, lastStatus: 'RUNNING', stopCode: undefined as never }],
      },
      now,
    );
    expect([cond(s, 'Ready')?.status, cond(s, 'Reconciling')?.status, cond(s, 'Stalled')?.status]).toEqual([
      'False',
      'True',
      'False',
    ]);
    expect([cond(s, 'Complete')?.status, cond(s, 'Failed')?.status]).toEqual(['False', 'False']);
    expect(s.completionTime).toBeUndefined();
  });

  it('reports a complete run as Ready and Complete, with every task and container', () => {
    const s = taskRunStatus(
      obj,
      {
        outcome: { kind: 'complete' },
        tasks: [task],
        placement: { cluster: 'c' },
        finishedAt: task.stoppedAt!,
      },
      now,
    );
    expect([cond(s, 'Ready')?.status, cond(s, 'Complete')?.status, cond(s, 'Reconciling')?.status]).toEqual([
      'True',
      'True',
      'False',
    ]);
    expect(s).toMatchObject({
      succeeded: 1,
      failed: 0,
      active: 0,
      cluster: 'c',
      startTime: '2025-12-31T23:59:00.000Z',
      completionTime: '2025-12-31T23:59:30.000Z',
      tasks: [
        {
          taskArn: 'arn:t',
          attempt: 1,
          lastStatus: 'STOPPED',
          stopCode: 'EssentialContainerExited',
          startedAt: '2025-12-31T23:59:10.000Z',
          stoppedAt: '2025-12-31T23:59:30.000Z',
          containers: [{ name: 'job', exitCode: 0, lastStatus: 'STOPPED' }],
        },
      ],
    });
    expect(finishedVerdict({ ...obj, status: s })).toBe('Complete');
  });

  it('reports a failed run as Stalled and Failed with the reason', () => {
    const s = taskRunStatus(
      obj,
      { outcome: { kind: 'failed', reason: 'DeadlineExceeded', message: 'm' } },
      now,
    );
    expect([cond(s, 'Stalled')?.reason, cond(s, 'Failed')?.status, cond(s, 'Ready')?.status]).toEqual([
      'DeadlineExceeded',
      'True',
      'False',
    ]);
    expect(finishedVerdict({ ...obj, status: s })).toBe('Failed');
  });

  it('an invalid spec stalls without claiming the run Failed', () => {
    const s = taskRunStatus(obj, { outcome: { kind: 'invalid', reason: 'InvalidSpec', message: 'm' } }, now);
    expect([cond(s, 'Stalled')?.status, cond(s, 'Failed')?.status]).toEqual(['True', 'False']);
    expect(finishedVerdict({ ...obj, status: s })).toBeUndefined();
  });
});
