/**
 * Rollouts under `ecs-bridge run`, played by the AWS proxy: a new image in the referenced
 * EcsTaskDefinition moves the service with exactly one UpdateService carrying only the new
 * taskDefinition, Reconciling=True while the deployment rolls and Ready=True once it completes; a
 * deployment the circuit breaker fails and rolls back gives Stalled=True with ECS's reason, although
 * the service is stable again on the old revision, and the failed revision is not pushed again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, condition, waitForReady, waitForResource, type Resource } from '../support/manifests.js';
import { QUICK_POLLS, type OperatorProcess } from '../support/operator.js';
import { callMark, callsFor, paramsOf, serviceWritesAfter } from '../support/service-fixtures.js';
import { serviceWorld, stopServiceOperator } from '../support/service-world.js';
import { proxyControl } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';
import { CIRCUIT_BREAKER_MESSAGE } from '../world/aws-proxy/index.js';

const CLUSTER = 'rollouts';
const SERVICE = 'web';

function taskDefinition(image: string): object {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsTaskDefinition',
    metadata: { name: 'web' },
    spec: {
      requiresCompatibilities: ['EC2'],
      networkMode: 'bridge',
      containerDefinitions: [
        { name: 'web', image, memory: 256, portMappings: [{ containerPort: 8080, hostPort: 0 }] },
      ],
    },
  };
}

const service = {
  apiVersion: 'ecs-bridge.dev/v1alpha1',
  kind: 'EcsService',
  metadata: { name: SERVICE },
  spec: {
    cluster: CLUSTER,
    taskDefinitionRef: { name: 'web' },
    desiredCount: 4,
    launchType: 'EC2',
    deploymentConfiguration: {
      minimumHealthyPercent: 50,
      maximumPercent: 100,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    },
  },
};

/** Applies a new image and resolves with the task definition ARN the operator registered for it. */
async function publishImage(
  namespace: string,
  image: string,
  previousArn: string | undefined,
): Promise<string> {
  await apply(namespace, taskDefinition(image));
  const td = await waitForResource(
    'ecstaskdefinitions',
    namespace,
    'web',
    (r) => condition(r, 'Ready')?.status === 'True' && r.status?.taskDefinitionArn !== previousArn,
    { what: `to publish a revision for ${image}` },
  );
  return String(td.status?.taskDefinitionArn);
}

/** Waits until no ECS write has been made for `quietMs` (the initial convergence settled). */
async function settled(quietMs: number): Promise<void> {
  let mark = await callMark();
  let since = Date.now();
  await waitFor(
    async () => {
      const writes = await serviceWritesAfter(mark);
      if (writes.length > 0) {
        mark = await callMark();
        since = Date.now();
        return undefined;
      }
      return Date.now() - since >= quietMs ? true : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: `no ECS writes for ${quietMs} ms` },
  );
}

