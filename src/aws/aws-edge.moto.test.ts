/**
 * The AWS edge against the moto emulator, end to end through the real SDK clients. Starts its own
 * moto with the test world's launcher (an installed moto 5.x, else one installed into .venv), so it
 * never skips, and stops it afterwards.
 *
 * moto 5.2 quirks met here (see also aws-facts.md): DescribeServices reports a MISSING service with
 * an old-style ARN `…:service/<name>` (no cluster); DeleteTaskDefinitions reports an ACTIVE revision
 * as a failure whose `arn` is the identifier as sent; RegisterTaskDefinition does insist on memory
 * at task or container level; ELBv2 CreateLoadBalancer needs existing subnet ids, so the setup reads
 * moto's default subnets with a raw EC2 query (the project has no EC2 SDK client).
 */
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateClusterCommand, ECSClient, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ECS_DESIRED_COUNT_DIMENSION,
  ECS_SERVICE_NAMESPACE,
  ecsServiceResourceId,
} from './autoscaling-api.js';
import type { AwsCallOutcome } from './call-observer.js';
import { createAwsClients, type AwsClients, type RegionalAwsClients } from './clients.js';
import { DeleteTaskDefinitionsError } from './ecs-client.js';
import { albResourceLabel, albResourceLabelForTargetGroup } from './resource-label.js';
import { startMoto, type MotoServer } from '../../test/world/moto.js';

const REGION = 'eu-west-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const OWNER = { key: 'ecs-bridge.dev/owner', value: 'default/web' };

/** moto's default subnets of the Region, through a raw EC2 Query call (moto does not check signatures). */
async function defaultSubnets(endpoint: string): Promise<{ subnetIds: string[]; vpcId: string }> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${REGION}/ec2/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: 'Action=DescribeSubnets&Version=2016-11-15',
  });
  const xml = await res.text();
  const subnetIds = [...xml.matchAll(/<subnetId>(subnet-[0-9a-f]+)<\/subnetId>/g)].map((m) => m[1] ?? '');
  const vpcId = /<vpcId>(vpc-[0-9a-f]+)<\/vpcId>/.exec(xml)?.[1];
  if (subnetIds.length < 2 || vpcId === undefined)
    throw new Error(`moto returned no default subnets: ${xml}`);
  return { subnetIds, vpcId };
}

