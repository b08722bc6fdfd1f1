/**
 * Reads the ECS cluster (one DescribeClusters) and maps ECS's answer into the planner's terms: the
 * same normalised shape as `desired.ts`, plus who owns it. A cluster that is missing or INACTIVE
 * (deleted: ECS keeps describing it for a while) is `undefined`: CreateCluster makes it anew.
 */
import type { Cluster } from '@aws-sdk/client-ecs';
import type { AwsCallOptions } from '../../aws/call-runner.js';
import type { EcsClusterApi } from '../../aws/ecs-cluster-api.js';
import { TAG_KEYS } from '../api-group.js';
import {
  canonicalConfiguration,
  capacityProviders,
  type CapacityProviders,
  type DesiredCluster,
} from './desired.js';

/** Whose the observed cluster is, judged by its ownership tags (ADR 0019). */
export type ClusterOwnership =
  /** Our owner, instance and (when present) uid tags. */
  | 'ours'
  /** No ecs-bridge tags at all: created by someone else; taken over only with `spec.adopt`. */
  | 'outside'
  /** Another object's, another installation's, or an earlier object's of the same name. */
  | 'other';

/** The ECS cluster as the planner sees it. */
export interface ObservedCluster {
  readonly arn: string;
  readonly name: string;
  readonly status: string;
  readonly settings: ReadonlyMap<string, string>;
  readonly configuration: ReturnType<typeof canonicalConfiguration>;
  readonly serviceConnectNamespace: string | undefined;
  readonly capacity: CapacityProviders;
  readonly tags: ReadonlyMap<string, string>;
  readonly ownership: ClusterOwnership;
  /** ECS's answer as it is, for status. */
  readonly raw: Cluster;
}

/** Reads the cluster `desired` names; `undefined` when it does not exist or is INACTIVE. */
export async function observeCluster(
  api: EcsClusterApi,
  desired: DesiredCluster,
  options: AwsCallOptions = {},
): Promise<ObservedCluster | undefined> {
  const { clusters } = await api.describeCluster(desired.clusterName, options);
  const cluster = clusters.find((c) => c.clusterName === desired.clusterName);
  if (cluster === undefined || cluster.status === 'INACTIVE') return undefined;
  return toObserved(cluster, desired);
}

/** Maps one DescribeClusters (or write) answer into {@link ObservedCluster}. Pure. */
export function toObserved(cluster: Cluster, desired: DesiredCluster, tagsFrom?: Cluster): ObservedCluster {
  const tags = new Map(
    (tagsFrom ?? cluster).tags?.flatMap((t) => (t.key === undefined ? [] : [[t.key, t.value ?? '']])) ?? [],
  );
  return {
    arn: cluster.clusterArn ?? '',
    name: cluster.clusterName ?? desired.clusterName,
    status: cluster.status ?? 'ACTIVE',
    settings: new Map(
      (cluster.settings ?? []).flatMap((s) => (s.name === undefined ? [] : [[s.name, s.value ?? '']])),
    ),
    configuration: canonicalConfiguration(cluster.configuration ?? {}),
    serviceConnectNamespace: cluster.serviceConnectDefaults?.namespace,
    capacity: capacityProviders(
      cluster.capacityProviders ?? [],
      cluster.defaultCapacityProviderStrategy ?? [],
    ),
    tags,
    ownership: ownershipOf(tags, desired),
    raw: cluster,
  };
}

/** Whose a resource with `tags` is, for `desired`: ours, outside (no tags of ours), or another's. Pure. */
export function ownershipOf(tags: ReadonlyMap<string, string>, desired: DesiredCluster): ClusterOwnership {
  const owner = tags.get(TAG_KEYS.owner);
  const instance = tags.get(TAG_KEYS.instance);
  const uid = tags.get(TAG_KEYS.ownerUid);
  if (owner === undefined && instance === undefined) return 'outside';
  const uidMatches = uid === undefined || desired.ownerUid === undefined || uid === desired.ownerUid;
  return owner === desired.owner && instance === desired.instanceId && uidMatches ? 'ours' : 'other';
}
