/**
 * The pure planner of the Auto Scaling group capacity providers an EcsCluster declares: create the
 * missing ones with our ownership tags, update only the members that differ (one
 * UpdateCapacityProvider per provider), refuse a provider of the name that is not ours (unless
 * `spec.adopt`) and a change of its Auto Scaling group (ECS cannot move a provider to another
 * group). A provider this object created and the spec no longer declares is detached and deleted;
 * deletion of the object detaches our providers from the cluster, then deletes them (ADR 0022).
 */
import { changedMembers } from './changed-members.js';
import type { ManagedScaling } from '@aws-sdk/client-ecs';
import type { ClusterAction } from './actions.js';
import { MANAGED_SCALING_MEMBERS, type DesiredCapacityProvider } from './capacity-provider-desired.js';
import type { ObservedCapacityProvider } from './capacity-provider-observe.js';
import type { CapacityProviders, DesiredCluster } from './desired.js';
import { ClusterReason as R } from './reasons.js';
import { fitRemovalRecord, recordedRemovals, REMOVING_PROVIDERS_TAG } from './removal-record.js';

/** Why a declared provider must not be touched (the object is Stalled until the spec changes). */
export interface ProviderRefusal {
  readonly reason: string;
  readonly message: string;
}

/** The provider writes that come before the cluster's own, or the refusal that stops them all. */
export interface ProviderPlan {
  readonly actions: readonly ClusterAction[];
  readonly refusal?: ProviderRefusal;
}

/** Plans the declared providers against what ECS has. Pure. */
export function planCapacityProviders(
  desired: DesiredCluster,
  observed: ReadonlyMap<string, ObservedCapacityProvider>,
): ProviderPlan {
  const actions: ClusterAction[] = [];
  for (const d of desired.autoScalingGroupProviders) {
    const o = observed.get(d.name);
    if (o === undefined) {
      actions.push({ type: 'createCapacityProvider', input: createInput(d, desired) });
      continue;
    }
    const refusal = refusalOf(d, o, desired);
    if (refusal !== undefined) return { actions: [], refusal };
    const update = updateOf(d, o);
    if (update === undefined) continue;
    // An adopted provider gets our ownership tags with the first write to it, first (ADR 0007).
    if (o.ownership !== 'ours') {
      const tags = [...desired.ownershipTags].map(([key, value]) => ({ key, value }));
      actions.push({ type: 'tagCapacityProvider', name: d.name, resourceArn: o.arn, tags });
    }
    actions.push(update);
  }
  return { actions };
}

/** The cluster as the provider planners need it: its ARN, its capacity providers and its tags. */
export interface ClusterOfProviders {
  readonly arn: string;
  readonly capacity: CapacityProviders;
  readonly tags: ReadonlyMap<string, string>;
}

/**
 * The deletion writes for the providers this object owns (or adopted): detach them from the
 * cluster first (ECS deletes only a provider no cluster has), then delete each. `cluster` is the
 * cluster's ARN and its capacity providers when it still exists. Pure.
 */
export function planCapacityProviderDeletion(
  desired: DesiredCluster,
  cluster: ClusterOfProviders | undefined,
  observed: ReadonlyMap<string, ObservedCapacityProvider>,
): ClusterAction[] {
  // The declared providers (ours, or adopted), and the undeclared ones this object created: still
  // attached, or left recorded by a crashed removal (see planRemovedProviders).
  const declared = desired.autoScalingGroupProviders
    .map((d) => observed.get(d.name))
    .filter(
      (o): o is ObservedCapacityProvider => o !== undefined && (o.ownership === 'ours' || desired.adopt),
    );
  const recorded = providersToRecheck(desired, cluster)
    .map((name) => observed.get(name))
    .filter((o): o is ObservedCapacityProvider => o !== undefined && o.ownership === 'ours');
  const ours = [...new Map([...declared, ...recorded].map((o) => [o.name, o])).values()];
  if (ours.length === 0) return [];
  const owned = new Set(ours.map((o) => o.name));
  const actions: ClusterAction[] = [];
  if (cluster !== undefined && cluster.capacity.providers.some((p) => owned.has(p))) {
    actions.push(detachProviders(cluster, owned));
  }
  for (const o of ours) actions.push({ type: 'deleteCapacityProvider', name: o.name });
  return actions;
}

