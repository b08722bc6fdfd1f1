/**
 * What the EcsService integration tests share: the shipped examples with their placeholder ids
 * replaced by the world's, reads of ECS state straight from moto, the operator's ECS calls as the
 * proxy logged them, and the operator started with the flags these tests need.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  type ECSClient,
  type Service,
} from '@aws-sdk/client-ecs';
import { parseAllDocuments } from 'yaml';
import type { CallRecord } from '../world/aws-proxy/index.js';
import type { Network } from './aws-fixtures.js';
import { startOperator, type OperatorProcess } from './operator.js';
import { waitFor } from '../world/wait.js';
import { awsClients, proxyControl } from './world-client.js';

const examplesDir = resolve(import.meta.dirname, '..', '..', 'examples');

/** A manifest as parsed from YAML: loosely typed, tests reach into what they need. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: Record<string, unknown>;
}

/** The world's ids that replace the examples' placeholders. */
export interface PlaceholderIds {
  readonly network: Network;
  /** Target group ARNs by target group name (the `<name>` in `targetgroup/<name>/<digits>`). */
  readonly targetGroups?: Readonly<Record<string, string>>;
}

const PLACEHOLDER_TARGET_GROUP =
  /^arn:aws:elasticloadbalancing:[^:]+:123456789012:targetgroup\/([^/]+)\/[0-9a-f]{16}$/;

function replaceString(value: string, ids: PlaceholderIds): string {
  switch (value) {
    case 'subnet-0123456789abcdef0':
      return ids.network.subnetIds[0];
    case 'subnet-0123456789abcdef1':
      return ids.network.subnetIds[1];
    case 'sg-0123456789abcdef0':
      return ids.network.securityGroupId;
  }
  const tg = PLACEHOLDER_TARGET_GROUP.exec(value);
  if (tg !== null) {
    const arn = ids.targetGroups?.[tg[1] ?? ''];
    if (arn === undefined) throw new Error(`no target group given for placeholder ${value}`);
    return arn;
  }
  return value;
}

/** A deep copy of `value` with every placeholder id replaced (see examples/services/README.md). */
export function withWorldIds<T>(value: T, ids: PlaceholderIds): T {
  if (typeof value === 'string') return replaceString(value, ids) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => withWorldIds(v, ids)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, withWorldIds(v as unknown, ids)]),
    ) as T;
  }
  return value;
}

/** The objects of one file under examples/ (e.g. `services/scenario-1-fargate-httpd.yaml`). */
export function loadExample(relativePath: string): Manifest[] {
  return parseAllDocuments(readFileSync(resolve(examplesDir, relativePath), 'utf8')).map(
    (d) => d.toJS() as Manifest,
  );
}

/** The one object named `name` in an example file. */
export function exampleObject(relativePath: string, name: string): Manifest {
  const found = loadExample(relativePath).find((m) => m.metadata.name === name);
  if (found === undefined) throw new Error(`${relativePath} has no object ${name}`);
  return found;
}

/** DescribeServices (with tags) straight from moto, bypassing the proxy's counts and simulator. */
export async function describeInMoto(cluster: string, names: readonly string[]): Promise<Service[]> {
  const { ecs } = awsClients('moto');
  try {
    const out = await ecs.send(
      new DescribeServicesCommand({ cluster, services: [...names], include: ['TAGS'] }),
    );
    return out.services ?? [];
  } finally {
    ecs.destroy();
  }
}

/** The one service `name` as moto has it (fails the test when absent). */
export async function serviceInMoto(cluster: string, name: string): Promise<Service> {
  const [svc] = await describeInMoto(cluster, [name]);
  if (svc === undefined) throw new Error(`moto has no service ${name} in cluster ${cluster}`);
  return svc;
}

/** DescribeServices through the proxy: the service as the operator sees it (rollouts played). */
export async function describeViaProxy(cluster: string, name: string): Promise<Service | undefined> {
  const { ecs } = awsClients('proxy');
  try {
    const out = await ecs.send(new DescribeServicesCommand({ cluster, services: [name], include: ['TAGS'] }));
    return out.services?.[0];
  } finally {
    ecs.destroy();
  }
}

/** A call's JSON params as an object (empty when absent). */
export function paramsOf(call: CallRecord): Record<string, unknown> {
  const p = call.params;
  return p !== null && typeof p === 'object' && !Array.isArray(p) ? p : {};
}

/** The name of the service an ECS service call is about (`serviceName`, `service` or an ARN's tail). */
function serviceOfCall(call: CallRecord): string | undefined {
  const p = paramsOf(call);
  const ref = p.serviceName ?? p.service ?? p.resourceArn;
  return typeof ref === 'string' ? ref.slice(ref.lastIndexOf('/') + 1) : undefined;
}

