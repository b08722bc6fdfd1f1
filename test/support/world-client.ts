/**
 * What an integration test file uses to reach the world the global setup started: Kubernetes and
 * AWS clients, the AWS proxy's control client, fresh namespaces, and world controls.
 */
import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { ProxyControl } from '../world/aws-proxy/index.js';
import { WORLD_CREDENTIALS, type WorldInfo } from '../world/world.js';

/** The world's coordinates, as the global setup provided them. */
export function worldInfo(): WorldInfo {
  return inject('world');
}

/** The built `ecs-bridge` CLI the global setup made: every operator and command line runs it. */
export function operatorCli(): string {
  return inject('operatorCli');
}

/** A KubeConfig for the world's API server, as the admin. */
export function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(worldInfo().kubeconfigPath);
  return kc;
}

/** Real AWS SDK clients pointed at the proxy (`via: 'proxy'`, default) or straight at moto. */
export function awsClients(via: 'proxy' | 'moto' = 'proxy'): {
  ecs: ECSClient;
  autoscaling: ApplicationAutoScalingClient;
  elbv2: ElasticLoadBalancingV2Client;
} {
  const info = worldInfo();
  const config = {
    region: info.region,
    endpoint: via === 'proxy' ? info.awsEndpoint : info.motoUrl,
    credentials: WORLD_CREDENTIALS,
    maxAttempts: 1,
  };
  return {
    ecs: new ECSClient(config),
    autoscaling: new ApplicationAutoScalingClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
  };
}

/** The AWS proxy's control client (rules, buckets, counts, call log). */
export function proxyControl(): ProxyControl {
  return new ProxyControl(worldInfo().awsEndpoint);
}

/** Calls one of the world's controls: restart the API server or etcd, reset AWS. */
export async function worldControl(
  action: 'restart-apiserver' | 'restart-etcd' | 'reset-aws',
): Promise<void> {
  const res = await fetch(`${worldInfo().controlUrl}/${action}`, { method: 'POST' });
  if (!res.ok) throw new Error(`world control ${action} failed: HTTP ${res.status} ${await res.text()}`);
}

/**
 * Creates a fresh namespace (namespaces never finish deleting in a world without a controller
 * manager, so every test takes a new one).
 */
export async function freshNamespace(prefix = 'test'): Promise<string> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  await kubeConfig()
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name } } });
  return name;
}
