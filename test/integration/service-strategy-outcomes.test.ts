/**
 * Each ECS-native strategy's success and rollback under `ecs-bridge run`, played by the AWS proxy
 * stage by stage (service-strategies.test.ts has BLUE_GREEN's success, CANARY's rollback and a
 * change of strategy): a LINEAR and a CANARY deployment show their partial production traffic in
 * `status.serviceDeployment` while they shift and are Ready once ECS completed them; a LINEAR and a
 * BLUE_GREEN deployment whose tasks fail are rolled back by ECS's circuit breaker (the proxy plays
 * it, before traffic moved, as ECS documents) and are Stalled with ECS's reason, the service back on
 * the revision that last completed. A CANARY held in its bake shows the bake's latest end, is rolled
 * back through `spec.deploymentControl` (StopServiceDeployment ROLLBACK), is Stalled with the
 * reason, and the request is acted on once: not again by a restarted operator, and the rolled-back
 * revision is not deployed again while the request stays in the spec. A BLUE_GREEN deployment paused
 * at a PAUSE lifecycle hook shows the hook and its id in status, is continued through
 * `spec.deploymentControl` (ContinueServiceDeployment CONTINUE, once, not again after a restart) and
 * is Ready once ECS completed it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, condition, waitForResource } from '../support/manifests.js';
import { QUICK_POLLS, type OperatorProcess } from '../support/operator.js';
import { callMark, callsFor, paramsOf, startServiceOperator } from '../support/service-fixtures.js';
import { serviceWorld, stopServiceOperator } from '../support/service-world.js';
import {
  applyStrategy,
  publishImage,
  serviceDeploymentOf,
  strategyService,
  waitForReadyOn,
  waitForStalled,
  type StrategyService,
} from '../support/strategy-fixtures.js';
import { proxyControl } from '../support/world-client.js';
import { CIRCUIT_BREAKER_MESSAGE, hookFailureReason } from '../world/aws-proxy/index.js';
import { STOP_ROLLBACK_REASON } from '../world/aws-proxy/ecs-service-rollout.js';
import { waitFor } from '../world/wait.js';

const CLUSTER = 'strategy-outcomes';
const HOOK = 'arn:aws:lambda:us-east-1:123456789012:function:smoke-test';

/**
 * A traffic-shifting deployment whose first shift holds long enough for a rollout poll to see it:
 * in the test world a configured minute lasts a tenth of the proxy's rollout time (100 ms by
 * default), so 100 minutes are 10 s.
 */
const LONG_STEP_MINUTES = 100;

/** The strategy service's manifest with `desiredCount` and a `spec.deploymentControl` request. */
function withDeploymentControl(
  svc: StrategyService,
  deployment: Parameters<typeof strategyService>[1],
  desiredCount: number,
  deploymentControl: { action: string; requestedAt: string },
): object {
  const manifest = strategyService(svc, deployment) as { spec: Record<string, unknown> };
  return { ...manifest, spec: { ...manifest.spec, desiredCount, deploymentControl } };
}

