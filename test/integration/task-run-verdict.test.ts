/**
 * A finished EcsTaskRun's verdict is not read from its status (ADR 0031), under `ecs-bridge run`
 * against the world whose proxy plays task lifecycles and forgets stopped tasks (here after 2 s
 * instead of ECS's hour). A run completes; once ECS forgot its task, its status is wiped: the
 * operator sends no RunTask and rewrites Complete from the verdict annotation. A status that claims
 * Failed is corrected the same way. A status that claims Complete for a run still running is
 * corrected from ECS, and the run is neither finished nor left untracked.
 */
import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { ListTasksCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { EC2Client, ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_GROUP_VERSION } from '../../src/resources/api-group.js';
import { runStartedBy } from '../../src/resources/task-run/run-identity.js';
import { RUN_VERDICT_ANNOTATION } from '../../src/resources/task-run/verdict-record.js';
import { createCluster, createNetwork } from '../support/aws-fixtures.js';
import { installCrds } from '../support/crds.js';
import { apply, condition, getResource, waitForResource, type Resource } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import {
  awsClients,
  freshNamespace,
  kubeConfig,
  proxyControl,
  worldControl,
  worldInfo,
} from '../support/world-client.js';
import type { Network } from '../world/network-fixture.js';
import { WORLD_CREDENTIALS } from '../world/world.js';
import { waitFor } from '../world/wait.js';

const CLUSTER = 'verdicts';

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

/** moto 5.2's awsvpc RunTask needs DNS hostnames on in the VPC (see task-run.test.ts). */
async function runNetwork(): Promise<Network> {
  const network = await createNetwork(65);
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

describe('EcsTaskRun verdict (status is not an input)', () => {
  let operator: OperatorProcess | undefined;
  let ns: string;
  let network: Network;

  const custom = () => kubeConfig().makeApiClient(CustomObjectsApi);
  const patchStatus = async (name: string, status: Record<string, unknown> | null): Promise<void> => {
    await custom().patchNamespacedCustomObjectStatus(
      {
        group: 'ecs-bridge.dev',
        version: 'v1alpha1',
        namespace: ns,
        plural: 'ecstaskruns',
        name,
        body: { status },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  };
  const runTaskCalls = async (afterSeq: number): Promise<number> =>
    (await proxyControl().calls({ service: 'ecs', action: 'RunTask', afterSeq })).length;
  const started = async (family: string): Promise<number> =>
    (await proxyControl().taskLifecycles()).tasks.filter((t) => t.family === family).length;

  function run(name: string, family: string): object {
    return {
      apiVersion: API_GROUP_VERSION,
      kind: 'EcsTaskRun',
      metadata: { name },
      spec: {
        cluster: CLUSTER,
        taskDefinition: family,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: [network.subnetIds[0]], securityGroups: [network.securityGroupId] },
        },
      },
    };
  }

  /** Waits until ECS (as the proxy plays it) lists no task of the object any more. */
  async function forgotten(name: string): Promise<void> {
    const obj = await getResource('ecstaskruns', ns, name);
    const startedBy = runStartedBy(String(meta(obj).uid));
    const { ecs } = awsClients('proxy');
    try {
      await waitFor(
        async () => {
          const out = await ecs.send(
            new ListTasksCommand({ cluster: CLUSTER, startedBy, desiredStatus: 'STOPPED' }),
          );
          return (out.taskArns ?? []).length === 0 ? true : undefined;
        },
        { timeoutMs: 20_000, what: `ECS to forget the tasks of ${name}` },
      );
    } finally {
      ecs.destroy();
    }
  }

  /** The metadata fields this test reads that the shared Resource type leaves out. */
  const meta = (r: Resource | undefined): { uid?: string; annotations?: Record<string, string> } =>
    (r?.metadata ?? {}) as { uid?: string; annotations?: Record<string, string> };

  const isComplete = (r: Resource | undefined): boolean =>
    condition(r, 'Complete')?.status === 'True' &&
    condition(r, 'Ready')?.status === 'True' &&
    r?.status?.['succeeded'] === 1;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await proxyControl().reset();
    await proxyControl().configureTaskLifecycles({
      provisioningMs: 200,
      pendingMs: 200,
      runningMs: 1000,
      stoppedRetentionMs: 2000,
    });
    await installCrds();
    await createCluster(CLUSTER);
    network = await runNetwork();
    for (const f of ['done', 'slow']) await registerFargate(f);
    await proxyControl().scriptTaskOutcome({ family: 'slow', runningMs: 600_000 });
    ns = await freshNamespace('verdict');
    // A short resync: a status-only write does not wake a key, the periodic resync visits it.
    operator = await startOperator({
      args: [`--namespaces=${ns}`, `--leader-election-namespace=${ns}`, '--resync-period=2s'],
    });
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('records the verdict in an annotation; a wiped or false status after ECS forgot the task starts nothing and is rewritten', async () => {
    await apply(ns, run('done', 'done'));
    const done = await waitForResource('ecstaskruns', ns, 'done', isComplete, {
      what: 'the run to complete',
      timeoutMs: 60_000,
    });
    const record = JSON.parse(meta(done).annotations?.[RUN_VERDICT_ANNOTATION] ?? '{}') as Record<
      string,
      unknown
    >;
    expect(record).toMatchObject({ verdict: 'Complete', uid: meta(done).uid, succeeded: 1, failed: 0 });
    expect(record['completionTime']).toBe(done.status?.['completionTime']);
    await forgotten('done');

    const mark = await proxyControl().lastSeq();
    await patchStatus('done', null);
    const restored = await waitForResource('ecstaskruns', ns, 'done', isComplete, {
      what: 'the wiped status to be rewritten from the verdict',
      timeoutMs: 30_000,
    });
    expect(restored.status?.['completionTime']).toBe(record['completionTime']);

    await patchStatus('done', {
      succeeded: 0,
      failed: 1,
      conditions: [
        {
          type: 'Complete',
          status: 'False',
          reason: 'Lie',
          message: 'lie',
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
        {
          type: 'Failed',
          status: 'True',
          reason: 'Lie',
          message: 'lie',
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
      ],
    });
    await waitForResource(
      'ecstaskruns',
      ns,
      'done',
      (r) => isComplete(r) && condition(r, 'Failed')?.status === 'False',
      {
        what: 'the false Failed status to be corrected',
        timeoutMs: 30_000,
      },
    );
    expect(await runTaskCalls(mark)).toBe(0);
    expect(await started('done')).toBe(1);
  });

  it('corrects a status that claims Complete for a run still running, and keeps tracking it', async () => {
    await apply(ns, run('slow', 'slow'));
    await waitForResource('ecstaskruns', ns, 'slow', (r) => r?.status?.['active'] === 1, {
      what: 'the run to start its task',
      timeoutMs: 60_000,
    });
    const gen = (await getResource('ecstaskruns', ns, 'slow'))?.metadata.generation;
    const at = '2026-01-01T00:00:00Z';
    await patchStatus('slow', {
      observedGeneration: gen,
      succeeded: 1,
      active: 0,
      completionTime: at,
      conditions: ['Complete', 'Ready'].map((type) => ({
        type,
        status: 'True',
        reason: 'Lie',
        message: 'lie',
        lastTransitionTime: at,
        observedGeneration: gen,
      })),
    });
    const corrected = await waitForResource(
      'ecstaskruns',
      ns,
      'slow',
      (r) =>
        condition(r, 'Complete')?.status === 'False' &&
        condition(r, 'Reconciling')?.status === 'True' &&
        r?.status?.['active'] === 1,
      { what: 'the false Complete status to be corrected from ECS', timeoutMs: 30_000 },
    );
    expect(corrected.status?.['completionTime']).toBeUndefined();
    expect(corrected.status?.['succeeded']).toBe(0);
    expect(meta(corrected).annotations?.[RUN_VERDICT_ANNOTATION]).toBeUndefined();
    expect(await started('slow')).toBe(1);
    // Still tracked: deleting it stops its task, which a run taken for finished would not do.
    await custom().deleteNamespacedCustomObject({
      group: 'ecs-bridge.dev',
      version: 'v1alpha1',
      namespace: ns,
      plural: 'ecstaskruns',
      name: 'slow',
    });
    await waitFor(
      async () =>
        (await proxyControl().taskLifecycles()).tasks.some(
          (t) => t.family === 'slow' && t.lastStatus === 'STOPPED',
        )
          ? true
          : undefined,
      { timeoutMs: 30_000, what: 'the deleted run to stop its task' },
    );
  });
});
