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

/** A reference to an object of ours in the same namespace. */
export interface LocalObjectRef {
  readonly name: string;
}

/**
 * Where and what ECS runs, the fields CreateService and RunTask share, as every kind that starts
 * tasks spells them in its spec (an EcsService, the task template of a run or a trigger).
 */
export interface EcsLaunchSpec {
  /** The AWS Region; defaults to the operator's. Not with `clusterRef` (the EcsCluster's Region). */
  readonly region?: string;
  /** The ECS cluster by name or ARN; exclusive with `clusterRef`. */
  readonly cluster?: string;
  /** An EcsCluster in this namespace whose cluster (and Region) the tasks run in. */
  readonly clusterRef?: LocalObjectRef;
  /** An EcsTaskDefinition in this namespace whose current revision runs; exclusive with `taskDefinition`. */
  readonly taskDefinitionRef?: LocalObjectRef;
  /** A task definition not managed here: `family`, `family:revision` or an ARN. */
  readonly taskDefinition?: string;
  readonly capacityProviderStrategy?: readonly CapacityProviderStrategyItemSpec[];
  readonly platformVersion?: string;
  readonly networkConfiguration?: { readonly awsvpcConfiguration: AwsVpcConfigurationSpec };
  readonly placementConstraints?: readonly PlacementConstraintSpec[];
  readonly placementStrategy?: readonly PlacementStrategySpec[];
  readonly enableExecuteCommand?: boolean;
  readonly enableECSManagedTags?: boolean;
  readonly tags?: readonly TagSpec[];
}