describe('each ECS-native strategy succeeds and rolls back under ecs-bridge run', () => {
  let operator: OperatorProcess | undefined;
  let namespace: string;
  const service = (name: string): StrategyService => ({ namespace, cluster: CLUSTER, name });

  beforeAll(async () => {
    ({ namespace, operator } = await serviceWorld({
      clusters: [CLUSTER],
      namespace: 'svc-strategy-outcomes',
      resyncPeriod: '3s',
      extraArgs: QUICK_POLLS,
    }));
  });

  afterAll(async () => {
    await stopServiceOperator(operator, 'service-strategy-outcomes');
  });

  /** Waits until ECS rolled the service back to `previous`, the revision that last completed. */
  async function waitForRolledBack(svc: StrategyService, previous: string): Promise<void> {
    const rolledBack = await waitFor(
      async () => {
        const state = await proxyControl().serviceRollout({ serviceName: svc.name, cluster: CLUSTER });
        return state?.taskDefinition === previous && state.deployments[0]?.rolloutState === 'COMPLETED'
          ? state
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: () => `${svc.name} to be rolled back to ${previous}` },
    );
    expect(rolledBack.deployments).toHaveLength(1);
  }

  /** Publishes `image` after arming a circuit breaker failure with rollback; checks Stalled and the rollback. */
  async function failWithRollback(svc: StrategyService, image: string, previous: string): Promise<void> {
    await proxyControl().failNextRollout({ serviceName: svc.name, cluster: CLUSTER, rollback: true });
    await publishImage(svc, image, previous);
    const stalled = await waitForStalled(svc);
    expect(condition(stalled, 'Stalled')?.reason).toBe('RolloutFailed');
    expect(condition(stalled, 'Stalled')?.message).toMatch(CIRCUIT_BREAKER_MESSAGE);
    expect(condition(stalled, 'Ready')?.status).toBe('False');
    await waitForRolledBack(svc, previous);
  }

  it('LINEAR: the partial traffic of a shift step is in status; Ready once ECS completed it; a failed one rolls back and is Stalled', async () => {
    const svc = service('linear');
    const revision1 = await publishImage(svc, 'linear:1', undefined);
    await applyStrategy(svc, {
      strategy: 'LINEAR',
      linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: LONG_STEP_MINUTES },
    });

    const revision2 = await publishImage(svc, 'linear:2', revision1);
    const shifting = await waitForResource(
      'ecsservices',
      namespace,
      svc.name,
      (r) => serviceDeploymentOf(r)?.productionTrafficPercent === 50,
      { what: 'status.serviceDeployment to show the first 50 % step' },
    );
    expect(serviceDeploymentOf(shifting)).toMatchObject({
      strategy: 'LINEAR',
      status: 'IN_PROGRESS',
      lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT',
      testTrafficPercent: 100,
    });
    expect(condition(shifting, 'Ready')?.status).not.toBe('True');
    expect(condition(shifting, 'Reconciling')?.status).toBe('True');

    const ready = await waitForReadyOn(svc, revision2);
    expect(ready.status?.rolloutState).toBe('COMPLETED');
    expect(serviceDeploymentOf(ready)).toBeUndefined();

    await failWithRollback(svc, 'linear:3-broken', revision2);
  });

  it('CANARY: the canary traffic is in status; Ready once ECS shifted the rest and completed it', async () => {
    const svc = service('canary');
    const revision1 = await publishImage(svc, 'canary:1', undefined);
    await applyStrategy(svc, {
      strategy: 'CANARY',
      bakeTimeInMinutes: 1,
      canaryConfiguration: { canaryPercent: 20, canaryBakeTimeInMinutes: LONG_STEP_MINUTES },
    });

    const revision2 = await publishImage(svc, 'canary:2', revision1);
    const canary = await waitForResource(
      'ecsservices',
      namespace,
      svc.name,
      (r) => serviceDeploymentOf(r)?.productionTrafficPercent === 20,
      { what: 'status.serviceDeployment to show the 20 % canary' },
    );
    expect(serviceDeploymentOf(canary)).toMatchObject({ strategy: 'CANARY', status: 'IN_PROGRESS' });
    expect(condition(canary, 'Ready')?.status).not.toBe('True');

    const ready = await waitForReadyOn(svc, revision2);
    expect(ready.status?.rolloutState).toBe('COMPLETED');
    expect(serviceDeploymentOf(ready)).toBeUndefined();
    const state = await proxyControl().serviceRollout({ serviceName: svc.name, cluster: CLUSTER });
    expect(state?.taskDefinition).toBe(revision2);
  });

  it('BLUE_GREEN: a deployment whose tasks fail rolls back and is Stalled with ECS reason', async () => {
    const svc = service('bluegreen');
    const revision1 = await publishImage(svc, 'bluegreen:1', undefined);
    await applyStrategy(svc, { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1 });
    await failWithRollback(svc, 'bluegreen:2-broken', revision1);
  });

  it('BLUE_GREEN with a lifecycle hook: it gets the spec hookDetails, a hook in progress is in status, a failed hook rolls back', async () => {
    const svc = service('hooked');
    const hook = {
      hookTargetArn: HOOK,
      roleArn: 'arn:aws:iam::123456789012:role/ecs-hooks',
      lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
      hookDetails: { path: '/healthz', attempts: 3 },
      timeoutConfiguration: { timeoutInMinutes: 30 },
    };
    const mark = await callMark();
    const revision1 = await publishImage(svc, 'hooked:1', undefined);
    await applyStrategy(svc, { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1, lifecycleHooks: [hook] });
    // What the spec wrote is what ECS got: the details as written, ECS's default timeout action.
    const [create] = (await callsFor('CreateService', svc.name, mark)).map(paramsOf);
    expect(create?.deploymentConfiguration).toMatchObject({
      lifecycleHooks: [{ ...hook, timeoutConfiguration: { timeoutInMinutes: 30, action: 'ROLLBACK' } }],
    });

    const control = proxyControl();
    await control.answerHooks({ serviceName: svc.name, cluster: CLUSTER, hookStatus: 'IN_PROGRESS' });
    await publishImage(svc, 'hooked:2', revision1);
    const waiting = await waitForResource(
      'ecsservices',
      namespace,
      svc.name,
      (r) => serviceDeploymentOf(r)?.waitingOnHooks?.[0]?.targetArn === HOOK,
      { what: 'status.serviceDeployment to name the hook it waits on' },
    );
    expect(serviceDeploymentOf(waiting)).toMatchObject({
      strategy: 'BLUE_GREEN',
      status: 'IN_PROGRESS',
      lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
      waitingOnHooks: [{ targetType: 'AWS_LAMBDA', targetArn: HOOK, status: 'IN_PROGRESS' }],
    });
    expect(condition(waiting, 'Ready')?.status).not.toBe('True');
    const calls = (await control.hookInvocations()).filter((c) => c.serviceName === svc.name);
    expect(calls.at(-1)).toMatchObject({
      lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
      hookDetails: hook.hookDetails,
      hookStatus: 'IN_PROGRESS',
    });

    await control.answerHooks({ serviceName: svc.name, cluster: CLUSTER, hookStatus: 'FAILED' });
    const stalled = await waitForStalled(svc);
    expect(condition(stalled, 'Stalled')?.message).toContain(
      hookFailureReason(HOOK, 'POST_TEST_TRAFFIC_SHIFT'),
    );
    expect(condition(stalled, 'Stalled')?.reason).toBe('RolloutFailed');
    await waitForRolledBack(svc, revision1);
  });

  it('CANARY held in its bake: status shows when the bake ends; spec.deploymentControl rolls it back once, across an operator restart', async () => {
    const svc = service('controlled');
    const revision1 = await publishImage(svc, 'controlled:1', undefined);
    await applyStrategy(svc, { strategy: 'CANARY', bakeTimeInMinutes: 1 });
    // 600 minutes of bake are 60 s in the test world: the deployment waits there for the request.
    const baking = { strategy: 'CANARY', bakeTimeInMinutes: 600 };
    await applyStrategy(svc, baking);
    const revision2 = await publishImage(svc, 'controlled:2', revision1);
    const inBake = await waitForResource(
      'ecsservices',
      namespace,
      svc.name,
      (r) => serviceDeploymentOf(r)?.lifecycleStage === 'BAKE_TIME',
      { timeoutMs: 30_000, what: 'status.serviceDeployment to show the bake' },
    );
    // updatedAt (the bake's start) plus 600 minutes of ECS time: the operator cannot know the test
    // world plays a minute in 100 ms, so the bound is the one it would report against ECS.
    const left = Date.parse(String(serviceDeploymentOf(inBake)?.bakeEndsBy)) - Date.now();
    expect(left).toBeGreaterThan(590 * 60_000);
    expect(left).toBeLessThanOrEqual(600 * 60_000);

    const mark = await callMark();
    const withRequest = (desiredCount: number): object =>
      withDeploymentControl(svc, baking, desiredCount, {
        action: 'Rollback',
        requestedAt: '2026-12-06T04:00:00Z',
      });
    await apply(namespace, withRequest(2));
    const stalled = await waitForStalled(svc);
    expect(condition(stalled, 'Stalled')?.reason).toBe('RolloutFailed');
    expect(condition(stalled, 'Stalled')?.message).toContain(STOP_ROLLBACK_REASON);
    await waitForRolledBack(svc, revision1);
    const stops = async () =>
      (
        await proxyControl().calls({ service: 'ecs', action: 'StopServiceDeployment', afterSeq: mark })
      ).filter((c) => String(paramsOf(c).serviceDeploymentArn).includes(`/${svc.name}/`));
    expect((await stops()).map((c) => paramsOf(c).stopType)).toEqual(['ROLLBACK']);

    // A restarted operator finds the request acted on in the service's tags: no second stop, and it
    // holds revision 2 while the request stays (a later spec change is sent without it).
    await operator?.stop();
    operator = await startServiceOperator(namespace, { resyncPeriod: '3s', extraArgs: QUICK_POLLS });
    await apply(namespace, withRequest(3));
    await waitForResource(
      'ecsservices',
      namespace,
      svc.name,
      (r) => r.status?.observedGeneration === r.metadata.generation && r.status?.desiredCount === 3,
      { what: 'the restarted operator to converge the new desiredCount' },
    );
    expect(await stops()).toHaveLength(1);
    const updates = (await callsFor('UpdateService', svc.name, mark)).map(paramsOf);
    expect(updates.filter((u) => u.taskDefinition !== undefined)).toEqual([]);
    const state = await proxyControl().serviceRollout({ serviceName: svc.name, cluster: CLUSTER });
    expect(state?.taskDefinition).toBe(revision1);
    expect(revision2).not.toBe(revision1);
  });

  it('BLUE_GREEN paused at a PAUSE hook: status names the hook; spec.deploymentControl Continue lets it complete, once, across an operator restart', async () => {
    const svc = service('paused');
    const revision1 = await publishImage(svc, 'paused:1', undefined);
    await applyStrategy(svc, { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1 });
    // From the next deployment on, it pauses after the test traffic shift until continued.
    const pausing = {
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 1,
      lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }],
    };
    await applyStrategy(svc, pausing);
    const revision2 = await publishImage(svc, 'paused:2', revision1);
    const paused = await waitForResource(
      'ecsservices',
      namespace,
      svc.name,
      (r) => serviceDeploymentOf(r)?.waitingOnHooks?.[0]?.status === 'AWAITING_ACTION',
      { timeoutMs: 30_000, what: 'status.serviceDeployment to name the PAUSE hook awaiting action' },
    );
    const hook = serviceDeploymentOf(paused)?.waitingOnHooks?.[0] as { targetType?: string; hookId?: string };
    expect(hook.targetType).toBe('PAUSE');
    expect(hook.hookId).toMatch(/^ecs-pause-/);
    expect(serviceDeploymentOf(paused)).toMatchObject({
      status: 'IN_PROGRESS',
      lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
    });
    expect(condition(paused, 'Ready')?.status).not.toBe('True');
    // Paused, it stays paused: three more operator visits (each lists the service's open deployments)
    // span longer than the whole unpaused run (about 1.3 s), and none of them continues it.
    const pausedMark = await callMark();
    await waitFor(
      async () =>
        (await callsFor('ListServiceDeployments', svc.name, pausedMark)).length >= 3 ? true : undefined,
      { timeoutMs: 30_000, what: 'three more operator visits to the paused service' },
    );
    expect(
      await proxyControl().calls({
        service: 'ecs',
        action: 'ContinueServiceDeployment',
        afterSeq: pausedMark,
      }),
    ).toEqual([]);
    const state = await proxyControl().serviceRollout({ serviceName: svc.name, cluster: CLUSTER });
    expect(state?.deployments[0]).toMatchObject({ taskDefinition: revision2, rolloutState: 'IN_PROGRESS' });

    const mark = await callMark();
    const withRequest = (desiredCount: number): object =>
      withDeploymentControl(svc, pausing, desiredCount, {
        action: 'Continue',
        requestedAt: '2026-12-06T05:00:00Z',
      });
    await apply(namespace, withRequest(2));
    const ready = await waitForReadyOn(svc, revision2);
    expect(ready.status?.rolloutState).toBe('COMPLETED');
    const continues = async () =>
      (
        await proxyControl().calls({ service: 'ecs', action: 'ContinueServiceDeployment', afterSeq: mark })
      ).filter((c) => String(paramsOf(c).serviceDeploymentArn).includes(`/${svc.name}/`));
    expect((await continues()).map((c) => paramsOf(c))).toMatchObject([
      { hookId: hook.hookId, action: 'CONTINUE' },
    ]);

    // A restarted operator finds the request acted on in the service's tags: no second continue.
    await operator?.stop();
    operator = await startServiceOperator(namespace, { resyncPeriod: '3s', extraArgs: QUICK_POLLS });
    await apply(namespace, withRequest(3));
    await waitForResource(
      'ecsservices',
      namespace,
      svc.name,
      (r) => r.status?.observedGeneration === r.metadata.generation && r.status?.desiredCount === 3,
      { what: 'the restarted operator to converge the new desiredCount' },
    );
    expect(await continues()).toHaveLength(1);
    const after = await proxyControl().serviceRollout({ serviceName: svc.name, cluster: CLUSTER });
    expect(after?.taskDefinition).toBe(revision2);
  });
});
