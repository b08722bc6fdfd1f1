/**
 * EcsService.spec.clusterRef under `ecs-bridge run`: a service created against an EcsCluster that
 * does not exist yet waits with a condition, then runs in the cluster the EcsCluster creates; the
 * cluster's deletion then waits for that service, and finishes once the service is deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_GROUP_VERSION } from '../../src/resources/api-group.js';
import { installCrds, kubectl } from '../support/crds.js';
import {
  apply,
  condition,
  getResource,
  waitForGone,
  waitForReady,
  waitForResource,
} from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { registerEc2TaskDefinition, serviceInMoto } from '../support/service-fixtures.js';
import { freshNamespace, worldControl } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';

describe('EcsService.spec.clusterRef', () => {
  let operator: OperatorProcess;
  let ns: string;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    await registerEc2TaskDefinition('refapp', 'refapp:1');
    ns = await freshNamespace('cl-ref');
    operator = await startOperator({
      args: [`--namespaces=${ns}`, `--leader-election-namespace=${ns}`, '--resync-period=2s'],
    });
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('waits for the EcsCluster, then runs in its cluster; the cluster is deleted only after the service', async () => {
    const clusterName = `ref-${ns}`;
    await apply(ns, {
      apiVersion: API_GROUP_VERSION,
      kind: 'EcsService',
      metadata: { name: 'web' },
      spec: { clusterRef: { name: 'env' }, taskDefinition: 'refapp:1', desiredCount: 1, launchType: 'EC2' },
    });
    const waiting = await waitForResource(
      'ecsservices',
      ns,
      'web',
      (r) => condition(r, 'Ready')?.reason === 'ClusterNotReady',
      { what: 'to wait for its cluster' },
    );
    // The service kind reports a dependency it waits for as Ready=Unknown (as for TaskDefinitionNotReady).
    expect(condition(waiting, 'Ready')?.status).toBe('Unknown');
    expect(condition(waiting, 'Ready')?.message).toContain(
      `EcsCluster env does not exist in namespace ${ns}`,
    );

    await apply(ns, {
      apiVersion: API_GROUP_VERSION,
      kind: 'EcsCluster',
      metadata: { name: 'env' },
      spec: { clusterName },
    });
    await waitForReady('ecsclusters', ns, 'env');
    const ready = await waitForReady('ecsservices', ns, 'web', 90_000);
    expect(String(ready.status?.['cluster'])).toContain(`cluster/${clusterName}`);
    expect((await serviceInMoto(clusterName, 'web')).status).toBe('ACTIVE');
    // The cluster's status lists the services ecs-bridge runs in it.
    await waitForResource(
      'ecsclusters',
      ns,
      'env',
      (r) => JSON.stringify(r.status?.['services']) === JSON.stringify([`${ns}/web`]),
      {
        what: 'to list web in status.services',
      },
    );

    await kubectl(['delete', 'ecscluster', '-n', ns, 'env', '--wait=false']);
    await waitFor(
      async () =>
        condition(await getResource('ecsclusters', ns, 'env'), 'Stalled')?.message?.includes('services web')
          ? true
          : undefined,
      { timeoutMs: 30_000, intervalMs: 250, what: 'the cluster deletion to wait for web' },
    );
    await kubectl(['delete', 'ecsservice', '-n', ns, 'web', '--wait=false']);
    await waitForGone('ecsservices', ns, 'web', 90_000);
    await waitForGone('ecsclusters', ns, 'env', 90_000);
  });
});
