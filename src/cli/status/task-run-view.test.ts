import { describe, expect, it } from 'vitest';
import { renderStatus } from './render-status.js';
import { renderTaskRuns, taskRunView } from './task-run-view.js';
import { exitedTask, listedObject, NOW, plain } from '../testing/listed-object.js';
import type { EcsTaskRun } from '../../resources/task-run/types.js';
import { encodeRunVerdict, RUN_VERDICT_ANNOTATION } from '../../resources/task-run/verdict-record.js';

const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/migrate:3';

const running = listedObject<EcsTaskRun>(
  'EcsTaskRun',
  { name: 'migrate', generation: 1, creationTimestamp: '2026-03-01T11:58:00Z' },
  {
    spec: { clusterRef: { name: 'demo' }, taskDefinitionRef: { name: 'migrate' } },
    status: {
      observedGeneration: 1,
      cluster: 'demo',
      taskDefinitionArn: TD,
      active: 1,
      succeeded: 0,
      failed: 1,
      tasks: [
        { ...exitedTask('aaa', { migrate: 3, proxy: 0 }), attempt: 1 },
        {
          taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/demo/bbb',
          attempt: 2,
          lastStatus: 'RUNNING',
          containers: [{ name: 'migrate' }],
        },
      ],
      conditions: [
        {
          type: 'Reconciling',
          status: 'True',
          reason: 'Running',
          message: '1 task(s) running',
          lastTransitionTime: '2026-03-01T11:58:00Z',
        },
      ],
    },
  },
);

const finished: EcsTaskRun = {
  ...running,
  metadata: {
    ...running.metadata,
    name: 'done',
    uid: 'u2',
    annotations: {
      [RUN_VERDICT_ANNOTATION]: encodeRunVerdict({
        verdict: 'Complete',
        uid: 'u2',
        reason: 'Succeeded',
        message: 'every task exited 0',
        succeeded: 1,
        failed: 0,
        completionTime: '2026-03-01T11:59:00Z',
        cluster: 'demo',
        taskDefinitionArn: TD,
      }),
    },
  },
  // A status that lies: the view shows the operator's record, not this.
  status: { succeeded: 0, failed: 5, conditions: [] },
};

describe('task runs in ecs-bridge status', () => {
  it('shows a running run from its status: every task, attempt, stop code and exit code', () => {
    const v = taskRunView(running);
    expect(v).toMatchObject({
      verdict: 'Running',
      cluster: 'demo',
      taskDefinition: 'migrate:3',
      succeeded: 0,
      failed: 1,
      active: 1,
    });
    expect(v.tasks).toEqual([
      {
        id: 'aaa',
        attempt: 1,
        lastStatus: 'STOPPED',
        stopCode: 'EssentialContainerExited',
        exitCodes: 'migrate=3, proxy=0',
        reason: 'Essential container in task exited',
      },
      { id: 'bbb', attempt: 2, lastStatus: 'RUNNING', stopCode: '-', exitCodes: 'migrate=-', reason: '' },
    ]);
  });

  it("shows a finished run's verdict from the operator's record, whatever status says", () => {
    expect(taskRunView(finished)).toMatchObject({
      verdict: 'Complete',
      reason: 'Succeeded',
      succeeded: 1,
      failed: 0,
      active: 0,
    });
    // A record copied from another object (another uid) is not this run's verdict.
    const copied = { ...finished, metadata: { ...finished.metadata, uid: 'other' } };
    expect(taskRunView(copied).verdict).toBe('Pending');
  });

  it("renders the table, each run's tasks with exit codes, and counts them", () => {
    const lines = renderTaskRuns([taskRunView(running), taskRunView(finished)], plain, NOW);
    const text = lines.join('\n');
    expect(text).toMatch(/NAMESPACE\s+ECSTASKRUN\s+CLUSTER\s+TASK DEFINITION\s+VERDICT/);
    expect(text).toMatch(/shop\s+done\s+demo\s+migrate:3\s+Complete\s+Succeeded\s+1\s+0\s+0\s+2m/);
    expect(text).toMatch(/shop\s+migrate\s+demo\s+migrate:3\s+Running\s+Running\s+0\s+1\s+1\s+2m/);
    expect(text).toContain('    attempt 1  aaa  STOPPED  EssentialContainerExited  exit migrate=3, proxy=0');
    const screen = renderStatus(
      { services: [], taskDefinitions: [], scope: 'namespace shop', taskRuns: [taskRunView(finished)] },
      plain,
      NOW,
    );
    expect(screen).toContain('1 EcsTaskRun(s), 1 complete (namespace shop)');
    expect(renderTaskRuns([], plain, NOW)).toEqual([]);
  });
});
