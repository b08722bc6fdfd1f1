/**
 * Makes examples/ (and the README's first object) converge against the emulator as written. The
 * manifests name placeholder ids (two subnets, a security group, target group ARNs); this module
 * creates, in moto, resources with exactly those ids (a VPC with the two subnets and the security
 * group per region, the ECS clusters, and one ALB with a listener per target group), through the
 * `_custom_id_` tag our moto launcher honours (moto-server.py, ADR 0014). Nothing is substituted:
 * what is applied is what the files say, so `ecs-bridge plan -f examples/` against the sandbox
 * shows no changes. The sandbox and the examples test share it, so what the README promises is
 * what the test proves.
 *
 * ECS clusters are not created here when an EcsCluster of examples/ manages them (all of them
 * today): the operator creates those, so the sandbox makes its clusters the way users do. A
 * kustomize overlay (a folder under `overlays/` holding a kustomization.yaml, scenario 8) is read as
 * `kubectl kustomize` builds it; a base is read only through its overlays.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { EC2Client, ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { parseAllDocuments } from 'yaml';
import { createCloudMapNamespaces, namespacesNamed } from './cloud-map-fixture.js';
import { createAccountFixtures, type AccountFixture } from './account-fixtures.js';
import { createNetworkWith, CUSTOM_ID_TAG, type Network } from './network-fixture.js';

/** The region of objects that name none (the emulator's and the examples' default). */
export const EXAMPLES_DEFAULT_REGION = 'us-east-1';
/** The namespace of example objects that name none. */
export const EXAMPLES_DEFAULT_NAMESPACE = 'default';

/** The subnets every example (and the README's first object) names, in zones a and b. */
export const SANDBOX_SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] as const;
/** The security group every example names. */
export const SANDBOX_SECURITY_GROUP = 'sg-0123456789abcdef0';
/** The cluster of the README's first object (scenario 1 uses it too; its EcsCluster makes it). */
export const SANDBOX_EXTRA_CLUSTERS = ['demo-fargate'] as const;
const TARGET_GROUP_PLACEHOLDER =
  /^arn:aws:elasticloadbalancing:([a-z0-9-]+):123456789012:targetgroup\/([A-Za-z0-9-]+)\/([0-9a-f]{16})$/;

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
    clusterName?: string;
    clusterRef?: { name?: string };
    launchType?: string;
    loadBalancers?: { targetGroupArn?: string; containerPort?: number }[];
  };
}

const KUSTOMIZATION = 'kustomization.yaml';

/** Plain manifest files, and the kustomize overlays to build, under `dir`. */
function sources(dir: string): { files: string[]; overlays: string[] } {
  if (existsSync(join(dir, KUSTOMIZATION))) {
    // A base is part of its overlays, never applied alone.
    return { files: [], overlays: basename(dirname(dir)) === 'overlays' ? [dir] : [] };
  }
  const out = { files: [] as string[], overlays: [] as string[] };
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      const inner = sources(join(dir, e.name));
      out.files.push(...inner.files);
      out.overlays.push(...inner.overlays);
    } else if (e.name.endsWith('.yaml')) out.files.push(join(dir, e.name));
  }
  return { files: out.files.sort(), overlays: out.overlays.sort() };
}

/**
 * Reads every object under `examplesDir`: clusters first, then task definitions, then services,
 * so references resolve sooner. Overlays are built with `kubectl` (its built-in kustomize). A
 * service's Region is its EcsCluster's when it names one with `clusterRef`.
 */
export function loadExamples(examplesDir: string, kubectl: string): ExampleObject[] {
  const { files, overlays } = sources(examplesDir);
  const texts = [
    ...files.map((file) => ({ file, text: readFileSync(file, 'utf8') })),
    ...overlays.map((dir) => ({
      file: dir,
      text: execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }),
    })),
  ];
  const objects = texts.flatMap(({ file, text }) =>
    parseAllDocuments(text)
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
  const resolved = objects.map((o) => {
    const ref = (o.body as Manifest).spec?.clusterRef?.name;
    if (o.kind !== 'EcsService' || ref === undefined) return o;
    const cluster = objects.find(
      (c) => c.kind === 'EcsCluster' && c.namespace === o.namespace && c.name === ref,
    );
    return cluster === undefined ? o : { ...o, region: cluster.region };
  });
  // Access policies first: an object applied before the policy that lets it write waits for it.
  const rank = (o: ExampleObject): number =>
    o.kind === 'EcsAccessPolicy' ? -1 : o.kind === 'EcsCluster' ? 0 : o.kind === 'EcsTaskDefinition' ? 1 : 2;
  return resolved.sort((a, b) => rank(a) - rank(b));
}