describe('rollouts of an EcsService under ecs-bridge run', () => {
  let operator: OperatorProcess | undefined;
  let namespace: string;
  let revision1: string;
  let revision2: string;

  beforeAll(async () => {
    ({ namespace, operator } = await serviceWorld({
      clusters: [CLUSTER],
      namespace: 'svc-rollout',
      resyncPeriod: '3s',
      extraArgs: QUICK_POLLS,
    }));
    revision1 = await publishImage(namespace, 'web:1', undefined);
    await apply(namespace, service);
    await waitForReady('ecsservices', namespace, SERVICE, 90_000);
    await settled(4000);
  });

  afterAll(async () => {
    await proxyControl().releaseRollouts();
    await stopServiceOperator(operator, 'service-rollouts');
  });

  it('a new image is one UpdateService with only the new taskDefinition; Reconciling while it rolls, then Ready', async () => {
    const control = proxyControl();
    await control.holdRollouts({ serviceName: SERVICE, cluster: CLUSTER });
    const mark = await callMark();

    revision2 = await publishImage(namespace, 'web:2', revision1);
    expect(revision2).not.toBe(revision1);
    const rolling = await waitForResource(
      'ecsservices',
      namespace,
      SERVICE,
      (r) => condition(r, 'Reconciling')?.status === 'True' && r.status?.rolloutState === 'IN_PROGRESS',
      { what: 'to be Reconciling with the rollout IN_PROGRESS' },
    );
    expect(condition(rolling, 'Ready')?.status).not.toBe('True');
    expect(condition(rolling, 'Stalled')?.status).toBe('False');
    expect((rolling.status?.rollout as { taskDefinitionArn?: string } | undefined)?.taskDefinitionArn).toBe(
      revision2,
    );

    await control.releaseRollouts({ serviceName: SERVICE, cluster: CLUSTER });
    const ready = await waitForResource(
      'ecsservices',
      namespace,
      SERVICE,
      (r: Resource) => condition(r, 'Ready')?.status === 'True' && r.status?.taskDefinitionArn === revision2,
      { what: 'to be Ready on the new revision' },
    );
    expect(condition(ready, 'Reconciling')?.status).toBe('False');
    expect(ready.status?.rolloutState).toBe('COMPLETED');

    const updates = await callsFor('UpdateService', SERVICE, mark);
    expect(updates).toHaveLength(1);
    expect(paramsOf(updates[0]!)).toEqual({ cluster: CLUSTER, service: SERVICE, taskDefinition: revision2 });
    const writes = await serviceWritesAfter(mark);
    expect(writes.map((w) => w.action)).toEqual(['UpdateService']);
    const state = await control.serviceRollout({ serviceName: SERVICE, cluster: CLUSTER });
    expect(state?.taskDefinition).toBe(revision2);
  });

  it('a deployment the circuit breaker fails and rolls back is Stalled with ECS reason, and is not pushed again', async () => {
    const control = proxyControl();
    await control.failNextRollout({ serviceName: SERVICE, cluster: CLUSTER, rollback: true });
    const mark = await callMark();

    const revision3 = await publishImage(namespace, 'web:3-broken', revision2);
    const stalled = await waitForResource(
      'ecsservices',
      namespace,
      SERVICE,
      (r) => condition(r, 'Stalled')?.status === 'True',
      { timeoutMs: 60_000, what: 'to be Stalled' },
    );
    expect(condition(stalled, 'Stalled')?.reason).toBe('RolloutFailed');
    expect(condition(stalled, 'Stalled')?.message).toMatch(CIRCUIT_BREAKER_MESSAGE);
    expect(condition(stalled, 'Ready')?.status).toBe('False');
    expect(condition(stalled, 'Ready')?.reason).toBe('RolloutFailed');

    // ECS rolled back: the service is stable on the previous revision, and stays Stalled.
    await waitFor(
      async () => {
        const s = await control.serviceRollout({ serviceName: SERVICE, cluster: CLUSTER });
        const primary = s?.deployments.find((d) => d.status === 'PRIMARY');
        return s?.taskDefinition === revision2 &&
          s.deployments.length === 1 &&
          primary?.rolloutState === 'COMPLETED'
          ? true
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'ECS to finish rolling back to the previous revision' },
    );
    const afterResyncs = await callMark();
    await waitFor(
      async () =>
        (await control.calls({ action: 'DescribeServices', afterSeq: afterResyncs })).length >= 3
          ? true
          : undefined,
      { timeoutMs: 30_000, intervalMs: 250, what: 'three more resyncs' },
    );
    const still = await waitForResource('ecsservices', namespace, SERVICE, () => true);
    expect(condition(still, 'Stalled')?.status).toBe('True');
    expect(condition(still, 'Ready')?.status).toBe('False');

    // One UpdateService moved it to the broken revision; the rollback is ECS's, not pushed again.
    const updates = (await callsFor('UpdateService', SERVICE, mark)).map(paramsOf);
    expect(updates).toEqual([{ cluster: CLUSTER, service: SERVICE, taskDefinition: revision3 }]);
  });
});
