/**
 * Garbage collection never deregisters a revision an EcsService still runs: with
 * `revisionHistoryLimit: 0`, the previous revision stays ACTIVE while a held rollout keeps tasks on
 * it, and is collected once the rollout completes. What a service runs comes from ECS, not its
 * status (ADR 0031): a status that keeps claiming the old revision is gone does not free it, and
 * one that keeps claiming it still runs does not keep it.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../world/wait.js';
import { createCluster, createNetwork, type Network } from '../support/aws-fixtures.js';
import { installCrds } from '../support/crds.js';
import { apply, condition, waitForReady, waitForResource } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import {
  familyCalls,
  fargateSpec,
  reconcileTotal,
  registrations,
  revisionOf,
  revisionsInMoto,
  taskDefinition,
} from '../support/task-definitions.js';
import { freshNamespace, kubeConfig, proxyControl, worldControl } from '../support/world-client.js';

const CLUSTER = 'td-in-use';

describe('EcsTaskDefinition garbage collection and the services that run its revisions', () => {
  let operator: OperatorProcess;
  let ns: string;
  let network: Network;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    network = await createNetwork(21);
    await createCluster(CLUSTER);
    ns = await freshNamespace('td-in-use');
    operator = await startOperator({
      args: [`--namespaces=${ns}`, `--leader-election-namespace=${ns}`, '--resync-period=2s'],
    });
  });

  /**
   * Writes `status` into the service's status again and again (the operator rewrites it on each
   * visit) until the returned stop is called: a user with status rights who keeps lying.
   */
  function keepLying(status: Record<string, unknown>): () => Promise<void> {
    const api = kubeConfig().makeApiClient(CustomObjectsApi);
    let lying = true;
    const loop = (async () => {
      while (lying) {
        await api.patchNamespacedCustomObjectStatus(
          {
            group: 'ecs-bridge.dev',
            version: 'v1alpha1',
            namespace: ns,
            plural: 'ecsservices',
            name: 'svc',
            body: { status },
          },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        );
        await delay(100);
      }
    })();
    return async () => {
      lying = false;
      await loop;
    };
  }

  afterAll(async () => {
    await proxyControl().releaseRollouts();
    await operator?.stop();
  });

  it('keeps the revision a rollout still runs, and collects it after the rollout', async () => {
    const td = (image: string) => taskDefinition('inuse', fargateSpec(image, { revisionHistoryLimit: 0 }));
    await apply(ns, td('httpd:2.4'), {
      apiVersion: 'ecs-bridge.dev/v1alpha1',
      kind: 'EcsService',
      metadata: { name: 'svc' },
      spec: {
        cluster: CLUSTER,
        taskDefinitionRef: { name: 'inuse' },
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: [...network.subnetIds],
            securityGroups: [network.securityGroupId],
          },
        },
      },
    });
    await waitForReady('ecstaskdefinitions', ns, 'inuse');
    await waitForReady('ecsservices', ns, 'svc', 90_000);
    const [first] = await revisionsInMoto('inuse');

    await proxyControl().holdRollouts({ serviceName: 'svc', cluster: CLUSTER });
    await apply(ns, td('httpd:2.4.62'));
    // The service moves to revision 2; its rollout is held with tasks still on revision 1.
    await waitForResource(
      'ecsservices',
      ns,
      'svc',
      (r) => {
        const deployments = (r.status?.['deployments'] ?? []) as { taskDefinition?: string }[];
        return (
          revisionOf(String(r.status?.['taskDefinitionArn'])) === 2 &&
          deployments.some((d) => d.taskDefinition === first)
        );
      },
      { what: 'to roll out revision 2 with revision 1 still running', timeoutMs: 90_000 },
    );
    const second = ((
      await waitForResource('ecsservices', ns, 'svc', (r) => r.status?.['taskDefinitionArn'] !== undefined)
    ).status ?? {})['taskDefinitionArn'];
    // The lie: only revision 2 runs. ECS says revision 1 still does.
    const stopLying = keepLying({
      taskDefinitionArn: second,
      deployments: [{ id: 'ecs-svc/lie', status: 'PRIMARY', taskDefinition: second }],
    });
    const reconciles = await reconcileTotal(operator);
    await waitFor(
      async () =>
        (await reconcileTotal(operator, 'ecstaskdefinition')) >= reconciles + 3 ? true : undefined,
      {
        timeoutMs: 30_000,
        intervalMs: 250,
        what: '3 more task definition reconciles',
      },
    );
    await stopLying();
    expect((await revisionsInMoto('inuse')).map(revisionOf)).toEqual([1, 2]);
    expect(await familyCalls('inuse', { action: 'DeregisterTaskDefinition' })).toEqual([]);

    await proxyControl().releaseRollouts({ serviceName: 'svc', cluster: CLUSTER });
    await waitForResource(
      'ecsservices',
      ns,
      'svc',
      (r) => {
        const deployments = (r.status?.['deployments'] ?? []) as { taskDefinition?: string }[];
        return (
          condition(r, 'Ready')?.status === 'True' && deployments.every((d) => d.taskDefinition !== first)
        );
      },
      { what: 'to finish the rollout', timeoutMs: 90_000 },
    );
    // The opposite lie: revision 1 still runs. ECS says it does not.
    const stopClaiming = keepLying({
      deployments: [{ id: 'ecs-svc/lie', status: 'ACTIVE', taskDefinition: first }],
    });
    try {
      await waitFor(
        async () => ((await revisionsInMoto('inuse')).map(revisionOf).join() === '2' ? true : undefined),
        { timeoutMs: 30_000, intervalMs: 250, what: 'revision 1 to be collected' },
      );
    } finally {
      await stopClaiming();
    }
    expect(await registrations('inuse')).toBe(2);
  });
});
