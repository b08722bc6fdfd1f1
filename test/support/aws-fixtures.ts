/**
 * AWS things the operator does not create but users have: a VPC with subnets, an ALB with a target
 * group and a listener, an ECS cluster. Created straight in moto (bypassing the proxy, so they do
 * not count as the operator's calls).
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { CreateClusterCommand } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { createNetworkWith, type Network } from '../world/network-fixture.js';
import { WORLD_CREDENTIALS } from '../world/world.js';
import { awsClients, worldInfo } from './world-client.js';

export type { Network } from '../world/network-fixture.js';

/** Creates a VPC with two subnets and a security group in the world's region. */
export async function createNetwork(cidrSecondOctet = 10): Promise<Network> {
  const info = worldInfo();
  const ec2 = new EC2Client({ region: info.region, endpoint: info.motoUrl, credentials: WORLD_CREDENTIALS });
  try {
    return await createNetworkWith(ec2, info.region, cidrSecondOctet);
  } finally {
    ec2.destroy();
  }
}

/** An ALB, a target group attached to it through an HTTP listener. */
export interface LoadBalancedTargetGroup {
  readonly loadBalancerArn: string;
  readonly targetGroupArn: string;
  readonly listenerArn: string;
}

/** Creates an ALB and a target group on `port` forwarded to by an HTTP:80 listener. */
export async function createAlbWithTargetGroup(options: {
  readonly network: Network;
  readonly albName: string;
  readonly targetGroupName: string;
  readonly port?: number;
  readonly targetType?: 'ip' | 'instance';
  readonly elbv2?: ElasticLoadBalancingV2Client;
}): Promise<LoadBalancedTargetGroup> {
  const elbv2 = options.elbv2 ?? awsClients('moto').elbv2;
  const lb = await elbv2.send(
    new CreateLoadBalancerCommand({
      Name: options.albName,
      Subnets: [...options.network.subnetIds],
      Type: 'application',
    }),
  );
  const loadBalancerArn = lb.LoadBalancers?.[0]?.LoadBalancerArn ?? '';
  const targetGroupArn = await createTargetGroup({ ...options, elbv2 });
  const listener = await elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: loadBalancerArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
    }),
  );
  return { loadBalancerArn, targetGroupArn, listenerArn: listener.Listeners?.[0]?.ListenerArn ?? '' };
}

/** Creates a target group attached to nothing. */
export async function createTargetGroup(options: {
  readonly network: Network;
  readonly targetGroupName: string;
  readonly port?: number;
  readonly targetType?: 'ip' | 'instance';
  readonly elbv2?: ElasticLoadBalancingV2Client;
}): Promise<string> {
  const elbv2 = options.elbv2 ?? awsClients('moto').elbv2;
  const tg = await elbv2.send(
    new CreateTargetGroupCommand({
      Name: options.targetGroupName,
      Protocol: 'HTTP',
      Port: options.port ?? 80,
      VpcId: options.network.vpcId,
      TargetType: options.targetType ?? 'ip',
      HealthCheckIntervalSeconds: 6,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 2,
    }),
  );
  return tg.TargetGroups?.[0]?.TargetGroupArn ?? '';
}

/** Creates an ECS cluster straight in moto. */
export async function createCluster(name: string): Promise<string> {
  const { ecs } = awsClients('moto');
  const out = await ecs.send(new CreateClusterCommand({ clusterName: name }));
  return out.cluster?.clusterArn ?? '';
}
