/**
 * EcsTaskRun under `ecs-bridge run`, against the test world whose proxy plays task lifecycles
 * (test/world/aws-proxy/ecs-tasks.ts): a run completes with its exit codes in status; failed tasks
 * are replaced up to backoffLimit, then the run is Failed; a deadline stops running tasks; a
 * finished run is deleted after its TTL; deleting a running run stops its tasks; an operator killed
 * right after RunTask starts no second run when it comes back.
 */
import { EC2Client, ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_GROUP_VERSION } from '../../src/resources/api-group.js';
import { createCluster, createNetwork } from '../support/aws-fixtures.js';
import { installCrds, kubectl } from '../support/crds.js';
import {
  apply,
  condition,
  getResource,
  waitForGone,
  waitForResource,
  type Resource,
} from '../support/manifests.js';
import { QUICK_POLLS, startOperator, type OperatorProcess } from '../support/operator.js';
import { untilRuleHit } from '../support/operator-runtime.js';
import {
  awsClients,
  freshNamespace,
  proxyControl,
  worldControl,
  worldInfo,
} from '../support/world-client.js';
import type { Network } from '../world/network-fixture.js';
import { WORLD_CREDENTIALS } from '../world/world.js';
import { waitFor } from '../world/wait.js';

interface TaskView {
  taskArn: string;
  attempt: number;
  lastStatus?: string;
  stopCode?: string;
  containers: { name: string; exitCode?: number }[];
}

const tasksOf = (r: Resource): TaskView[] => (r.status?.['tasks'] as TaskView[] | undefined) ?? [];

async function registerFargate(family: string): Promise<void> {
  const { ecs } = awsClients('moto');
  try {
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'job', image: 'busybox', essential: true, cpu: 256, memory: 512 }],
      }),
    );
  } finally {
    ecs.destroy();
  }
}

/**
 * The VPC the runs' awsvpc tasks go in. moto 5.2's RunTask reads the new ENI's private DNS name,
 * which it sets only in a VPC with DNS hostnames on (the default VPC's setting in AWS).
 */
async function runNetwork(): Promise<Network> {
  const network = await createNetwork(64);
  const info = worldInfo();
  const ec2 = new EC2Client({ region: info.region, endpoint: info.motoUrl, credentials: WORLD_CREDENTIALS });
  try {
    await ec2.send(
      new ModifyVpcAttributeCommand({ VpcId: network.vpcId, EnableDnsHostnames: { Value: true } }),
    );
  } finally {
    ec2.destroy();
  }
  return network;
}

/** The tasks the proxy started for a family: what really ran, whatever status says. */
async function startedTasks(family: string): Promise<number> {
  const state = await proxyControl().taskLifecycles();
  return state.tasks.filter((t) => t.family === family).length;
}

