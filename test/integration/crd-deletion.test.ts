/**
 * Deleting the EcsService CRD by accident, with the operator running. The API server then deletes
 * every EcsService in the cluster, and the operator finalizes each one as if a user had deleted it:
 * it applies the object's deletionPolicy, or, when the object sets none, the installation's
 * default. With `--default-deletion-policy=Retain` (docs/install.md recommends it for production)
 * the ECS services of objects without a policy of their own keep running; an object that asked for
 * `Delete` still has its service deleted. This is what docs/install.md documents.
 *
 * The CRD is put back afterwards, for the files that run after this one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from '../support/aws-fixtures.js';
import { installCrds, kubectl } from '../support/crds.js';
import { apply, waitForReady } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import {
  ec2ServiceManifest,
  keepOperatorLog,
  registerEc2TaskDefinition,
  serviceInMoto,
  startServiceOperator,
} from '../support/service-fixtures.js';
import { freshNamespace, worldControl } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';

const CLUSTER = 'crd-deletion';
const CRD = 'ecsservices.ecs-bridge.dev';

/** Whether the CRD still exists (it may be Terminating). */
async function crdExists(): Promise<boolean> {
  const out = await kubectl(['get', 'crd', '--ignore-not-found', '-o', 'name']);
  return out.split('\n').includes(`customresourcedefinition.apiextensions.k8s.io/${CRD}`);
}

describe('deleting the EcsService CRD with the operator running, default deletion policy Retain', () => {
  let operator: OperatorProcess | undefined;
  let namespace: string;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    await createCluster(CLUSTER);
    await registerEc2TaskDefinition('app', 'app:1');
    namespace = await freshNamespace('crd-del');
    operator = await startServiceOperator(namespace, { extraArgs: ['--default-deletion-policy=Retain'] });
  });

  afterAll(async () => {
    await operator?.stop();
    keepOperatorLog(operator, 'crd-deletion');
    // Objects left by other files' stopped operators would hold a terminating CRD forever: release
    // them, let the CRD go, and install it again.
    if (await crdExists()) {
      const left = await kubectl([
        'get',
        'ecssvc',
        '-A',
        '-o',
        'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}',
      ]).catch(() => '');
      for (const line of left.split('\n').filter((l) => l !== '')) {
        const [ns = '', name = ''] = line.split('/');
        await kubectl([
          'patch',
          '-n',
          ns,
          'ecssvc',
          name,
          '--type=merge',
          '-p',
          '{"metadata":{"finalizers":null}}',
        ]).catch(() => undefined);
      }
      await waitFor(async () => ((await crdExists()) ? undefined : true), {
        timeoutMs: 60_000,
        what: `CRD ${CRD} to be gone`,
      });
    }
    await installCrds();
  }, 180_000);

  it('keeps the ECS services of objects without a policy of their own, and deletes those that asked for Delete', async () => {
    await apply(
      namespace,
      ec2ServiceManifest('by-default', { cluster: CLUSTER, taskDefinition: 'app:1' }),
      ec2ServiceManifest('asked-delete', {
        cluster: CLUSTER,
        taskDefinition: 'app:1',
        deletionPolicy: 'Delete',
      }),
    );
    await waitForReady('ecsservices', namespace, 'by-default');
    await waitForReady('ecsservices', namespace, 'asked-delete');
    expect((await serviceInMoto(CLUSTER, 'by-default')).status).toBe('ACTIVE');

    await kubectl(['delete', 'crd', CRD, '--wait=false']);
    // The API server deletes every EcsService; the operator finalizes ours, and both leave.
    await waitFor(
      async () => {
        const out = await kubectl(['get', 'ecssvc', '-n', namespace, '-o', 'name']).catch(() => '');
        return out.trim() === '' ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500, what: 'the EcsServices of the namespace to be gone' },
    );

    const kept = await serviceInMoto(CLUSTER, 'by-default');
    expect(kept.status).toBe('ACTIVE');
    expect(kept.desiredCount).toBe(1);
    const deleted = await waitFor(
      async () => {
        const svc = await serviceInMoto(CLUSTER, 'asked-delete');
        return svc.status === 'INACTIVE' ? svc : undefined;
      },
      { timeoutMs: 60_000, what: 'the service that asked for Delete to be INACTIVE' },
    );
    expect(deleted.status).toBe('INACTIVE');
  }, 300_000);
});
