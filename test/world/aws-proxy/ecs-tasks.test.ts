import { describe, expect, it } from 'vitest';
import { EcsTaskSimulator } from './ecs-tasks.js';
import type { JsonObject } from './json.js';
import { FakeClock } from '../../../src/shared/testing/fake-clock.js';

const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/batch';
const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/migrate:3';

function motoTask(id: string): JsonObject {
  return {
    taskArn: `arn:aws:ecs:us-east-1:123456789012:task/batch/${id}`,
    clusterArn: CLUSTER,
    taskDefinitionArn: TD,
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    containers: [{ name: 'app', lastStatus: 'PENDING', exitCode: 0 }],
  };
}

function world() {
  const clock = new FakeClock(0);
  const sim = new EcsTaskSimulator({
    clock,
    now: () => 1_700_000_000_000 + clock.now(),
    config: { provisioningMs: 100, pendingMs: 100, runningMs: 1000 },
  });
  const run = (params: JsonObject, ids: string[]) =>
    sim.rewrite('RunTask', params, { tasks: ids.map(motoTask), failures: [] }) as JsonObject;
  const describe = (ids: string[]) =>
    (sim.rewrite('DescribeTasks', {}, { tasks: ids.map(motoTask) }) as { tasks: JsonObject[] }).tasks;
  return { clock, sim, run, describe };
}

const params = {
  cluster: 'batch',
  taskDefinition: 'migrate:3',
  count: 1,
  startedBy: 'ecsb-1',
  clientToken: 't1',
};

describe('EcsTaskSimulator', () => {
  it('moves a task PROVISIONING → PENDING → RUNNING → STOPPED with exit 0 by default', () => {
    const { clock, run, describe } = world();
    const started = run(params, ['a']);
    expect((started.tasks as JsonObject[])[0]).toMatchObject({
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
    });
    clock.advance(150);
    expect(describe(['a'])[0]).toMatchObject({ lastStatus: 'PENDING' });
    clock.advance(100);
    const running = describe(['a'])[0]!;
    expect(running).toMatchObject({ lastStatus: 'RUNNING', startedAt: 1_700_000_000.2 });
    expect(running.containers).toEqual([{ name: 'app', lastStatus: 'RUNNING' }]);
    clock.advance(1000);
    expect(describe(['a'])[0]).toMatchObject({
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      stoppedAt: 1_700_000_001.2,
      containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode: 0 }],
    });
  });

  it('ends tasks as a script says, latest script first, `times` used up', () => {
    const { clock, sim, run, describe } = world();
    sim.scriptOutcome({ startedBy: 'ecsb-1', exitCode: 3, times: 1 });
    sim.scriptOutcome({ family: 'other', exitCode: 9 });
    run(params, ['a']);
    run({ ...params, clientToken: 't2' }, ['b']);
    clock.advance(5000);
    const [a, b] = describe(['a', 'b']);
    expect(a?.containers).toEqual([{ name: 'app', lastStatus: 'STOPPED', exitCode: 3 }]);
    expect(b?.containers).toEqual([{ name: 'app', lastStatus: 'STOPPED', exitCode: 0 }]);
  });

  it('reports a task that failed to start without exit codes', () => {
    const { clock, sim, run, describe } = world();
    sim.scriptOutcome({ stopCode: 'TaskFailedToStart' });
    run(params, ['a']);
    clock.advance(300);
    const task = describe(['a'])[0]!;
    expect(task).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
    expect(task.startedAt).toBeUndefined();
    expect(task.containers).toEqual([{ name: 'app', lastStatus: 'STOPPED' }]);
  });

  it('answers a repeated client token with the first result and a changed one with ConflictException', () => {
    const { sim, run } = world();
    expect(sim.answerBeforeForward('RunTask', params)).toBeUndefined();
    run(params, ['a']);
    const again = sim.answerBeforeForward('RunTask', { ...params });
    expect(again?.status).toBe(200);
    expect((again?.body.tasks as JsonObject[]).map((t) => t.taskArn)).toEqual([motoTask('a').taskArn]);
    expect(sim.answerBeforeForward('RunTask', { ...params, count: 2 })).toMatchObject({
      status: 400,
      body: { __type: 'ConflictException' },
    });
    // The token is per cluster.
    expect(sim.answerBeforeForward('RunTask', { ...params, cluster: 'other' })).toBeUndefined();
  });

  it('stops a task on StopTask with UserInitiated and lists it as STOPPED', () => {
    const { clock, sim, run, describe } = world();
    run(params, ['a']);
    run({ ...params, clientToken: 't2' }, ['b']);
    clock.advance(300);
    const arn = motoTask('a').taskArn as string;
    sim.rewrite('StopTask', { cluster: 'batch', task: arn, reason: 'deadline' }, { task: motoTask('a') });
    expect(describe(['a'])[0]).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'deadline',
    });
    const list = (desiredStatus?: string) =>
      sim.rewrite(
        'ListTasks',
        { cluster: CLUSTER, startedBy: 'ecsb-1', ...(desiredStatus ? { desiredStatus } : {}) },
        {
          taskArns: [arn, motoTask('b').taskArn!],
        },
      ) as { taskArns: string[] };
    expect(list().taskArns).toEqual([motoTask('b').taskArn]);
    expect(list('STOPPED').taskArns).toEqual([arn]);
  });

  it('forgets everything on reset and refuses bad configuration', () => {
    const { sim, run } = world();
    run(params, ['a']);
    sim.reset();
    expect(sim.state().tasks).toEqual([]);
    expect(() => sim.configure({ runningMs: -1 })).toThrow(/runningMs/);
  });
  it('forgets a stopped task after stoppedRetentionMs: not listed, described as MISSING', () => {
    const { clock, sim, run } = world();
    sim.configure({ stoppedRetentionMs: 5000 });
    run(params, ['a']);
    const list = () =>
      (
        sim.rewrite(
          'ListTasks',
          { cluster: 'batch', startedBy: 'ecsb-1', desiredStatus: 'STOPPED' },
          {
            taskArns: [],
          },
        ) as { taskArns: string[] }
      ).taskArns;
    const describeAll = () =>
      sim.rewrite('DescribeTasks', {}, { tasks: [motoTask('a')], failures: [] }) as {
        tasks: JsonObject[];
        failures: JsonObject[];
      };
    clock.advance(1200 + 4999);
    expect(list()).toEqual([motoTask('a').taskArn]);
    expect(describeAll().tasks).toHaveLength(1);
    clock.advance(1);
    expect(list()).toEqual([]);
    expect(describeAll()).toEqual({
      tasks: [],
      failures: [{ arn: motoTask('a').taskArn, reason: 'MISSING' }],
    });
  });
});
