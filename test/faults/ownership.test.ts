/**
 * Scenario 7, ownership: two objects naming one ECS service (the second is a Conflict and writes
 * nothing); an ECS service and a task definition revision made without our tags are never modified
 * or deleted, even when objects pointing at them are deleted with deletionPolicy Delete; and two
 * operator instances never touch each other's services.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateServiceCommand } from '@aws-sdk/client-ecs';
import { TAG_KEYS } from '../../src/resources/api-group.js';
import { waitFor } from '../world/wait.js';
import { createCluster } from '../support/aws-fixtures.js';
import { installCrds, kubectl } from '../support/crds.js';
import { apply, condition, getResource, waitForGone, waitForReady } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import {
  ec2ServiceManifest,
  keepOperatorLog,
  registerEc2TaskDefinition,
  serviceInMoto,
} from '../support/service-fixtures.js';
import { describeInMoto as revisionInMoto, registerForeignRevision } from '../support/task-definitions.js';
import { awsClients, freshNamespace, worldControl } from '../support/world-client.js';
import { writeFigures } from './figures.js';
import { awsWritesAfter, lastSeq } from './fault-support.js';

const CLUSTER = 'faults-ownership';
const BASE = 'faults-own-base';

/** Waits for Stalled=True reason Conflict on an EcsService. */
async function waitForConflict(namespace: string, name: string): Promise<string> {
  return waitFor(
    async () => {
      const stalled = condition(await getResource('ecsservices', namespace, name), 'Stalled');
      return stalled?.status === 'True' && stalled.reason === 'Conflict' ? stalled.message : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: `${namespace}/${name} to report Conflict` },
  );
}

function mentions(writes: readonly string[], text: string): string[] {
  return writes.filter((w) => w.includes(text));
}

