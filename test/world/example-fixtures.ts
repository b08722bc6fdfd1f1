/**
 * Makes examples/ converge against the emulator. The manifests use placeholder ids (subnets, a
 * security group, target group ARNs) that no account has; this module creates what they stand
 * for in moto (a VPC with two subnets and a security group per region, the ECS clusters, and one
 * ALB with a listener per target group) and substitutes the real ids into the objects before they
 * are applied. The sandbox and the examples test share it, so what the README promises is what
 * the test proves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { parseAllDocuments } from 'yaml';
import { createNetworkWith } from './network-fixture.js';

/** The region of objects that name none (the emulator's and the examples' default). */
export const EXAMPLES_DEFAULT_REGION = 'us-east-1';
/** The namespace of example objects that name none. */
export const EXAMPLES_DEFAULT_NAMESPACE = 'default';

const SUBNET_PLACEHOLDERS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] as const;
const SECURITY_GROUP_PLACEHOLDER = 'sg-0123456789abcdef0';
const TARGET_GROUP_PLACEHOLDER =
  /^arn:aws:elasticloadbalancing:([a-z0-9-]+):\d{12}:targetgroup\/([A-Za-z0-9-]+)\/[0-9a-f]{16}$/;

/** One object of examples/, with where it came from. */
export interface ExampleObject {
  readonly file: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly region: string;
  readonly body: Record<string, unknown>;
}

interface Manifest {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: {
    region?: string;
    cluster?: string;
    launchType?: string;
    loadBalancers?: { targetGroupArn?: string; containerPort?: number }[];
  };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
    )
    .sort();
}

/** Reads every object under `examplesDir` (task definitions first, so references resolve sooner). */
export function loadExamples(examplesDir: string): ExampleObject[] {
  const objects = yamlFiles(examplesDir).flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map((d) => d.toJS() as Manifest & Record<string, unknown>)
      .filter((doc) => typeof doc.kind === 'string')
      .map((doc) => ({
        file: relative(examplesDir, file),
        kind: doc.kind ?? '',
        name: doc.metadata?.name ?? '',
        namespace: doc.metadata?.namespace ?? EXAMPLES_DEFAULT_NAMESPACE,
        region: doc.spec?.region ?? EXAMPLES_DEFAULT_REGION,
        body: doc,
      })),
  );
  const rank = (o: ExampleObject): number => (o.kind === 'EcsTaskDefinition' ? 0 : 1);
  return objects.sort((a, b) => rank(a) - rank(b));
}

/** What was created in the emulator, and the placeholder → real id map per region. */
export interface ExampleFixtures {
  /** Per region: placeholder string → real id. */
  readonly substitutions: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly clusters: readonly string[];
  readonly targetGroups: readonly string[];
}

/** Creates in moto (at `endpoint`) everything the examples' placeholders stand for. */
export async function createExampleFixtures(
  examples: readonly ExampleObject[],
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<ExampleFixtures> {
  const regions = [...new Set(examples.map((o) => o.region))].sort();
  const substitutions = new Map<string, Map<string, string>>();
  const clusters: string[] = [];
  const targetGroups: string[] = [];
  for (const [index, region] of regions.entries()) {
    const config = { region, endpoint, credentials, maxAttempts: 3 };
    const ec2 = new EC2Client(config);
    const ecs = new ECSClient(config);
    const elbv2 = new ElasticLoadBalancingV2Client(config);
    const subs = new Map<string, string>();
    substitutions.set(region, subs);
    try {
      const network = await createNetworkWith(ec2, region, 100 + index);
      const { vpcId } = network;
      const subnetIds = [...network.subnetIds];
      SUBNET_PLACEHOLDERS.forEach((placeholder, i) => subs.set(placeholder, subnetIds[i] ?? ''));
      subs.set(SECURITY_GROUP_PLACEHOLDER, network.securityGroupId);

      const inRegion = examples.filter((o) => o.region === region && o.kind === 'EcsService');
      for (const cluster of [
        ...new Set(inRegion.map((o) => (o.body as Manifest).spec?.cluster ?? '')),
      ].sort()) {
        if (cluster === '' || cluster.startsWith('arn:')) continue;
        await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
        clusters.push(`${region}/${cluster}`);
      }
      for (const obj of inRegion) {
        const spec = (obj.body as Manifest).spec;
        for (const lb of spec?.loadBalancers ?? []) {
          const match =
            lb.targetGroupArn === undefined ? null : TARGET_GROUP_PLACEHOLDER.exec(lb.targetGroupArn);
          if (match === null || lb.targetGroupArn === undefined || subs.has(lb.targetGroupArn)) continue;
          const tgName = match[2] ?? 'tg';
          const alb = await elbv2.send(
            new CreateLoadBalancerCommand({ Name: `${tgName}-alb`, Subnets: subnetIds, Type: 'application' }),
          );
          const tg = await elbv2.send(
            new CreateTargetGroupCommand({
              Name: tgName,
              Protocol: 'HTTP',
              // The container's port; with dynamic host ports (bridge) ECS registers the host port.
              Port: lb.containerPort ?? 80,
              VpcId: vpcId,
              TargetType: spec?.launchType === 'EC2' ? 'instance' : 'ip',
              HealthCheckIntervalSeconds: 6,
              HealthCheckTimeoutSeconds: 5,
              HealthyThresholdCount: 2,
              UnhealthyThresholdCount: 2,
            }),
          );
          const tgArn = tg.TargetGroups?.[0]?.TargetGroupArn ?? '';
          await elbv2.send(
            new CreateListenerCommand({
              LoadBalancerArn: alb.LoadBalancers?.[0]?.LoadBalancerArn ?? '',
              Protocol: 'HTTP',
              Port: 80,
              DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
            }),
          );
          subs.set(lb.targetGroupArn, tgArn);
          targetGroups.push(tgArn);
        }
      }
    } finally {
      ec2.destroy();
      ecs.destroy();
      elbv2.destroy();
    }
  }
  return { substitutions, clusters, targetGroups };
}

function replaceStrings(value: unknown, subs: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return subs.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => replaceStrings(v, subs));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStrings(v, subs)]));
  }
  return value;
}

/** The object with its region's placeholders replaced by the fixtures' real ids. */
export function withFixtures(obj: ExampleObject, fixtures: ExampleFixtures): Record<string, unknown> {
  const subs = fixtures.substitutions.get(obj.region) ?? new Map<string, string>();
  return replaceStrings(obj.body, subs) as Record<string, unknown>;
}
