import {
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  ServiceNotFoundException,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/shared/testing/fake-clock.js';
import { startFakeMotoEcs, type FakeMotoEcs } from './fake-moto-ecs.js';
import { startAwsProxy, type AwsProxy } from './server.js';

const clientConfig = (endpoint: string) => ({
  region: 'us-east-1',
  endpoint,
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
  maxAttempts: 1,
});

describe('the AWS proxy answers the service deployment APIs through the SDK', () => {
  let upstream: FakeMotoEcs;
  let proxy: AwsProxy;
  let clock: FakeClock;
  let ecs: ECSClient;

  beforeEach(async () => {
    upstream = await startFakeMotoEcs();
    clock = new FakeClock();
    proxy = await startAwsProxy({
      upstream: upstream.url,
      clock,
      now: () => Date.UTC(2030, 0, 1),
      rollouts: { rolloutMs: 1000, drainMs: 500 },
    });
    ecs = new ECSClient(clientConfig(proxy.url));
    await ecs.send(
      new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'a', image: 'x' }] }),
    );
  });

  afterEach(async () => {
    ecs.destroy();
    await proxy.close();
    await upstream.close();
  });

  it('a BLUE_GREEN service deployment, stage by stage, in the shapes the SDK parses', async () => {
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'c',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 2,
        deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 2 },
      }),
    );
    const described = await ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['web'] }));
    expect(described.services?.[0]?.deploymentConfiguration).toMatchObject({ strategy: 'BLUE_GREEN' });

    const list = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'c', service: 'web' }));
    expect(list.serviceDeployments).toHaveLength(1);
    const arn = list.serviceDeployments?.[0]?.serviceDeploymentArn ?? '';
    expect(arn).toMatch(/^arn:aws:ecs:us-east-1:\d{12}:service-deployment\/c\/web\/\d+$/);
    expect(list.serviceDeployments?.[0]?.createdAt).toBeInstanceOf(Date);

    clock.advance(650); // PRODUCTION_TRAFFIC_SHIFT (600..700 with 100 ms stages)
    const mid = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
    expect(mid.serviceDeployments?.[0]).toMatchObject({
      status: 'IN_PROGRESS',
      lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT',
      targetServiceRevision: { requestedProductionTrafficWeight: 100, requestedTestTrafficWeight: 100 },
    });

    clock.advance(1000); // bake 2 minutes = 200 ms, clean up: done at 1200
    const done = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
    expect(done.serviceDeployments?.[0]?.status).toBe('SUCCESSFUL');
    expect(done.serviceDeployments?.[0]?.finishedAt).toBeInstanceOf(Date);
    const calls = await proxy.control.calls({ action: 'DescribeServiceDeployments' });
    expect(calls.map((c) => c.simulated)).toEqual([true, true]);
  });

  it('an unknown service is ServiceNotFoundException', async () => {
    await expect(
      ecs.send(new ListServiceDeploymentsCommand({ cluster: 'c', service: 'nope' })),
    ).rejects.toBeInstanceOf(ServiceNotFoundException);
  });
});
