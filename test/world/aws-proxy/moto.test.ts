import {
  DescribeScalableTargetsCommand,
  ApplicationAutoScalingClient,
  ListTagsForResourceCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Service,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMoto, type MotoServer } from '../moto.js';
import { CIRCUIT_BREAKER_REASON } from './ecs-rollout-types.js';
import { FakeClock } from '../../../src/shared/testing/fake-clock.js';
import { startAwsProxy, type AwsProxy } from './server.js';

// The real emulator, as the world runs it (`MOTO_ECS_SERVICE_RUNNING=0`): proves the proxy's
// forwarding, patching and rollout simulation hold for moto's actual answers, not only for the
// fakes. startMoto uses an installed moto 5.x or installs the pinned one into .venv, so this file
// never skips. The proxy runs on a fake clock: rollouts move only when a test advances it.
const clock = new FakeClock();
const ROLLOUT_MS = 1000;
const DRAIN_MS = 500;

describe('AWS fault proxy in front of a real moto', () => {
  let dir: string;
  let moto: MotoServer | undefined;
  let proxy: AwsProxy | undefined;
  const clients: { destroy(): void }[] = [];
  const config = (endpoint = proxy!.url) => ({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
  const ecsClient = (endpoint?: string) => {
    const client = new ECSClient(config(endpoint));
    clients.push(client);
    return client;
  };

  // Generous: a cold machine installs moto into .venv first.
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aws-proxy-moto-'));
    moto = await startMoto({ dir });
    proxy = await startAwsProxy({
      upstream: moto.url,
      clock,
      rollouts: { rolloutMs: ROLLOUT_MS, drainMs: DRAIN_MS },
    });
  }, 300_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await proxy?.close();
    await moto?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('forwarding and patching', () => {
    it('creates a cluster, registers a task definition and creates a service through the proxy', async () => {
      const ecs = ecsClient();
      const cluster = await ecs.send(new CreateClusterCommand({ clusterName: 'proxy-test' }));
      expect(cluster.cluster?.clusterName).toBe('proxy-test');
      const registered = await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'proxy-test',
          containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128 }],
        }),
      );
      expect(registered.taskDefinition?.revision).toBe(1);
      for (const [serviceName, desiredCount] of [
        ['web', 2],
        ['api', 1],
      ] as const) {
        await ecs.send(
          new CreateServiceCommand({
            cluster: 'proxy-test',
            serviceName,
            taskDefinition: 'proxy-test:1',
            desiredCount,
          }),
        );
      }
      expect(await proxy!.control.count({ service: 'ecs', outcome: 'forwarded' })).toBe(4);
    });

    it("patches moto's DescribeServices answer for one service only", async () => {
      const ecs = ecsClient();
      const rule = await proxy!.control.addRule({
        action: 'DescribeServices',
        fault: {
          kind: 'patch',
          patches: [
            {
              path: 'services',
              where: { serviceName: 'web' },
              merge: {
                runningCount: 1,
                deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', rolloutState: 'FAILED' }],
              },
            },
          ],
        },
      });
      const answer = await ecs.send(
        new DescribeServicesCommand({ cluster: 'proxy-test', services: ['web', 'api'] }),
      );
      const byName = new Map(answer.services?.map((service) => [service.serviceName, service]));
      expect(byName.get('web')?.deployments?.[0]?.rolloutState).toBe('FAILED');
      expect(byName.get('web')?.runningCount).toBe(1);
      expect(byName.get('api')?.deployments?.[0]?.rolloutState).not.toBe('FAILED');
      expect(byName.get('api')?.desiredCount).toBe(1);
      await proxy!.control.removeRule(rule.id);
    });

    it('reaches Application Auto Scaling and ELBv2 in moto, and passes /moto-api/reset through', async () => {
      const autoscaling = new ApplicationAutoScalingClient(config());
      const elb = new ElasticLoadBalancingV2Client(config());
      clients.push(autoscaling, elb);
      expect(
        (await autoscaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' })))
          .ScalableTargets,
      ).toEqual([]);
      expect((await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers).toEqual([]);
      expect((await fetch(`${proxy!.url}/moto-api/reset`, { method: 'POST' })).ok).toBe(true);
      expect((await ecsClient().send(new ListClustersCommand({}))).clusterArns).toEqual([]);
      expect((await proxy!.control.rollouts()).services).toEqual([]);
    });

    it('pages DescribeScalableTargets past 100 targets, each target once, and tags a target without a scan', async () => {
      const autoscaling = new ApplicationAutoScalingClient(config());
      clients.push(autoscaling);
      // The services are made straight in moto: Application Auto Scaling checks they exist.
      const inMoto = ecsClient(moto!.url);
      await inMoto.send(new CreateClusterCommand({ clusterName: 'paging' }));
      await inMoto.send(
        new RegisterTaskDefinitionCommand({
          family: 'paging',
          containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128 }],
        }),
      );
      const ids: string[] = [];
      for (let i = 0; i < 130; i++) {
        await inMoto.send(
          new CreateServiceCommand({ cluster: 'paging', serviceName: `svc-${i}`, taskDefinition: 'paging' }),
        );
        ids.push(`service/paging/svc-${i}`);
      }
      const arns: string[] = [];
      for (const id of ids) {
        const answer = await autoscaling.send(
          new RegisterScalableTargetCommand({
            ServiceNamespace: 'ecs',
            ResourceId: id,
            ScalableDimension: 'ecs:service:DesiredCount',
            MinCapacity: 1,
            MaxCapacity: 2,
            Tags: { team: 'a' },
          }),
        );
        arns.push(answer.ScalableTargetARN ?? '');
      }
      const listed: string[] = [];
      let token: string | undefined;
      for (let page = 0; page < 10; page++) {
        const answer = await autoscaling.send(
          new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', MaxResults: 50, NextToken: token }),
        );
        listed.push(...(answer.ScalableTargets ?? []).map((t) => t.ResourceId ?? ''));
        token = answer.NextToken;
        if (token === undefined || token === '') break;
      }
      expect(listed).toHaveLength(130);
      expect(new Set(listed)).toEqual(new Set(ids));
      const last = await autoscaling.send(new ListTagsForResourceCommand({ ResourceARN: arns[129] }));
      expect(last.Tags).toEqual({ team: 'a' });
      expect((await fetch(`${proxy!.url}/moto-api/reset`, { method: 'POST' })).ok).toBe(true);
    });
  });

  describe('ECS rollouts played by the proxy', () => {
    let ecs: ECSClient;
    const describeWeb = async (): Promise<Service | undefined> =>
      (await ecs.send(new DescribeServicesCommand({ cluster: 'roll', services: ['web'] }))).services?.[0];
    const update = async (input: Omit<UpdateServiceCommandInput, 'service'>) =>
      (await ecs.send(new UpdateServiceCommand({ cluster: 'roll', service: 'web', ...input }))).service;
    const shape = (service: Service | undefined) =>
      (service?.deployments ?? []).map((d) => [d.status, d.taskDefinition?.split('/')[1], d.rolloutState]);
    const createStable = async () => {
      await ecs.send(
        new CreateServiceCommand({
          cluster: 'roll',
          serviceName: 'web',
          taskDefinition: 'web:1',
          desiredCount: 2,
        }),
      );
      clock.advance(ROLLOUT_MS);
      const service = await describeWeb();
      expect(shape(service)).toEqual([['PRIMARY', 'web:1', 'COMPLETED']]);
      return service!;
    };

    beforeEach(async () => {
      await moto!.reset();
      await proxy!.control.reset();
      ecs = ecsClient();
      await ecs.send(new CreateClusterCommand({ clusterName: 'roll' }));
      for (let i = 0; i < 2; i += 1) {
        await ecs.send(
          new RegisterTaskDefinitionCommand({
            family: 'web',
            containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128 }],
          }),
        );
      }
    });

    it('create: IN_PROGRESS with nothing running, then COMPLETED with running = desired', async () => {
      const created = await ecs.send(
        new CreateServiceCommand({
          cluster: 'roll',
          serviceName: 'web',
          taskDefinition: 'web:1',
          desiredCount: 2,
        }),
      );
      expect(created.service).toMatchObject({ runningCount: 0, pendingCount: 2 });
      expect(shape(created.service)).toEqual([['PRIMARY', 'web:1', 'IN_PROGRESS']]);
      clock.advance(ROLLOUT_MS - 1);
      expect(shape(await describeWeb())).toEqual([['PRIMARY', 'web:1', 'IN_PROGRESS']]);
      clock.advance(1);
      const done = await describeWeb();
      expect(done).toMatchObject({ status: 'ACTIVE', desiredCount: 2, runningCount: 2, pendingCount: 0 });
      expect(shape(done)).toEqual([['PRIMARY', 'web:1', 'COMPLETED']]);
      expect(done?.deployments?.[0]?.createdAt).toBeInstanceOf(Date);
    });

    it('update with a new task definition: two deployments, then one', async () => {
      await createStable();
      expect(shape(await update({ taskDefinition: 'web:2' }))).toEqual([
        ['PRIMARY', 'web:2', 'IN_PROGRESS'],
        ['ACTIVE', 'web:1', 'COMPLETED'],
      ]);
      clock.advance(ROLLOUT_MS);
      const after = await describeWeb();
      expect(shape(after)).toEqual([['PRIMARY', 'web:2', 'COMPLETED']]);
      expect(after?.taskDefinition).toMatch(/task-definition\/web:2$/);
    });

    it('forceNewDeployment: a new deployment id on the same task definition', async () => {
      const before = await createStable();
      const answer = await update({ forceNewDeployment: true });
      expect(answer?.deployments?.[0]?.id).not.toBe(before.deployments?.[0]?.id);
      expect(shape(answer)).toEqual([
        ['PRIMARY', 'web:1', 'IN_PROGRESS'],
        ['ACTIVE', 'web:1', 'COMPLETED'],
      ]);
    });

    it('desiredCount only: no new deployment, counts follow', async () => {
      const before = await createStable();
      const answer = await update({ desiredCount: 4 });
      expect(answer).toMatchObject({ desiredCount: 4, runningCount: 4 });
      expect(answer?.deployments?.map((d) => d.id)).toEqual([before.deployments?.[0]?.id]);
    });

    it('failNextRollout with rollback: FAILED, then the old revision PRIMARY COMPLETED and the failed id gone', async () => {
      await createStable();
      await proxy!.control.failNextRollout({ serviceName: 'web', rollback: true });
      const failing = (await update({ taskDefinition: 'web:2' }))?.deployments?.[0]?.id;
      clock.advance(ROLLOUT_MS);
      const rollingBack = await describeWeb();
      expect(rollingBack?.deployments?.find((d) => d.id === failing)).toMatchObject({
        rolloutState: 'FAILED',
        rolloutStateReason: CIRCUIT_BREAKER_REASON,
      });
      clock.advance(ROLLOUT_MS);
      const after = await describeWeb();
      expect(shape(after)).toEqual([['PRIMARY', 'web:1', 'COMPLETED']]);
      expect(after?.deployments?.some((d) => d.id === failing)).toBe(false);
      expect(after?.taskDefinition).toMatch(/task-definition\/web:1$/);
    });

    it('hold keeps a rollout IN_PROGRESS; release completes it', async () => {
      await createStable();
      await proxy!.control.holdRollouts({ serviceName: 'web', cluster: 'roll' });
      await update({ taskDefinition: 'web:2' });
      clock.advance(10 * ROLLOUT_MS);
      expect(shape(await describeWeb())).toEqual([
        ['PRIMARY', 'web:2', 'IN_PROGRESS'],
        ['ACTIVE', 'web:1', 'COMPLETED'],
      ]);
      await proxy!.control.releaseRollouts({ serviceName: 'web' });
      expect(shape(await describeWeb())).toEqual([['PRIMARY', 'web:2', 'COMPLETED']]);
    });

    it('delete: DRAINING for drainMs, then INACTIVE', async () => {
      await createStable();
      const deleted = await ecs.send(
        new DeleteServiceCommand({ cluster: 'roll', service: 'web', force: true }),
      );
      expect(deleted.service?.status).toBe('DRAINING');
      expect((await describeWeb())?.status).toBe('DRAINING');
      clock.advance(DRAIN_MS);
      expect(await describeWeb()).toMatchObject({ status: 'INACTIVE', runningCount: 0 });
    });

    it('adopts a service created straight in moto as stable', async () => {
      await ecsClient(moto!.url).send(
        new CreateServiceCommand({
          cluster: 'roll',
          serviceName: 'web',
          taskDefinition: 'web:2',
          desiredCount: 3,
        }),
      );
      const adopted = await describeWeb();
      expect(adopted).toMatchObject({ runningCount: 3, desiredCount: 3, pendingCount: 0 });
      expect(shape(adopted)).toEqual([['PRIMARY', 'web:2', 'COMPLETED']]);
    });
  });
});
