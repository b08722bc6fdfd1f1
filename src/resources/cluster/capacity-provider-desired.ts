/**
 * The Auto Scaling group capacity providers an EcsCluster declares, normalised into the shape
 * `capacity-provider-observe.ts` maps ECS's answer into: only the members the spec names are
 * compared (a member left out is left as ECS has it, as for the cluster's own members, ADR 0019).
 */
import type { AutoScalingGroupCapacityProviderSpec } from './types.js';

/** The managed scaling members, as CreateCapacityProvider names them. */
export const MANAGED_SCALING_MEMBERS = [
  'status',
  'targetCapacity',
  'minimumScalingStepSize',
  'maximumScalingStepSize',
  'instanceWarmupPeriod',
] as const;

/** One managed scaling member's name. */
export type ManagedScalingMember = (typeof MANAGED_SCALING_MEMBERS)[number];

/** The managed members of an Auto Scaling group provider; `undefined` members are not managed. */
export interface ProviderSettings {
  readonly managedScaling: Readonly<Partial<Record<ManagedScalingMember, string | number>>>;
  readonly managedTerminationProtection: string | undefined;
  readonly managedDraining: string | undefined;
}

/** One capacity provider the spec declares. */
export interface DesiredCapacityProvider {
  readonly name: string;
  readonly autoScalingGroupArn: string;
  readonly settings: ProviderSettings;
}

/** The declared providers, sorted by name (the API server keeps names unique: a map-list). */
export function desiredCapacityProviders(
  specs: readonly AutoScalingGroupCapacityProviderSpec[],
): DesiredCapacityProvider[] {
  return specs
    .map((p) => {
      const asg = p.autoScalingGroupProvider;
      const scaling: Partial<Record<ManagedScalingMember, string | number>> = {};
      for (const member of MANAGED_SCALING_MEMBERS) {
        const value = asg.managedScaling?.[member];
        if (value !== undefined) scaling[member] = value;
      }
      return {
        name: p.name,
        autoScalingGroupArn: asg.autoScalingGroupArn,
        settings: {
          managedScaling: scaling,
          managedTerminationProtection: asg.managedTerminationProtection,
          managedDraining: asg.managedDraining,
        },
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The names ECS reserves for its own Fargate capacity providers, never ours to describe or delete. */
export const FARGATE_PROVIDERS: ReadonlySet<string> = new Set(['FARGATE', 'FARGATE_SPOT']);
