/**
 * The world plays S3 → EventBridge → ECS and Scheduler → ECS, which moto keeps but does not run:
 * an object put into a bucket with EventBridge notifications on starts, through a rule with an ECS
 * target, one RunTask on the AWS proxy carrying the target's parameters and the bucket and key the
 * input transformer placed in the container's environment. Nothing starts for a key the pattern
 * does not match, for a bucket without EventBridge, or for a target whose role does not exist; a
 * fired schedule starts its task with its input.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EC2Client, ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateBucketCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { createNetwork } from '../support/aws-fixtures.js';
import { awsClients, proxyControl, worldInfo } from '../support/world-client.js';
import { fireWorldSchedule, worldDeliveries } from '../world/event-delivery/routes.js';
import { WORLD_CREDENTIALS } from '../world/world.js';
import { waitFor } from '../world/wait.js';

const suffix = randomBytes(3).toString('hex');
const BUCKET = `uploads-${suffix}`;
const QUIET_BUCKET = `quiet-${suffix}`;
const RULE = `on-upload-${suffix}`;
const ROLE = `events-run-task-${suffix}`;
const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;

interface RunTaskParams {
  cluster?: string;
  taskDefinition?: string;
  count?: number;
  launchType?: string;
  startedBy?: string;
  networkConfiguration?: { awsvpcConfiguration?: { subnets?: string[] } };
  overrides?: { containerOverrides?: { name?: string; environment?: { name: string; value: string }[] }[] };
}

/** IAM CreateRole straight in moto (awsQuery; the project has no IAM client). */
async function createRole(name: string): Promise<void> {
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
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }).toString(),
  });
  if (!res.ok) throw new Error(`CreateRole answered HTTP ${res.status}: ${await res.text()}`);
}

