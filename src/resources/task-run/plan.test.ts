import { describe, expect, it } from 'vitest';
import type { ObservedTask } from './observe.js';
import { countTasks, planRun, type RunSettings } from './plan.js';
import { succeededTask } from './testing/run-fixtures.js';

const ok = (arn: string, attempt = 1): ObservedTask =>
  succeededTask({ taskArn: arn, attempt, stoppedAt: new Date(1000) });
const bad = (arn: string, attempt = 1, exitCode = 1): ObservedTask => ({
  ...ok(arn, attempt),
  stoppedAt: new Date(2000),
  containers: [{ name: 'job', exitCode }],
});
const running = (arn: string, attempt = 1): ObservedTask => ({
  taskArn: arn,
  attempt,
  lastStatus: 'RUNNING',
  containers: [{ name: 'job' }],
});
const notStarted = (arn: string): ObservedTask => ({
  taskArn: arn,
  attempt: 1,
  lastStatus: 'STOPPED',
  stopCode: 'TaskFailedToStart',
  containers: [{ name: 'job' }],
});

const one: RunSettings = { count: 1, backoffLimit: 0 };

describe('planRun', () => {
  it.each<[string, RunSettings, ObservedTask[], number, ReturnType<typeof planRun>]>([
    [
      'nothing yet: attempt 1 for count tasks',
      { count: 3, backoffLimit: 0 },
      [],
      0,
      { kind: 'run', attempt: 1, count: 3 },
    ],
    ['a task running: wait', one, [running('a')], 0, { kind: 'wait' }],
    [
      'count succeeded: complete at the last stop',
      one,
      [ok('a')],
      0,
      { kind: 'complete', finishedAt: new Date(1000) },
    ],
    [
      'a failure within backoffLimit: replace only the failed task, next attempt',
      { count: 2, backoffLimit: 1 },
      [ok('a'), bad('b')],
      0,
      { kind: 'run', attempt: 2, count: 1 },
    ],
    [
      'failures beyond backoffLimit: failed',
      { count: 1, backoffLimit: 1 },
      [bad('a'), bad('b', 2)],
      0,
      expect.objectContaining({ kind: 'failed', reason: 'BackoffLimitExceeded', finishedAt: new Date(2000) }),
    ],
    [
      'failures beyond backoffLimit with tasks still running: stop them first',
      { count: 2, backoffLimit: 0 },
      [bad('a'), running('b')],
      0,
      expect.objectContaining({ kind: 'stop', taskArns: ['b'], reason: 'BackoffLimitExceeded' }),
    ],
    [
      'a task that failed to start counts as failed',
      one,
      [notStarted('a')],
      0,
      expect.objectContaining({ kind: 'failed', reason: 'BackoffLimitExceeded' }),
    ],
    [
      'the deadline passed while running: stop',
      { ...one, deadlineAtMs: 100 },
      [running('a')],
      100,
      expect.objectContaining({ kind: 'stop', taskArns: ['a'], reason: 'DeadlineExceeded' }),
    ],
    [
      'the deadline passed and the stopped tasks count as failures: still DeadlineExceeded',
      { ...one, deadlineAtMs: 100 },
      [{ ...bad('a'), stopCode: 'UserInitiated' }],
      200,
      expect.objectContaining({ kind: 'failed', reason: 'DeadlineExceeded' }),
    ],
    ['before the deadline: wait', { ...one, deadlineAtMs: 100 }, [running('a')], 99, { kind: 'wait' }],
    [
      'complete wins over a passed deadline',
      { ...one, deadlineAtMs: 100 },
      [ok('a')],
      500,
      expect.objectContaining({ kind: 'complete' }),
    ],
  ])('%s', (_, settings, tasks, now, expected) => {
    expect(planRun(settings, tasks, now)).toEqual(expected);
  });

  it('re-plans the same attempt while ECS does not list its tasks yet (same client token)', () => {
    const settings = { count: 2, backoffLimit: 3 };
    expect(planRun(settings, [bad('a'), bad('b')], 0)).toEqual({ kind: 'run', attempt: 2, count: 2 });
    // A visit that still sees only attempt 1 plans attempt 2 again with the same count.
    expect(planRun(settings, [bad('b'), bad('a')], 0)).toEqual({ kind: 'run', attempt: 2, count: 2 });
  });

  it('counts a task whose sidecar exited non-zero as failed', () => {
    const t: ObservedTask = {
      ...ok('a'),
      containers: [
        { name: 'job', exitCode: 0 },
        { name: 'log', exitCode: 137 },
      ],
    };
    expect(countTasks([t])).toEqual({ active: 0, succeeded: 0, failed: 1 });
  });
});
