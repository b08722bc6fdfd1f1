/**
 * EC2 Auto Scaling groups in the world's moto, for tests of Auto Scaling group capacity providers.
 * The operator never calls EC2 Auto Scaling (it only passes the group's ARN to ECS), and the
 * project has no SDK client for it, so the few calls a test needs are sent as the awsQuery form
 * posts the API defines, straight to moto (so the proxy's log holds only the operator's calls).
 */
import { WORLD_CREDENTIALS } from '../world/world.js';
import { worldInfo } from './world-client.js';

async function autoScalingQuery(params: Record<string, string>): Promise<string> {
  const { motoUrl, region } = worldInfo();
  const res = await fetch(motoUrl, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
      // moto routes by the SigV4 credential scope's service and does not check the signature.
      Authorization: `AWS4-HMAC-SHA256 Credential=${WORLD_CREDENTIALS.accessKeyId}/20260101/${region}/autoscaling/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({ Version: '2011-01-01', ...params }).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`EC2 Auto Scaling ${params['Action'] ?? '?'}: HTTP ${res.status}: ${text}`);
  return text;
}

/** Creates an empty Auto Scaling group `name` (a launch configuration, 0 instances) and returns its ARN. */
export async function createAutoScalingGroup(name: string): Promise<string> {
  const { region } = worldInfo();
  await autoScalingQuery({
    Action: 'CreateLaunchConfiguration',
    LaunchConfigurationName: name,
    ImageId: 'ami-12c6146b',
    InstanceType: 't3.micro',
  });
  await autoScalingQuery({
    Action: 'CreateAutoScalingGroup',
    AutoScalingGroupName: name,
    LaunchConfigurationName: name,
    MinSize: '0',
    MaxSize: '2',
    DesiredCapacity: '0',
    'AvailabilityZones.member.1': `${region}a`,
  });
  const xml = await autoScalingQuery({
    Action: 'DescribeAutoScalingGroups',
    'AutoScalingGroupNames.member.1': name,
  });
  const arn = /<AutoScalingGroupARN>([^<]+)<\/AutoScalingGroupARN>/.exec(xml)?.[1];
  if (arn === undefined) throw new Error(`Auto Scaling group ${name} has no ARN in: ${xml}`);
  return arn;
}
