/**
 * ECS-native deployment strategies under `ecs-bridge run`, played by the AWS proxy stage by stage:
 * a BLUE_GREEN deployment reports its lifecycle stage and traffic in `status.serviceDeployment`
 * (read from the service deployment APIs only while it rolls) and is Ready only once ECS completed
 * it after its bake; a change of strategy on the live service is one UpdateService of
 * deploymentConfiguration alone (no deployment); a CANARY deployment that fails and rolls back is
 * Stalled with ECS's reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, condition, waitForReady, waitForResource } from '../support/manifests.js';
import { QUICK_POLLS, type OperatorProcess } from '../support/operator.js';
import { callMark, callsFor, paramsOf } from '../support/service-fixtures.js';
import { serviceWorld, stopServiceOperator } from '../support/service-world.js';
import {
  publishImage,
  serviceDeploymentOf,
  strategyService,
  type StrategyService,
} from '../support/strategy-fixtures.js';
import { proxyControl } from '../support/world-client.js';
import { CIRCUIT_BREAKER_MESSAGE } from '../world/aws-proxy/index.js';

const CLUSTER = 'strategies';
const SERVICE = 'web';

describe('ECS-native deployment strategies under ecs-bridge run', () => {
  let operator: OperatorProcess | undefined;
  let namespace: string;
  let svc: StrategyService;
  let revision1: string;
  let revision2: string;

  beforeAll(async () => {
    ({ namespace, operator } = await serviceWorld({
      clusters: [CLUSTER],
      namespace: 'svc-strategies',
      resyncPeriod: '3s',
      extraArgs: QUICK_POLLS,
    }));
    svc = { namespace, cluster: CLUSTER, name: SERVICE };
    revision1 = await publishImage(svc, 'web:1', undefined);
    await apply(namespace, strategyService(svc, { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1 }));
    await waitForReady('ecsservices', namespace, SERVICE, 90_000);
  });

  afterAll(async () => {
    await proxyControl().releaseRollouts();
    await stopServiceOperator(operator, 'service-strategies');
  });

  it('BLUE_GREEN: the stage and traffic are in status while it rolls; Ready once ECS completed it', async () => {
    const control = proxyControl();
    await control.holdRollouts({ serviceName: SERVICE, cluster: CLUSTER });
    const mark = await callMark();
    revision2 = await publishImage(svc, 'web:2', revision1);

    const rolling = await waitForResource(
      'ecsservices',
      namespace,
      SERVICE,
      (r) => serviceDeploymentOf(r)?.lifecycleStage !== undefined,
      { what: 'status.serviceDeployment to show the lifecycle stage' },
    );
    expect(serviceDeploymentOf(rolling)).toMatchObject({ strategy: 'BLUE_GREEN', status: 'IN_PROGRESS' });
    expect(condition(rolling, 'Ready')?.status).not.toBe('True');
    expect(condition(rolling, 'Reconciling')?.status).toBe('True');

    await control.releaseRollouts({ serviceName: SERVICE, cluster: CLUSTER });
    const ready = await waitForResource(
      'ecsservices',
      namespace,
      SERVICE,
      (r) => condition(r, 'Ready')?.status === 'True' && r.status?.taskDefinitionArn === revision2,
      { what: 'to be Ready on the new revision' },
    );
    expect(ready.status?.rolloutState).toBe('COMPLETED');
    expect(serviceDeploymentOf(ready)).toBeUndefined();

    // The service deployment APIs were read while it rolled, and not once it was judged.
    const lists = await callsFor('ListServiceDeployments', SERVICE, mark);
    expect(lists.length).toBeGreaterThan(0);
    const readyMark = await callMark();
    await waitForResource('ecsservices', namespace, SERVICE, () => true);
    const updates = (await callsFor('UpdateService', SERVICE, mark)).map(paramsOf);
    expect(updates).toEqual([{ cluster: CLUSTER, service: SERVICE, taskDefinition: revision2 }]);
    expect(await callsFor('ListServiceDeployments', SERVICE, readyMark)).toEqual([]);
  });

  it('a change of strategy on the live service is deploymentConfiguration alone; a failed CANARY rolls back and is Stalled', async () => {
    const control = proxyControl();
    const mark = await callMark();
    await apply(
      namespace,
      strategyService(svc, {
        strategy: 'CANARY',
        bakeTimeInMinutes: 0,
        canaryConfiguration: { canaryPercent: 20 },
      }),
    );
    await waitForResource(
      'ecsservices',
      namespace,
      SERVICE,
      (r) =>
        condition(r, 'Ready')?.status === 'True' && r.status?.observedGeneration === r.metadata.generation,
      { what: 'to be Ready on the new generation' },
    );
    const updates = (await callsFor('UpdateService', SERVICE, mark)).map(paramsOf);
    expect(updates).toHaveLength(1);
    expect(updates[0]).not.toHaveProperty('taskDefinition');
    expect(updates[0]?.deploymentConfiguration).toMatchObject({
      strategy: 'CANARY',
      bakeTimeInMinutes: 0,
      canaryConfiguration: { canaryPercent: 20, canaryBakeTimeInMinutes: 10 },
    });
    const state = await control.serviceRollout({ serviceName: SERVICE, cluster: CLUSTER });
    expect(state?.deployments).toHaveLength(1);

    await control.failNextRollout({ serviceName: SERVICE, cluster: CLUSTER, rollback: true });
    await publishImage(svc, 'web:3-broken', revision2);
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
  });
});