/** Provided by ECS itself: never created, described or deleted by us. */
const ECS_PROVIDED = new Set(['FARGATE', 'FARGATE_SPOT']);

/**
 * The providers attached to the cluster that the spec no longer asks for (neither declared nor in
 * `spec.capacityProviders`): those to describe, to find the ones this object created. Pure.
 */
export function undeclaredAttached(
  desired: DesiredCluster,
  cluster: { readonly capacity: CapacityProviders } | undefined,
): string[] {
  if (cluster === undefined) return [];
  const wanted = new Set([
    ...(desired.capacity?.providers ?? []),
    ...desired.autoScalingGroupProviders.map((d) => d.name),
  ]);
  return cluster.capacity.providers.filter((p) => !wanted.has(p) && !ECS_PROVIDED.has(p));
}

/**
 * The providers to describe besides the declared ones: those attached that the spec no longer
 * asks for, and those the cluster's removal record names (a visit that crashed between the detach
 * and the delete). Pure.
 */
export function providersToRecheck(
  desired: DesiredCluster,
  cluster: { readonly capacity: CapacityProviders; readonly tags: ReadonlyMap<string, string> } | undefined,
): string[] {
  if (cluster === undefined) return [];
  const declared = new Set(desired.autoScalingGroupProviders.map((d) => d.name));
  const recorded = recordedRemovals(cluster.tags).filter((n) => !declared.has(n));
  return [...new Set([...undeclaredAttached(desired, cluster), ...recorded])];
}

/** The writes that remove providers the spec dropped, split around the cluster's own writes. */
export interface RemovalPlan {
  /** The record of the names being removed, written before anything detaches them. */
  readonly before: readonly ClusterAction[];
  /** The detach (when the cluster's own writes do not), the deletes, and the emptied record. */
  readonly after: readonly ClusterAction[];
}

/**
 * A provider this object created and the spec no longer declares is detached and then deleted in
 * the same visit (ECS deletes only a provider no cluster has: DeleteCapacityProvider API
 * reference). Only a provider whose owner tags name this object is deleted (never an adopted or
 * anyone else's one, which is only detached by the cluster's own PutClusterCapacityProviders).
 * Its name is recorded on the cluster first and the record emptied last (`removal-record.ts`): a
 * crash in between leaves a name the next visit describes and deletes when it is still ours.
 * `clusterPutPlanned` says the cluster's plan already sets the provider list (without these);
 * otherwise one PutClusterCapacityProviders detaches them, the rest of the list and strategy
 * kept. Pure.
 */
export function planRemovedProviders(
  desired: DesiredCluster,
  cluster: ClusterOfProviders | undefined,
  observed: ReadonlyMap<string, ObservedCapacityProvider>,
  clusterPutPlanned: boolean,
): RemovalPlan {
  if (cluster === undefined) return { before: [], after: [] };
  const declared = new Set(desired.autoScalingGroupProviders.map((d) => d.name));
  const isOurs = (name: string): boolean => observed.get(name)?.ownership === 'ours';
  const attached = undeclaredAttached(desired, cluster).filter(isOurs);
  const recorded = recordedRemovals(cluster.tags);
  // Recorded and no longer attached: a visit detached it and stopped before the delete.
  const orphans = recorded.filter(
    (n) => !declared.has(n) && !cluster.capacity.providers.includes(n) && isOurs(n),
  );
  const record = fitRemovalRecord([...orphans, ...attached]);
  const detaching = attached.filter((n) => record.includes(n));
  const deleting = record;
  const before: ClusterAction[] = [];
  const after: ClusterAction[] = [];
  if (detaching.some((n) => !recorded.includes(n))) {
    before.push(recordTag(cluster.arn, record.join(' ')));
  }
  if (detaching.length > 0 && !clusterPutPlanned) {
    after.push(detachProviders(cluster, new Set(detaching)));
  }
  for (const name of deleting) after.push({ type: 'deleteCapacityProvider', name });
  // Every recorded name is dealt with now (deleted, gone, declared again or not ours): empty it.
  if (before.length > 0 || recorded.length > 0) after.push(recordTag(cluster.arn, ''));
  return { before, after };
}

