/**
 * What the EcsTaskTrigger integration tests share: the AWS things a trigger's user has before the
 * operator runs (the role EventBridge assumes, a cluster, a network moto can run tasks in, a bucket
 * that sends its events to EventBridge, a Fargate task definition), created the same way for every
 * file so that a fix to one setup (a moto quirk, a new lifecycle) reaches them all.
 */
import { EC2Client, ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import {
  CreateBucketCommand,
  PutBucketNotificationConfigurationCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Network } from '../world/network-fixture.js';
import { WORLD_CREDENTIALS } from '../world/world.js';
import { createCluster, createNetwork } from './aws-fixtures.js';
import { installCrds } from './crds.js';
import { awsClients, proxyControl, worldControl, worldInfo } from './world-client.js';

/** The account the world's credentials act in. */
export const WORLD_ACCOUNT = '123456789012';

/**
 * IAM CreateRole straight in moto (awsQuery; the project has no IAM client): a role `principals`
 * (e.g. `events.amazonaws.com`) may assume, as a trigger's `roleArn` names.
 */
export async function createServiceRole(name: string, principals: readonly string[]): Promise<void> {
  const res = await fetch(worldInfo().motoUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization:
        'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: new URLSearchParams({
      Action: 'CreateRole',
      Version: '2010-05-08',
      RoleName: name,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: [...principals] }, Action: 'sts:AssumeRole' }],
      }),
    }).toString(),
  });
  if (!res.ok) throw new Error(`CreateRole answered HTTP ${res.status}: ${await res.text()}`);
}

/**
 * A network awsvpc tasks can run in: moto 5.2's RunTask reads the new ENI's private DNS name, which
 * it sets only in a VPC with DNS hostnames on (the default VPC's setting in AWS).
 */
export async function createTaskNetwork(cidrSecondOctet: number): Promise<Network> {
  const network = await createNetwork(cidrSecondOctet);
  const info = worldInfo();
  const ec2 = new EC2Client({ region: info.region, endpoint: info.motoUrl, credentials: WORLD_CREDENTIALS });
  try {
    await ec2.send(
      new ModifyVpcAttributeCommand({ VpcId: network.vpcId, EnableDnsHostnames: { Value: true } }),
    );
  } finally {
    ec2.destroy();
  }
  return network;
}

/**
 * Registers a Fargate task definition (0.25 vCPU, 512 MiB) with one essential `app` container
 * straight in moto; returns its ARN.
 */
export async function registerFargateApp(
  family: string,
  options: { readonly image?: string; readonly taskRoleArn?: string } = {},
): Promise<string> {
  const { ecs } = awsClients('moto');
  try {
    const out = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        ...(options.taskRoleArn === undefined ? {} : { taskRoleArn: options.taskRoleArn }),
        containerDefinitions: [
          { name: 'app', image: options.image ?? 'busybox', essential: true, cpu: 256, memory: 512 },
        ],
      }),
    );
    return out.taskDefinition?.taskDefinitionArn ?? '';
  } finally {
    ecs.destroy();
  }
}

/** Creates `bucket` through `s3` with EventBridge notifications on, so every upload is an event. */
export async function createEventBridgeBucket(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    }),
  );
}

/** What {@link setUpTriggerWorld} creates. */
export interface TriggerWorldOptions {
  /** The role EventBridge (and Scheduler) assume to run the task. */
  readonly role: string;
  readonly rolePrincipals: readonly string[];
  readonly cluster: string;
  /** Second octet of the VPC's CIDR, distinct per file so networks never collide. */
  readonly networkOctet: number;
  /** A bucket with EventBridge notifications on, created through `s3` (the proxy watches uploads). */
  readonly bucket: string;
  readonly s3: S3Client;
}

/**
 * Resets AWS and the proxy, gives tasks a short lifecycle (about 1.4 s from PROVISIONING to
 * STOPPED), installs the CRDs and creates what a trigger's user has: role, cluster, task network and
 * bucket. Task definitions and scripted outcomes are the caller's.
 */
export async function setUpTriggerWorld(options: TriggerWorldOptions): Promise<Network> {
  await worldControl('reset-aws');
  const control = proxyControl();
  await control.reset();
  await control.configureTaskLifecycles({ provisioningMs: 200, pendingMs: 200, runningMs: 1000 });
  await installCrds();
  await createServiceRole(options.role, options.rolePrincipals);
  await createCluster(options.cluster);
  const network = await createTaskNetwork(options.networkOctet);
  await createEventBridgeBucket(options.s3, options.bucket);
  return network;
}
