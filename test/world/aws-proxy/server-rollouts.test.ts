import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Service,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProxyControl } from './control-client.js';
import type { AwsProxyControl } from './control.js';
import { CIRCUIT_BREAKER_REASON } from './ecs-rollout-types.js';
import { FakeClock } from '../../../src/shared/testing/fake-clock.js';
import { startFakeMotoEcs, type FakeMotoEcs } from './fake-moto-ecs.js';
import { describeServicesPatch } from './rule-builders.js';
import { startAwsProxy, type AwsProxy } from './server.js';

const clientConfig = (endpoint: string) => ({
  region: 'us-east-1',
  endpoint,
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
  maxAttempts: 1,
});
const TD = (revision: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`;
const WALL_START = Date.UTC(2030, 0, 1);

/** What a test asserts on most: each deployment's id, status, task definition revision and rollout state. */
function deploymentsOf(service: Service | undefined) {
  return (service?.deployments ?? []).map((d) => ({
    id: d.id,
    status: d.status,
    td: d.taskDefinition?.slice(d.taskDefinition.lastIndexOf(':') + 1),
    state: d.rolloutState,
  }));
}

describe('the AWS proxy plays ECS rollouts', () => {
  let upstream: FakeMotoEcs;
  let proxy: AwsProxy;
  let clock: FakeClock;
  let ecs: ECSClient;
  let direct: ECSClient;

  beforeEach(async () => {
    upstream = await startFakeMotoEcs();
    clock = new FakeClock();
    proxy = await startAwsProxy({
      upstream: upstream.url,
      clock,
      now: () => WALL_START,
      rollouts: { rolloutMs: 1000, drainMs: 500 },
    });
    ecs = new ECSClient(clientConfig(proxy.url));
    direct = new ECSClient(clientConfig(upstream.url));
    for (let i = 0; i < 2; i += 1) {
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'web',
          containerDefinitions: [{ name: 'a', image: 'x' }],
        }),
      );
    }
  });

  afterEach(async () => {
    ecs.destroy();
    direct.destroy();
    await proxy.close();
    await upstream.close();
  });

  const create = (desiredCount = 2, serviceName = 'web') =>
    ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName, taskDefinition: 'web:1', desiredCount }));
  const update = (input: Omit<UpdateServiceCommandInput, 'service'>) =>
    ecs.send(new UpdateServiceCommand({ cluster: 'c', service: 'web', ...input }));
  const describeWeb = async () =>
    (await ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['web'] }))).services?.[0];
  const createdStable = async () => {
    await create();
    clock.advance(1000);
    const service = await describeWeb();
    expect(deploymentsOf(service)).toMatchObject([{ status: 'PRIMARY', state: 'COMPLETED' }]);
    return service!;
  };

  const controls: [string, () => AwsProxyControl][] = [
    ['in-process control', () => proxy.control],
    ['HTTP ProxyControl', () => new ProxyControl(proxy.url)],
  ];

  it('CreateService: IN_PROGRESS with nothing running, COMPLETED with running = desired after rolloutMs', async () => {
    const created = (await create()).service;
    // The first deployment keeps the id moto gave it.
    const motoId = created?.deployments?.[0]?.id;
    expect(motoId).toMatch(/^ecs-svc\/9+1$/);
    expect(created).toMatchObject({ status: 'ACTIVE', desiredCount: 2, runningCount: 0, pendingCount: 2 });
    expect(deploymentsOf(created)).toEqual([
      { id: motoId, status: 'PRIMARY', td: '1', state: 'IN_PROGRESS' },
    ]);
    // The SDK parsed the epoch seconds the proxy wrote into real dates.
    expect(created?.deployments?.[0]?.createdAt).toEqual(new Date(WALL_START));

    clock.advance(999);
    expect(await describeWeb()).toMatchObject({
      runningCount: 0,
      deployments: [{ rolloutState: 'IN_PROGRESS' }],
    });
    clock.advance(1);
    const done = await describeWeb();
    expect(done).toMatchObject({ status: 'ACTIVE', desiredCount: 2, runningCount: 2, pendingCount: 0 });
    expect(deploymentsOf(done)).toEqual([{ id: motoId, status: 'PRIMARY', td: '1', state: 'COMPLETED' }]);
    expect(done?.deployments?.[0]).toMatchObject({
      runningCount: 2,
      rolloutStateReason: `ECS deployment ${motoId} completed.`,
      updatedAt: new Date(WALL_START + 1000),
      launchType: 'EC2',
    });
    expect(done?.events?.[0]?.message).toBe('(service web) has reached a steady state.');
  });

  it('UpdateService with a new task definition: two deployments, then one on the new revision', async () => {
    const before = await createdStable();
    const oldId = before.deployments?.[0]?.id;
    const answer = (await update({ taskDefinition: 'web:2' })).service;
    expect(answer?.taskDefinition).toBe(TD(2));
    expect(deploymentsOf(answer)).toEqual([
      { id: expect.stringMatching(/^ecs-svc\/\d{19}$/), status: 'PRIMARY', td: '2', state: 'IN_PROGRESS' },
      { id: oldId, status: 'ACTIVE', td: '1', state: 'COMPLETED' },
    ]);
    expect(answer).toMatchObject({ runningCount: 2, pendingCount: 2 });
    const newId = answer?.deployments?.[0]?.id;
    expect(newId).not.toBe(oldId);

    clock.advance(1000);
    const after = await describeWeb();
    expect(deploymentsOf(after)).toEqual([{ id: newId, status: 'PRIMARY', td: '2', state: 'COMPLETED' }]);
    expect(after).toMatchObject({ taskDefinition: TD(2), runningCount: 2, pendingCount: 0 });
  });

  it.each<[string, Omit<UpdateServiceCommandInput, 'service'>, boolean]>([
    ['a new task definition', { taskDefinition: 'web:2' }, true],
    ['the task definition as an ARN of another revision', { taskDefinition: TD(2) }, true],
    ['forceNewDeployment', { forceNewDeployment: true }, true],
    [
      'a new network configuration',
      { networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } },
      true,
    ],
    ['desiredCount only', { desiredCount: 5 }, false],
    ['the same task definition', { taskDefinition: 'web:1' }, false],
    ['a grace period', { healthCheckGracePeriodSeconds: 30 }, false],
  ])('UpdateService with %s: new deployment = %s', async (_name, input, deploys) => {
    const before = await createdStable();
    const answer = (await update(input)).service;
    const ids = answer?.deployments?.map((d) => d.id);
    if (deploys) {
      expect(ids).toHaveLength(2);
      expect(ids?.[0]).not.toBe(before.deployments?.[0]?.id);
      expect(answer?.deployments?.[0]?.rolloutState).toBe('IN_PROGRESS');
    } else {
      expect(ids).toEqual([before.deployments?.[0]?.id]);
      expect(answer?.deployments?.[0]?.rolloutState).toBe('COMPLETED');
    }
  });

  it('desiredCount-only update moves the PRIMARY and the counts, with no new deployment', async () => {
    const before = await createdStable();
    const answer = (await update({ desiredCount: 5 })).service;
    expect(answer).toMatchObject({ desiredCount: 5, runningCount: 5, pendingCount: 0 });
    expect(answer?.deployments).toHaveLength(1);
    expect(answer?.deployments?.[0]).toMatchObject({ id: before.deployments?.[0]?.id, desiredCount: 5 });
  });

  it('an update during a rollout replaces it: the unfinished one is ACTIVE, then all but the newest go', async () => {
    await createdStable();
    const second = (await update({ taskDefinition: 'web:2' })).service?.deployments?.[0]?.id;
    clock.advance(400);
    const third = (await update({ taskDefinition: 'web:1', forceNewDeployment: true })).service;
    expect(deploymentsOf(third).map((d) => [d.status, d.td, d.state])).toEqual([
      ['PRIMARY', '1', 'IN_PROGRESS'],
      ['ACTIVE', '2', 'IN_PROGRESS'],
      ['ACTIVE', '1', 'COMPLETED'],
    ]);
    expect(third?.deployments?.[1]?.id).toBe(second);
    clock.advance(999);
    expect((await describeWeb())?.deployments).toHaveLength(3);
    clock.advance(1);
    expect(deploymentsOf(await describeWeb()).map((d) => [d.status, d.td, d.state])).toEqual([
      ['PRIMARY', '1', 'COMPLETED'],
    ]);
  });

  describe.each(controls)('scripted with the %s', (_name, control) => {
    it('failNextRollout with rollback: FAILED, then the old revision PRIMARY COMPLETED and the failed id gone', async () => {
      const c = control();
      const stable = await createdStable();
      await c.failNextRollout({ serviceName: 'web', rollback: true });
      expect((await c.rollouts()).armedFailures).toEqual([{ serviceName: 'web', rollback: true }]);
      const failing = (await update({ taskDefinition: 'web:2' })).service?.deployments?.[0]?.id;
      expect((await c.rollouts()).armedFailures).toEqual([]);

      clock.advance(1000);
      const rollingBack = await describeWeb();
      const rollbackId = rollingBack?.deployments?.[0]?.id;
      expect(rollbackId).not.toBe(failing);
      expect(deploymentsOf(rollingBack)).toEqual([
        { id: rollbackId, status: 'PRIMARY', td: '1', state: 'IN_PROGRESS' },
        { id: failing, status: 'ACTIVE', td: '2', state: 'FAILED' },
        { id: stable.deployments?.[0]?.id, status: 'ACTIVE', td: '1', state: 'COMPLETED' },
      ]);
      expect(rollingBack?.deployments?.[1]).toMatchObject({
        rolloutStateReason: CIRCUIT_BREAKER_REASON,
        failedTasks: 3,
        runningCount: 0,
      });
      // ECS's texts: the breaker's reason, the rollback's reason naming the deployment it returns to,
      // and the shorter service event.
      expect(rollingBack?.deployments?.[0]?.rolloutStateReason).toBe(
        `ECS deployment circuit breaker: rolling back to deploymentId ${stable.deployments?.[0]?.id}.`,
      );
      expect(rollingBack?.events?.map((e) => e.message)).toContain(
        `(service web) (deployment ${failing}) deployment failed: tasks failed to start.`,
      );
      expect(rollingBack?.events?.[0]?.message).toBe(
        `(service web) rolling back to deployment ${stable.deployments?.[0]?.id}.`,
      );

      clock.advance(1000);
      const after = await describeWeb();
      expect(deploymentsOf(after)).toEqual([
        { id: rollbackId, status: 'PRIMARY', td: '1', state: 'COMPLETED' },
      ]);
      expect(after).toMatchObject({ taskDefinition: TD(1), runningCount: 2, desiredCount: 2 });
      expect(after?.deployments?.some((d) => d.id === failing)).toBe(false);
      // The model says the same as the answer.
      expect(await c.serviceRollout({ serviceName: 'web', cluster: 'c' })).toMatchObject({
        taskDefinition: TD(1),
        deployments: [{ status: 'PRIMARY', rolloutState: 'COMPLETED' }],
      });
    });

    it('failNextRollout without rollback: the failed deployment stays PRIMARY FAILED', async () => {
      const c = control();
      await createdStable();
      await c.failNextRollout({ serviceName: 'web', cluster: 'c', reason: 'alarm tripped', rollback: false });
      await update({ taskDefinition: 'web:2' });
      clock.advance(60_000);
      const service = await describeWeb();
      expect(deploymentsOf(service).map((d) => [d.status, d.td, d.state])).toEqual([
        ['PRIMARY', '2', 'FAILED'],
        ['ACTIVE', '1', 'COMPLETED'],
      ]);
      expect(service?.deployments?.[0]?.rolloutStateReason).toBe('alarm tripped');
      expect(service).toMatchObject({ taskDefinition: TD(2), runningCount: 2 });
    });

    it('holdRollouts keeps a rollout IN_PROGRESS until releaseRollouts', async () => {
      const c = control();
      await c.holdRollouts({ serviceName: 'web' });
      await create();
      clock.advance(60_000);
      expect(await describeWeb()).toMatchObject({
        runningCount: 0,
        deployments: [{ rolloutState: 'IN_PROGRESS' }],
      });
      expect(await c.serviceRollout({ serviceName: 'web' })).toMatchObject({ held: true });
      await c.releaseRollouts({ serviceName: 'web' });
      const released = await describeWeb();
      expect(released).toMatchObject({ runningCount: 2, deployments: [{ rolloutState: 'COMPLETED' }] });
      expect(released?.deployments?.[0]?.updatedAt).toEqual(new Date(WALL_START + 60_000));
    });

    it('DeleteService: DRAINING for drainMs, then INACTIVE', async () => {
      const c = control();
      await createdStable();
      await update({ desiredCount: 0 });
      const deleted = (await ecs.send(new DeleteServiceCommand({ cluster: 'c', service: 'web' }))).service;
      expect(deleted?.status).toBe('DRAINING');
      clock.advance(499);
      expect((await describeWeb())?.status).toBe('DRAINING');
      clock.advance(1);
      expect(await describeWeb()).toMatchObject({ status: 'INACTIVE', runningCount: 0, desiredCount: 0 });
      expect((await c.serviceRollout({ serviceName: 'web' }))?.status).toBe('INACTIVE');
    });

    it('configureRollouts: rolloutMs 0 completes at once; off leaves moto answers as they are', async () => {
      const c = control();
      expect(await c.configureRollouts({ rolloutMs: 0 })).toMatchObject({ enabled: true, rolloutMs: 0 });
      expect((await create()).service).toMatchObject({
        runningCount: 2,
        deployments: [{ rolloutState: 'COMPLETED' }],
      });
      await c.configureRollouts({ enabled: false });
      expect((await c.rollouts()).services).toEqual([]);
      clock.advance(60_000);
      expect(await describeWeb()).toMatchObject({
        runningCount: 0,
        deployments: [{ rolloutState: 'IN_PROGRESS' }],
      });
      await expect(c.configureRollouts({ rolloutMs: -1 })).rejects.toThrow(/rolloutMs/);
    });

    it('reset forgets the model, holds and armed failures and restores the configuration', async () => {
      const c = control();
      await c.configureRollouts({ rolloutMs: 5 });
      await c.holdRollouts({ serviceName: 'web' });
      await c.failNextRollout({ serviceName: 'web', rollback: false });
      await create();
      await c.reset();
      expect(await c.rollouts()).toEqual({
        enabled: true,
        rolloutMs: 1000,
        drainMs: 500,
        holds: [],
        armedFailures: [],
        services: [],
      });
    });
  });

  it('adopts a service created straight in moto as stable, and follows changes made there', async () => {
    await direct.send(
      new CreateServiceCommand({
        cluster: 'c',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 3,
      }),
    );
    const adopted = await describeWeb();
    expect(adopted).toMatchObject({ runningCount: 3, pendingCount: 0 });
    expect(deploymentsOf(adopted)).toMatchObject([{ status: 'PRIMARY', td: '1', state: 'COMPLETED' }]);

    // An autoscaler (or a person) changes desiredCount, and then the family's latest revision, in moto.
    await direct.send(new UpdateServiceCommand({ cluster: 'c', service: 'web', desiredCount: 4 }));
    expect(await describeWeb()).toMatchObject({ desiredCount: 4, runningCount: 4 });
    await direct.send(new UpdateServiceCommand({ cluster: 'c', service: 'web', taskDefinition: 'web' }));
    const drifted = await describeWeb();
    expect(drifted?.taskDefinition).toBe(TD(2));
    expect(deploymentsOf(drifted).map((d) => [d.status, d.td, d.state])).toEqual([
      ['PRIMARY', '2', 'IN_PROGRESS'],
      ['ACTIVE', '1', 'COMPLETED'],
    ]);
    // The family was resolved by asking the upstream, which the proxy does not count.
    expect(upstream.requests.some((r) => r.action === 'DescribeTaskDefinition')).toBe(true);
    expect(await proxy.control.count({ action: 'DescribeTaskDefinition' })).toBe(0);
  });

  it('applies patch rules after the simulator, and logs which answers it rewrote', async () => {
    await proxy.control.addRule(describeServicesPatch('web', { runningCount: 7 }));
    await create();
    expect((await describeWeb())?.runningCount).toBe(7);
    const calls = await proxy.control.calls({ service: 'ecs' });
    expect(calls.map((call) => [call.action, call.simulated ?? false, call.patched])).toEqual([
      ['RegisterTaskDefinition', false, undefined],
      ['RegisterTaskDefinition', false, undefined],
      ['CreateService', true, undefined],
      ['DescribeServices', true, 1],
    ]);
  });

  it('forgets the model when moto is reset through the proxy', async () => {
    await create();
    expect((await proxy.control.rollouts()).services).toHaveLength(1);
    await fetch(`${proxy.url}/moto-api/reset`, { method: 'POST' });
    expect((await proxy.control.rollouts()).services).toEqual([]);
  });
});
