/**
 * How EventBridge (rules and Scheduler) starts an ECS task for a target: one RunTask with the
 * target's `EcsParameters` in RunTask's own names
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_EcsParameters.html,
 * https://docs.aws.amazon.com/scheduler/latest/APIReference/API_EcsParameters.html) on the cluster the
 * target's `Arn` names, with the target's input (constant `Input` or the transformer's output) as
 * the task overrides: a JSON object in RunTask's `overrides` shape, `{"containerOverrides": [...]}`
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html, ECS task targets;
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskOverride.html).
 */
import type { RunTaskCommandInput, TaskOverride } from '@aws-sdk/client-ecs';

/** The fields of EventBridge's and Scheduler's `EcsParameters` (the two spell them alike). */
export interface TargetEcsParameters {
  readonly TaskDefinitionArn?: string | undefined;
  readonly TaskCount?: number | undefined;
  readonly LaunchType?: string | undefined;
  readonly NetworkConfiguration?:
    | {
        readonly awsvpcConfiguration?:
          | {
              readonly Subnets?: string[] | undefined;
              readonly SecurityGroups?: string[] | undefined;
              readonly AssignPublicIp?: string | undefined;
            }
          | undefined;
      }
    | undefined;
  readonly PlatformVersion?: string | undefined;
  readonly Group?: string | undefined;
  readonly CapacityProviderStrategy?:
    | {
        readonly capacityProvider?: string | undefined;
        readonly weight?: number | undefined;
        readonly base?: number | undefined;
      }[]
    | undefined;
  readonly EnableECSManagedTags?: boolean | undefined;
  readonly EnableExecuteCommand?: boolean | undefined;
  readonly PlacementConstraints?:
    { readonly type?: string | undefined; readonly expression?: string | undefined }[] | undefined;
  readonly PlacementStrategy?:
    { readonly type?: string | undefined; readonly field?: string | undefined }[] | undefined;
  readonly PropagateTags?: string | undefined;
  readonly ReferenceId?: string | undefined;
  /** EventBridge: `{ Key, Value }`; Scheduler: one-entry maps `{ key: value }`. */
  readonly Tags?: readonly object[] | undefined;
}

/** Thrown when a target cannot become a RunTask (the delivery is recorded as failed). */
export class EcsTargetError extends Error {
  override readonly name = 'EcsTargetError';
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function tagsOf(tags: readonly object[] | undefined): { key: string; value: string }[] | undefined {
  if (tags === undefined || tags.length === 0) return undefined;
  return (tags as readonly Record<string, string | undefined>[]).flatMap((tag) =>
    typeof tag.Key === 'string'
      ? [{ key: tag.Key, value: tag.Value ?? '' }]
      : Object.entries(tag).map(([key, value]) => ({ key, value: value ?? '' })),
  );
}

/** Parses a target's input text as RunTask overrides; throws {@link EcsTargetError} when it is not a JSON object. */
export function overridesOf(input: string): TaskOverride {
  let parsed: unknown;
  try {
    parsed = JSON.parse(input);
  } catch (error) {
    throw new EcsTargetError(
      `target input is not JSON, so it cannot be ECS task overrides: ${String(error)}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new EcsTargetError('target input must be a JSON object (ECS task overrides)');
  return parsed;
}

/** The RunTask request for one ECS target. */
export function runTaskRequestOf(options: {
  readonly clusterArn: string;
  readonly ecs: TargetEcsParameters;
  /** The target's input text, when it has one. */
  readonly input?: string | undefined;
  readonly startedBy?: string | undefined;
}): RunTaskCommandInput {
  const { ecs } = options;
  if (ecs.TaskDefinitionArn === undefined)
    throw new EcsTargetError('EcsParameters.TaskDefinitionArn is missing');
  const awsvpc = ecs.NetworkConfiguration?.awsvpcConfiguration;
  return defined<RunTaskCommandInput>({
    cluster: options.clusterArn,
    taskDefinition: ecs.TaskDefinitionArn,
    count: ecs.TaskCount ?? 1,
    launchType: ecs.LaunchType as RunTaskCommandInput['launchType'],
    networkConfiguration:
      awsvpc === undefined
        ? undefined
        : {
            awsvpcConfiguration: defined({
              subnets: awsvpc.Subnets ?? [],
              securityGroups: awsvpc.SecurityGroups,
              assignPublicIp: awsvpc.AssignPublicIp as 'ENABLED' | 'DISABLED' | undefined,
            }),
          },
    platformVersion: ecs.PlatformVersion,
    group: ecs.Group,
    capacityProviderStrategy: ecs.CapacityProviderStrategy?.map((item) =>
      defined({ capacityProvider: item.capacityProvider, weight: item.weight, base: item.base }),
    ),
    enableECSManagedTags: ecs.EnableECSManagedTags,
    enableExecuteCommand: ecs.EnableExecuteCommand,
    placementConstraints: ecs.PlacementConstraints?.map((c) =>
      defined({ type: c.type as 'distinctInstance' | 'memberOf' | undefined, expression: c.expression }),
    ),
    placementStrategy: ecs.PlacementStrategy?.map((s) =>
      defined({ type: s.type as 'random' | 'spread' | 'binpack' | undefined, field: s.field }),
    ),
    propagateTags: ecs.PropagateTags as RunTaskCommandInput['propagateTags'],
    referenceId: ecs.ReferenceId,
    tags: tagsOf(ecs.Tags),
    startedBy: options.startedBy,
    overrides: options.input === undefined ? undefined : overridesOf(options.input),
  });
}
