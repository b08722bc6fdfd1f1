import {
  DescribeScalableTargetsCommand,
  ApplicationAutoScalingClient,
} from '@aws-sdk/client-application-auto-scaling';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsProxy, type AwsProxy } from './server.js';

// The real emulator, when this machine has one: proves the proxy's forwarding and patching hold
// for moto's actual answers, not only for the fake upstream. The world installs moto for the
// integration suite; a bare unit run without it leaves this file's tests out.
const motoAvailable = spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function waitForMoto(url: string, child: ChildProcess, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/moto-api/`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`moto_server did not answer at ${url} within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.runIf(motoAvailable)('AWS fault proxy in front of a real moto_server', () => {
  let moto: ChildProcess | undefined;
  let proxy: AwsProxy | undefined;
  const clients: { destroy(): void }[] = [];
  const config = () => ({
    region: 'us-east-1',
    endpoint: proxy!.url,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });

  beforeAll(async () => {
    const port = await freePort();
    // Own process group, so afterAll can stop moto and anything it spawned in one signal.
    moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { detached: true, stdio: 'ignore' });
    const url = `http://127.0.0.1:${port}`;
    await waitForMoto(url, moto, 30_000);
    proxy = await startAwsProxy({ upstream: url });
  }, 40_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await proxy?.close();
    if (moto?.pid !== undefined && moto.exitCode === null) {
      const exited = new Promise((resolve) => moto!.once('exit', resolve));
      process.kill(-moto.pid, 'SIGTERM');
      await exited;
    }
  });

  it('creates a cluster, registers a task definition and creates a service through the proxy', async () => {
    const ecs = new ECSClient(config());
    clients.push(ecs);
    const cluster = await ecs.send(new CreateClusterCommand({ clusterName: 'proxy-test' }));
    expect(cluster.cluster?.clusterName).toBe('proxy-test');
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'proxy-test',
        containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128 }],
      }),
    );
    expect(registered.taskDefinition?.revision).toBe(1);
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'proxy-test',
        serviceName: 'web',
        taskDefinition: 'proxy-test:1',
        desiredCount: 2,
      }),
    );
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'proxy-test',
        serviceName: 'api',
        taskDefinition: 'proxy-test:1',
        desiredCount: 1,
      }),
    );
    expect(await proxy!.control.count({ service: 'ecs', outcome: 'forwarded' })).toBe(4);
  });

  it("patches moto's DescribeServices answer for one service only", async () => {
    const ecs = new ECSClient(config());
    clients.push(ecs);
    await proxy!.control.addRule({
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
    const ecs = new ECSClient(config());
    clients.push(ecs);
    expect((await ecs.send(new ListClustersCommand({}))).clusterArns).toEqual([]);
  });
});
