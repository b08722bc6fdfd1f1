import { describe, expect, it } from 'vitest';
import { EcsRolloutSimulator, SERVICE_NOT_FOUND_MESSAGE } from './ecs-rollouts.js';
import { lifecycleTimeline, shiftSteps } from './ecs-strategy-lifecycle.js';
import { STOP_ROLLBACK_REASON } from './ecs-service-rollout.js';
import { FakeClock } from '../../../src/shared/testing/fake-clock.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';

const ACCOUNT = 'arn:aws:ecs:us-east-1:123456789012';
const td = (ref: string) => `${ACCOUNT}:task-definition/${ref}`;

/** A service as moto answers CreateService: it drops deploymentConfiguration. */
function motoService(name: string): JsonObject {
  return {
    serviceArn: `${ACCOUNT}:service/c/${name}`,
    serviceName: name,
    clusterArn: `${ACCOUNT}:cluster/c`,
    status: 'ACTIVE',
    desiredCount: 2,
    taskDefinition: td('web:1'),
    deployments: [{ id: `ecs-svc/moto-${name}`, status: 'PRIMARY', taskDefinition: td('web:1') }],
    deploymentController: { type: 'ECS' },
  };
}

const BLUE_GREEN = { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 };

// rolloutMs 100: a stage lasts 10 ms and so does a configured minute.
function setup() {
  const clock = new FakeClock(5000);
  const simulator = new EcsRolloutSimulator({
    clock,
    now: () => 1_700_000_000_000,
    config: { rolloutMs: 100 },
  });
  const obj = (v: JsonValue | undefined): JsonObject => {
    if (!isJsonObject(v)) throw new Error('not rewritten');
    return v;
  };
  const create = async (deploymentConfiguration: JsonObject) =>
    obj(
      obj(
        await simulator.rewrite(
          'CreateService',
          { serviceName: 'web', deploymentConfiguration },
          { service: motoService('web') },
        ),
      ).service,
    );
  const update = async (request: JsonObject) =>
    obj(
      obj(
        await simulator.rewrite(
          'UpdateService',
          { service: 'web', ...request },
          { service: motoService('web') },
        ),
      ).service,
    );
  const list = () => simulator.answer('ListServiceDeployments', { service: 'web', cluster: 'c' });
  const latest = () => {
    const briefs = list().body.serviceDeployments as JsonObject[];
    const arn = briefs[0]?.serviceDeploymentArn as string;
    const answer = simulator.answer('DescribeServiceDeployments', { serviceDeploymentArns: [arn] });
    return (answer.body.serviceDeployments as JsonObject[])[0]!;
  };
  const traffic = (d: JsonObject) => (d.targetServiceRevision as JsonObject).requestedProductionTrafficWeight;
  return { clock, simulator, create, update, list, latest, traffic };
}

describe('lifecycle timelines', () => {
  it('walks ECS’s blue/green stages in order, with the bake time on the clock', () => {
    const t = lifecycleTimeline(BLUE_GREEN, 10, 10)!;
    expect(t.spans.map((s) => s.stage)).toEqual([
      'PRE_SCALE_UP',
      'SCALE_UP',
      'POST_SCALE_UP',
      'TEST_TRAFFIC_SHIFT',
      'POST_TEST_TRAFFIC_SHIFT',
      'PRE_PRODUCTION_TRAFFIC_SHIFT',
      'PRODUCTION_TRAFFIC_SHIFT',
      'POST_PRODUCTION_TRAFFIC_SHIFT',
      'BAKE_TIME',
      'CLEAN_UP',
    ]);
    expect(t.spans.find((s) => s.stage === 'BAKE_TIME')).toMatchObject({
      from: 80,
      to: 130,
      productionPercent: 100,
    });
    expect(t.total).toBe(140);
    expect(lifecycleTimeline({ strategy: 'ROLLING' }, 10, 10)).toBeUndefined();
    expect(lifecycleTimeline(undefined, 10, 10)).toBeUndefined();
  });

  it.each([
    [{ strategy: 'LINEAR' }, [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]],
    [{ strategy: 'LINEAR', linearConfiguration: { stepPercent: 30 } }, [30, 60, 90, 100]],
    [{ strategy: 'LINEAR', linearConfiguration: { stepPercent: 3.3 } }, [3.3, 6.6, 9.9]],
    [{ strategy: 'CANARY' }, [5, 100]],
    [{ strategy: 'CANARY', canaryConfiguration: { canaryPercent: 100 } }, [100]],
    [{ strategy: 'BLUE_GREEN' }, [100]],
  ])('%j shifts production traffic in steps %j', (dc, percents) => {
    const got = shiftSteps(dc).map((s) => s.percent);
    expect(got.slice(0, percents.length)).toEqual(percents);
    expect(got[got.length - 1]).toBe(100);
  });

  it('waits between steps, never after the last one', () => {
    const steps = shiftSteps({
      strategy: 'LINEAR',
      linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: 2 },
    });
    expect(steps).toEqual([
      { percent: 50, waitMinutes: 2 },
      { percent: 100, waitMinutes: 0 },
    ]);
  });
});