describe('the AWS edge against moto', () => {
  let moto: MotoServer | undefined;
  let endpoint = '';
  let clients: AwsClients;
  let aws: RegionalAwsClients;
  let rawEcs: ECSClient;
  let rawElb: ElasticLoadBalancingV2Client;
  const observed: [string, string, AwsCallOutcome][] = [];

  beforeAll(async () => {
    moto = await startMoto({ dir: mkdtempSync(join(tmpdir(), 'aws-edge-moto-')) });
    endpoint = moto.url;
    const sdk = { region: REGION, endpoint, credentials: CREDENTIALS };
    rawEcs = new ECSClient(sdk);
    rawElb = new ElasticLoadBalancingV2Client(sdk);
    clients = createAwsClients({
      endpoint,
      credentials: CREDENTIALS,
      observer: {
        observeCall: (service, operation, outcome) => void observed.push([service, operation, outcome]),
      },
    });
    aws = clients.forRegion(REGION);
    await rawEcs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  }, 90_000);

  afterAll(async () => {
    clients?.destroy();
    rawEcs?.destroy();
    rawElb?.destroy();
    await moto?.stop();
  }, 15_000);

  it('registers task definitions with tags, describes them with tags and lists one family', async () => {
    const container = { name: 'app', image: 'nginx:1.27', memory: 256 };
    const first = await aws.ecs.registerTaskDefinition({
      family: 'web',
      containerDefinitions: [container],
      tags: [OWNER],
    });
    expect(first.taskDefinition.revision).toBe(1);
    const second = await aws.ecs.registerTaskDefinition({
      family: 'web',
      containerDefinitions: [container],
      tags: [OWNER],
    });
    await aws.ecs.registerTaskDefinition({ family: 'web-canary', containerDefinitions: [container] });
    const arn = second.taskDefinition.taskDefinitionArn ?? '';

    const described = await aws.ecs.describeTaskDefinition(arn);
    expect(described.taskDefinition.revision).toBe(2);
    expect(described.tags).toContainEqual(OWNER);

    const listed = await aws.ecs.listTaskDefinitions('web', 'ACTIVE');
    expect(listed).toEqual([first.taskDefinition.taskDefinitionArn, arn]);
    // Record how moto treats familyPrefix (listTaskDefinitions filters exactly either way).
    const raw = await rawEcs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'web' }));
    expect(raw.taskDefinitionArns?.length).toBeGreaterThanOrEqual(2);

    await aws.ecs.deregisterTaskDefinition(first.taskDefinition.taskDefinitionArn ?? '');
    expect(await aws.ecs.listTaskDefinitions('web', 'INACTIVE')).toEqual([
      first.taskDefinition.taskDefinitionArn,
    ]);
    await expect(aws.ecs.deleteTaskDefinitions([arn])).rejects.toBeInstanceOf(DeleteTaskDefinitionsError);
    await aws.ecs.deleteTaskDefinitions([first.taskDefinition.taskDefinitionArn ?? '']);
    expect(await aws.ecs.listTaskDefinitions('web', 'ACTIVE')).toEqual([arn]);
  });

  it('creates a service and describes it, batched, next to a missing one', async () => {
    const created = await aws.ecs.createService({
      cluster: 'prod',
      serviceName: 'web',
      taskDefinition: 'web:2',
      desiredCount: 1,
      clientToken: 'default-web-1',
      tags: [OWNER],
    });
    expect(created.serviceName).toBe('web');

    const [web, missing] = await Promise.all([
      aws.describeServices.describeService('prod', 'web'),
      aws.describeServices.describeService('prod', 'missing'),
    ]);
    expect(web?.serviceArn).toBe(created.serviceArn);
    expect(web?.tags).toContainEqual(OWNER);
    expect(missing).toBeUndefined();
    expect(observed.filter(([, op]) => op === 'DescribeServices')).toHaveLength(1);

    const direct = await aws.ecs.describeServices('prod', ['web', 'missing']);
    expect(direct.services.map((s) => s.serviceName)).toEqual(['web']);
    expect(direct.failures.map((f) => f.reason)).toEqual(['MISSING']);
  });

  it('finds the ALB behind a target group and derives the resource label', async () => {
    const { subnetIds, vpcId } = await defaultSubnets(endpoint);
    const lb = (
      await rawElb.send(new CreateLoadBalancerCommand({ Name: 'web-alb', Subnets: subnetIds.slice(0, 2) }))
    ).LoadBalancers?.[0];
    const tg = (
      await rawElb.send(
        new CreateTargetGroupCommand({
          Name: 'web-tg',
          Protocol: 'HTTP',
          Port: 80,
          VpcId: vpcId,
          TargetType: 'ip',
        }),
      )
    ).TargetGroups?.[0];
    const lbArn = lb?.LoadBalancerArn ?? '';
    const tgArn = tg?.TargetGroupArn ?? '';
    expect((await aws.loadBalancing.describeTargetGroups([tgArn]))[0]?.LoadBalancerArns ?? []).toEqual([]);

    await rawElb.send(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
      }),
    );
    const [described] = await aws.loadBalancing.describeTargetGroups([tgArn]);
    expect(described?.LoadBalancerArns).toEqual([lbArn]);
    const label = albResourceLabelForTargetGroup(described ?? {});
    expect(label).toBe(albResourceLabel(lbArn, tgArn));
    expect(label).toMatch(/^app\/web-alb\/[0-9a-f]+\/targetgroup\/web-tg\/[0-9a-f]+$/);
    expect((await aws.loadBalancing.describeLoadBalancers([lbArn]))[0]?.Type).toBe('application');

    const resourceId = ecsServiceResourceId('prod', 'web');
    const target = {
      ServiceNamespace: ECS_SERVICE_NAMESPACE,
      ResourceId: resourceId,
      ScalableDimension: ECS_DESIRED_COUNT_DIMENSION,
    } as const;
    await aws.autoscaling.registerScalableTarget({ ...target, MinCapacity: 1, MaxCapacity: 4 });
    const put = await aws.autoscaling.putScalingPolicy({
      ...target,
      PolicyName: 'requests',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 100,
        PredefinedMetricSpecification: {
          PredefinedMetricType: 'ALBRequestCountPerTarget',
          ResourceLabel: label,
        },
      },
    });
    expect(put.policyArn).toContain('requests');

    const targets = await aws.autoscaling.describeScalableTargets([
      resourceId,
      ecsServiceResourceId('prod', 'none'),
    ]);
    expect(targets.map((t) => [t.ResourceId, t.MinCapacity, t.MaxCapacity])).toEqual([[resourceId, 1, 4]]);
    const policies = await aws.autoscaling.describeScalingPolicies(resourceId);
    expect(
      policies.map(
        (p) => p.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.ResourceLabel,
      ),
    ).toEqual([label]);

    await aws.autoscaling.deleteScalingPolicy({ ...target, PolicyName: 'requests' });
    expect(await aws.autoscaling.describeScalingPolicies(resourceId)).toEqual([]);
    await aws.autoscaling.deregisterScalableTarget(target);
    expect(await aws.autoscaling.describeScalableTargets([resourceId])).toEqual([]);
  });

  it('recorded every call as a success, by service and operation', () => {
    expect(observed.every(([, , outcome]) => outcome === 'success')).toBe(true);
    const services = new Set(observed.map(([service]) => service));
    expect(services).toEqual(new Set(['ecs', 'application-autoscaling', 'elasticloadbalancing']));
  });
});
