/**
 * The pure EcsCluster planner: (desired, observed) → the fewest ECS writes that make the cluster
 * match the spec, or a reason it must not be touched. Nothing is sent when nothing differs:
 * settings, configuration and Service Connect defaults go in one UpdateCluster carrying only the
 * members that differ; capacity providers and the default strategy in one
 * PutClusterCapacityProviders, only when either differs; tags in one TagResource.
 */
import { changedMembers } from './changed-members.js';
import type { ClusterSetting } from '@aws-sdk/client-ecs';
import type { ClusterAction } from './actions.js';
import type { ObservedCapacityProvider } from './capacity-provider-observe.js';
import {
  planCapacityProviderDeletion,
  planCapacityProviders,
  planRemovedProviders,
} from './capacity-provider-plan.js';
import type { CapacityProviders, DesiredCluster } from './desired.js';
import type { ObservedCluster } from './observe.js';
import { ClusterReason as R } from './reasons.js';
import { API_GROUP } from '../api-group.js';
import { chunkTagsIn, managedKeysOf } from './managed-tags.js';

/** Our own tags (ownership, the managed-keys record): never a user's, never untagged. */
const isOurTag = (key: string): boolean => key.startsWith(`${API_GROUP}/`);

/** Why the planner will not touch the cluster (Stalled until the spec changes). */
export interface ClusterRefusal {
  readonly reason: string;
  readonly message: string;
}

/** The planner's answer. */
export interface ClusterPlan {
  readonly actions: readonly ClusterAction[];
  /** Set when nothing may be done: the actions are then empty. */
  readonly refusal?: ClusterRefusal;
  /** True when an outside cluster is being taken over with `spec.adopt`. */
  readonly adopting: boolean;
}

const NO_PROVIDERS: ReadonlyMap<string, ObservedCapacityProvider> = new Map();

/**
 * Plans the writes that converge `observed` on `desired`. The declared Auto Scaling group
 * capacity providers come first: the cluster can only attach providers that exist. `providers`
 * holds the declared providers and the undeclared ones still attached, as ECS has them. Pure.
 */
export function planCluster(
  desired: DesiredCluster,
  observed: ObservedCluster | undefined,
  providers: ReadonlyMap<string, ObservedCapacityProvider> = NO_PROVIDERS,
): ClusterPlan {
  const clusterPlan = planClusterItself(desired, observed);
  if (clusterPlan.refusal !== undefined) return clusterPlan;
  const providerPlan = planCapacityProviders(desired, providers);
  if (providerPlan.refusal !== undefined) {
    return { actions: [], adopting: clusterPlan.adopting, refusal: providerPlan.refusal };
  }
  // Providers the spec dropped go last: the cluster's PutClusterCapacityProviders (or the one
  // planned here) detaches them first, since ECS deletes only a provider no cluster has.
  const putPlanned = clusterPlan.actions.some((a) => a.type === 'putCapacityProviders');
  const removed = planRemovedProviders(desired, observed, providers, putPlanned);
  return {
    ...clusterPlan,
    actions: [...providerPlan.actions, ...removed.before, ...clusterPlan.actions, ...removed.after],
  };
}

function planClusterItself(desired: DesiredCluster, observed: ObservedCluster | undefined): ClusterPlan {
  if (observed === undefined) {
    return { actions: [{ type: 'create', input: createInput(desired) }], adopting: false };
  }
  const adopting = observed.ownership !== 'ours';
  if (adopting && !desired.adopt) {
    const whose =
      observed.ownership === 'outside'
        ? 'was not created by ecs-bridge'
        : `belongs to ${observed.tags.get('ecs-bridge.dev/owner') ?? 'another owner'} (or an earlier object of this name, or another installation)`;
    return {
      actions: [],
      adopting,
      refusal: {
        reason: R.NotOwned,
        message: `ECS cluster ${desired.clusterName} already exists and ${whose}: set spec.adopt: true to manage it from this object, or choose another spec.clusterName`,
      },
    };
  }
  const writes: ClusterAction[] = [];
  const update = updateInput(desired, observed);
  if (update !== undefined) writes.push(update);
  if (desired.capacity !== undefined && !sameCapacity(desired.capacity, observed.capacity)) {
    writes.push({
      type: 'putCapacityProviders',
      input: {
        cluster: desired.clusterName,
        capacityProviders: [...desired.capacity.providers],
        defaultCapacityProviderStrategy: desired.capacity.strategy.map((s) => ({ ...s })),
      },
    });
  }
  const tags = [
    ...[...desired.tags]
      .filter(([k, v]) => observed.tags.get(k) !== v)
      .map(([key, value]) => ({ key, value })),
    // A shorter record of managed keys empties the chunks it no longer needs (ADR 0022).
    ...chunkTagsIn(observed.tags)
      .filter((k) => !desired.tags.has(k))
      .map((key) => ({ key, value: '' })),
  ];
  // An adopted cluster gets our ownership tags with the first write the operator makes to it, not
  // before (ADR 0007): taking a cluster over as it is writes nothing. The tags go first, so a crash
  // between two writes still leaves a cluster we recognise.
  const userTagsDiffer = tags.some((t) => !isOurTag(t.key));
  const tagNow = tags.length > 0 && (!adopting || writes.length > 0 || userTagsDiffer);
  const untag = adopting ? undefined : untagAction(desired, observed);
  const actions: ClusterAction[] = [
    // Untag before the record shrinks: a crash between the two leaves a record naming a key that
    // is gone (harmless), never a removed key that is no longer recorded (left for ever).
    ...(untag === undefined ? [] : [untag]),
    ...(tagNow ? [{ type: 'tag' as const, resourceArn: observed.arn, tags }] : []),
    ...writes,
  ];
  return { actions, adopting };
}

