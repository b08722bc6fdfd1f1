/**
 * What must hold of the crash-consistency workload, read from the API server and straight from moto
 * (uncounted by the proxy): {@link readSnapshot} takes one picture; {@link anytimeViolations} lists
 * what may never be seen, even mid-run (a second ACTIVE service of a name, anything left of an
 * object the API server no longer has, a Stalled object); {@link pendingConvergence} says what is
 * not converged yet; {@link convergedViolations} lists what is wrong once everything has converged
 * (revisions beyond the history limit, scalable targets or services nobody owns, wrong revision).
 */
import {
  DescribeScalableTargetsCommand,
  type DescribeScalableTargetsCommandOutput,
  type ScalableTarget,
} from '@aws-sdk/client-application-auto-scaling';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { API_GROUP, API_VERSION, TAG_KEYS } from '../../src/resources/api-group.js';
import { condition, type OurPlural, type Resource } from '../support/manifests.js';
import { awsClients, kubeConfig } from '../support/world-client.js';
import { REVISION_HISTORY_LIMIT, type Pair } from './crash-workload.js';

/** One picture of both sides. */
export interface Snapshot {
  /** Our objects by `<plural>/<name>`. */
  readonly objects: ReadonlyMap<string, Resource>;
  /** Every service moto lists or describes in the cluster, by service name (all statuses). */
  readonly services: ReadonlyMap<string, readonly Service[]>;
  /** The ECS scalable targets, by resource id. */
  readonly targets: ReadonlyMap<string, ScalableTarget>;
  /** ACTIVE revision ARNs per family asked for, ascending. */
  readonly revisions: ReadonlyMap<string, readonly string[]>;
  /** INACTIVE revision ARNs per family asked for, ascending: deregistered and never deleted. */
  readonly inactive: ReadonlyMap<string, readonly string[]>;
  /** The pairs known when the picture was started: only they are judged by it. */
  readonly known: ReadonlySet<string>;
}

async function listObjects(namespace: string, plural: OurPlural): Promise<Resource[]> {
  const api = kubeConfig().makeApiClient(CustomObjectsApi);
  const list = (await api.listNamespacedCustomObject({
    group: API_GROUP,
    version: API_VERSION,
    namespace,
    plural,
  })) as { items: Resource[] };
  return list.items;
}

/** The revision number at the end of a task definition ARN. */
export function revisionOf(arn: string): number {
  return Number(arn.slice(arn.lastIndexOf(':') + 1));
}

/**
 * Reads the objects first, then AWS: anything the API server no longer had must already be gone
 * from AWS when AWS is read. `families` are the families whose ACTIVE revisions are listed.
 */