describe('EcsTaskRun', () => {
  let operator: OperatorProcess | undefined;
  let ns: string;
  const cluster = 'runs';
  let network: Network;

  function run(name: string, family: string, extra: Record<string, unknown> = {}): object {
    return {
      apiVersion: API_GROUP_VERSION,
      kind: 'EcsTaskRun',
      metadata: { name },
      spec: {
        cluster,
        taskDefinition: family,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: [network.subnetIds[0]], securityGroups: [network.securityGroupId] },
        },
        ...extra,
      },
    };
  }

  /**
   * `ecs-bridge run` for this namespace. A short lease: the operator restarted after a kill takes
   * the killed one's lease over in seconds rather than after the default 15 s.
   */
  function operatorArgs(): string[] {
    return [
      `--namespaces=${ns}`,
      `--leader-election-namespace=${ns}`,
      '--lease-duration=4s',
      '--renew-deadline=3s',
      '--retry-period=500ms',
      ...QUICK_POLLS,
    ];
  }

  beforeAll(async () => {
    await worldControl('reset-aws');
    await proxyControl().reset();
    await proxyControl().configureTaskLifecycles({ provisioningMs: 200, pendingMs: 200, runningMs: 1500 });
    await installCrds();
    await createCluster(cluster);
    network = await runNetwork();
    for (const f of ['ok', 'bad', 'slow', 'gone', 'crash', 'ttl']) await registerFargate(f);
    await proxyControl().scriptTaskOutcome({ family: 'bad', exitCode: 3 });
    await proxyControl().scriptTaskOutcome({ family: 'slow', runningMs: 600_000 });
    await proxyControl().scriptTaskOutcome({ family: 'gone', runningMs: 600_000 });
    ns = await freshNamespace('taskrun');
    operator = await startOperator({ args: operatorArgs() });
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('runs count tasks to completion and reports their exit codes (Complete, Ready)', async () => {
    await apply(ns, run('ok', 'ok', { count: 2 }));
    const done = await waitForResource(
      'ecstaskruns',
      ns,
      'ok',
      (r) => condition(r, 'Complete')?.status === 'True',
      {
        what: 'the run to complete',
        timeoutMs: 60_000,
      },
    );
    expect(condition(done, 'Ready')?.status).toBe('True');
    expect(condition(done, 'Failed')?.status).toBe('False');
    expect(done.status?.['succeeded']).toBe(2);
    const tasks = tasksOf(done);
    expect(tasks).toHaveLength(2);
    for (const t of tasks) {
      expect(t).toMatchObject({ attempt: 1, lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited' });
      expect(t.containers).toEqual([expect.objectContaining({ name: 'job', exitCode: 0 })]);
    }
    expect(await startedTasks('ok')).toBe(2);
  });

  it('replaces failed tasks up to backoffLimit, then fails (BackoffLimitExceeded)', async () => {
    await apply(ns, run('bad', 'bad', { backoffLimit: 1 }));
    const failed = await waitForResource(
      'ecstaskruns',
      ns,
      'bad',
      (r) => condition(r, 'Failed')?.status === 'True',
      {
        what: 'the run to fail',
        timeoutMs: 60_000,
      },
    );
    expect(condition(failed, 'Failed')?.reason).toBe('BackoffLimitExceeded');
    expect(condition(failed, 'Stalled')?.status).toBe('True');
    expect(tasksOf(failed).map((t) => [t.attempt, t.containers[0]?.exitCode])).toEqual([
      [1, 3],
      [2, 3],
    ]);
    expect(await startedTasks('bad')).toBe(2);
  });

  it('stops running tasks at the deadline and fails (DeadlineExceeded)', async () => {
    await apply(ns, run('slow', 'slow', { activeDeadlineSeconds: 4 }));
    const failed = await waitForResource(
      'ecstaskruns',
      ns,
      'slow',
      (r) => condition(r, 'Failed')?.status === 'True',
      {
        what: 'the deadline to fail the run',
        timeoutMs: 60_000,
      },
    );
    expect(condition(failed, 'Failed')?.reason).toBe('DeadlineExceeded');
    expect(tasksOf(failed)).toEqual([
      expect.objectContaining({ lastStatus: 'STOPPED', stopCode: 'UserInitiated' }),
    ]);
  });

  it('deletes a finished run after ttlSecondsAfterFinished', async () => {
    // The TTL counts from status.completionTime, the last task's stoppedAt in ECS, which the
    // operator sees up to one poll (5 s) later: a TTL longer than that poll leaves the Complete
    // status on the object long enough to be read before the deletion.
    const ttlSeconds = 8;
    await apply(ns, run('ttl', 'ttl', { ttlSecondsAfterFinished: ttlSeconds }));
    const done = await waitForResource(
      'ecstaskruns',
      ns,
      'ttl',
      (r) => condition(r, 'Complete')?.status === 'True',
      { what: 'the run to complete', timeoutMs: 60_000 },
    );
    const completedAt = Date.parse(String(done.status?.['completionTime']));
    expect(Number.isNaN(completedAt)).toBe(false);
    await waitForGone('ecstaskruns', ns, 'ttl', 30_000);
    // Not deleted early: the object was still there (Complete) until at least the TTL had run
    // (completionTime has second precision, hence the 1 s slack).
    expect(Date.now()).toBeGreaterThanOrEqual(completedAt + (ttlSeconds - 1) * 1000);
  });

  it('stops the tasks of a running run that is deleted', async () => {
    await apply(ns, run('gone', 'gone'));
    await waitForResource(
      'ecstaskruns',
      ns,
      'gone',
      (r) => tasksOf(r).some((t) => t.lastStatus === 'RUNNING'),
      {
        what: 'the task to run',
        timeoutMs: 60_000,
      },
    );
    await kubectl(['delete', 'ecstaskrun', '-n', ns, 'gone', '--wait=false']);
    await waitForGone('ecstaskruns', ns, 'gone', 30_000);
    const state = await proxyControl().taskLifecycles();
    expect(state.tasks.filter((t) => t.family === 'gone').map((t) => t.lastStatus)).toEqual(['STOPPED']);
  });

  it('starts no second run when the operator is killed right after RunTask', async () => {
    await operator?.stop();
    operator = undefined;
    const mark = await proxyControl().lastSeq();
    // Hold this run's RunTask in the proxy: the call reaches ECS (the tasks start once the hold
    // ends) but the operator cannot have its answer, so it cannot have written the tasks to status
    // when it is killed. That is the widest crash gap: only ECS knows the run started.
    const rule = await proxyControl().addRule({
      service: 'ecs',
      action: 'RunTask',
      bodyContains: '"taskDefinition":"crash"',
      times: 1,
      fault: { kind: 'latency', ms: 3_000 },
      description: 'hold the RunTask answer so the operator dies before it can write status',
    });
    try {
      await apply(ns, run('crash', 'crash', { count: 3 }));
      const first = await startOperator({ args: operatorArgs() });
      await untilRuleHit(rule.id);
      await first.kill();
      const atKill = await getResource('ecstaskruns', ns, 'crash');
      expect(tasksOf(atKill ?? ({} as Resource))).toEqual([]);
      // The held RunTask completes in ECS after the operator died.
      await waitFor(
        async () =>
          (await proxyControl().calls({ action: 'RunTask', afterSeq: mark })).length > 0 ? true : undefined,
        { timeoutMs: 30_000, intervalMs: 50, what: 'the held RunTask to complete' },
      );
      expect(await startedTasks('crash')).toBe(3);
    } finally {
      await proxyControl().removeRule(rule.id);
    }
    operator = await startOperator({ args: operatorArgs() });
    const done = await waitForResource(
      'ecstaskruns',
      ns,
      'crash',
      (r) => condition(r, 'Complete')?.status === 'True',
      {
        what: 'the run to complete after the restart',
        timeoutMs: 60_000,
      },
    );
    expect(done.status?.['succeeded']).toBe(3);
    expect(tasksOf(done)).toHaveLength(3);
    expect(await startedTasks('crash')).toBe(3);
    // The restarted operator found the run's tasks in ECS (by startedBy) and called RunTask no
    // second time: the one call recorded is the held one.
    expect(await proxyControl().calls({ action: 'RunTask', afterSeq: mark })).toHaveLength(1);
  });
});
