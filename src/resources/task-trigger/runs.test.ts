import { describe, expect, it } from 'vitest';
import { familyOf, hasActiveRun, MAX_STATUS_RUNS, runsOf } from './runs.js';

describe('runsOf', () => {
  it('keeps only the tasks of the trigger group, newest first, with exit codes', () => {
    const runs = runsOf(
      [
        {
          taskArn: 'arn:old',
          group: 'ecs-bridge:t',
          lastStatus: 'STOPPED',
          stopCode: 'EssentialContainerExited',
          createdAt: new Date('2026-12-05T01:00:00Z'),
          containers: [{ name: 'app', exitCode: 0 }],
        },
        {
          taskArn: 'arn:other',
          group: 'family:x',
          lastStatus: 'RUNNING',
          createdAt: new Date('2026-12-05T03:00:00Z'),
        },
        {
          taskArn: 'arn:new',
          group: 'ecs-bridge:t',
          lastStatus: 'RUNNING',
          createdAt: new Date('2026-12-05T02:00:00Z'),
          containers: [{ name: 'app' }],
        },
      ],
      'ecs-bridge:t',
    );
    expect(runs.map((r) => r.taskArn)).toEqual(['arn:new', 'arn:old']);
    expect(runs[1]).toMatchObject({
      stopCode: 'EssentialContainerExited',
      containers: [{ name: 'app', exitCode: 0 }],
    });
    expect(hasActiveRun(runs)).toBe(true);
    expect(hasActiveRun(runs.slice(1))).toBe(false);
  });

  it(`keeps at most ${MAX_STATUS_RUNS}`, () => {
    const tasks = Array.from({ length: MAX_STATUS_RUNS + 5 }, (_, i) => ({
      taskArn: `arn:${i}`,
      group: 'g',
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
    }));
    const runs = runsOf(tasks, 'g');
    expect(runs).toHaveLength(MAX_STATUS_RUNS);
    expect(runs[0]?.taskArn).toBe(`arn:${MAX_STATUS_RUNS + 4}`);
  });

  it.each([
    ['arn:aws:ecs:eu-west-1:1:task-definition/thumb:7', 'thumb'],
    ['arn:aws:ecs:eu-west-1:1:task-definition/thumb', 'thumb'],
    ['thumb:3', 'thumb'],
  ])('familyOf(%s) = %s', (td, family) => {
    expect(familyOf(td)).toBe(family);
  });
});