/** `region/clusterName` of every ECS cluster an EcsCluster of `examples` manages. */
export function managedClusters(examples: readonly ExampleObject[]): string[] {
  return examples
    .filter((o) => o.kind === 'EcsCluster')
    .map((o) => `${o.region}/${(o.body as Manifest).spec?.clusterName ?? o.name}`)
    .sort();
}

/** What was created in the emulator (all with the ids the manifests name). */
export interface ExampleFixtures {
  /** `region/cluster` of every ECS cluster created here (none an EcsCluster of the examples manages). */
  readonly clusters: readonly string[];
  /** Per region: the subnets and the security group. */
  readonly networks: ReadonlyMap<string, Network>;
  readonly targetGroups: readonly string[];
  /** The other accounts the examples' EcsAccessPolicy roles act in (account-fixtures.ts). */
  readonly accounts: readonly AccountFixture[];
}

/** Creates in moto (at `endpoint`) everything the examples' placeholders stand for, with their ids. */
export async function createExampleFixtures(
  examples: readonly ExampleObject[],
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<ExampleFixtures> {
  const regions = [...new Set([EXAMPLES_DEFAULT_REGION, ...examples.map((o) => o.region)])].sort();
  const networks = new Map<string, Network>();
  const clusters: string[] = [];
  const targetGroups: string[] = [];
  const managed = new Set(managedClusters(examples));
  for (const [index, region] of regions.entries()) {
    const config = { region, endpoint, credentials, maxAttempts: 3 };
    const ec2 = new EC2Client(config);
    const ecs = new ECSClient(config);
    const elbv2 = new ElasticLoadBalancingV2Client(config);
    try {
      const network = await createNetworkWith(ec2, region, 100 + index, {
        subnetIds: SANDBOX_SUBNETS,
        securityGroupId: SANDBOX_SECURITY_GROUP,
      });
      networks.set(region, network);
      const { vpcId } = network;
      // An EcsTaskRun of examples/ runs awsvpc tasks: moto's RunTask reads the new ENI's private
      // DNS name, which it sets only in a VPC with DNS hostnames on (a default VPC's setting in AWS).
      await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
      const subnetIds = [...network.subnetIds];

      const inRegion = examples.filter((o) => o.region === region && o.kind === 'EcsService');
      await createCloudMapNamespaces(
        endpoint,
        region,
        namespacesNamed(inRegion.map((o) => o.body['spec'] ?? {})),
      );
      const named = inRegion.map((o) => (o.body as Manifest).spec?.cluster ?? '');
      if (region === EXAMPLES_DEFAULT_REGION) named.push(...SANDBOX_EXTRA_CLUSTERS);
      for (const cluster of [...new Set(named)].sort()) {
        if (cluster === '' || cluster.startsWith('arn:') || managed.has(`${region}/${cluster}`)) continue;
        await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
        clusters.push(`${region}/${cluster}`);
      }
      for (const obj of inRegion) {
        const spec = (obj.body as Manifest).spec;
        for (const lb of spec?.loadBalancers ?? []) {
          const match =
            lb.targetGroupArn === undefined ? null : TARGET_GROUP_PLACEHOLDER.exec(lb.targetGroupArn);
          if (match === null || lb.targetGroupArn === undefined || targetGroups.includes(lb.targetGroupArn)) {
            continue;
          }
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
              Tags: [{ Key: CUSTOM_ID_TAG, Value: match[3] ?? '' }],
            }),
          );
          const tgArn = tg.TargetGroups?.[0]?.TargetGroupArn ?? '';
          if (tgArn !== lb.targetGroupArn) {
            throw new Error(
              `the emulator made target group ${tgArn}, not ${lb.targetGroupArn}: is moto started through test/world/moto-server.py?`,
            );
          }
          await elbv2.send(
            new CreateListenerCommand({
              LoadBalancerArn: alb.LoadBalancers?.[0]?.LoadBalancerArn ?? '',
              Protocol: 'HTTP',
              Port: 80,
              DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
            }),
          );
          targetGroups.push(tgArn);
        }
      }
    } finally {
      ec2.destroy();
      ecs.destroy();
      elbv2.destroy();
    }
  }
  await createTriggerFixtures(examples, endpoint, credentials);
  await createServiceRoleFixtures(examples, endpoint);
  const accounts = await createAccountFixtures(examples, endpoint, credentials, {
    subnetIds: SANDBOX_SUBNETS,
    securityGroupId: SANDBOX_SECURITY_GROUP,
  });
  return { clusters, networks, targetGroups, accounts };
}

