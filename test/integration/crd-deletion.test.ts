/**
 * Deleting the CRDs by accident, with the operator running and the default deletion policy
 * (`Delete`). The API server then deletes every EcsService and EcsTaskDefinition in the cluster;
 * the operator's finalizers read the CRD (cached), see it is being deleted, and release each object
 * without a single AWS call, whatever its deletionPolicy says: the ECS services keep running and the
 * task definition revisions stay ACTIVE (docs/adr/0013-deletion-safety-defaults.md, docs/install.md).
 *
 * The CRDs are put back afterwards, for the files that run after this one.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsAfter, isReadAction, proxyMark } from '../support/cli.js';
import { installCrds, kubectl } from '../support/crds.js';
import { apply, waitForReady } from '../support/manifests.js';
import { QUICK_POLLS, type OperatorProcess } from '../support/operator.js';
import { ec2ServiceManifest, serviceInMoto } from '../support/service-fixtures.js';
import { serviceWorld, stopServiceOperator } from '../support/service-world.js';
import { fargateSpec, revisionsInMoto, taskDefinition } from '../support/task-definitions.js';
import { waitFor } from '../world/wait.js';

const CLUSTER = 'crd-deletion';
const CRDS = [
  { name: 'ecsservices.ecs-bridge.dev', short: 'ecssvc' },
  { name: 'ecstaskdefinitions.ecs-bridge.dev', short: 'ecstaskdefinitions' },
] as const;

/** The names of our CRDs that still exist (they may be Terminating). */
async function existingCrds(): Promise<string[]> {
  const out = await kubectl(['get', 'crd', '--ignore-not-found', '-o', 'name']);
  return CRDS.filter((c) =>
    out.split('\n').includes(`customresourcedefinition.apiextensions.k8s.io/${c.name}`),
  ).map((c) => c.name);
}

describe('deleting the CRDs with the operator running, default deletion policy Delete', () => {
  let operator: OperatorProcess | undefined;
  let namespace: string;

  beforeAll(async () => {
    ({ namespace, operator } = await serviceWorld({
      clusters: [CLUSTER],
      taskDefinitions: [['app', 'app:1']],
      namespace: 'crd-del',
      extraArgs: QUICK_POLLS,
    }));
  });

  afterAll(async () => {
    await stopServiceOperator(operator, 'crd-deletion');
    // Objects left by other files' stopped operators would hold a terminating CRD forever: release
    // them, let the CRDs go, and install them again.
    if ((await existingCrds()).length > 0) {
      for (const crd of CRDS) {
        const left = await kubectl([
          'get',
          crd.short,
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
            crd.short,
            name,
            '--type=merge',
            '-p',
            '{"metadata":{"finalizers":null}}',
          ]).catch(() => undefined);
        }
      }
      await waitFor(async () => ((await existingCrds()).length === 0 ? true : undefined), {
        timeoutMs: 60_000,
        what: 'our CRDs to be gone',
      });
    }
    await installCrds();
  }, 180_000);

  it('releases every object without an AWS write: services keep running, revisions stay ACTIVE', async () => {
    await apply(
      namespace,
      taskDefinition('crd-td', fargateSpec('nginx:1.27')),
      ec2ServiceManifest('by-default', { cluster: CLUSTER, taskDefinition: 'app:1' }),
      ec2ServiceManifest('asked-delete', {
        cluster: CLUSTER,
        taskDefinition: 'app:1',
        deletionPolicy: 'Delete',
      }),
    );
    await waitForReady('ecstaskdefinitions', namespace, 'crd-td');
    await waitForReady('ecsservices', namespace, 'by-default');
    await waitForReady('ecsservices', namespace, 'asked-delete');
    const mark = await proxyMark();

    for (const crd of CRDS) await kubectl(['delete', 'crd', crd.name, '--wait=false']);
    // The API server deletes every object of both kinds; the operator releases ours and they leave.
    // (The CRDs themselves may wait on objects other files' stopped operators left: afterAll.)
    await waitFor(
      async () => {
        const out = await kubectl(['get', 'ecssvc,ecstaskdefinitions', '-n', namespace, '-o', 'name']).catch(
          () => '',
        );
        return out.trim() === '' ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500, what: 'the objects of the namespace to be gone' },
    );

    const writes = (await callsAfter(mark)).filter((c) => !isReadAction(c.action));
    expect(writes.map((c) => `${c.service} ${c.action}`)).toEqual([]);
    for (const name of ['by-default', 'asked-delete']) {
      const svc = await serviceInMoto(CLUSTER, name);
      expect(svc.status, name).toBe('ACTIVE');
      expect(svc.desiredCount, name).toBe(1);
    }
    expect(await revisionsInMoto('crd-td')).toHaveLength(1);
    expect(await revisionsInMoto('crd-td', 'INACTIVE')).toEqual([]);
    const log = readFileSync(operator?.logPath ?? '', 'utf8');
    expect(log).toContain('releasing ecs service without aws writes');
    expect(log).toContain('releasing task definition without aws writes');
  }, 300_000);
});
