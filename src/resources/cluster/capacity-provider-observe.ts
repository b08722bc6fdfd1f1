/**
 * Reads capacity providers (one DescribeCapacityProviders with tags) and maps ECS's answer into
 * the planner's terms, with who owns each. A provider that is INACTIVE or being deleted is gone:
 * ECS keeps describing a deleted provider for a while.
 */
import type { CapacityProvider } from '@aws-sdk/client-ecs';
import type { AwsCallOptions } from '../../aws/call-runner.js';
import type { EcsClusterApi } from '../../aws/ecs-cluster-api.js';
import {
  MANAGED_SCALING_MEMBERS,
  type ManagedScalingMember,
  type ProviderSettings,
} from './capacity-provider-desired.js';
import type { DesiredCluster } from './desired.js';
import { ownershipOf, type ClusterOwnership } from './observe.js';

/** DescribeCapacityProviders takes at most 100 names a call. */
const MAX_NAMES = 100;

/** A capacity provider as the planner sees it. */
export interface ObservedCapacityProvider {
  readonly name: string;
  readonly arn: string;
  readonly status: string;
  readonly updateStatus: string | undefined;
  readonly autoScalingGroupArn: string | undefined;
  /** Every managed member ECS reports (ECS fills in its defaults). */
  readonly settings: ProviderSettings;
  readonly tags: ReadonlyMap<string, string>;
  readonly ownership: ClusterOwnership;
  /** ECS's answer as it is, for status. */
  readonly raw: CapacityProvider;
}

/** Reads the named providers; those missing, INACTIVE or being deleted are absent from the map. */
export async function observeCapacityProviders(
  api: EcsClusterApi,
  names: readonly string[],
  desired: DesiredCluster,
  options: AwsCallOptions = {},
): Promise<Map<string, ObservedCapacityProvider>> {
  const out = new Map<string, ObservedCapacityProvider>();
  for (let i = 0; i < names.length; i += MAX_NAMES) {
    const batch = names.slice(i, i + MAX_NAMES);
    if (batch.length === 0) continue;
    const { capacityProviders } = await api.describeCapacityProviders(batch, options);
    for (const p of capacityProviders) {
      const observed = toObservedProvider(p, desired);
      if (observed !== undefined) out.set(observed.name, observed);
    }
  }
  return out;
}

/** Maps one provider of an answer; `undefined` when it is deleted or being deleted. Pure. */
export function toObservedProvider(
  provider: CapacityProvider,
  desired: DesiredCluster,
): ObservedCapacityProvider | undefined {
  const name = provider.name ?? '';
  if (name === '' || isGone(provider)) return undefined;
  const asg = provider.autoScalingGroupProvider;
  const scaling: Partial<Record<ManagedScalingMember, string | number>> = {};
  for (const member of MANAGED_SCALING_MEMBERS) {
    const value = asg?.managedScaling?.[member];
    if (value !== undefined) scaling[member] = value;
  }
  const tags = new Map(
    provider.tags?.flatMap((t) => (t.key === undefined ? [] : [[t.key, t.value ?? '']])) ?? [],
  );
  return {
    name,
    arn: provider.capacityProviderArn ?? '',
    status: provider.status ?? 'ACTIVE',
    updateStatus: provider.updateStatus,
    autoScalingGroupArn: asg?.autoScalingGroupArn,
    settings: {
      managedScaling: scaling,
      managedTerminationProtection: asg?.managedTerminationProtection,
      // ECS's default when the provider was created without it (CreateCapacityProvider reference).
      managedDraining: asg?.managedDraining ?? 'ENABLED',
    },
    tags,
    ownership: ownershipOf(tags, desired),
    raw: provider,
  };
}

/** INACTIVE, or a DeleteCapacityProvider in progress or done: nothing left to manage. */
function isGone(provider: CapacityProvider): boolean {
  return (
    provider.status === 'INACTIVE' ||
    provider.updateStatus === 'DELETE_IN_PROGRESS' ||
    provider.updateStatus === 'DELETE_COMPLETE'
  );
}