/** IAM role ARNs of the placeholder account (`arn:aws:iam::123456789012:role/NAME`). */
const ROLE_PLACEHOLDER = /^arn:aws:iam::123456789012:role\/([\w+=,.@-]+)$/;

/**
 * What the EcsTaskTrigger examples stand on: the buckets of their `s3` shorthand (empty; the
 * trigger turns EventBridge on when it says so), and the roles EventBridge assumes and the tasks
 * run with (the world's event delivery checks the target's role exists, as EventBridge does).
 */
async function createTriggerFixtures(
  examples: readonly ExampleObject[],
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<void> {
  const triggers = examples.filter((o) => o.kind === 'EcsTaskTrigger');
  if (triggers.length === 0) return;
  const spec = (o: ExampleObject): { roleArn?: string; event?: { s3?: { bucket?: string } } } =>
    o.body['spec'] ?? {};
  const s3 = new S3Client({ region: EXAMPLES_DEFAULT_REGION, endpoint, credentials, forcePathStyle: true });
  try {
    for (const bucket of new Set(triggers.flatMap((o) => spec(o).event?.s3?.bucket ?? []))) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    }
  } finally {
    s3.destroy();
  }
  const roles = [
    ...triggers.map((o) => spec(o).roleArn ?? ''),
    ...examples
      .filter((o) => o.kind === 'EcsTaskDefinition')
      .map((o) => String((o.body['spec'] as { taskRoleArn?: string } | undefined)?.taskRoleArn ?? '')),
  ];
  for (const name of new Set(roles.flatMap((arn) => ROLE_PLACEHOLDER.exec(arn)?.[1] ?? []))) {
    await createRole(endpoint, name);
  }
}

/**
 * The roles the EcsService examples name: the infrastructure roles of EBS volumes and VPC Lattice,
 * and the load balancer `role`, so each stands on a role that exists (as in a real account).
 */
async function createServiceRoleFixtures(
  examples: readonly ExampleObject[],
  endpoint: string,
): Promise<void> {
  interface RoleSpec {
    role?: string;
    volumeConfigurations?: { managedEBSVolume?: { roleArn?: string } }[];
    vpcLatticeConfigurations?: { roleArn?: string }[];
  }
  const arns = examples
    .filter((o) => o.kind === 'EcsService')
    .flatMap((o) => {
      const spec = (o.body['spec'] ?? {}) as RoleSpec;
      return [
        spec.role ?? '',
        ...(spec.volumeConfigurations ?? []).map((v) => v.managedEBSVolume?.roleArn ?? ''),
        ...(spec.vpcLatticeConfigurations ?? []).map((l) => l.roleArn ?? ''),
      ];
    });
  for (const name of new Set(arns.flatMap((arn) => ROLE_PLACEHOLDER.exec(arn)?.[1] ?? []))) {
    await createRole(endpoint, name);
  }
}

/** IAM CreateRole straight in moto (awsQuery; the project has no IAM client). Idempotent. */
async function createRole(endpoint: string, name: string): Promise<void> {
  const res = await fetch(endpoint, {
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
          {
            Effect: 'Allow',
            Principal: {
              Service: [
                'events.amazonaws.com',
                'scheduler.amazonaws.com',
                'ecs-tasks.amazonaws.com',
                'ecs.amazonaws.com',
              ],
            },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    }).toString(),
  });
  const text = await res.text();
  if (!res.ok && !text.includes('EntityAlreadyExists'))
    throw new Error(`CreateRole ${name} answered HTTP ${res.status}: ${text}`);
}