describe('the world delivers events and schedules to ECS targets', () => {
  const info = worldInfo();
  const config = {
    region: info.region,
    endpoint: info.awsEndpoint,
    credentials: WORLD_CREDENTIALS,
    maxAttempts: 1,
  };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const events = new EventBridgeClient(config);
  const scheduler = new SchedulerClient(config);
  const { ecs } = awsClients();
  const control = proxyControl();
  let clusterArn = '';
  let taskDefinitionArn = '';
  let subnet = '';
  let securityGroup = '';

  async function runTasksAfter(mark: number): Promise<RunTaskParams[]> {
    const calls = await control.calls({ service: 'ecs', action: 'RunTask', afterSeq: mark });
    return calls.map((call) => call.params as RunTaskParams);
  }

  beforeAll(async () => {
    await createRole(ROLE);
    const network = await createNetwork(61);
    subnet = network.subnetIds[0];
    // moto 5.2's RunTask reads the new ENI's private DNS name, which it sets only in a VPC with
    // DNS hostnames on (the default VPC's setting in AWS).
    const ec2 = new EC2Client({
      region: info.region,
      endpoint: info.motoUrl,
      credentials: WORLD_CREDENTIALS,
    });
    await ec2.send(
      new ModifyVpcAttributeCommand({ VpcId: network.vpcId, EnableDnsHostnames: { Value: true } }),
    );
    ec2.destroy();
    securityGroup = network.securityGroupId;
    clusterArn =
      (await ecs.send(new CreateClusterCommand({ clusterName: `jobs-${suffix}` }))).cluster?.clusterArn ?? '';
    taskDefinitionArn =
      (
        await ecs.send(
          new RegisterTaskDefinitionCommand({
            family: `thumbnail-${suffix}`,
            requiresCompatibilities: ['FARGATE'],
            networkMode: 'awsvpc',
            cpu: '256',
            memory: '512',
            containerDefinitions: [
              {
                name: 'app',
                image: 'public.ecr.aws/docker/library/busybox:latest',
                essential: true,
                cpu: 256,
                memory: 512,
              },
            ],
          }),
        )
      ).taskDefinition?.taskDefinitionArn ?? '';
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new CreateBucketCommand({ Bucket: QUIET_BUCKET }));
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: BUCKET,
        NotificationConfiguration: { EventBridgeConfiguration: {} },
      }),
    );
    await events.send(
      new PutRuleCommand({
        Name: RULE,
        EventPattern: JSON.stringify({
          source: ['aws.s3'],
          'detail-type': ['Object Created'],
          detail: {
            bucket: { name: [BUCKET, QUIET_BUCKET] },
            object: { key: [{ prefix: 'incoming/' }], size: [{ numeric: ['>', 0] }] },
          },
        }),
      }),
    );
    const ecsParameters = {
      TaskDefinitionArn: taskDefinitionArn,
      TaskCount: 1,
      LaunchType: 'FARGATE' as const,
      NetworkConfiguration: {
        awsvpcConfiguration: {
          Subnets: [subnet],
          SecurityGroups: [securityGroup],
          AssignPublicIp: 'DISABLED' as const,
        },
      },
    };
    await events.send(
      new PutTargetsCommand({
        Rule: RULE,
        Targets: [
          {
            Id: 'thumbnail',
            Arn: clusterArn,
            RoleArn: ROLE_ARN,
            EcsParameters: ecsParameters,
            InputTransformer: {
              InputPathsMap: { bucket: '$.detail.bucket.name', key: '$.detail.object.key' },
              InputTemplate:
                '{"containerOverrides":[{"name":"app","environment":[{"name":"BUCKET","value":"<bucket>"},{"name":"KEY","value":"<key>"}]}]}',
            },
          },
          {
            Id: 'no-role',
            Arn: clusterArn,
            RoleArn: `arn:aws:iam::${ACCOUNT}:role/missing-${suffix}`,
            EcsParameters: ecsParameters,
          },
        ],
      }),
    );
  }, 60_000);

  afterAll(() => {
    s3.destroy();
    events.destroy();
    scheduler.destroy();
    ecs.destroy();
  });

  it('PutObject to a bucket with EventBridge on → RunTask with the bucket and key in the environment', async () => {
    const mark = await control.lastSeq();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'incoming/photo 1.jpg', Body: 'hello' }));
    const [run] = await waitFor(
      async () => {
        const runs = await runTasksAfter(mark);
        return runs.length > 0 ? runs : undefined;
      },
      { timeoutMs: 20_000, what: 'a RunTask after PutObject' },
    );
    expect(run).toMatchObject({
      cluster: clusterArn,
      taskDefinition: taskDefinitionArn,
      count: 1,
      launchType: 'FARGATE',
      startedBy: `events-rule/${RULE}`,
      networkConfiguration: { awsvpcConfiguration: { subnets: [subnet] } },
      overrides: {
        containerOverrides: [
          {
            name: 'app',
            environment: [
              { name: 'BUCKET', value: BUCKET },
              { name: 'KEY', value: 'incoming/photo 1.jpg' },
            ],
          },
        ],
      },
    });
    const deliveries = (await worldDeliveries(info.controlUrl)).filter((d) => d.name === RULE);
    expect(
      deliveries.map((d) => [d.targetId, d.outcome]),
      JSON.stringify(deliveries.map((d) => d.error)),
    ).toEqual([
      ['thumbnail', 'run-task'],
      ['no-role', 'role-missing'],
    ]);
    expect(deliveries[0]?.taskArns).toHaveLength(1);
    // Exactly one task started: the target without a role made no call.
    expect(await runTasksAfter(mark)).toHaveLength(1);
  });

  it('starts nothing for a key the pattern does not match or a bucket without EventBridge', async () => {
    const mark = await control.lastSeq();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'outgoing/photo.jpg', Body: 'hello' }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'incoming/empty.jpg', Body: '' }));
    await s3.send(new PutObjectCommand({ Bucket: QUIET_BUCKET, Key: 'incoming/photo.jpg', Body: 'hello' }));
    // The delivery log is read once every delivery in flight has finished, so no wait is needed.
    const before = (await worldDeliveries(info.controlUrl)).length;
    expect(await runTasksAfter(mark)).toEqual([]);
    // And the control: the same put to the matching prefix does start one.
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'incoming/second.jpg', Body: 'x' }));
    const after = await worldDeliveries(info.controlUrl);
    expect(after.length).toBe(before + 2);
    expect(await runTasksAfter(mark)).toHaveLength(1);
  });

  it('a fired schedule starts its task with its input', async () => {
    const name = `nightly-${suffix}`;
    await scheduler.send(
      new CreateScheduleCommand({
        Name: name,
        ScheduleExpression: 'cron(0 3 * * ? *)',
        ScheduleExpressionTimezone: 'Europe/Paris',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: clusterArn,
          RoleArn: ROLE_ARN,
          EcsParameters: {
            TaskDefinitionArn: taskDefinitionArn,
            LaunchType: 'FARGATE',
            NetworkConfiguration: {
              awsvpcConfiguration: { Subnets: [subnet], SecurityGroups: [securityGroup] },
            },
          },
          Input: '{"containerOverrides":[{"name":"app","command":["report","--nightly"]}]}',
        },
      }),
    );
    const mark = await control.lastSeq();
    const record = await fireWorldSchedule(info.controlUrl, name);
    expect(record, record.error).toMatchObject({ source: 'schedule', name, outcome: 'run-task' });
    const runs = await runTasksAfter(mark);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.overrides).toEqual({
      containerOverrides: [{ name: 'app', command: ['report', '--nightly'] }],
    });
  });
});
