/**
 * What the EcsTaskDefinition integration tests share: manifests, the operator's AWS calls for one
 * family as the proxy logged them, the family's revisions as moto holds them, the operator's
 * reconcile counter, and a recorder of every version of an object the API server stores.
 */
import {
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type Tag,
} from '@aws-sdk/client-ecs';
import { Watch } from '@kubernetes/client-node';
import { API_GROUP, API_GROUP_VERSION, API_VERSION } from '../../src/resources/api-group.js';
import type { CallOutcome, CallRecord } from '../world/aws-proxy/call-recorder.js';
import type { Resource } from './manifests.js';
import type { OperatorProcess } from './operator.js';
import { awsClients, kubeConfig, proxyControl } from './world-client.js';

/** A Fargate container list with one `app` container running `image` on port 80. */
export function fargateSpec(image: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'app', image, portMappings: [{ containerPort: 80 }] }],
    ...extra,
  };
}

/** An EcsTaskDefinition manifest. */
export function taskDefinition(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: API_GROUP_VERSION, kind: 'EcsTaskDefinition', metadata: { name }, spec };
}

/** True when a logged call concerns `family` (by family name, prefix, or a revision ARN of it). */
function concerns(call: CallRecord, family: string): boolean {
  const params = JSON.stringify(call.params ?? {});
  return (
    params.includes(`"family":"${family}"`) ||
    params.includes(`"familyPrefix":"${family}"`) ||
    params.includes(`task-definition/${family}:`)
  );
}

/** The ECS calls the proxy logged for `family`, oldest first, optionally of one action and outcome. */
export async function familyCalls(
  family: string,
  filter: { action?: string; outcome?: CallOutcome | readonly CallOutcome[]; afterSeq?: number } = {},
): Promise<CallRecord[]> {
  const calls = await proxyControl().calls({
    service: 'ecs',
    ...(filter.action === undefined ? {} : { action: filter.action }),
    ...(filter.afterSeq === undefined ? {} : { afterSeq: filter.afterSeq }),
  });
  const outcomes =
    filter.outcome === undefined ? undefined : new Set<string>([filter.outcome].flat() as string[]);
  return calls.filter((c) => concerns(c, family) && (outcomes === undefined || outcomes.has(c.outcome)));
}

/** RegisterTaskDefinition calls for `family` that reached moto (a throttled attempt registers nothing). */
export async function registrations(family: string): Promise<number> {
  return (await familyCalls(family, { action: 'RegisterTaskDefinition', outcome: 'forwarded' })).length;
}

/** The ECS write calls for `family`, of any outcome. */
export async function writes(family: string): Promise<CallRecord[]> {
  const all = await familyCalls(family);
  return all.filter((c) =>
    [
      'RegisterTaskDefinition',
      'DeregisterTaskDefinition',
      'DeleteTaskDefinitions',
      'TagResource',
      'UntagResource',
    ].includes(c.action),
  );
}

/** The proxy's last call sequence number (kept across resets): "from here on" for `afterSeq`. */
export async function lastSeq(): Promise<number> {
  return proxyControl().lastSeq();
}

/** The revision ARNs of `family` in moto with `status`, ascending by revision. */
export async function revisionsInMoto(
  family: string,
  status: 'ACTIVE' | 'INACTIVE' = 'ACTIVE',
): Promise<string[]> {
  const out = await awsClients('moto').ecs.send(
    new ListTaskDefinitionsCommand({ familyPrefix: family, status }),
  );
  return (out.taskDefinitionArns ?? [])
    .filter((arn) => arn.includes(`task-definition/${family}:`))
    .sort((a, b) => revisionOf(a) - revisionOf(b));
}

/** The revision number at the end of a task definition ARN. */
export function revisionOf(arn: string): number {
  return Number(arn.slice(arn.lastIndexOf(':') + 1));
}

/** One revision as moto describes it (status and tags), or undefined when moto no longer has it. */
export async function describeInMoto(
  arn: string,
): Promise<{ status: string; tags: Record<string, string>; image: string } | undefined> {
  try {
    const out = await awsClients('moto').ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }),
    );
    return {
      status: out.taskDefinition?.status ?? '',
      tags: Object.fromEntries((out.tags ?? []).map((t: Tag) => [t.key ?? '', t.value ?? ''])),
      image: out.taskDefinition?.containerDefinitions?.[0]?.image ?? '',
    };
  } catch (err) {
    if ((err as { name?: string }).name === 'ClientException') return undefined;
    throw err;
  }
}

/** Registers a revision of `family` straight in moto, without our tags: someone else's revision. */
export async function registerForeignRevision(family: string): Promise<string> {
  const out = await awsClients('moto').ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      containerDefinitions: [{ name: 'other', image: 'busybox:1', memory: 64, essential: true }],
      tags: [{ key: 'team', value: 'someone-else' }],
    }),
  );
  return out.taskDefinition?.taskDefinitionArn ?? '';
}

/**
 * `controller_runtime_reconcile_total` of one controller, summed over results, from the operator's
 * /metrics.
 */
export async function reconcileTotal(
  operator: OperatorProcess,
  controller = 'ecstaskdefinition',
): Promise<number> {
  const text = await operator.metrics();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('controller_runtime_reconcile_total{')) continue;
    if (!line.includes(`controller="${controller}"`)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** Every version of one object the API server sent on a watch, from the moment of the call. */
export interface ObjectVersions {
  /** The versions seen so far (ADDED and MODIFIED), oldest first. */
  readonly versions: readonly Resource[];
  stop(): void;
}

/**
 * Watches one EcsTaskDefinition (by field selector) and records every version the API server sends:
 * a status that was written and overwritten between two polls is still seen.
 */
export async function recordVersions(namespace: string, name: string): Promise<ObjectVersions> {
  const versions: Resource[] = [];
  const path = `/apis/${API_GROUP}/${API_VERSION}/namespaces/${namespace}/ecstaskdefinitions`;
  const controller = await new Watch(kubeConfig()).watch(
    path,
    { fieldSelector: `metadata.name=${name}` },
    (phase: string, obj: Resource) => {
      if (phase === 'ADDED' || phase === 'MODIFIED') versions.push(obj);
    },
    () => undefined,
  );
  return {
    versions,
    stop: () => controller.abort(),
  };
}
