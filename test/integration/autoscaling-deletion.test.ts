/**
 * Deleting an autoscaled EcsService, with the operator run as users run it (ADR 0005): under
 * `deletionPolicy: Delete` our policies and the scalable target are removed before DeleteService
 * (moto cascades nothing, and explicit removal is right on AWS too); under `Retain` the service keeps
 * running and keeps its autoscaling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import type { Network } from '../support/aws-fixtures.js';
import { callMark, callsSince, fargateService, scalingInMoto } from '../support/autoscaling.js';
import { kubectl } from '../support/crds.js';
import { apply, condition, waitForGone, waitForResource } from '../support/manifests.js';
import { QUICK_POLLS, type OperatorProcess } from '../support/operator.js';
import { awsClients } from '../support/world-client.js';
import { autoscalingWorld } from '../support/autoscaling-world.js';

const CLUSTER = 'scaling-deletion';

describe('deleting an autoscaled EcsService', () => {
  let operator: OperatorProcess;
  let namespace: string;
  let network: Network;

  function service(name: string, deletionPolicy: 'Delete' | 'Retain'): object {
    return fargateService({
      name,
      cluster: CLUSTER,
      network,
      taskDefinition: 'app',
      desiredCount: 1,
      spec: { deletionPolicy },
      autoscaling: { minCapacity: 1, maxCapacity: 3, cpu: { targetValue: 50 }, memory: { targetValue: 70 } },
    });
  }

  /** Applies `name` and waits until it is Ready with its autoscaling in place. */
  async function createReady(name: string, deletionPolicy: 'Delete' | 'Retain'): Promise<void> {
    await apply(namespace, service(name, deletionPolicy));
    await waitForResource(
      'ecsservices',
      namespace,
      name,
      (r) => condition(r, 'Ready')?.status === 'True' && condition(r, 'AutoscalingReady')?.status === 'True',
      { timeoutMs: 90_000, what: 'to be Ready with its autoscaling' },
    );
    expect((await scalingInMoto(`service/${CLUSTER}/${name}`)).policies).toHaveLength(2);
  }

  async function statusInMoto(name: string): Promise<string | undefined> {
    const { ecs } = awsClients('moto');
    const out = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [name] }));
    ecs.destroy();
    return out.services?.[0]?.status;
  }

  beforeAll(async () => {
    ({ namespace, network, operator } = await autoscalingWorld({
      cluster: CLUSTER,
      namespace: 'autoscaling-deletion',
      taskDefinition: 'app',
      extraArgs: QUICK_POLLS,
    }));
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('removes our policies and the target, then deletes the service (deletionPolicy Delete)', async () => {
    await createReady('doomed', 'Delete');
    const mark = await callMark();
    await kubectl(['delete', '-n', namespace, 'ecssvc/doomed', '--wait=false']);
    await waitForGone('ecsservices', namespace, 'doomed', 90_000);

    const { target, policies } = await scalingInMoto(`service/${CLUSTER}/doomed`);
    expect(policies).toEqual([]);
    expect(target).toBeUndefined();
    expect(await statusInMoto('doomed')).toBe('INACTIVE');
    const deletes = await callsSince(mark, 'DeleteScalingPolicy');
    const deregisters = await callsSince(mark, 'DeregisterScalableTarget');
    const deleteService = await callsSince(mark, 'DeleteService');
    expect(deletes).toHaveLength(2);
    expect(deregisters).toHaveLength(1);
    expect(deleteService).toHaveLength(1);
    expect(Math.max(...deletes.map((c) => c.seq))).toBeLessThan(deregisters[0]!.seq);
    expect(deregisters[0]!.seq).toBeLessThan(deleteService[0]!.seq);
  });

  it('leaves the service and its autoscaling in place (deletionPolicy Retain)', async () => {
    await createReady('kept', 'Retain');
    const mark = await callMark();
    await kubectl(['delete', '-n', namespace, 'ecssvc/kept', '--wait=false']);
    await waitForGone('ecsservices', namespace, 'kept', 90_000);

    const { target, policies } = await scalingInMoto(`service/${CLUSTER}/kept`);
    expect(target).toMatchObject({ MinCapacity: 1, MaxCapacity: 3 });
    expect(policies.map((p) => p.PolicyName)).toEqual(['ecs-bridge-cpu', 'ecs-bridge-memory']);
    expect(await statusInMoto('kept')).toBe('ACTIVE');
    for (const write of ['DeleteScalingPolicy', 'DeregisterScalableTarget', 'DeleteService']) {
      expect(await callsSince(mark, write), write).toEqual([]);
    }
  });
});
