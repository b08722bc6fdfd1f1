/**
 * The desired ECS cluster: the EcsCluster spec with our defaults and tags, normalised into the
 * shape `observe.ts` maps ECS's answer into, so the planner compares like with like.
 */
import type { CapacityProviderStrategyItem, ClusterConfiguration } from '@aws-sdk/client-ecs';
import { TAG_KEYS, ownerTagValue } from '../api-group.js';
import { desiredCapacityProviders, type DesiredCapacityProvider } from './capacity-provider-desired.js';
import { managedKeysTags } from './managed-tags.js';
import type { ClusterDeletionPolicy, EcsCluster } from './types.js';

/** A capacity provider strategy item with ECS's defaults filled in (weight 0, base 0). */
export interface StrategyItem {
  readonly capacityProvider: string;
  readonly weight: number;
  readonly base: number;
}

/** The capacity providers and default strategy, managed together (PutClusterCapacityProviders takes both). */
export interface CapacityProviders {
  /** Sorted by name. */
  readonly providers: readonly string[];
  /** Sorted by provider name. */
  readonly strategy: readonly StrategyItem[];
}

/** What the spec asks of the ECS cluster; `undefined` members are left as ECS has them. */
export interface DesiredCluster {
  readonly clusterName: string;
  readonly region: string | undefined;
  /** Setting name → value, only the settings the spec names. */
  readonly settings: ReadonlyMap<string, string>;
  readonly configuration: ClusterConfiguration | undefined;
  readonly serviceConnectNamespace: string | undefined;
  readonly capacity: CapacityProviders | undefined;
  /** The Auto Scaling group capacity providers this object owns, sorted by name. */
  readonly autoScalingGroupProviders: readonly DesiredCapacityProvider[];
  /** Our ownership tags alone: what a capacity provider we create carries. */
  readonly ownershipTags: ReadonlyMap<string, string>;
  /** The user tag keys the spec names: the ones ecs-bridge manages (and removes once dropped). */
  readonly userTagKeys: ReadonlySet<string>;
  /** Every tag the cluster must carry: the spec's, our ownership tags and the managed-keys record. */
  readonly tags: ReadonlyMap<string, string>;
  /** The owner tag value of this object (`<namespace>/<name>`). */
  readonly owner: string;
  readonly ownerUid: string | undefined;
  readonly instanceId: string;
  readonly deletionPolicy: ClusterDeletionPolicy;
  readonly adopt: boolean;
}

/** The ECS cluster name of an object: `spec.clusterName`, else `metadata.name`. */
export function clusterNameOf(obj: EcsCluster): string {
  return obj.spec.clusterName ?? obj.metadata.name;
}

/** Builds the {@link DesiredCluster} of `obj`. Pure. */
export function desiredCluster(
  obj: EcsCluster,
  instanceId: string,
  defaultDeletionPolicy: ClusterDeletionPolicy = 'Delete',
): DesiredCluster {
  const { spec } = obj;
  const owner = ownerTagValue(obj.metadata.namespace ?? '', obj.metadata.name);
  const ownershipTags = new Map<string, string>([
    [TAG_KEYS.owner, owner],
    [TAG_KEYS.instance, instanceId],
  ]);
  if (obj.metadata.uid !== undefined) ownershipTags.set(TAG_KEYS.ownerUid, obj.metadata.uid);
  const tags = new Map<string, string>();
  for (const t of spec.tags ?? []) tags.set(t.key, t.value ?? '');
  const userTagKeys = new Set(tags.keys());
  for (const [k, v] of ownershipTags) tags.set(k, v);
  // validate.ts refuses a spec whose keys do not fit the record, before any desired is built.
  for (const [k, v] of managedKeysTags(userTagKeys) ?? []) tags.set(k, v);
  const autoScalingGroupProviders = desiredCapacityProviders(spec.autoScalingGroupCapacityProviders ?? []);
  // Declared Auto Scaling group providers are attached with the listed ones: declaring one is
  // asking for it on this cluster.
  const manageCapacity =
    spec.capacityProviders !== undefined ||
    spec.defaultCapacityProviderStrategy !== undefined ||
    autoScalingGroupProviders.length > 0;
  return {
    clusterName: clusterNameOf(obj),
    region: spec.region,
    settings: new Map(
      (spec.settings ?? []).flatMap((s) => (s.name === undefined ? [] : [[s.name, s.value ?? '']])),
    ),
    configuration: spec.configuration === undefined ? undefined : canonicalConfiguration(spec.configuration),
    serviceConnectNamespace: spec.serviceConnectDefaults?.namespace,
    capacity: manageCapacity
      ? capacityProviders(
          [...(spec.capacityProviders ?? []), ...autoScalingGroupProviders.map((p) => p.name)],
          spec.defaultCapacityProviderStrategy ?? [],
        )
      : undefined,
    autoScalingGroupProviders,
    ownershipTags,
    userTagKeys,
    tags,
    owner,
    ownerUid: obj.metadata.uid,
    instanceId,
    deletionPolicy: spec.deletionPolicy ?? defaultDeletionPolicy,
    adopt: spec.adopt ?? false,
  };
}

/** Sorted providers and a sorted, defaulted strategy: the same form for our spec and ECS's answer. */
export function capacityProviders(
  providers: readonly string[],
  strategy: readonly CapacityProviderStrategyItem[],
): CapacityProviders {
  return {
    providers: [...new Set(providers)].sort(),
    strategy: strategy
      .map((s) => ({ capacityProvider: s.capacityProvider ?? '', weight: s.weight ?? 0, base: s.base ?? 0 }))
      .sort((a, b) =>
        a.capacityProvider < b.capacityProvider ? -1 : a.capacityProvider > b.capacityProvider ? 1 : 0,
      ),
  };
}

/**
 * The configuration with empty members and `false` flags dropped, so ECS's echo (which may omit
 * what was not set, or answer `false` for it) compares equal to the spec that set nothing.
 */
export function canonicalConfiguration(configuration: ClusterConfiguration): ClusterConfiguration {
  return prune(configuration) as ClusterConfiguration;
}

function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = prune((value as Record<string, unknown>)[key]);
    if (v === undefined || v === null || v === false || v === '') continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[key] = v;
  }
  return out;
}