describe('ownership (scenario 7)', () => {
  let alpha: OperatorProcess;
  let beta: OperatorProcess;
  let nsA: string;
  let nsB: string;
  let nsC: string;
  let base: string;
  const figures = { conflicts: 0, foreignTouched: 0, crossInstanceWrites: 0, deletes: 0 };

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    await createCluster(CLUSTER);
    base = await registerEc2TaskDefinition(BASE, 'busybox:1');
    nsA = await freshNamespace('faults-own-a');
    nsB = await freshNamespace('faults-own-b');
    nsC = await freshNamespace('faults-own-c');
    alpha = await startOperator({
      name: 'alpha',
      args: [`--namespaces=${nsA},${nsB}`, '--instance-id=alpha', '--log-level=debug'],
    });
    beta = await startOperator({
      name: 'beta',
      args: [`--namespaces=${nsC}`, '--instance-id=beta', '--log-level=debug'],
    });
  });

  afterAll(async () => {
    keepOperatorLog(alpha, 'faults-ownership-alpha');
    keepOperatorLog(beta, 'faults-ownership-beta');
    await Promise.all([alpha?.stop(), beta?.stop()]);
  });

  it('the second object naming the same ECS service gets Conflict and writes nothing', async () => {
    const spec = {
      cluster: CLUSTER,
      taskDefinition: `${BASE}:1`,
      serviceName: 'shared-svc',
      desiredCount: 0,
    };
    await apply(nsA, ec2ServiceManifest('first', spec));
    await waitForReady('ecsservices', nsA, 'first', 90_000);
    const mark = await lastSeq();
    await apply(nsB, ec2ServiceManifest('second', { ...spec, desiredCount: 3 }));
    const message = await waitForConflict(nsB, 'second');
    expect(message).toContain('shared-svc');
    figures.conflicts++;
    expect(await awsWritesAfter(mark)).toEqual([]);
    expect((await serviceInMoto(CLUSTER, 'shared-svc')).desiredCount).toBe(0);
    // Deleting the loser (Delete policy) must not delete the winner's service.
    await kubectl(['delete', '-n', nsB, 'ecsservice/second', '--wait=false']);
    await waitForGone('ecsservices', nsB, 'second');
    figures.deletes++;
    expect(await awsWritesAfter(mark)).toEqual([]);
    expect((await serviceInMoto(CLUSTER, 'shared-svc')).status).toBe('ACTIVE');
  });

  it('never modifies or deletes a foreign ECS service or task definition revision', async () => {
    const foreignRevision = await registerForeignRevision('faults-foreign');
    const { ecs } = awsClients('moto');
    await ecs.send(
      new CreateServiceCommand({
        cluster: CLUSTER,
        serviceName: 'foreign-svc',
        taskDefinition: base,
        desiredCount: 2,
        launchType: 'EC2',
        tags: [{ key: 'team', value: 'someone-else' }],
      }),
    );
    ecs.destroy();
    const before = await serviceInMoto(CLUSTER, 'foreign-svc');
    const mark = await lastSeq();
    await apply(
      nsA,
      ec2ServiceManifest('points-at-foreign', {
        cluster: CLUSTER,
        taskDefinition: `${BASE}:1`,
        serviceName: 'foreign-svc',
        desiredCount: 5,
        deletionPolicy: 'Delete',
      }),
      {
        apiVersion: 'ecs-bridge.dev/v1alpha1',
        kind: 'EcsTaskDefinition',
        metadata: { name: 'foreign-family' },
        spec: {
          family: 'faults-foreign',
          deletionPolicy: 'Delete',
          revisionHistoryLimit: 0,
          containerDefinitions: [{ name: 'app', image: 'busybox:1', memory: 64 }],
        },
      },
    );
    await waitForConflict(nsA, 'points-at-foreign');
    figures.conflicts++;
    await waitForReady('ecstaskdefinitions', nsA, 'foreign-family');
    await kubectl([
      'delete',
      '-n',
      nsA,
      'ecsservice/points-at-foreign',
      'ecstaskdefinition/foreign-family',
      '--wait=false',
    ]);
    await waitForGone('ecsservices', nsA, 'points-at-foreign');
    await waitForGone('ecstaskdefinitions', nsA, 'foreign-family');
    figures.deletes += 2;
    const writes = await awsWritesAfter(mark);
    const touched = [...mentions(writes, 'foreign-svc'), ...mentions(writes, foreignRevision)];
    figures.foreignTouched += touched.length;
    // The Delete policy did run (our own revision of the family went), and spared the foreign one.
    expect(writes.some((w) => /^(DeregisterTaskDefinition|DeleteTaskDefinitions) /.test(w))).toBe(true);
    expect(touched).toEqual([]);
    const after = await serviceInMoto(CLUSTER, 'foreign-svc');
    expect(after.status).toBe('ACTIVE');
    expect(after.desiredCount).toBe(before.desiredCount);
    expect(after.taskDefinition).toBe(before.taskDefinition);
    expect(after.tags).toEqual(before.tags);
    const revision = await revisionInMoto(foreignRevision);
    expect(revision?.status).toBe('ACTIVE');
    expect(revision?.tags).toEqual({ team: 'someone-else' });
  });

  it('two operator instances never touch each other’s services', async () => {
    await apply(
      nsC,
      ec2ServiceManifest('beta-owned', {
        cluster: CLUSTER,
        taskDefinition: `${BASE}:1`,
        serviceName: 'beta-svc',
        desiredCount: 0,
      }),
    );
    await waitForReady('ecsservices', nsC, 'beta-owned', 90_000);
    const owned = await serviceInMoto(CLUSTER, 'beta-svc');
    expect(owned.tags).toContainEqual({ key: TAG_KEYS.instance, value: 'beta' });
    const mark = await lastSeq();
    // alpha is told about beta's service, with the Delete policy, then the object is deleted.
    await apply(nsA, {
      apiVersion: 'ecs-bridge.dev/v1alpha1',
      kind: 'EcsService',
      metadata: { name: 'alpha-wants-beta' },
      spec: {
        cluster: CLUSTER,
        taskDefinition: `${BASE}:1`,
        serviceName: 'beta-svc',
        desiredCount: 4,
        launchType: 'EC2',
        deletionPolicy: 'Delete',
      },
    });
    await waitForConflict(nsA, 'alpha-wants-beta');
    figures.conflicts++;
    await kubectl(['delete', '-n', nsA, 'ecsservice/alpha-wants-beta', '--wait=false']);
    await waitForGone('ecsservices', nsA, 'alpha-wants-beta');
    figures.deletes++;
    const writes = mentions(await awsWritesAfter(mark), 'beta-svc');
    figures.crossInstanceWrites += writes.length;
    expect(writes).toEqual([]);
    const after = await serviceInMoto(CLUSTER, 'beta-svc');
    expect(after.status).toBe('ACTIVE');
    expect(after.desiredCount).toBe(0);
    expect(alpha.process.isRunning() && beta.process.isRunning()).toBe(true);
    writeFigures({
      id: '07-ownership',
      scenario: '7. Ownership',
      injected:
        'a second object naming an owned ECS service; objects (deletionPolicy Delete) pointing at a service and a revision made without our tags; an object of instance alpha naming instance beta’s service',
      times: figures.conflicts + figures.deletes,
      outcome: `${figures.conflicts} Conflicts reported, ${figures.deletes} objects deleted; ${figures.foreignTouched} writes to foreign resources, ${figures.crossInstanceWrites} writes across instances; foreign service and revision unchanged`,
    });
  });
});