/**
 * The operator's ECS calls of `action` about service `name` (by serviceName, service or resourceArn),
 * oldest first, optionally only after `afterSeq`.
 */
export async function callsFor(action: string, name: string, afterSeq?: number): Promise<CallRecord[]> {
  const calls = await proxyControl().calls({
    service: 'ecs',
    action,
    ...(afterSeq === undefined ? {} : { afterSeq }),
  });
  return calls.filter((c) => serviceOfCall(c) === name);
}

/** The sequence number of the latest logged call: "from here on" for later queries. */
export async function callMark(): Promise<number> {
  return proxyControl().lastSeq();
}

/** Waits until the proxy has logged `n` more DescribeServices calls naming `name` after `mark`. */
export async function describedAgain(name: string, mark: number, n: number): Promise<void> {
  await waitFor(
    async () => {
      const calls = await proxyControl().calls({ action: 'DescribeServices', afterSeq: mark });
      const seen = calls.filter((c) => (paramsOf(c).services as string[] | undefined)?.includes(name));
      return seen.length >= n ? true : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250, what: `${n} more DescribeServices of ${name}` },
  );
}

/** The ECS write actions the operator may make on a service. */
export const SERVICE_WRITES = [
  'CreateService',
  'UpdateService',
  'DeleteService',
  'TagResource',
  'UntagResource',
] as const;

/** ECS writes (of {@link SERVICE_WRITES}) logged after `afterSeq`, any service. */
export async function serviceWritesAfter(afterSeq: number): Promise<CallRecord[]> {
  const calls = await proxyControl().calls({ service: 'ecs', afterSeq });
  return calls.filter((c) => (SERVICE_WRITES as readonly string[]).includes(c.action));
}

/** Options for {@link startServiceOperator}. */
export interface ServiceOperatorOptions {
  readonly resyncPeriod?: string;
  /** The Lease name; a fresh one per call by default, so no earlier (killed) operator holds it. */
  readonly leaseId?: string;
  readonly extraArgs?: readonly string[];
}

/**
 * `ecs-bridge run` for one test namespace, with leader election on a short lease (a restart after a
 * kill takes it over in seconds, not the default 15 s) and debug logs to read when a test fails.
 */
export function startServiceOperator(
  namespace: string,
  options: ServiceOperatorOptions = {},
): Promise<OperatorProcess> {
  return startOperator({
    args: [
      `--namespaces=${namespace}`,
      `--leader-election-id=${options.leaseId ?? `svc-${randomBytes(3).toString('hex')}`}`,
      '--lease-duration=4s',
      '--renew-deadline=3s',
      '--retry-period=500ms',
      '--log-level=debug',
      ...(options.resyncPeriod === undefined ? [] : [`--resync-period=${options.resyncPeriod}`]),
      ...(options.extraArgs ?? []),
    ],
  });
}

/**
 * Copies an operator's log to `$TMPDIR/ecs-bridge-service-logs/<label>.log` (the world's folder is
 * removed when the run ends), so a failed run can be read afterwards.
 */
export function keepOperatorLog(operator: OperatorProcess | undefined, label: string): void {
  if (operator === undefined) return;
  const dir = join(tmpdir(), 'ecs-bridge-service-logs');
  mkdirSync(dir, { recursive: true });
  try {
    copyFileSync(operator.logPath, join(dir, `${label}.log`));
  } catch {
    // No log written yet: nothing to keep.
  }
}

/**
 * Registers a one-container EC2 task definition straight in moto (not through the operator) and
 * resolves with its ARN: services that name `family:revision` directly need no EcsTaskDefinition.
 */
export async function registerEc2TaskDefinition(family: string, image: string): Promise<string> {
  const { ecs } = awsClients('moto');
  try {
    const out = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        requiresCompatibilities: ['EC2'],
        networkMode: 'bridge',
        containerDefinitions: [{ name: family, image, memory: 128 }],
      }),
    );
    return out.taskDefinition?.taskDefinitionArn ?? '';
  } finally {
    ecs.destroy();
  }
}

/**
 * Runs `use` with an ECS client of moto's own (calls that bypass the proxy's log, as a team or a
 * pipeline outside ecs-bridge would make them), then closes it.
 */
export async function inMoto<T>(use: (ecs: ECSClient) => Promise<T>): Promise<T> {
  const { ecs } = awsClients('moto');
  try {
    return await use(ecs);
  } finally {
    ecs.destroy();
  }
}

/** An EcsService manifest on the EC2 launch type running `taskDefinition` (family:revision). */
export function ec2ServiceManifest(
  name: string,
  spec: { cluster: string; taskDefinition: string } & Record<string, unknown>,
): Manifest {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsService',
    metadata: { name },
    spec: { desiredCount: 1, launchType: 'EC2', ...spec },
  };
}