export async function readSnapshot(
  namespace: string,
  cluster: string,
  pairs: readonly Pair[],
): Promise<Snapshot> {
  const known = new Set(pairs.map((p) => p.name));
  const objects = new Map<string, Resource>();
  for (const plural of ['ecstaskdefinitions', 'ecsservices'] as const) {
    for (const r of await listObjects(namespace, plural)) objects.set(`${plural}/${r.metadata.name}`, r);
  }
  const { ecs, autoscaling } = awsClients('moto');
  try {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(new ListServicesCommand({ cluster, maxResults: 100, nextToken }));
      arns.push(...(page.serviceArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    // Also describe every pair's name: ListServices may leave INACTIVE ones out.
    const names = [...new Set([...arns, ...pairs.map((p) => p.serviceName)])];
    const services = new Map<string, Service[]>();
    for (let i = 0; i < names.length; i += 10) {
      const out = await ecs.send(
        new DescribeServicesCommand({ cluster, services: names.slice(i, i + 10), include: ['TAGS'] }),
      );
      for (const s of out.services ?? []) {
        const list = services.get(s.serviceName ?? '') ?? [];
        if (!list.some((known) => known.serviceArn === s.serviceArn && known.createdAt === s.createdAt)) {
          list.push(s);
        }
        services.set(s.serviceName ?? '', list);
      }
    }
    const targets = new Map<string, ScalableTarget>();
    nextToken = undefined;
    do {
      const page: DescribeScalableTargetsCommandOutput = await autoscaling.send(
        new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', NextToken: nextToken }),
      );
      for (const t of page.ScalableTargets ?? []) targets.set(t.ResourceId ?? '', t);
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    const revisions = new Map<string, string[]>();
    const inactive = new Map<string, string[]>();
    for (const pair of pairs) {
      for (const [status, into] of [
        ['ACTIVE', revisions],
        ['INACTIVE', inactive],
      ] as const) {
        const out = await ecs.send(
          new ListTaskDefinitionsCommand({ familyPrefix: pair.family, status, maxResults: 100 }),
        );
        into.set(
          pair.family,
          (out.taskDefinitionArns ?? [])
            .filter((arn) => arn.includes(`task-definition/${pair.family}:`))
            .sort((a, b) => revisionOf(a) - revisionOf(b)),
        );
      }
    }
    return { objects, services, targets, revisions, inactive, known };
  } finally {
    ecs.destroy();
    autoscaling.destroy();
  }
}

function resourceId(cluster: string, pair: Pair): string {
  return `service/${cluster}/${pair.serviceName}`;
}

function isActive(s: Service): boolean {
  return s.status === 'ACTIVE' || s.status === 'DRAINING';
}

/**
 * Marks the pairs whose objects the snapshot no longer has as gone, and lists what may never be
 * seen: two ACTIVE services of one name, an object of a live pair missing, anything left on AWS of
 * an object that is gone, and Stalled objects. Each line names the object and what was found.
 */
export function anytimeViolations(snapshot: Snapshot, cluster: string, pairs: readonly Pair[]): string[] {
  const found: string[] = [];
  for (const [name, list] of snapshot.services) {
    const active = list.filter((s) => s.status === 'ACTIVE');
    if (active.length > 1) found.push(`duplicate: ${active.length} ACTIVE services named ${name}`);
  }
  for (const pair of pairs) {
    if (!snapshot.known.has(pair.name)) continue;
    const td = snapshot.objects.get(`ecstaskdefinitions/${pair.name}`);
    const svc = snapshot.objects.get(`ecsservices/${pair.name}`);
    if (pair.state === 'live' && (td === undefined || svc === undefined)) {
      found.push(
        `lost: live pair ${pair.name} has no ${td === undefined ? 'EcsTaskDefinition' : 'EcsService'}`,
      );
    }
    if (pair.state !== 'deleting') continue;
    if (td === undefined) pair.taskDefinitionGone = true;
    if (svc === undefined) pair.serviceGone = true;
    if (pair.taskDefinitionGone) {
      const left = snapshot.revisions.get(pair.family) ?? [];
      if (left.length > 0) found.push(`orphan: ${pair.name} is gone but ${left.join(', ')} still ACTIVE`);
      // Deletion deletes every revision, those services still run included (ECS keeps them).
      const inactive = snapshot.inactive.get(pair.family) ?? [];
      if (inactive.length > 0)
        found.push(`orphan: ${pair.name} is gone but ${inactive.join(', ')} still INACTIVE`);
    }
    if (pair.serviceGone) {
      const left = (snapshot.services.get(pair.serviceName) ?? []).filter(isActive);
      if (left.length > 0)
        found.push(`orphan: ${pair.name} is gone but its ECS service is ${left[0]?.status}`);
      if (snapshot.targets.has(resourceId(cluster, pair))) {
        found.push(`orphan: ${pair.name} is gone but its scalable target is still registered`);
      }
    }
  }
  for (const r of snapshot.objects.values()) {
    const stalled = condition(r, 'Stalled');
    if (stalled?.status === 'True') {
      found.push(`stalled: ${r.kind} ${r.metadata.name}: ${stalled.reason}: ${stalled.message}`);
    }
  }
  return found;
}

function readyNow(r: Resource | undefined, type = 'Ready'): boolean {
  return (
    r !== undefined &&
    r.status?.observedGeneration === r.metadata.generation &&
    condition(r, type)?.status === 'True'
  );
}

/**
 * ACTIVE revisions beyond `1 + revisionHistoryLimit` per live pair, as lines (none when within).
 * Garbage collection keeps a revision a service still runs, so mid-rollout this is not zero.
 */
export function revisionsOverLimit(snapshot: Snapshot, pairs: readonly Pair[]): string[] {
  const over: string[] = [];
  for (const pair of pairs) {
    if (pair.state !== 'live' || !snapshot.known.has(pair.name)) continue;
    const revisions = snapshot.revisions.get(pair.family) ?? [];
    if (revisions.length > 1 + REVISION_HISTORY_LIMIT) {
      over.push(
        `${pair.name}: ${revisions.length} ACTIVE revisions (limit ${REVISION_HISTORY_LIMIT}): ${revisions.map(revisionOf).join(', ')}`,
      );
    }
  }
  return over;
}

/**
 * INACTIVE revisions of live pairs, as lines (none when there are none). Garbage collection
 * deregisters and then deletes, and DeleteTaskDefinitions is rate limited (1 per second sustained),
 * so a snapshot read between the two sees them; what is still INACTIVE at the convergence deadline
 * is a leak ({@link convergedViolations} reports it).
 */
export function revisionsAwaitingDelete(snapshot: Snapshot, pairs: readonly Pair[]): string[] {
  const waiting: string[] = [];
  for (const pair of pairs) {
    if (pair.state !== 'live' || !snapshot.known.has(pair.name)) continue;
    const inactive = snapshot.inactive.get(pair.family) ?? [];
    if (inactive.length > 0) {
      waiting.push(
        `${pair.name}: INACTIVE revisions not deleted yet: ${inactive.map(revisionOf).join(', ')}`,
      );
    }
  }
  return waiting;
}

/** What is not converged yet: live objects not Ready (or not autoscaled), deleted objects still there. */
export function pendingConvergence(snapshot: Snapshot, pairs: readonly Pair[]): string[] {
  const pending: string[] = [];
  for (const pair of pairs) {
    if (!snapshot.known.has(pair.name)) continue;
    const td = snapshot.objects.get(`ecstaskdefinitions/${pair.name}`);
    const svc = snapshot.objects.get(`ecsservices/${pair.name}`);
    if (pair.state === 'deleting') {
      if (td !== undefined)
        pending.push(
          `EcsTaskDefinition ${pair.name} still there (finalizers ${td.metadata.finalizers?.join(',')})`,
        );
      if (svc !== undefined)
        pending.push(
          `EcsService ${pair.name} still there (finalizers ${svc.metadata.finalizers?.join(',')})`,
        );
      continue;
    }
    if (!readyNow(td))
      pending.push(`EcsTaskDefinition ${pair.name} not Ready: ${JSON.stringify(td?.status?.conditions)}`);
    if (!readyNow(svc))
      pending.push(`EcsService ${pair.name} not Ready: ${JSON.stringify(svc?.status?.conditions)}`);
    else if (pair.scaled && !readyNow(svc, 'AutoscalingReady'))
      pending.push(`EcsService ${pair.name} not AutoscalingReady`);
    // Ready at the TD's newest revision: the service runs what the TD says is current.
    const arn = td?.status?.['taskDefinitionArn'];
    const running = snapshot.services
      .get(pair.serviceName)
      ?.find((s) => s.status === 'ACTIVE')?.taskDefinition;
    if (typeof arn === 'string' && running !== arn) pending.push(`${pair.name} runs ${running}, not ${arn}`);
  }
  return pending;
}

/** The figures of a converged picture's orphans, by kind, with each finding. */
export interface ConvergedFindings {
  readonly orphanRevisions: number;
  readonly orphanTargets: number;
  readonly orphanServices: number;
  readonly problems: readonly string[];
}

/**
 * Once converged: every live pair has exactly one ACTIVE service on its current revision, tagged
 * as ours, at most `1 + revisionHistoryLimit` ACTIVE revisions, all tagged as ours, no INACTIVE
 * revision (garbage collection deletes what it deregisters), and a scalable
 * target exactly when scaled; no ACTIVE service or scalable target belongs to no live pair.
 */
export async function convergedViolations(
  snapshot: Snapshot,
  namespace: string,
  cluster: string,
  pairs: readonly Pair[],
): Promise<ConvergedFindings> {
  const problems: string[] = [];
  let orphanRevisions = 0;
  let orphanTargets = 0;
  let orphanServices = 0;
  const live = pairs.filter((p) => p.state === 'live');
  const { ecs } = awsClients('moto');
  try {
    for (const pair of live) {
      const active = (snapshot.services.get(pair.serviceName) ?? []).filter((s) => s.status === 'ACTIVE');
      if (active.length !== 1) problems.push(`${pair.name}: ${active.length} ACTIVE services`);
      const svc = active[0];
      const owner = svc?.tags?.find((t) => t.key === TAG_KEYS.owner)?.value;
      if (owner !== `${namespace}/${pair.name}`) problems.push(`${pair.name}: service owner tag ${owner}`);
      if (!pair.scaled && svc?.desiredCount !== pair.desiredCount) {
        problems.push(`${pair.name}: desiredCount ${svc?.desiredCount}, spec says ${pair.desiredCount}`);
      }
      const revisions = snapshot.revisions.get(pair.family) ?? [];
      const excess = revisions.length - (1 + REVISION_HISTORY_LIMIT);
      if (excess > 0) {
        orphanRevisions += excess;
        problems.push(
          `${pair.name}: ${revisions.length} ACTIVE revisions (limit ${REVISION_HISTORY_LIMIT}): ${revisions.join(', ')}`,
        );
      }
      // Garbage collection deletes what it deregisters: an INACTIVE revision once converged is a leak.
      const inactive = snapshot.inactive.get(pair.family) ?? [];
      if (inactive.length > 0) {
        orphanRevisions += inactive.length;
        problems.push(`${pair.name}: INACTIVE revisions never deleted: ${inactive.join(', ')}`);
      }
      if (svc?.taskDefinition !== revisions.at(-1)) {
        problems.push(
          `${pair.name}: service runs ${svc?.taskDefinition}, newest ACTIVE is ${revisions.at(-1)}`,
        );
      }
      for (const arn of revisions) {
        const out = await ecs.send(
          new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }),
        );
        const tag = out.tags?.find((t) => t.key === TAG_KEYS.owner)?.value;
        if (tag !== `${namespace}/${pair.name}`) problems.push(`${arn}: owner tag ${tag}`);
      }
      const hasTarget = snapshot.targets.has(resourceId(cluster, pair));
      if (hasTarget !== pair.scaled)
        problems.push(`${pair.name}: scalable target ${hasTarget ? 'present' : 'missing'}`);
    }
  } finally {
    ecs.destroy();
  }
  const liveNames = new Set(live.map((p) => p.serviceName));
  for (const [name, list] of snapshot.services) {
    if (list.some((s) => s.status === 'ACTIVE') && !liveNames.has(name)) {
      orphanServices++;
      problems.push(`orphan: ACTIVE service ${name} belongs to no live object`);
    }
  }
  const scaledIds = new Set(live.filter((p) => p.scaled).map((p) => resourceId(cluster, p)));
  for (const id of snapshot.targets.keys()) {
    if (!scaledIds.has(id)) {
      orphanTargets++;
      problems.push(`orphan: scalable target ${id} belongs to no live scaled service`);
    }
  }
  return { orphanRevisions, orphanTargets, orphanServices, problems };
}
