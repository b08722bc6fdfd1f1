/**
 * How each list and block member of a {@link ServiceConfig} is normalised: one set of functions for
 * both sides of the planner, so a spec and ECS's answer that mean the same compare equal. The spec
 * side (`desired.ts`) gives what the spec sets; the observed side (`observe.ts`) gives every member
 * with ECS's default filled in. Pure.
 */
import {
  normalizeBlock,
  optional,
  sortByKey,
  sortedStrings,
  type AdvancedConfigurationModel,
  type CapacityProviderModel,
  type EcsBlock,
  type LoadBalancerModel,
  type Loose,
  type NetworkModel,
  type PlacementConstraintModel,
  type PlacementStrategyModel,
  type ServiceConfig,
  type ServiceRegistryModel,
} from './model.js';
import { pickDefined } from '../../shared/pick-defined.js';

/** Normalises a capacity provider strategy: defaults filled, sorted by provider. */
export function normalizeCapacityProviders(
  items: readonly Loose<CapacityProviderModel>[],
): CapacityProviderModel[] {
  return sortByKey(
    items.map((i) => ({
      capacityProvider: i.capacityProvider ?? '',
      weight: i.weight ?? 0,
      base: i.base ?? 0,
    })),
    (i) => i.capacityProvider,
  );
}

/** Normalises an awsvpc configuration: sets sorted, assignPublicIp defaulted to DISABLED. */
export function normalizeNetwork(
  awsvpc: {
    readonly subnets?: readonly string[] | undefined;
    readonly securityGroups?: readonly string[] | undefined;
    readonly assignPublicIp?: string | undefined;
  },
  keepMissingSecurityGroups: boolean,
): NetworkModel {
  const securityGroups =
    awsvpc.securityGroups === undefined && keepMissingSecurityGroups
      ? undefined
      : sortedStrings(awsvpc.securityGroups);
  return {
    awsvpcConfiguration: {
      subnets: sortedStrings(awsvpc.subnets),
      ...(securityGroups === undefined ? {} : { securityGroups }),
      assignPublicIp: awsvpc.assignPublicIp === 'ENABLED' ? 'ENABLED' : 'DISABLED',
    },
  };
}

/** The sort key of a set's entry: its `keys` members joined by `|`, an absent one as empty. */
function entryKey<K extends string>(
  entry: { readonly [P in K]?: string | number | undefined },
  keys: readonly K[],
): string {
  return keys.map((k) => String(entry[k] ?? '')).join('|');
}

/** The members of a load balancer entry that identify it (its advanced configuration does not). */
const LOAD_BALANCER_MEMBERS = [
  'targetGroupArn',
  'loadBalancerName',
  'containerName',
  'containerPort',
] as const;

/** The members of a Cloud Map registry entry. */
const SERVICE_REGISTRY_MEMBERS = ['registryArn', 'port', 'containerName', 'containerPort'] as const;

function normalizeAdvanced(
  a: Loose<AdvancedConfigurationModel> | undefined,
): AdvancedConfigurationModel | undefined {
  if (a === undefined) return undefined;
  return pickDefined(a, ['alternateTargetGroupArn', 'productionListenerRule', 'testListenerRule', 'roleArn']);
}

/** Normalises load balancer entries: server-only members dropped, sorted. */
export function normalizeLoadBalancers(
  items: readonly (Loose<Omit<LoadBalancerModel, 'advancedConfiguration'>> & {
    readonly advancedConfiguration?: Loose<AdvancedConfigurationModel> | undefined;
  })[],
): LoadBalancerModel[] {
  return sortByKey(
    items.map((i) => ({
      ...pickDefined(i, LOAD_BALANCER_MEMBERS),
      ...optional('advancedConfiguration', normalizeAdvanced(i.advancedConfiguration)),
    })),
    (i) => entryKey(i, LOAD_BALANCER_MEMBERS),
  );
}

/** Normalises service registries, sorted. */
export function normalizeServiceRegistries(
  items: readonly Loose<ServiceRegistryModel>[],
): ServiceRegistryModel[] {
  return sortByKey(
    items.map((i) => pickDefined(i, SERVICE_REGISTRY_MEMBERS)),
    (i) => entryKey(i, SERVICE_REGISTRY_MEMBERS),
  );
}

/** Normalises placement strategy rules; order is kept because ECS applies them in order. */
export function normalizePlacementStrategy(
  items: readonly Loose<PlacementStrategyModel>[],
): PlacementStrategyModel[] {
  return items.map((i) => ({ type: i.type ?? '', ...optional('field', i.field) }));
}

/** Normalises placement constraints, sorted. */
export function normalizePlacementConstraints(
  items: readonly Loose<PlacementConstraintModel>[],
): PlacementConstraintModel[] {
  return sortByKey(
    items.map((i) => ({ type: i.type ?? '', ...optional('expression', i.expression) })),
    (i) => `${i.type}|${i.expression ?? ''}`,
  );
}

/** Normalises VPC Lattice configurations, a set: sorted by target group and port name. */
export function normalizeVpcLattice(items: readonly unknown[]): EcsBlock[] {
  return sortByKey(items.map(normalizeBlock), (i) => `${String(i.targetGroupArn)}|${String(i.portName)}`);
}

/**
 * The members whose normalisation needs nothing but their value, each with its function; a member
 * added here is normalised the same way on both sides.
 */
const MEMBER_NORMALIZERS = {
  capacityProviderStrategy: normalizeCapacityProviders,
  loadBalancers: normalizeLoadBalancers,
  serviceRegistries: normalizeServiceRegistries,
  placementStrategy: normalizePlacementStrategy,
  placementConstraints: normalizePlacementConstraints,
  serviceConnectConfiguration: normalizeBlock,
  volumeConfigurations: (blocks: readonly unknown[]): EcsBlock[] => blocks.map(normalizeBlock),
  vpcLatticeConfigurations: normalizeVpcLattice,
} as const;

/** A member {@link normalizeMembers} normalises. */
export type NormalizedMember = keyof typeof MEMBER_NORMALIZERS;

/** Those members as the spec or ECS gives them; `undefined` leaves one out. */
export type MemberValues = {
  readonly [K in NormalizedMember]?: Parameters<(typeof MEMBER_NORMALIZERS)[K]>[0] | undefined;
};

/** Each member given, normalised; one that is `undefined` stays out (on the desired side: unmanaged). */
export function normalizeMembers(values: MemberValues): Pick<ServiceConfig, NormalizedMember> {
  const out: Partial<Record<NormalizedMember, unknown>> = {};
  for (const member of Object.keys(MEMBER_NORMALIZERS) as NormalizedMember[]) {
    const value = values[member];
    if (value !== undefined) out[member] = (MEMBER_NORMALIZERS[member] as (v: unknown) => unknown)(value);
  }
  return out as Pick<ServiceConfig, NormalizedMember>;
}
