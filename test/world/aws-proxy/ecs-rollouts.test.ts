import { describe, expect, it } from 'vitest';
import type { RolloutsConfig, ServiceRolloutView } from './ecs-rollout-types.js';
import { EcsRolloutSimulator, type TaskDefinitionResolver } from './ecs-rollouts.js';
import { FakeClock } from '../../../src/shared/testing/fake-clock.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';

const ACCOUNT = 'arn:aws:ecs:us-east-1:123456789012';
const td = (ref: string) => `${ACCOUNT}:task-definition/${ref}`;

/** A service document as moto 5.2 answers it (the world runs moto with nothing running). */
function motoService(name: string, overrides: JsonObject = {}, cluster = 'c'): JsonObject {
  return {
    serviceArn: `${ACCOUNT}:service/${cluster}/${name}`,
    serviceName: name,
    clusterArn: `${ACCOUNT}:cluster/${cluster}`,
    loadBalancers: [],
    serviceRegistries: [],
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: 0,
    pendingCount: 2,
    launchType: 'FARGATE',
    taskDefinition: td('web:1'),
    deployments: [
      {
        id: `ecs-svc/moto-${name}`,
        status: 'PRIMARY',
        taskDefinition: td('web:1'),
        desiredCount: 2,
        pendingCount: 2,
        runningCount: 0,
        failedTasks: 0,
        createdAt: 1,
        updatedAt: 1,
        launchType: 'FARGATE',
        platformFamily: 'FARGATE',
        rolloutState: 'IN_PROGRESS',
        rolloutStateReason: 'ECS deployment in progress.',
      },
    ],
    events: [],
    networkConfiguration: {},
    deploymentController: { type: 'ECS' },
    ...overrides,
  };
}

function setup(config: RolloutsConfig = { rolloutMs: 100, drainMs: 50 }) {
  const clock = new FakeClock(5000);
  const simulator = new EcsRolloutSimulator({ clock, now: () => 1_700_000_000_000, config });
  const served = (document: JsonValue | undefined): JsonObject => {
    if (!isJsonObject(document)) throw new Error('the simulator did not rewrite the answer');
    return document;
  };
  const one = async (
    action: string,
    request: JsonObject,
    service: JsonObject,
    resolver?: TaskDefinitionResolver,
  ) => served(await simulator.rewrite(action, request, { service }, resolver)).service as JsonObject;
  const describeOne = async (service: JsonObject, resolver?: TaskDefinitionResolver) =>
    (
      served(await simulator.rewrite('DescribeServices', {}, { services: [service], failures: [] }, resolver))
        .services as JsonObject[]
    )[0]!;
  const model = (name = 'web'): ServiceRolloutView | undefined =>
    simulator.state().services.find((s) => s.serviceName === name);
  return { clock, simulator, one, describeOne, model };
}

const states = (service: JsonObject) =>
  (service.deployments as JsonObject[]).map((d) => [d.status, d.taskDefinition, d.rolloutState]);

