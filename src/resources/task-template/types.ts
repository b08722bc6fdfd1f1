/**
 * The task template: what one RunTask call starts, in RunTask's own camelCase names, shared by
 * every kind that starts tasks (EcsTaskRun runs it once per object; a trigger hands it to
 * EventBridge as an ECS target). The CRD fragment `template.schema.yaml` beside this file is the
 * source of truth; this is its hand-written mirror. Nothing here knows which kind embeds it.
 */
import type { EcsLaunchSpec } from '../ecs-spec-shapes.js';

/** One environment variable of a container override. */
export interface TemplateKeyValue {
  readonly name: string;
  readonly value: string;
}

/** One environment file (an S3 object) of a container override. */
export interface TemplateEnvironmentFile {
  readonly value: string;
  readonly type: 's3';
}

/** One GPU or inference accelerator requirement of a container override. */
export interface TemplateResourceRequirement {
  readonly value: string;
  readonly type: 'GPU' | 'InferenceAccelerator';
}

/** RunTask's `ContainerOverride`: what changes in one container of the task definition. */
export interface TemplateContainerOverride {
  readonly name: string;
  readonly command?: readonly string[];
  readonly environment?: readonly TemplateKeyValue[];
  readonly environmentFiles?: readonly TemplateEnvironmentFile[];
  readonly cpu?: number;
  readonly memory?: number;
  readonly memoryReservation?: number;
  readonly resourceRequirements?: readonly TemplateResourceRequirement[];
}

/** RunTask's `TaskOverride`. */
export interface TemplateOverrides {
  readonly containerOverrides?: readonly TemplateContainerOverride[];
  readonly cpu?: string;
  readonly memory?: string;
  readonly ephemeralStorage?: { readonly sizeInGiB: number };
  readonly executionRoleArn?: string;
  readonly taskRoleArn?: string;
}

/** An Amazon EBS volume ECS creates for the task and attaches to it. */
export interface TemplateManagedEbsVolume {
  readonly roleArn: string;
  readonly encrypted?: boolean;
  readonly kmsKeyId?: string;
  readonly volumeType?: string;
  readonly sizeInGiB?: number;
  readonly snapshotId?: string;
  readonly iops?: number;
  readonly throughput?: number;
  readonly filesystemType?: 'ext3' | 'ext4' | 'xfs' | 'ntfs';
  readonly terminationPolicy?: { readonly deleteOnTermination: boolean };
}

/** RunTask's `TaskVolumeConfiguration`: a volume of the task definition configured at launch. */
export interface TemplateVolumeConfiguration {
  readonly name: string;
  readonly managedEBSVolume?: TemplateManagedEbsVolume;
}

/**
 * Where a template's tasks run, as the status of a kind that starts them reports it: the ECS
 * cluster, the Region (absent: the operator's default) and the task definition revision ARN, as
 * resolved from the template's references.
 */
export interface TemplatePlacementStatus {
  readonly cluster?: string;
  readonly region?: string;
  readonly taskDefinitionArn?: string;
}

/**
 * The task template, as a kind's spec embeds it (RunTask's own field names): where and what runs
 * ({@link EcsLaunchSpec}, shared with EcsService) and RunTask's own fields.
 */
export interface TaskTemplateSpec extends EcsLaunchSpec {
  readonly launchType?: 'EC2' | 'FARGATE' | 'EXTERNAL';
  readonly overrides?: TemplateOverrides;
  readonly propagateTags?: 'TASK_DEFINITION' | 'NONE';
  readonly volumeConfigurations?: readonly TemplateVolumeConfiguration[];
}

/**
 * The template's top-level fields, in the order the schema fragment lists them. The fragment's test
 * checks the two agree, so a field added to one and not the other fails.
 */
export const TASK_TEMPLATE_FIELDS = [
  'region',
  'cluster',
  'clusterRef',
  'taskDefinitionRef',
  'taskDefinition',
  'launchType',
  'capacityProviderStrategy',
  'networkConfiguration',
  'overrides',
  'placementConstraints',
  'placementStrategy',
  'platformVersion',
  'enableExecuteCommand',
  'enableECSManagedTags',
  'propagateTags',
  'tags',
  'volumeConfigurations',
] as const satisfies readonly (keyof TaskTemplateSpec)[];
