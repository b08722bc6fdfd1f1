/**
 * ECS's own small shapes as the specs of several kinds spell them (camelCase, ECS's enum values):
 * an EcsService and the task template a run or trigger starts pass the same capacity provider
 * strategy, awsvpc configuration, placement rules and tags to ECS, so they declare them once here.
 * The CRD schemas stay the source of truth; these mirror them.
 */

/** One capacity provider of a strategy. */
export interface CapacityProviderStrategyItemSpec {
  readonly capacityProvider: string;
  readonly weight?: number;
  readonly base?: number;
}

/** The awsvpc network configuration of the tasks' network interfaces. */
export interface AwsVpcConfigurationSpec {
  readonly subnets: readonly string[];
  readonly securityGroups?: readonly string[];
  readonly assignPublicIp?: 'ENABLED' | 'DISABLED';
}

/** One placement strategy rule. */
export interface PlacementStrategySpec {
  readonly type: 'binpack' | 'spread' | 'random';
  readonly field?: string;
}

/** One placement constraint. */
export interface PlacementConstraintSpec {
  readonly type: 'distinctInstance' | 'memberOf';
  readonly expression?: string;
}

/** A tag as ECS spells it. */
export interface TagSpec {
  readonly key: string;
  readonly value: string;
}
