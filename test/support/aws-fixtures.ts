/**
 * AWS things the operator does not create but users have: a VPC with subnets, an ALB with a target
 * group and a listener, an ECS cluster. Created straight in moto (bypassing the proxy, so they do
 * not count as the operator's calls).
 */
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateClusterCommand } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { WORLD_CREDENTIALS } from '../world/world.js';
import { awsClients, worldInfo } from './world-client.js';

/** A VPC with two subnets in different zones and a security group. */
export interface Network {
  readonly vpcId: string;
  readonly subnetIds: readonly [string, string];
  readonly securityGroupId: string;
}

/**
 * Creates a VPC with two subnets (an ALB needs two zones) and a security group (moto answers an
 * awsvpc CreateService without security groups with an HTML 500, where ECS would use the VPC's
 * default group).
 */
export async function createNetwork(cidrSecondOctet = 10): Promise<Network> {
  const info = worldInfo();
  const ec2 = new EC2Client({ region: info.region, endpoint: info.motoUrl, credentials: WORLD_CREDENTIALS });
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${cidrSecondOctet}.0.0/16` }));
  const vpcId = vpc.Vpc?.VpcId ?? '';
  const subnet = async (third: number, zone: string): Promise<string> =>
    (
      await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: `10.${cidrSecondOctet}.${third}.0/24`,
          AvailabilityZone: `${info.region}${zone}`,
        }),
      )
    ).Subnet?.SubnetId ?? '';
  const subnetIds: [string, string] = [await subnet(1, 'a'), await subnet(2, 'b')];
  const sg = await ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: `tasks-${cidrSecondOctet}`,
      Description: 'tasks',
      VpcId: vpcId,
    }),
  );
  ec2.destroy();
  return { vpcId, subnetIds, securityGroupId: sg.GroupId ?? '' };
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
