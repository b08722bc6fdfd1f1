/**
 * Reads what AWS has for a set of manifests (read-only calls only) and plans every object with the
 * pure planners: clusters first (one DescribeClusters each; a service's `clusterRef` to an
 * EcsCluster among the manifests resolves to that cluster's ECS name and Region, as the operator
 * resolves it), then services are described (their running revisions protect task definitions
 * from garbage collection), then each task definition family is observed and planned, then each
 * service is planned against the revision its task definition would have, with its autoscaling.
 *
 * Calls, per object: a service costs one DescribeServices share (10 per call), two Application Auto
 * Scaling reads when autoscaling is involved and one DescribeTargetGroups for an ALB policy; a task
 * definition costs one ListTaskDefinitions plus one DescribeTaskDefinition per ACTIVE revision of
 * its family. An AWS error fails only the object it concerns.
 */
import { clusterNamedBy } from '../../resources/service/cluster-ref.js';
import { awsErrorEntry, errorEntry } from './error-entry.js';
import { observeFamily } from './observe-family.js';
import { planOneService, resolveTaskDefinitionRef } from './plan-one-service.js';
import type { Service } from '@aws-sdk/client-ecs';
import {
  regionOfManifest,
  type ClusterManifest,
  type ManifestSet,
  type OurManifest,
  type ServiceManifest,
  type TaskDefinitionManifest,
  type TaskRunManifest,
  type TaskTriggerManifest,
} from '../manifests.js';
import { planTaskTriggerManifest } from './plan-task-trigger.js';
import { planTaskRunEntry, type RunInCluster, type RunLookup } from './plan-task-run.js';
import { planClusterEntry } from './plan-cluster.js';
import { observeCapacityProviders } from '../../resources/cluster/capacity-provider-observe.js';
import { clusterNameOf, desiredCluster } from '../../resources/cluster/desired.js';
import { observeCluster } from '../../resources/cluster/observe.js';
import type { ReadOnlyAws } from '../read-only-aws.js';
import type { Progress } from '../terminal.js';
import type { PlanEntry } from './plan-model.js';
import { planTaskDefinitionEntry } from './plan-task-definition.js';
import { ownerTagValue } from '../../resources/api-group.js';

/** What {@link buildPlan} needs. */
export interface BuildPlanOptions {
  readonly aws: ReadOnlyAws;
  /** The operator installation whose instance tag marks what is ours. */
  readonly instanceId: string;
  /** The Region of objects without `spec.region`; undefined when none could be found. */
  readonly defaultRegion: string | undefined;
  /** The endpoint URL, for error advice. */
  readonly endpoint?: string | undefined;
  readonly progress?: Progress | undefined;
  /** Reads an EcsTaskRun from the Kubernetes cluster (whether it already ran); absent: not known. */
  readonly runs?: RunLookup | undefined;
}

type Outcome<T> = { readonly ok: T } | { readonly error: PlanEntry };

const NO_REGION = {
  message: 'no AWS Region for this object',
  fix: 'pass --region, set AWS_REGION, or set spec.region',
};

/**
 * A service as the operator would place it: with `clusterRef` to an EcsCluster among the manifests,
 * `spec.cluster` and `spec.region` become that cluster's ECS name and Region (the spec is otherwise
 * unchanged, as the reconciler passes it on). Without one, the referenced name is assumed to be the
 * ECS cluster's (an EcsCluster's default), since the plan does not read Kubernetes.
 */
function placeService(
  s: ServiceManifest,
  clusters: readonly ClusterManifest[],
): { readonly manifest: ServiceManifest; readonly cluster: ClusterManifest | undefined } {
  const ref = s.obj.spec.clusterRef;
  const namespace = s.obj.metadata.namespace ?? 'default';
  const cluster =
    ref === undefined
      ? undefined
      : clusters.find(
          (c) => (c.obj.metadata.namespace ?? 'default') === namespace && c.obj.metadata.name === ref.name,
        );
  const region = cluster?.obj.spec.region ?? s.obj.spec.region;
  const spec = {
    ...s.obj.spec,
    cluster: cluster === undefined ? clusterNamedBy(s.obj.spec) : clusterNameOf(cluster.obj),
    ...(region === undefined ? {} : { region }),
  };
  return { manifest: { ...s, obj: { ...s.obj, spec } }, cluster };
}

