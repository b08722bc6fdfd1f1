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

/** A VPC with two subnets in different zones and a security group. */
export interface Network {
  readonly vpcId: string;
  readonly subnetIds: readonly [string, string];
  readonly securityGroupId: string;
}

/** Creates the network `10.<octet>.0.0/16` in the client's region. */
export async function createNetworkWith(ec2: EC2Client, region: string, octet: number): Promise<Network> {
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${octet}.0.0/16` }));
  const vpcId = vpc.Vpc?.VpcId ?? '';
  const subnet = async (third: number, zone: string): Promise<string> =>
    (
      await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: `10.${octet}.${third}.0/24`,
          AvailabilityZone: `${region}${zone}`,
        }),
      )
    ).Subnet?.SubnetId ?? '';
  const subnetIds: [string, string] = [await subnet(1, 'a'), await subnet(2, 'b')];
  const sg = await ec2.send(
    new CreateSecurityGroupCommand({ GroupName: `tasks-${octet}`, Description: 'tasks', VpcId: vpcId }),
  );
  return { vpcId, subnetIds, securityGroupId: sg.GroupId ?? '' };
}