/**
 * PutClusterCapacityProviders detaching `names` from `cluster`: the rest of its providers and of
 * its default strategy kept as they are.
 */
function detachProviders(cluster: ClusterOfProviders, names: ReadonlySet<string>): ClusterAction {
  return {
    type: 'putCapacityProviders',
    input: {
      cluster: cluster.arn,
      capacityProviders: cluster.capacity.providers.filter((p) => !names.has(p)),
      defaultCapacityProviderStrategy: cluster.capacity.strategy
        .filter((s) => !names.has(s.capacityProvider))
        .map((s) => ({ ...s })),
    },
  };
}

function recordTag(arn: string, value: string): ClusterAction {
  return { type: 'tag', resourceArn: arn, tags: [{ key: REMOVING_PROVIDERS_TAG, value }] };
}

function refusalOf(
  d: DesiredCapacityProvider,
  o: ObservedCapacityProvider,
  desired: DesiredCluster,
): ProviderRefusal | undefined {
  if (o.ownership !== 'ours' && !desired.adopt) {
    const whose =
      o.ownership === 'outside'
        ? 'was not created by ecs-bridge'
        : `belongs to ${o.tags.get('ecs-bridge.dev/owner') ?? 'another owner'} (or an earlier object of this name, or another installation)`;
    return {
      reason: R.CapacityProviderNotOwned,
      message: `ECS capacity provider ${d.name} already exists and ${whose}: set spec.adopt: true to manage it from this object, or choose another name in spec.autoScalingGroupCapacityProviders`,
    };
  }
  if (o.autoScalingGroupArn !== undefined && o.autoScalingGroupArn !== d.autoScalingGroupArn) {
    return {
      reason: R.ImmutableField,
      message: `ECS capacity provider ${d.name} uses Auto Scaling group ${o.autoScalingGroupArn}, and spec.autoScalingGroupCapacityProviders[${d.name}].autoScalingGroupProvider.autoScalingGroupArn asks for ${d.autoScalingGroupArn}: ECS cannot move a capacity provider to another group; declare a provider with a new name for the new group`,
    };
  }
  return undefined;
}

function updateOf(d: DesiredCapacityProvider, o: ObservedCapacityProvider): ClusterAction | undefined {
  const scaling = d.settings.managedScaling;
  const scalingDiffers = MANAGED_SCALING_MEMBERS.some(
    (m) => scaling[m] !== undefined && scaling[m] !== o.settings.managedScaling[m],
  );
  const { managedTerminationProtection: protection, managedDraining: draining } = d.settings;
  const changed = changedMembers({
    // managedScaling is one member of the call: the spec's members of it go whole.
    managedScaling: scalingDiffers ? (scaling as ManagedScaling) : undefined,
    managedTerminationProtection:
      protection !== undefined && protection !== o.settings.managedTerminationProtection
        ? (protection as 'ENABLED' | 'DISABLED')
        : undefined,
    managedDraining:
      draining !== undefined && draining !== o.settings.managedDraining
        ? (draining as 'ENABLED' | 'DISABLED')
        : undefined,
  });
  if (changed === undefined) return undefined;
  return {
    type: 'updateCapacityProvider',
    fields: changed.fields,
    input: { name: d.name, autoScalingGroupProvider: changed.members },
  };
}

function createInput(
  d: DesiredCapacityProvider,
  desired: DesiredCluster,
): Extract<ClusterAction, { type: 'createCapacityProvider' }>['input'] {
  const { managedScaling, managedTerminationProtection, managedDraining } = d.settings;
  return {
    name: d.name,
    autoScalingGroupProvider: {
      autoScalingGroupArn: d.autoScalingGroupArn,
      ...(Object.keys(managedScaling).length === 0
        ? {}
        : { managedScaling: managedScaling as ManagedScaling }),
      ...(managedTerminationProtection === undefined
        ? {}
        : { managedTerminationProtection: managedTerminationProtection as 'ENABLED' | 'DISABLED' }),
      ...(managedDraining === undefined
        ? {}
        : { managedDraining: managedDraining as 'ENABLED' | 'DISABLED' }),
    },
    tags: [...desired.ownershipTags].map(([key, value]) => ({ key, value })),
  };
}
