import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import {
  CreateClusterCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  RegisterTaskDefinitionCommand,
  ServerException,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProxyControl } from './control-client.js';
import type { AwsProxyControl } from './control.js';
import { FakeClock } from '../../../src/shared/testing/fake-clock.js';
import { FAKE_SERVICES, startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { startAwsProxy, type AwsProxy, type AwsProxyOptions } from './server.js';

const clientConfig = (endpoint: string) => ({
  region: 'us-east-1',
  endpoint,
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
  maxAttempts: 1,
});

/** Runs a command and returns what it threw (fails the test if it did not throw). */
async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

describe('AWS fault proxy end to end', () => {
  let upstream: FakeUpstream;
  let proxy: AwsProxy;
  let clock: FakeClock;
  let sleeps: number[];
  let ecs: ECSClient;
  let elb: ElasticLoadBalancingV2Client;
  let autoscaling: ApplicationAutoScalingClient;

  async function start(options: Partial<AwsProxyOptions> = {}): Promise<void> {
    await proxy?.close();
    proxy = await startAwsProxy({
      upstream: upstream.url,
      clock,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      ...options,
    });
    ecs?.destroy();
    elb?.destroy();
    autoscaling?.destroy();
    ecs = new ECSClient(clientConfig(proxy.url));
    elb = new ElasticLoadBalancingV2Client(clientConfig(proxy.url));
    autoscaling = new ApplicationAutoScalingClient(clientConfig(proxy.url));
  }

  beforeEach(async () => {
    upstream = await startFakeUpstream();
    clock = new FakeClock();
    sleeps = [];
    await start();
  });

  afterEach(async () => {
    ecs.destroy();
    elb.destroy();
    autoscaling.destroy();
    await proxy.close();
    await upstream.close();
  });

  // Every behaviour is checked through both controls: the in-process handle and the HTTP client.
  const controls: [string, () => AwsProxyControl][] = [
    ['in-process control', () => proxy.control],
    ['HTTP ProxyControl', () => new ProxyControl(proxy.url)],
  ];

  describe.each(controls)('with the %s', (_name, control) => {
    it('forwards calls of all three SDK clients unchanged and counts them', async () => {
      await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
      await ecs.send(new ListClustersCommand({}));
      await ecs.send(new ListClustersCommand({}));
      await autoscaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }));
      await elb.send(new DescribeLoadBalancersCommand({}));

      expect(
        upstream.requests.map((r) => r.headers['x-amz-target'] ?? new URLSearchParams(r.body).get('Action')),
      ).toEqual([
        'AmazonEC2ContainerServiceV20141113.CreateCluster',
        'AmazonEC2ContainerServiceV20141113.ListClusters',
        'AmazonEC2ContainerServiceV20141113.ListClusters',
        'AnyScaleFrontendService.DescribeScalableTargets',
        'DescribeLoadBalancers',
      ]);
      expect(upstream.requests[0]?.body).toBe('{"clusterName":"c"}');
      const c = control();
      expect(await c.count()).toBe(5);
      expect(await c.count({ service: 'ecs', action: 'ListClusters', outcome: 'forwarded' })).toBe(2);
      expect(await c.count({ service: 'application-autoscaling', action: 'DescribeScalableTargets' })).toBe(
        1,
      );
      expect(
        await c.count({ service: 'elasticloadbalancing', action: 'DescribeLoadBalancers', status: 200 }),
      ).toBe(1);
    });

    it('answers ThrottlingException when the ECS bucket is empty, without calling the upstream', async () => {
      const c = control();
      await c.drainBuckets(['task-definition-modify']);
      const error = await failure(
        ecs.send(
          new RegisterTaskDefinitionCommand({
            family: 'f',
            containerDefinitions: [{ name: 'a', image: 'nginx' }],
          }),
        ),
      );
      expect(error.name).toBe('ThrottlingException');
      expect(error.message).toBe('Rate exceeded');
      expect(error.$fault).toBe('client');
      expect(error.$metadata).toMatchObject({
        httpStatusCode: 400,
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(upstream.requests).toHaveLength(0);
      expect(await c.count({ action: 'RegisterTaskDefinition', outcome: 'throttled' })).toBe(1);
      // Another category is untouched.
      await ecs.send(new ListClustersCommand({}));
    });

    it('refills at the sustained rate times the speed-up', async () => {
      const c = control();
      await c.configureBuckets({ speedup: 4 });
      await c.drainBuckets(['task-definition-modify']);
      clock.advance(250); // 1 token/s × 4 = one token per 250 ms
      const register = () =>
        ecs.send(
          new RegisterTaskDefinitionCommand({
            family: 'f',
            containerDefinitions: [{ name: 'a', image: 'nginx' }],
          }),
        );
      await register();
      expect((await failure(register())).name).toBe('ThrottlingException');
      await c.configureBuckets({ enabled: false });
      await register();
    });

    it('injects 503 as a server fault for the next N calls only', async () => {
      const c = control();
      await c.addRule({
        service: 'ecs',
        action: 'ListClusters',
        fault: { kind: 'error', status: 503 },
        times: 1,
      });
      const error = await failure(ecs.send(new ListClustersCommand({})));
      expect(error.$fault).toBe('server');
      expect(error.$metadata).toMatchObject({ httpStatusCode: 503 });
      expect(error.name).toBe('ServiceUnavailable');
      await ecs.send(new ListClustersCommand({}));
      expect(await c.count({ outcome: 'fault-error', status: 503 })).toBe(1);
      expect(await c.count({ outcome: 'forwarded' })).toBe(1);
    });

    it('injects 500 as the modeled ECS ServerException and ELBv2 throttling as Throttling', async () => {
      const c = control();
      await c.addRule({ service: 'ecs', fault: { kind: 'error', status: 500 } });
      await c.addRule({ service: 'elasticloadbalancing', fault: { kind: 'throttle' } });
      const ecsError = await failure(ecs.send(new ListClustersCommand({})));
      expect(ecsError).toBeInstanceOf(ServerException);
      const elbError = await failure(elb.send(new DescribeLoadBalancersCommand({})));
      expect(elbError.name).toBe('Throttling');
      expect(elbError.message).toBe('Rate exceeded');
      expect(elbError.$metadata).toMatchObject({ httpStatusCode: 400 });
      expect(await c.count({ outcome: 'fault-throttle' })).toBe(1);
    });

    it('resets the connection so the SDK sees a network error', async () => {
      const c = control();
      await c.addRule({ action: 'DescribeScalableTargets', fault: { kind: 'reset' }, times: 1 });
      const error = await failure(
        autoscaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' })),
      );
      // No HTTP answer at all: the error carries no status, only the socket's error code.
      expect(error.$metadata).not.toHaveProperty('httpStatusCode');
      expect(`${error.message} ${typeof error.code === 'string' ? error.code : ''}`).toMatch(
        /ECONNRESET|socket hang up/,
      );
      expect(await c.count({ outcome: 'fault-reset' })).toBe(1);
      await autoscaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }));
    });

    it('patches only the matching service of a batched DescribeServices answer', async () => {
      const c = control();
      const deployments = [
        { id: 'd-web-2', status: 'PRIMARY', rolloutState: 'IN_PROGRESS', runningCount: 1, desiredCount: 3 },
        { id: 'd-web-1', status: 'ACTIVE', rolloutState: 'COMPLETED', runningCount: 2, desiredCount: 0 },
      ];
      await c.addRule({
        service: 'ecs',
        action: 'DescribeServices',
        fault: {
          kind: 'patch',
          patches: [{ path: 'services', where: { serviceName: 'web' }, merge: { deployments } }],
        },
      });
      const answer = await ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['web', 'api'] }));
      expect(answer.services?.[0]?.deployments?.map((d) => [d.id, d.rolloutState])).toEqual([
        ['d-web-2', 'IN_PROGRESS'],
        ['d-web-1', 'COMPLETED'],
      ]);
      expect(answer.services?.[0]?.runningCount).toBe(3);
      expect(answer.services?.[1]?.deployments?.map((d) => d.id)).toEqual(['d-api-1']);
      expect(answer.services?.[1]?.serviceName).toBe(FAKE_SERVICES[1]?.serviceName);
      const [call] = await c.calls({ action: 'DescribeServices' });
      expect(call).toMatchObject({
        outcome: 'forwarded',
        patched: 1,
        params: { cluster: 'c', services: ['web', 'api'] },
      });
    });

    it('answers a scripted response for calls whose body matches', async () => {
      const c = control();
      const rule = await c.addRule({
        action: 'DescribeServices',
        bodyContains: '"api"',
        fault: {
          kind: 'respond',
          status: 200,
          body: { services: [], failures: [{ arn: 'api', reason: 'MISSING' }] },
        },
      });
      const scripted = await ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['api'] }));
      expect(scripted.failures).toEqual([{ arn: 'api', reason: 'MISSING' }]);
      const forwarded = await ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['web'] }));
      expect(forwarded.services).toHaveLength(2);
      expect(await c.calls()).toMatchObject([
        { outcome: 'fault-respond', ruleIds: [rule.id] },
        { outcome: 'forwarded', ruleIds: [] },
      ]);
    });

    it('adds latency before forwarding', async () => {
      const c = control();
      await c.addRule({ service: 'ecs', fault: { kind: 'latency', ms: 250 } });
      await c.addRule({ action: 'ListClusters', fault: { kind: 'latency', ms: 50 }, times: 1 });
      await ecs.send(new ListClustersCommand({}));
      await ecs.send(new ListClustersCommand({}));
      expect(sleeps).toEqual([300, 250]);
      expect(upstream.requests).toHaveLength(2);
    });

    it('logs request parameters so a test can see an UpdateService carried no desiredCount', async () => {
      const c = control();
      await ecs.send(new UpdateServiceCommand({ cluster: 'c', service: 'web', taskDefinition: 'f:2' }));
      await ecs.send(new UpdateServiceCommand({ cluster: 'c', service: 'web', desiredCount: 4 }));
      const updates = await c.calls({ service: 'ecs', action: 'UpdateService' });
      expect(updates.map((call) => call.params)).toEqual([
        { cluster: 'c', service: 'web', taskDefinition: 'f:2' },
        { cluster: 'c', service: 'web', desiredCount: 4 },
      ]);
      await c.resetCalls();
      expect(await c.count()).toBe(0);
      expect(await c.calls()).toEqual([]);
    });

    it('counts an upstream error with its status', async () => {
      const c = control();
      const error = await failure(ecs.send(new DeleteServiceCommand({ cluster: 'c', service: 'gone' })));
      expect(error.name).toBe('ServiceNotFoundException');
      expect(await c.counts()).toEqual([
        { service: 'ecs', action: 'DeleteService', outcome: 'upstream-error', status: 400, count: 1 },
      ]);
    });

    it('reset clears rules and counts and restores the buckets', async () => {
      const c = control();
      await c.addRule({ fault: { kind: 'reset' } });
      await c.drainBuckets();
      await c.configureBuckets({ speedup: 9 });
      await c.reset();
      expect(await c.listRules()).toEqual([]);
      expect(await c.buckets()).toMatchObject({
        enabled: true,
        speedup: 1,
        buckets: { 'service-read': { tokens: 100 } },
      });
      await ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['web'] }));
      expect(await c.count()).toBe(1);
    });
  });

  it('fires a probability rule according to the injected random source', async () => {
    const draws = [0.05, 0.5, 0.05];
    await start({ random: () => draws.shift() ?? 1 });
    await proxy.control.addRule({ service: 'ecs', fault: { kind: 'throttle' }, probability: 0.1 });
    const outcomes = [];
    for (let i = 0; i < 4; i += 1) {
      outcomes.push(
        await ecs.send(new ListClustersCommand({})).then(
          () => 'ok',
          (e: Error) => e.name,
        ),
      );
    }
    expect(outcomes).toEqual(['ThrottlingException', 'ok', 'ThrottlingException', 'ok']);
  });

  it('takes its initial bucket configuration from the options, and reset returns to it', async () => {
    await start({ speedup: 5, buckets: { limits: { 'service-modify': { burst: 1 } } } });
    expect((await proxy.control.buckets()).buckets['service-modify']).toMatchObject({
      burst: 1,
      effectiveRatePerSecond: 25,
    });
    await ecs.send(new UpdateServiceCommand({ cluster: 'c', service: 'web' }));
    expect((await failure(ecs.send(new UpdateServiceCommand({ cluster: 'c', service: 'web' })))).name).toBe(
      'ThrottlingException',
    );
    await proxy.control.configureBuckets({ speedup: 1 });
    await proxy.control.reset();
    expect((await proxy.control.buckets()).speedup).toBe(5);
  });

  it('passes /moto-api/ through without counting it', async () => {
    const response = await fetch(`${proxy.url}/moto-api/reset`, { method: 'POST' });
    expect(await response.text()).toBe('reset');
    expect(upstream.requests.map((r) => r.url)).toEqual(['/moto-api/reset']);
    expect(await proxy.control.count()).toBe(0);
  });

  it('answers 502 and counts upstream-unreachable when the upstream is gone', async () => {
    await upstream.close();
    const error = await failure(
      autoscaling.send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: 'ecs',
          ResourceId: 'service/c/web',
          ScalableDimension: 'ecs:service:DesiredCount',
        }),
      ),
    );
    expect(error.$metadata).toMatchObject({ httpStatusCode: 502 });
    expect(await proxy.control.count({ outcome: 'upstream-unreachable' })).toBe(1);
  });

  it('reports an invalid rule from another process as a rejected promise with the reason', async () => {
    const remote = new ProxyControl(proxy.url);
    await expect(remote.addRule({ fault: { kind: 'latency', ms: -5 } })).rejects.toThrow(/fault.ms/);
    await expect(proxy.control.addRule({ fault: { kind: 'latency', ms: -5 } })).rejects.toThrow(/fault.ms/);
    expect(await remote.removeRule('rule-404')).toBe(false);
    await remote.health();
  });

  it('closes idempotently and refuses a non-http upstream', async () => {
    await proxy.close();
    await proxy.close();
    await expect(startAwsProxy({ upstream: 'https://127.0.0.1:1' })).rejects.toThrow(/http:\/\//);
  });
});