/** Plans every object of `set`; entries come in manifest order. */
export async function buildPlan(set: ManifestSet, options: BuildPlanOptions): Promise<PlanEntry[]> {
  const { aws, instanceId, defaultRegion, progress } = options;
  const regionOf = (m: OurManifest): string | undefined => regionOfManifest(m) ?? defaultRegion;
  const tds = set.objects.filter((o): o is TaskDefinitionManifest => o.kind === 'EcsTaskDefinition');
  const clusters = set.objects.filter((o): o is ClusterManifest => o.kind === 'EcsCluster');
  const placed = new Map(
    set.objects
      .filter((o): o is ServiceManifest => o.kind === 'EcsService')
      .map((s) => [s, placeService(s, clusters)] as const),
  );
  const services = [...placed.values()].map((p) => p.manifest);
  const key = (m: OurManifest): string => `${m.obj.metadata.namespace ?? 'default'}/${m.obj.metadata.name}`;

  const clusterEntries = new Map<ClusterManifest, PlanEntry>();
  for (const c of clusters) {
    progress?.update(`reading ECS clusters (${clusterEntries.size + 1}/${clusters.length})…`);
    const region = regionOf(c);
    const name = clusterNameOf(c.obj);
    if (region === undefined) {
      clusterEntries.set(c, errorEntry(c, '', `ECS cluster ${name}`, NO_REGION));
      continue;
    }
    try {
      const desired = desiredCluster(c.obj, instanceId);
      const observed = await observeCluster(aws(region, c.obj.metadata.namespace).clusters, desired);
      const names = desired.autoScalingGroupProviders.map((p) => p.name);
      const providers =
        names.length === 0
          ? undefined
          : await observeCapacityProviders(aws(region, c.obj.metadata.namespace).clusters, names, desired);
      clusterEntries.set(c, planClusterEntry({ manifest: c, instanceId, region, observed, providers }));
    } catch (err) {
      const context = {
        doing: `describing ECS cluster ${name}`,
        region,
        cluster: name,
        endpoint: options.endpoint,
      };
      clusterEntries.set(c, awsErrorEntry(c, `ECS cluster ${name}`, err, context));
    }
  }
  /** Why a service cannot be described: its EcsCluster does not exist yet or cannot be planned. */
  const clusterBlocks = (s: ServiceManifest): Outcome<undefined> | undefined => {
    const c = [...placed.values()].find((p) => p.manifest === s)?.cluster;
    const entry = c === undefined ? undefined : clusterEntries.get(c);
    if (entry === undefined || c === undefined) return undefined;
    // A cluster to be created holds no service yet: the service would be created in it.
    if (entry.verdict === 'create') return { ok: undefined };
    if (entry.verdict === 'nothing' || entry.verdict === 'update' || entry.verdict === 'adopt')
      return undefined;
    const region = regionOf(s) ?? '';
    return {
      error: errorEntry(s, region, `ECS service ${s.obj.spec.serviceName ?? s.obj.metadata.name}`, {
        message: `EcsCluster ${key(c)} cannot be planned (${entry.verdict}); the operator would wait for it`,
      }),
    };
  };

  progress?.update(`describing ${services.length} ECS service(s)…`);
  const described = new Map<ServiceManifest, Outcome<Service | undefined>>();
  await Promise.all(
    services.map(async (s) => {
      const blocked = clusterBlocks(s);
      if (blocked !== undefined) {
        described.set(s, blocked);
        return;
      }
      const region = regionOf(s);
      const serviceName = s.obj.spec.serviceName ?? s.obj.metadata.name;
      const target = `ECS service ${serviceName} in cluster ${s.obj.spec.cluster}`;
      if (region === undefined) {
        described.set(s, { error: errorEntry(s, '', target, NO_REGION) });
        return;
      }
      try {
        described.set(s, {
          ok: await aws(region, s.obj.metadata.namespace).describeService(
            clusterNamedBy(s.obj.spec),
            serviceName,
          ),
        });
      } catch (err) {
        const doing = `describing ECS service ${serviceName}`;
        const context = { doing, region, cluster: s.obj.spec.cluster, endpoint: options.endpoint };
        described.set(s, { error: awsErrorEntry(s, target, err, context) });
      }
    }),
  );

  // The revisions services run (and the ones they name directly) are never garbage-collected.
  const inUse = new Set<string>();
  for (const [s, d] of described) {
    if (s.obj.spec.taskDefinition !== undefined) inUse.add(s.obj.spec.taskDefinition);
    if (!('ok' in d) || d.ok === undefined) continue;
    if (d.ok.taskDefinition !== undefined) inUse.add(d.ok.taskDefinition);
    for (const dep of d.ok.deployments ?? [])
      if (dep.taskDefinition !== undefined) inUse.add(dep.taskDefinition);
  }

  const tdEntries = new Map<string, PlanEntry>();
  let done = 0;
  for (const td of tds) {
    progress?.update(`reading task definition families (${++done}/${tds.length})…`);
    const region = regionOf(td);
    const family = td.obj.spec.family ?? td.obj.metadata.name;
    if (region === undefined) {
      tdEntries.set(key(td), errorEntry(td, '', `family ${family}`, NO_REGION));
      continue;
    }
    try {
      const namespace = td.obj.metadata.namespace ?? 'default';
      const observation = await observeFamily(
        aws(region, namespace).ecs,
        family,
        ownerTagValue(namespace, td.obj.metadata.name),
        instanceId,
        namespace,
        inUse,
      );
      tdEntries.set(key(td), planTaskDefinitionEntry({ manifest: td, instanceId, region, observation }));
    } catch (err) {
      const context = {
        doing: `reading task definition family ${family}`,
        region,
        endpoint: options.endpoint,
      };
      tdEntries.set(key(td), awsErrorEntry(td, `family ${family}`, err, context));
    }
  }

  const serviceEntries = new Map<ServiceManifest, PlanEntry>();
  done = 0;
  for (const s of services) {
    progress?.update(`planning ECS services (${++done}/${services.length})…`);
    const d = described.get(s);
    if (d === undefined || 'error' in d) {
      if (d !== undefined) serviceEntries.set(s, d.error);
      continue;
    }
    const region = regionOf(s) ?? '';
    serviceEntries.set(s, await planOneService(s, region, d.ok, tdEntries, options));
  }
  // Triggers last: their template may name a task definition planned above.
  const triggers = set.objects.filter((o): o is TaskTriggerManifest => o.kind === 'EcsTaskTrigger');
  const triggerEntries = new Map<TaskTriggerManifest, PlanEntry>();
  done = 0;
  for (const t of triggers) {
    progress?.update(`reading EventBridge rules and schedules (${++done}/${triggers.length})…`);
    triggerEntries.set(
      t,
      await planTaskTriggerManifest(t, {
        aws,
        instanceId,
        defaultRegion,
        endpoint: options.endpoint,
        cluster: (namespace, name) => {
          const c = clusters.find(
            (x) => (x.obj.metadata.namespace ?? 'default') === namespace && x.obj.metadata.name === name,
          );
          return c === undefined
            ? undefined
            : { clusterName: clusterNameOf(c.obj), region: c.obj.spec.region };
        },
        taskDefinition: (namespace, name, region) =>
          resolveTaskDefinitionRef(name, namespace, region, tdEntries, options),
      }),
    );
  }
  // Runs: whether the cluster already holds the object (it runs once per object), not AWS.
  const runEntries = new Map<TaskRunManifest, PlanEntry>();
  for (const r of set.objects.filter((o): o is TaskRunManifest => o.kind === 'EcsTaskRun')) {
    const inCluster: RunInCluster =
      options.runs === undefined
        ? { kind: 'unknown', why: 'no Kubernetes cluster to read' }
        : await options.runs(r.obj.metadata.namespace ?? 'default', r.obj.metadata.name);
    runEntries.set(r, planTaskRunEntry(r, inCluster, regionOf(r)));
  }
  progress?.done();
  return set.objects.flatMap((o) => {
    const entry =
      o.kind === 'EcsTaskDefinition'
        ? tdEntries.get(key(o))
        : o.kind === 'EcsCluster'
          ? clusterEntries.get(o)
          : o.kind === 'EcsTaskTrigger'
            ? triggerEntries.get(o)
            : o.kind === 'EcsTaskRun'
              ? runEntries.get(o)
              : serviceEntries.get(placed.get(o)?.manifest ?? o);
    return entry === undefined ? [] : [entry];
  });
}
