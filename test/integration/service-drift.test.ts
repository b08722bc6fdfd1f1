/**
 * What ecs-bridge does about ECS services it did not just write: drift made straight in the
 * emulator is reverted at the next resync; an existing service without our owner tag is a Conflict
 * with no write until the spec asks for adoption; an immutable change is refused by the API server
 * with the CRD's message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateServiceCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { apply, condition, getResource, waitForReady, waitForResource } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import {
  callMark,
  callsFor,
  describedAgain,
  paramsOf,
  serviceInMoto,
  SERVICE_WRITES,
} from '../support/service-fixtures.js';
import { serviceWorld, stopServiceOperator } from '../support/service-world.js';
import { awsClients, proxyControl } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';
import { TAG_KEYS } from '../../src/resources/api-group.js';

const CLUSTER = 'drift';

/** An EC2 service on `family:1` (registered straight in moto), no network configuration needed. */
function ec2Service(name: string, extra: Record<string, unknown> = {}): object {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsService',
    metadata: { name },
    spec: {
      cluster: CLUSTER,
      taskDefinition: 'worker:1',
      desiredCount: 2,
      launchType: 'EC2',
      healthCheckGracePeriodSeconds: 15,
      tags: [{ key: 'team', value: 'platform' }],
      ...extra,
    },
  };
}

describe('drift, adoption and immutable fields under ecs-bridge run', () => {
  let operator: OperatorProcess | undefined;
  let namespace: string;
  let revision1: string;
  let revision2: string;

  beforeAll(async () => {
    ({
      namespace,
      operator,
      taskDefinitionArns: [revision1, revision2],
    } = await serviceWorld({
      clusters: [CLUSTER],
      taskDefinitions: [
        ['worker', 'worker:1'],
        ['worker', 'worker:2'],
      ],
      namespace: 'svc-drift',
      resyncPeriod: '2s',
    }));
  });

  afterAll(async () => {
    await stopServiceOperator(operator, 'service-drift');
  });

  it('reverts desiredCount and taskDefinition changed straight in ECS at the next resync', async () => {
    await apply(namespace, ec2Service('drifty'));
    await waitForReady('ecsservices', namespace, 'drifty');
    const before = await serviceInMoto(CLUSTER, 'drifty');
    expect(before.desiredCount).toBe(2);
    expect(before.taskDefinition).toBe(revision1);

    const mark = await callMark();
    const moto = awsClients('moto').ecs;
    await moto.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'drifty', desiredCount: 5 }));
    await moto.send(
      new UpdateServiceCommand({ cluster: CLUSTER, service: 'drifty', taskDefinition: revision2 }),
    );
    moto.destroy();

    await waitFor(
      async () => {
        const svc = await serviceInMoto(CLUSTER, 'drifty');
        return svc.desiredCount === 2 && /(^|\/)worker:1$/.test(svc.taskDefinition ?? '') ? svc : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'the drift to be reverted in moto' },
    );
    // The fix is one UpdateService of exactly the drifted fields (the grace period and tags, which
    // did not drift, are not sent again).
    const updates = (await callsFor('UpdateService', 'drifty', mark)).map(paramsOf);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    for (const u of updates) {
      expect(
        Object.keys(u).filter((k) => !['cluster', 'service', 'desiredCount', 'taskDefinition'].includes(k)),
      ).toEqual([]);
    }
    expect(updates.some((u) => u.desiredCount === 2)).toBe(true);
    expect(updates.some((u) => String(u.taskDefinition).endsWith('worker:1'))).toBe(true);
    expect(await callsFor('TagResource', 'drifty', mark)).toEqual([]);
    expect(await callsFor('CreateService', 'drifty', mark)).toEqual([]);
    await waitForReady('ecsservices', namespace, 'drifty');
  });

  it('leaves an existing service without our owner tag alone (Conflict, no write) until spec.adopt is set', async () => {
    const moto = awsClients('moto').ecs;
    await moto.send(
      new CreateServiceCommand({
        cluster: CLUSTER,
        serviceName: 'legacy',
        taskDefinition: revision2,
        desiredCount: 1,
        launchType: 'EC2',
        tags: [{ key: 'team', value: 'legacy' }],
      }),
    );
    moto.destroy();
    const mark = await callMark();

    await apply(namespace, ec2Service('legacy'));
    const conflicted = await waitForResource(
      'ecsservices',
      namespace,
      'legacy',
      (r) => condition(r, 'Ready')?.status === 'False' && condition(r, 'Ready')?.reason === 'Conflict',
      { what: 'to be Ready=False with reason Conflict' },
    );
    expect(condition(conflicted, 'Ready')?.message).toContain('spec.adopt');
    // Two resyncs later (the period is 2 s), still nothing written to it.
    await describedAgain('legacy', await callMark(), 2);
    for (const action of SERVICE_WRITES) {
      expect(await callsFor(action, 'legacy', mark), `${action} for legacy`).toEqual([]);
    }
    const untouched = await serviceInMoto(CLUSTER, 'legacy');
    expect(untouched.desiredCount).toBe(1);
    expect(untouched.taskDefinition).toBe(revision2);
    expect(untouched.tags?.map((t) => t.key)).toEqual(['team']);

    await apply(namespace, ec2Service('legacy', { adopt: true }));
    await waitForReady('ecsservices', namespace, 'legacy');
    const adopted = await serviceInMoto(CLUSTER, 'legacy');
    const tags = Object.fromEntries((adopted.tags ?? []).map((t) => [t.key, t.value]));
    expect(tags[TAG_KEYS.owner]).toBe(`${namespace}/legacy`);
    expect(tags[TAG_KEYS.instance]).toBe('default');
    expect(tags.team).toBe('platform');
    expect(adopted.desiredCount).toBe(2);
    // moto echoes the form UpdateService was given (family:revision here).
    expect(adopted.taskDefinition).toMatch(/(^|\/)worker:1$/);
    // Adopted, not re-created: moto would silently replace on a second create.
    expect(await callsFor('CreateService', 'legacy', mark)).toEqual([]);
    // Ownership first: the owner tags went on before the configuration was changed.
    const writes = (await proxyControl().calls({ service: 'ecs', afterSeq: mark })).filter(
      (c) => c.action === 'TagResource' || c.action === 'UpdateService',
    );
    expect(writes[0]?.action).toBe('TagResource');
  });

  it('refuses a change of spec.cluster or spec.launchType at the API server with the CRD message', async () => {
    await apply(namespace, ec2Service('pinned'));
    await waitForReady('ecsservices', namespace, 'pinned');
    const generation = (await getResource('ecsservices', namespace, 'pinned'))?.metadata.generation;
    const moved = ec2Service('pinned', { cluster: 'elsewhere' });
    await expect(apply(namespace, moved)).rejects.toThrow(
      /spec\.cluster is immutable: ECS cannot move a service to another cluster/,
    );
    await expect(apply(namespace, ec2Service('pinned', { launchType: 'FARGATE' }))).rejects.toThrow(
      /spec\.launchType cannot change from one launch type to another/,
    );
    const after = await getResource('ecsservices', namespace, 'pinned');
    expect(after?.spec.cluster).toBe(CLUSTER);
    expect(after?.metadata.generation).toBe(generation);
  });
});
