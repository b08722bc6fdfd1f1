/**
 * managementPolicy Observe against the real API server and the emulator, with the operator running
 * as users run it (ADR 0018). A service and a task definition family made outside ecs-bridge are
 * observed: the service matches and is Ready; then both drift (changed in moto directly, as the
 * console or Terraform would) and the drift shows in status (the task definition's field by field,
 * its revision's content read once however many resyncs pass), while the proxy's call log shows not
 * one AWS write. Switching to Manage then corrects both.
 */
import { CreateServiceCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsAfter, isReadAction, proxyMark } from '../support/cli.js';
import { apply, condition, getResource, waitForReady, waitForResource } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import {
  ec2ServiceManifest,
  inMoto,
  serviceInMoto,
  startServiceOperator,
} from '../support/service-fixtures.js';
import { serviceAws, stopServiceOperator } from '../support/service-world.js';
import { familyCalls, revisionsInMoto, taskDefinition } from '../support/task-definitions.js';
import { freshNamespace, proxyControl } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';

const CLUSTER = 'observe-only';

/** The content registerEc2TaskDefinition registers, with another image. */
function ec2Spec(image: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    requiresCompatibilities: ['EC2'],
    networkMode: 'bridge',
    containerDefinitions: [{ name: 'obs-app', image, memory: 128 }],
    ...extra,
  };
}

describe('managementPolicy Observe: drift reported, zero AWS writes, then Manage corrects it', () => {
  let operator: OperatorProcess | undefined;
  let namespace: string;

  beforeAll(async () => {
    const [arn] = await serviceAws({ clusters: [CLUSTER], taskDefinitions: [['obs-app', 'obs-app:1']] });
    await inMoto((ecs) =>
      ecs.send(
        new CreateServiceCommand({
          cluster: CLUSTER,
          serviceName: 'obs-svc',
          taskDefinition: arn,
          desiredCount: 1,
          launchType: 'EC2',
        }),
      ),
    );
    namespace = await freshNamespace('observe');
    // A short resync: drift made in AWS is seen on the next periodic read, as in production.
    operator = await startServiceOperator(namespace, { resyncPeriod: '3s' });
  });

  afterAll(async () => {
    await stopServiceOperator(operator, 'observe-only');
  });

  it('observes, reports drift with no write, and corrects it once managed', async () => {
    const mark = await proxyMark();
    await apply(
      namespace,
      ec2ServiceManifest('obs-svc', {
        cluster: CLUSTER,
        taskDefinition: 'obs-app:1',
        managementPolicy: 'Observe',
      }),
      // A spec no revision of the family carries: drift from the start.
      taskDefinition('obs-app', ec2Spec('obs-app:2', { memory: '512', managementPolicy: 'Observe' })),
    );
    const svc = await waitForReady('ecsservices', namespace, 'obs-svc');
    expect(condition(svc, 'Ready')?.reason).toBe('InSync');
    expect(condition(svc, 'Drifted')?.status).toBe('False');

    const td = await waitForResource(
      'ecstaskdefinitions',
      namespace,
      'obs-app',
      (r) => condition(r, 'Drifted')?.status === 'True',
    );
    // Field by field against the family's newest revision, as `ecs-bridge plan` shows it.
    expect((td.status as { drift?: unknown }).drift).toEqual({
      fields: ['containerDefinitions', 'memory'],
      changes: [
        { path: 'containerDefinitions[obs-app].image', observed: '"obs-app:1"', desired: '"obs-app:2"' },
        { path: 'memory', desired: '"512"' },
      ],
    });
    expect(condition(td, 'Drifted')?.message).toContain(
      'differs from the spec in containerDefinitions, memory',
    );
    expect(condition(td, 'Ready')?.reason).toBe('Drifted');

    // Someone scales the service in the console.
    await inMoto((ecs) =>
      ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'obs-svc', desiredCount: 3 })),
    );
    const drifted = await waitForResource(
      'ecsservices',
      namespace,
      'obs-svc',
      (r) => condition(r, 'Drifted')?.status === 'True',
    );
    expect((drifted.status as { drift?: unknown }).drift).toEqual({
      fields: ['desiredCount'],
      changes: [{ path: 'desiredCount', observed: '3', desired: '1' }],
    });
    expect(condition(drifted, 'Drifted')?.message).toContain('differs from the spec in desiredCount');

    // Several resyncs later, the revision's content was still read once for the drift (one more
    // describe is the observe's own, for its tags): a revision never changes.
    await waitFor(
      async () =>
        // ACTIVE revisions are listed once per resync for the whole Region (ADR 0029), not per family.
        (await proxyControl().calls({ service: 'ecs', action: 'ListTaskDefinitions', afterSeq: mark }))
          .length >= 4
          ? true
          : undefined,
      { timeoutMs: 60_000, what: 'three resyncs of the observed task definition' },
    );
    const describes = await familyCalls('obs-app', { action: 'DescribeTaskDefinition', afterSeq: mark });
    expect(describes.length).toBeGreaterThanOrEqual(1);
    expect(describes.length).toBeLessThanOrEqual(2);

    const writes = (await callsAfter(mark)).filter((c) => !isReadAction(c.action));
    expect(writes.map((c) => `${c.service} ${c.action}`)).toEqual([]);
    expect((await serviceInMoto(CLUSTER, 'obs-svc')).desiredCount).toBe(3);
    expect(await revisionsInMoto('obs-app')).toHaveLength(1);

    // Manage: the service (untagged, so adopted) goes back to the spec, the family gets its revision.
    await apply(
      namespace,
      ec2ServiceManifest('obs-svc', {
        cluster: CLUSTER,
        taskDefinition: 'obs-app:1',
        managementPolicy: 'Manage',
        adopt: true,
      }),
      taskDefinition('obs-app', ec2Spec('obs-app:2', { managementPolicy: 'Manage' })),
    );
    await waitFor(
      async () => ((await serviceInMoto(CLUSTER, 'obs-svc')).desiredCount === 1 ? true : undefined),
      { timeoutMs: 60_000, what: 'the managed service to be scaled back to the spec' },
    );
    const managed = await waitForResource(
      'ecsservices',
      namespace,
      'obs-svc',
      (r) => condition(r, 'Drifted') === undefined && condition(r, 'Ready')?.status === 'True',
    );
    expect((managed.status as { drift?: unknown }).drift).toBeUndefined();
    await waitForReady('ecstaskdefinitions', namespace, 'obs-app');
    expect(await revisionsInMoto('obs-app')).toHaveLength(2);
    const tdManaged = await getResource('ecstaskdefinitions', namespace, 'obs-app');
    expect(condition(tdManaged, 'Drifted')).toBeUndefined();
  }, 240_000);
});
