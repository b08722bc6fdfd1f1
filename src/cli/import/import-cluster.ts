/**
 * Builds the EcsCluster manifest `import --cluster` writes beside the services, from one
 * DescribeClusters answer (with tags, settings and configurations). Like the services it writes,
 * the cluster is adopted as it is (ADR 0007, ADR 0019): `adopt: true`, `deletionPolicy: Retain`,
 * and every member the planner compares set to what ECS has, so applying it writes nothing. Pure.
 */
import type { Cluster } from '@aws-sdk/client-ecs';
import { TAG_KEYS } from '../../resources/api-group.js';
import { canonicalConfiguration } from '../../resources/cluster/desired.js';
import { ECS_CLUSTER_KIND, type EcsCluster, type EcsClusterSpec } from '../../resources/cluster/types.js';
import { isUserTagKey } from '../../resources/task-definition/revision.js';
import { decision, unexpressed, type ImportNote } from './import-notes.js';
import { importedObject } from './imported-object.js';
import { objectName } from './import-service.js';

/** What {@link importCluster} needs. */
export interface ImportClusterInput {
  /** DescribeClusters' answer for the cluster, with TAGS, SETTINGS and CONFIGURATIONS. */
  readonly cluster: Cluster;
  readonly region: string;
  readonly namespace: string;
}

/** An imported cluster: the object to write and the notes to show. */
export interface ImportedCluster {
  readonly manifest: EcsCluster;
  readonly notes: readonly ImportNote[];
}

/** Why the cluster gets no EcsCluster manifest (services then name it with `spec.cluster`), or undefined. */
export function clusterImportProblem(cluster: Cluster | undefined, name: string): string | undefined {
  if (cluster === undefined || cluster.status === 'INACTIVE') {
    return `cluster ${name}: not found (or INACTIVE); no EcsCluster written`;
  }
  const owner = cluster.tags?.find((t) => t.key === TAG_KEYS.owner)?.value;
  if (owner !== undefined) {
    return `cluster ${name}: already managed by ecs-bridge (object ${owner}); no EcsCluster written, the services name it with spec.cluster`;
  }
  return undefined;
}

/** Builds the EcsCluster manifest for one described cluster. Pure. */
export function importCluster(input: ImportClusterInput): ImportedCluster {
  const { cluster } = input;
  const clusterName = cluster.clusterName ?? '';
  const name = objectName(clusterName);
  const notes: ImportNote[] = [
    decision('adopt', 'true: the cluster was made outside ecs-bridge and is taken over as it is'),
    decision(
      'deletionPolicy',
      'Retain: deleting the object leaves the ECS cluster; set Delete once you want that',
    ),
  ];
  const settings = (cluster.settings ?? []).flatMap((s) =>
    s.name === undefined || s.value === undefined ? [] : [{ name: s.name, value: s.value }],
  );
  const configuration = canonicalConfiguration(cluster.configuration ?? {});
  const providers = [...(cluster.capacityProviders ?? [])];
  const strategy = (cluster.defaultCapacityProviderStrategy ?? []).map((s) => ({
    capacityProvider: s.capacityProvider ?? '',
    ...(s.weight === undefined ? {} : { weight: s.weight }),
    ...(s.base === undefined ? {} : { base: s.base }),
  }));
  const tags = (cluster.tags ?? []).flatMap((t) => {
    if (t.key === undefined) return [];
    if (!isUserTagKey(t.key)) {
      if (t.key.toLowerCase().startsWith('aws:')) {
        notes.push(unexpressed(`tags.${t.key}`, 'AWS-reserved tag; not part of the spec and left as it is'));
      }
      return [];
    }
    return [{ key: t.key, value: t.value ?? '' }];
  });
  const namespaceArn = cluster.serviceConnectDefaults?.namespace;
  const spec: EcsClusterSpec = {
    ...(name === clusterName ? {} : { clusterName }),
    region: input.region,
    adopt: true,
    deletionPolicy: 'Retain',
    ...(settings.length === 0 ? {} : { settings }),
    ...(Object.keys(configuration).length === 0 ? {} : { configuration }),
    // ECS answers the Cloud Map namespace's ARN, which the planner compares exactly (ADR 0019).
    ...(namespaceArn === undefined ? {} : { serviceConnectDefaults: { namespace: namespaceArn } }),
    ...(providers.length === 0 && strategy.length === 0
      ? {}
      : { capacityProviders: providers, defaultCapacityProviderStrategy: strategy }),
    ...(tags.length === 0 ? {} : { tags }),
  };
  if ((cluster.registeredContainerInstancesCount ?? 0) > 0) {
    notes.push(
      unexpressed(
        'containerInstances',
        `${cluster.registeredContainerInstancesCount} EC2 container instance(s) registered; their Auto Scaling group is not part of this manifest`,
      ),
    );
  }
  return { manifest: importedObject(ECS_CLUSTER_KIND, { name, namespace: input.namespace }, spec), notes };
}