/** UntagResource of the keys our record names, the cluster carries and the spec no longer names. */
function untagAction(desired: DesiredCluster, observed: ObservedCluster): ClusterAction | undefined {
  const keys = [...managedKeysOf(observed.tags)]
    .filter(
      (k) => observed.tags.has(k) && !desired.userTagKeys.has(k) && !isOurTag(k) && !k.startsWith('aws:'),
    )
    .sort();
  return keys.length === 0 ? undefined : { type: 'untag', resourceArn: observed.arn, tagKeys: keys };
}

/** What deleting the object asks of the cluster. */
export type ClusterDeletionPlan =
  /** Let the object go and touch nothing (Retain, gone already, or not ours). */
  | { readonly kind: 'release'; readonly why: string }
  /** Wait: services still run in the cluster. */
  | { readonly kind: 'blocked'; readonly services: readonly string[] }
  /** Detach and delete our capacity providers, then DeleteCluster (each step only when needed). */
  | { readonly kind: 'delete'; readonly actions: readonly ClusterAction[] };

/**
 * Plans deletion. `services` are the ACTIVE/DRAINING services in the cluster (names); `providers`
 * the declared capacity providers ECS still has. Pure.
 */
export function planClusterDeletion(
  desired: DesiredCluster,
  observed: ObservedCluster | undefined,
  services: readonly string[],
  providers: ReadonlyMap<string, ObservedCapacityProvider> = NO_PROVIDERS,
): ClusterDeletionPlan {
  if (desired.deletionPolicy === 'Retain') {
    return {
      kind: 'release',
      why: `deletionPolicy Retain: ECS cluster ${desired.clusterName} is left as it is`,
    };
  }
  if (observed === undefined) {
    // A crash between DeleteCluster and the providers' deletion leaves providers behind: finish.
    const actions = planCapacityProviderDeletion(desired, undefined, providers);
    if (actions.length > 0) return { kind: 'delete', actions };
    return { kind: 'release', why: `ECS cluster ${desired.clusterName} is gone` };
  }
  // With spec.adopt the cluster is this object's even before any write tagged it (ADR 0007).
  if (observed.ownership !== 'ours' && !desired.adopt) {
    return {
      kind: 'release',
      why: `ECS cluster ${desired.clusterName} is not this object's (never created or adopted by it): left as it is`,
    };
  }
  if (services.length > 0) return { kind: 'blocked', services: [...services].sort() };
  return {
    kind: 'delete',
    actions: [
      ...planCapacityProviderDeletion(desired, observed, providers),
      { type: 'delete', cluster: observed.arn },
    ],
  };
}

function createInput(desired: DesiredCluster): Extract<ClusterAction, { type: 'create' }>['input'] {
  return {
    clusterName: desired.clusterName,
    ...(desired.settings.size === 0 ? {} : { settings: settingsOf(desired.settings) }),
    ...(desired.configuration === undefined ? {} : { configuration: desired.configuration }),
    ...(desired.serviceConnectNamespace === undefined
      ? {}
      : { serviceConnectDefaults: { namespace: desired.serviceConnectNamespace } }),
    ...(desired.capacity === undefined
      ? {}
      : {
          capacityProviders: [...desired.capacity.providers],
          defaultCapacityProviderStrategy: desired.capacity.strategy.map((s) => ({ ...s })),
        }),
    tags: [...desired.tags].map(([key, value]) => ({ key, value })),
  };
}

function updateInput(desired: DesiredCluster, observed: ObservedCluster): ClusterAction | undefined {
  const changedSettings = [...desired.settings].filter(
    ([name, value]) => observed.settings.get(name) !== value,
  );
  const { configuration, serviceConnectNamespace: namespace } = desired;
  const changed = changedMembers({
    settings: changedSettings.length === 0 ? undefined : settingsOf(new Map(changedSettings)),
    configuration:
      configuration !== undefined && stableJson(configuration) !== stableJson(observed.configuration)
        ? configuration
        : undefined,
    serviceConnectDefaults:
      namespace !== undefined && !sameNamespace(namespace, observed.serviceConnectNamespace)
        ? { namespace }
        : undefined,
  });
  if (changed === undefined) return undefined;
  return {
    type: 'update',
    fields: changed.fields,
    input: { cluster: desired.clusterName, ...changed.members },
  };
}

/**
 * ECS answers the Service Connect namespace as the Cloud Map namespace ARN, which does not contain
 * the name the spec may give: a name is taken as matching any namespace already set (drift of a
 * named namespace is not detectable without a Cloud Map call); an ARN must match exactly.
 */
function sameNamespace(desired: string, observed: string | undefined): boolean {
  if (observed === undefined || observed === '') return false;
  if (!desired.startsWith('arn:')) return true;
  return desired === observed;
}

function settingsOf(settings: ReadonlyMap<string, string>): ClusterSetting[] {
  return [...settings].map(([name, value]) => ({ name: name as ClusterSetting['name'], value }));
}

function sameCapacity(a: CapacityProviders, b: CapacityProviders): boolean {
  return stableJson(a) === stableJson(b);
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
