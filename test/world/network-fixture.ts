/**
 * A VPC with two subnets in two zones and a security group, created straight in the emulator: what
 * an ALB (two zones) and an awsvpc service (moto answers a CreateService without security groups
 * with an HTML 500, where ECS would use the VPC's default group) need to exist.
 */
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';

/**
 * The tag our moto launcher (moto-server.py) reads to give a subnet, security group or target
 * group the id the caller chose, as moto does for its other resources (ADR 0014).
 */
export const CUSTOM_ID_TAG = '_custom_id_';

/** Ids to give the network's subnets and security group instead of generated ones. */
export interface NetworkIds {
  readonly subnetIds: readonly [string, string];
  readonly securityGroupId: string;
}

/** A VPC with two subnets in different zones and a security group. */
export interface Network {
  readonly vpcId: string;
  readonly subnetIds: readonly [string, string];
  readonly securityGroupId: string;
}

/**
 * Creates the network `10.<octet>.0.0/16` in the client's region; with `ids`, its subnets and
 * security group get exactly those ids (an error when the emulator does not honour them).
 */
export async function createNetworkWith(
  ec2: EC2Client,
  region: string,
  octet: number,
  ids?: NetworkIds,
): Promise<Network> {
  const tagged = (resourceType: 'subnet' | 'security-group', id: string | undefined) =>
    id === undefined
      ? undefined
      : [{ ResourceType: resourceType, Tags: [{ Key: CUSTOM_ID_TAG, Value: id }] }];
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${octet}.0.0/16` }));
  const vpcId = vpc.Vpc?.VpcId ?? '';
  const subnet = async (third: number, zone: string, id: string | undefined): Promise<string> =>
    (
      await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: `10.${octet}.${third}.0/24`,
          AvailabilityZone: `${region}${zone}`,
          TagSpecifications: tagged('subnet', id),
        }),
      )
    ).Subnet?.SubnetId ?? '';
  const subnetIds: [string, string] = [
    await subnet(1, 'a', ids?.subnetIds[0]),
    await subnet(2, 'b', ids?.subnetIds[1]),
  ];
  const sg = await ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: `tasks-${octet}`,
      Description: 'tasks',
      VpcId: vpcId,
      TagSpecifications: tagged('security-group', ids?.securityGroupId),
    }),
  );
  const network = { vpcId, subnetIds, securityGroupId: sg.GroupId ?? '' };
  if (
    ids !== undefined &&
    (network.securityGroupId !== ids.securityGroupId || subnetIds.join() !== ids.subnetIds.join())
  ) {
    throw new Error(
      `the emulator did not give the network the ids asked for (${[...ids.subnetIds, ids.securityGroupId].join(', ')}): is moto started through test/world/moto-server.py?`,
    );
  }
  return network;
}