describe('the simulator plays ECS-native strategies', () => {
  it('BLUE_GREEN: stage by stage, traffic moves, and COMPLETED only after the bake', async () => {
    const { clock, create, latest, traffic, simulator } = setup();
    const created = await create(BLUE_GREEN);
    // moto dropped it; the simulator keeps what CreateService was sent.
    expect(created.deploymentConfiguration).toEqual(BLUE_GREEN);
    expect(latest()).toMatchObject({ status: 'IN_PROGRESS', lifecycleStage: 'PRE_SCALE_UP' });
    clock.advance(35);
    expect(latest()).toMatchObject({ lifecycleStage: 'TEST_TRAFFIC_SHIFT' });
    expect(traffic(latest())).toBe(0);
    clock.advance(65); // t = 100: baking
    expect(latest()).toMatchObject({ status: 'IN_PROGRESS', lifecycleStage: 'BAKE_TIME' });
    expect(traffic(latest())).toBe(100);
    // Entering BAKE_TIME (t = 80) was the deployment's last update: the bake's start, to the ms.
    expect(latest().updatedAt).toBe(1_700_000_000.08);
    expect(simulator.state().services[0]?.deployments[0]?.rolloutState).toBe('IN_PROGRESS');
    clock.advance(40); // t = 140: done
    expect(latest()).toMatchObject({ status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP' });
    // Finished when CLEAN_UP began, after it was created.
    expect(Number(latest().finishedAt)).toBeGreaterThan(Number(latest().createdAt));
    expect(simulator.state().services[0]?.deployments[0]?.rolloutState).toBe('COMPLETED');
  });

  it('LINEAR: the production share grows step by step', async () => {
    const { clock, create, latest, traffic } = setup();
    await create({ strategy: 'LINEAR', linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: 1 } });
    clock.advance(65); // first PRODUCTION_TRAFFIC_SHIFT (60..80)
    expect(latest()).toMatchObject({ lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT' });
    expect(traffic(latest())).toBe(50);
    clock.advance(30); // second shift (90..100)
    expect(traffic(latest())).toBe(100);
  });

  it('CANARY: a failing deployment rolls back with the reason, and the service deployment says so', async () => {
    const { clock, create, update, latest, simulator } = setup();
    await create({ strategy: 'CANARY', bakeTimeInMinutes: 0 });
    clock.advance(300); // the default canary bake is 10 minutes: 100 ms here

    expect(latest()).toMatchObject({ status: 'SUCCESSFUL' });
    simulator.failNext({ serviceName: 'web', rollback: true });
    await update({ taskDefinition: td('web:2') });
    clock.advance(25); // failed at the end of SCALE_UP (20), rolling back
    const failed = latest();
    expect(failed).toMatchObject({
      status: 'ROLLBACK_IN_PROGRESS',
      statusReason: 'ECS deployment circuit breaker: task failed to start.',
      lifecycleStage: 'SCALE_UP',
      rollback: { reason: 'ECS deployment circuit breaker: task failed to start.' },
    });
    expect((failed.sourceServiceRevisions as JsonObject[]).length).toBe(1);
    clock.advance(100);
    expect(latest()).toMatchObject({ status: 'ROLLBACK_SUCCESSFUL' });
    expect((latest().targetServiceRevision as JsonObject).requestedProductionTrafficWeight).toBe(0);
  });

  it('a change of strategy alone starts no deployment; the next deployment uses it', async () => {
    const { clock, create, update, list, latest } = setup();
    await create({ strategy: 'ROLLING' });
    clock.advance(200);
    expect(latest()).not.toHaveProperty('lifecycleStage');
    await update({ deploymentConfiguration: BLUE_GREEN });
    expect((list().body.serviceDeployments as JsonObject[]).length).toBe(1);
    await update({ taskDefinition: td('web:2') });
    expect((list().body.serviceDeployments as JsonObject[]).length).toBe(2);
    expect(latest()).toMatchObject({
      status: 'IN_PROGRESS',
      lifecycleStage: 'PRE_SCALE_UP',
      deploymentConfiguration: BLUE_GREEN,
    });
  });

  it('a newer deployment stops the one in progress; List filters by status', async () => {
    const { update, create, simulator } = setup();
    await create(BLUE_GREEN);
    await update({ taskDefinition: td('web:2') });
    const all = simulator.answer('ListServiceDeployments', { service: `${ACCOUNT}:service/c/web` }).body
      .serviceDeployments as JsonObject[];
    expect(all.map((d) => d.status)).toEqual(['IN_PROGRESS', 'STOPPED']);
    const running = simulator.answer('ListServiceDeployments', {
      service: 'web',
      cluster: 'c',
      status: ['IN_PROGRESS'],
    }).body.serviceDeployments as JsonObject[];
    expect(running).toHaveLength(1);
    expect(running[0]?.targetServiceRevisionArn).toMatch(/:service-revision\/c\/web\/\d+$/);
  });

  it('StopServiceDeployment ROLLBACK in the bake rolls back to the last completed revision; ECS errors otherwise', async () => {
    const { clock, create, update, latest, simulator } = setup();
    await create({ strategy: 'CANARY', bakeTimeInMinutes: 50 });
    clock.advance(1000); // done: 200 ms of stages and canary, a 500 ms bake, clean-up
    expect(latest()).toMatchObject({ status: 'SUCCESSFUL' });
    await update({ taskDefinition: td('web:2') });
    clock.advance(250); // canary shifted (default 10 min: 100 ms), now in the bake (200..700)
    expect(latest()).toMatchObject({ status: 'IN_PROGRESS', lifecycleStage: 'BAKE_TIME' });
    const arn = latest().serviceDeploymentArn as string;
    const stop = (params: JsonObject) => simulator.answer('StopServiceDeployment', params);

    expect(stop({ serviceDeploymentArn: arn, stopType: 'ABORT' }).body.__type).toBe(
      'InvalidParameterException',
    );
    expect(stop({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' })).toEqual({
      status: 200,
      body: { serviceDeploymentArn: arn },
    });
    expect(latest()).toMatchObject({
      status: 'ROLLBACK_IN_PROGRESS',
      rollback: { reason: STOP_ROLLBACK_REASON },
    });
    // Traffic is back on the old revision; DescribeServices shows the rollback deployment of web:1.
    expect((latest().targetServiceRevision as JsonObject).requestedProductionTrafficWeight).toBe(0);
    expect(simulator.state().services[0]?.deployments[0]).toMatchObject({
      taskDefinition: td('web:1'),
      rolloutState: 'IN_PROGRESS',
    });
    // A stop while it rolls back "continues the rollback operation".
    expect(stop({ serviceDeploymentArn: arn }).status).toBe(200);
    clock.advance(100);
    expect(latest()).toMatchObject({ status: 'ROLLBACK_SUCCESSFUL' });
    expect(simulator.state().services[0]?.taskDefinition).toBe(td('web:1'));
    // Over: nothing to stop. Unknown: not found.
    expect(stop({ serviceDeploymentArn: arn }).body.__type).toBe('ConflictException');
    expect(stop({ serviceDeploymentArn: `${ACCOUNT}:service-deployment/c/web/1` }).body.__type).toBe(
      'ServiceDeploymentNotFoundException',
    );
  });

  it('answers unknown services and ARNs as ECS does', async () => {
    const { create, simulator } = setup();
    await create(BLUE_GREEN);
    expect(simulator.answer('ListServiceDeployments', { service: 'nope', cluster: 'c' })).toEqual({
      status: 400,
      body: { __type: 'ServiceNotFoundException', message: SERVICE_NOT_FOUND_MESSAGE },
    });
    const arn = `${ACCOUNT}:service-deployment/c/web/1`;
    expect(simulator.answer('DescribeServiceDeployments', { serviceDeploymentArns: [arn] }).body).toEqual({
      serviceDeployments: [],
      failures: [{ arn, reason: 'MISSING' }],
    });
    expect(simulator.answers('ecs', 'DescribeServiceDeployments')).toBe(true);
    simulator.configure({ enabled: false });
    expect(simulator.answers('ecs', 'DescribeServiceDeployments')).toBe(false);
  });
});