describe('EcsRolloutSimulator', () => {
  it('leaves answers alone that it does not model: other actions, no ARN, CODE_DEPLOY, errors shapes', async () => {
    const { simulator } = setup();
    const noArn = { services: [{ serviceName: 'web', deployments: [] }] };
    const codeDeploy = motoService('web', { deploymentController: { type: 'CODE_DEPLOY' }, deployments: [] });
    expect(await simulator.rewrite('ListServices', {}, { serviceArns: [] })).toBeUndefined();
    expect(await simulator.rewrite('DescribeServices', {}, noArn)).toBeUndefined();
    expect(await simulator.rewrite('CreateService', {}, { service: codeDeploy })).toBeUndefined();
    expect(await simulator.rewrite('UpdateService', {}, {})).toBeUndefined();
    expect(await simulator.rewrite('DescribeServices', {}, 'not an object')).toBeUndefined();
    expect(simulator.state().services).toEqual([]);
  });

  it('keeps the fields it does not own, in the service and in each deployment', async () => {
    const { one } = setup();
    const created = await one('CreateService', {}, motoService('web', { propagateTags: 'NONE' }));
    expect(created).toMatchObject({ propagateTags: 'NONE', launchType: 'FARGATE', networkConfiguration: {} });
    expect(created.deployments).toMatchObject([
      { id: 'ecs-svc/moto-web', launchType: 'FARGATE', platformFamily: 'FARGATE', createdAt: 1_700_000_000 },
    ]);
  });

  it('dates deployments from the wall clock read at start plus the clock elapsed since', async () => {
    const { one, clock, describeOne } = setup();
    await one('CreateService', {}, motoService('web'));
    clock.advance(1234);
    const described = await describeOne(motoService('web'));
    expect(described.deployments).toMatchObject([{ createdAt: 1_700_000_000, updatedAt: 1_700_000_000.1 }]);
  });

  it('a failure on the first deployment cannot roll back: it stays PRIMARY FAILED', async () => {
    const { simulator, one, clock, describeOne } = setup();
    simulator.failNext({ serviceName: 'web', rollback: true });
    await one('CreateService', {}, motoService('web'));
    clock.advance(1000);
    const described = await describeOne(motoService('web'));
    expect(states(described)).toEqual([['PRIMARY', td('web:1'), 'FAILED']]);
    expect(described).toMatchObject({ runningCount: 0, pendingCount: 0 });
  });

  it('arms failures per service and cluster, in order', async () => {
    const { simulator, one, clock, describeOne } = setup();
    simulator.failNext({ serviceName: 'web', cluster: `${ACCOUNT}:cluster/other`, rollback: false });
    simulator.failNext({ serviceName: 'web', cluster: 'c', reason: 'first', rollback: false });
    simulator.failNext({ serviceName: 'web', reason: 'second', rollback: false });
    await one('CreateService', {}, motoService('web'));
    await one('CreateService', {}, motoService('api'));
    clock.advance(100);
    expect((await describeOne(motoService('web'))).deployments).toMatchObject([
      { rolloutStateReason: 'first' },
    ]);
    expect((await describeOne(motoService('api'))).deployments).toMatchObject([
      { rolloutState: 'COMPLETED' },
    ]);
    expect(simulator.state().armedFailures.map((f) => f.reason ?? f.cluster)).toEqual([
      `${ACCOUNT}:cluster/other`,
      'second',
    ]);
  });

  it('a rollback goes to the last task definition that completed, skipping an unfinished one', async () => {
    const { simulator, one, clock, describeOne } = setup();
    await one('CreateService', {}, motoService('web'));
    clock.advance(100);
    await one('UpdateService', { taskDefinition: 'web:2' }, motoService('web', { taskDefinition: 'web:2' }));
    clock.advance(50);
    simulator.failNext({ serviceName: 'web', rollback: true });
    await one('UpdateService', { taskDefinition: 'web:3' }, motoService('web', { taskDefinition: 'web:3' }));
    clock.advance(100);
    const rollingBack = await describeOne(motoService('web', { taskDefinition: 'web:3' }));
    expect(states(rollingBack)).toEqual([
      ['PRIMARY', td('web:1'), 'IN_PROGRESS'],
      ['ACTIVE', td('web:3'), 'FAILED'],
      ['ACTIVE', td('web:2'), 'IN_PROGRESS'],
      ['ACTIVE', td('web:1'), 'COMPLETED'],
    ]);
    clock.advance(100);
    expect(states(await describeOne(motoService('web', { taskDefinition: 'web:3' })))).toEqual([
      ['PRIMARY', td('web:1'), 'COMPLETED'],
    ]);
  });

  it('a desiredCount change during a rollout moves the pending tasks of the PRIMARY', async () => {
    const { one } = setup();
    await one('CreateService', {}, motoService('web'));
    const scaled = await one('UpdateService', { desiredCount: 4 }, motoService('web', { desiredCount: 4 }));
    expect(scaled).toMatchObject({ desiredCount: 4, runningCount: 0, pendingCount: 4 });
    expect(scaled.deployments).toMatchObject([
      { desiredCount: 4, pendingCount: 4, rolloutState: 'IN_PROGRESS' },
    ]);
  });

  it('a hold placed after a rollout fell due does not undo it', async () => {
    const { simulator, one, clock } = setup();
    await one('CreateService', {}, motoService('web'));
    clock.advance(150);
    simulator.hold({ serviceName: 'web' });
    expect(simulator.state().services[0]).toMatchObject({ held: true, runningCount: 2 });
  });

  it.each([
    ['everything', undefined, []],
    ['by name, in any cluster', { serviceName: 'web' }, ['api@']],
    [
      'by name in cluster c: also the hold given without a cluster',
      { serviceName: 'web', cluster: 'c' },
      ['web@other', 'api@'],
    ],
  ])('releases %s', (_name, selector, left) => {
    const { simulator } = setup();
    simulator.hold({ serviceName: 'web' });
    simulator.hold({ serviceName: 'web', cluster: 'c' });
    simulator.hold({ serviceName: 'web', cluster: 'other' });
    simulator.hold({ serviceName: 'api' });
    simulator.release(selector);
    expect(simulator.state().holds.map((h) => `${h.serviceName}@${h.cluster ?? ''}`)).toEqual(left);
  });

  it('holds one cluster only when told which', async () => {
    const { simulator, one, clock } = setup();
    simulator.hold({ serviceName: 'web', cluster: `${ACCOUNT}:cluster/c` });
    await one('CreateService', {}, motoService('web', {}, 'c'));
    await one('CreateService', {}, motoService('web', {}, 'd'));
    clock.advance(100);
    expect(
      simulator.state().services.map((s) => [s.clusterArn.slice(-1), s.deployments[0]?.rolloutState]),
    ).toEqual([
      ['c', 'IN_PROGRESS'],
      ['d', 'COMPLETED'],
    ]);
  });

  it('resolves a family-only task definition with the resolver, and family:revision without it', async () => {
    const { one } = setup();
    const asked: string[] = [];
    const resolver = (family: string) => {
      asked.push(family);
      return Promise.resolve(td(`${family}:9`));
    };
    await one('CreateService', {}, motoService('web'));
    const updated = await one(
      'UpdateService',
      { taskDefinition: 'web' },
      motoService('web', { taskDefinition: 'web' }),
      resolver,
    );
    expect(updated.taskDefinition).toBe(td('web:9'));
    const again = await one(
      'UpdateService',
      { taskDefinition: 'web:3' },
      motoService('web', { taskDefinition: 'web:3' }),
      resolver,
    );
    expect(again.taskDefinition).toBe(td('web:3'));
    expect(asked).toEqual(['web']);
  });

  it('adopts a service it first sees INACTIVE as INACTIVE, and one recreated straight in moto afresh', async () => {
    const { one, describeOne, clock } = setup();
    expect(await describeOne(motoService('old', { status: 'INACTIVE' }))).toMatchObject({
      status: 'INACTIVE',
      runningCount: 0,
    });
    await one('CreateService', {}, motoService('web'));
    clock.advance(100);
    await one('UpdateService', { desiredCount: 0 }, motoService('web', { desiredCount: 0 }));
    await one('DeleteService', {}, motoService('web', { status: 'INACTIVE', desiredCount: 0 }));
    clock.advance(50);
    expect((await describeOne(motoService('web', { status: 'INACTIVE' }))).status).toBe('INACTIVE');
    const recreated = await describeOne(motoService('web', { desiredCount: 3 }));
    expect(recreated).toMatchObject({
      status: 'ACTIVE',
      runningCount: 3,
      deployments: [{ rolloutState: 'COMPLETED' }],
    });
  });

  it('a service deleted straight in moto is INACTIVE at once; one deleted through the proxy drains first', async () => {
    const { one, describeOne } = setup();
    await one('CreateService', {}, motoService('web'));
    expect((await describeOne(motoService('web', { status: 'INACTIVE' }))).status).toBe('INACTIVE');
    const deleted = await one('DeleteService', {}, motoService('api', { status: 'INACTIVE' }));
    expect(deleted).toMatchObject({ status: 'DRAINING', desiredCount: 0, runningCount: 2 });
  });

  it('CreateService under a name it knows starts over, as moto replaces the service', async () => {
    const { simulator, one, clock } = setup();
    await one('CreateService', {}, motoService('web'));
    clock.advance(100);
    await one('CreateService', {}, motoService('web'));
    expect(simulator.state().services).toMatchObject([
      { runningCount: 0, deployments: [{ rolloutState: 'IN_PROGRESS' }] },
    ]);
  });

  it('refuses a negative or infinite timing, and forgets the model when switched off', async () => {
    const { simulator, one } = setup();
    expect(() => simulator.configure({ drainMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(() => new EcsRolloutSimulator({ clock: new FakeClock(), config: { rolloutMs: -1 } })).toThrow(
      /rolloutMs/,
    );
    await one('CreateService', {}, motoService('web'));
    expect(simulator.configure({ enabled: false })).toMatchObject({ enabled: false, services: [] });
    expect(simulator.simulates('ecs', 'DescribeServices')).toBe(false);
    expect(await simulator.rewrite('CreateService', {}, { service: motoService('web') })).toBeUndefined();
  });

  it('keeps armed failures and holds when moto is reset, and forgets them on reset', async () => {
    const { simulator, one } = setup();
    simulator.failNext({ serviceName: 'web', rollback: false });
    simulator.hold({ serviceName: 'web' });
    await one('CreateService', {}, motoService('api'));
    simulator.clearModel();
    expect(simulator.state()).toMatchObject({ services: [], holds: [{}], armedFailures: [{}] });
    simulator.reset();
    expect(simulator.state()).toMatchObject({ services: [], holds: [], armedFailures: [], rolloutMs: 100 });
  });
});
