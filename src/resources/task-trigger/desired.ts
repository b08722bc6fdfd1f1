/**
 * What an EcsTaskTrigger wants in AWS (pure): either an EventBridge rule with one ECS target, or a
 * Scheduler schedule with an ECS target. The target's `EcsParameters` are the template in
 * EventBridge's names; the template's overrides and the transformer's environment variables travel
 * as the target's input (EventBridge has no overrides field: the input is the task override).
 */
import type { PutRuleRequest, Target } from '@aws-sdk/client-eventbridge';
import type { CreateScheduleInput } from '@aws-sdk/client-scheduler';
import type {
  TaskTemplateSpec,
  TemplateContainerOverride,
  TemplateOverrides,
} from '../task-template/types.js';
import { DEFAULT_TARGET_ID } from './identity.js';
import { s3EventPattern } from './s3-pattern.js';
import type { EcsTaskTriggerSpec } from './types.js';
import { renameDefined } from '../../shared/pick-defined.js';

/** The id of the one target ecs-bridge puts on its rule when the spec names none. */
export const TRIGGER_TARGET_ID = DEFAULT_TARGET_ID;

/** What AWS names and ARNs the spec resolves to (found by the reconciler, not the spec). */
export interface TriggerResolution {
  /** The rule or schedule name ecs-bridge gives this trigger. */
  readonly name: string;
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  /** Scheduler's group for schedules (it carries the ownership tags). */
  readonly scheduleGroup: string;
  readonly description: string;
  /** The task group the target sets, so ECS shows it on every task the trigger starts. */
  readonly group?: string | undefined;
  /** The id of the rule's ECS target; {@link TRIGGER_TARGET_ID} when absent. */
  readonly targetId?: string;
}

/** The desired rule and target. */
export interface DesiredRuleTrigger {
  readonly kind: 'rule';
  readonly rule: PutRuleRequest & {
    Name: string;
    EventBusName: string;
    EventPattern: string;
    State: 'ENABLED' | 'DISABLED';
  };
  readonly target: Target;
}

/** The desired schedule. */
export interface DesiredScheduleTrigger {
  readonly kind: 'schedule';
  readonly schedule: CreateScheduleInput & { Name: string; GroupName: string };
}

/** Either desired shape. */
export type DesiredTrigger = DesiredRuleTrigger | DesiredScheduleTrigger;

type EcsParameters = NonNullable<Target['EcsParameters']>;

function ecsParametersOf(
  template: TaskTemplateSpec,
  taskDefinitionArn: string,
  group: string | undefined,
): EcsParameters {
  const awsvpc = template.networkConfiguration?.awsvpcConfiguration;
  const parameters: EcsParameters = {
    TaskDefinitionArn: taskDefinitionArn,
    TaskCount: 1,
    ...(group === undefined ? {} : { Group: group }),
    ...(template.launchType === undefined ? {} : { LaunchType: template.launchType }),
    ...(awsvpc === undefined
      ? {}
      : {
          NetworkConfiguration: {
            awsvpcConfiguration: {
              Subnets: [...awsvpc.subnets].sort(),
              ...(awsvpc.securityGroups === undefined
                ? {}
                : { SecurityGroups: [...awsvpc.securityGroups].sort() }),
              ...(awsvpc.assignPublicIp === undefined ? {} : { AssignPublicIp: awsvpc.assignPublicIp }),
            },
          },
        }),
    ...(template.platformVersion === undefined ? {} : { PlatformVersion: template.platformVersion }),
    ...(template.capacityProviderStrategy === undefined
      ? {}
      : { CapacityProviderStrategy: template.capacityProviderStrategy.map((item) => ({ ...item })) }),
    ...renameDefined(template, {
      enableECSManagedTags: 'EnableECSManagedTags',
      enableExecuteCommand: 'EnableExecuteCommand',
    }),
    ...(template.placementConstraints === undefined
      ? {}
      : { PlacementConstraints: template.placementConstraints.map((c) => ({ ...c })) }),
    ...(template.placementStrategy === undefined
      ? {}
      : { PlacementStrategy: template.placementStrategy.map((s) => ({ ...s })) }),
    // EventBridge knows only TASK_DEFINITION; NONE is its default (the field absent).
    ...(template.propagateTags === 'TASK_DEFINITION' ? { PropagateTags: 'TASK_DEFINITION' as const } : {}),
    ...(template.tags === undefined || template.tags.length === 0
      ? {}
      : { Tags: template.tags.map((t) => ({ Key: t.key, Value: t.value })) }),
  };
  return parameters;
}

/**
 * The task override the target sends: the template's overrides with the transformer's variables
 * added to its container's environment as `<envN>` placeholders (inside JSON strings, so
 * EventBridge inserts each value's text).
 */
function overridesWithPlaceholders(spec: EcsTaskTriggerSpec): {
  overrides: TemplateOverrides;
  paths: Record<string, string>;
} {
  const base = spec.template.overrides ?? {};
  const transformer = spec.inputTransformer;
  if (transformer === undefined || transformer.environment.length === 0)
    return { overrides: base, paths: {} };
  const paths: Record<string, string> = {};
  const added = transformer.environment.map((variable, i) => {
    paths[`env${i}`] = variable.path;
    return { name: variable.name, value: `<env${i}>` };
  });
  const containers: TemplateContainerOverride[] = [...(base.containerOverrides ?? [])];
  const index = containers.findIndex((c) => c.name === transformer.containerName);
  const existing = index === -1 ? { name: transformer.containerName } : containers[index];
  const merged: TemplateContainerOverride = {
    ...existing,
    name: transformer.containerName,
    environment: [
      ...(existing?.environment ?? []).filter((e) => !added.some((a) => a.name === e.name)),
      ...added,
    ],
  };
  if (index === -1) containers.push(merged);
  else containers[index] = merged;
  return { overrides: { ...base, containerOverrides: containers }, paths };
}

function targetOf(spec: EcsTaskTriggerSpec, resolution: TriggerResolution): Target {
  const { overrides, paths } = overridesWithPlaceholders(spec);
  const hasOverrides = Object.keys(overrides).length > 0;
  const input = hasOverrides ? JSON.stringify(overrides) : undefined;
  return {
    Id: resolution.targetId ?? TRIGGER_TARGET_ID,
    Arn: resolution.clusterArn,
    RoleArn: spec.roleArn,
    EcsParameters: ecsParametersOf(spec.template, resolution.taskDefinitionArn, resolution.group),
    ...(input === undefined
      ? {}
      : Object.keys(paths).length > 0
        ? { InputTransformer: { InputPathsMap: paths, InputTemplate: input } }
        : { Input: input }),
    ...(spec.retryPolicy === undefined
      ? {}
      : {
          RetryPolicy: {
            ...(spec.retryPolicy.maximumRetryAttempts === undefined
              ? {}
              : { MaximumRetryAttempts: spec.retryPolicy.maximumRetryAttempts }),
            ...(spec.retryPolicy.maximumEventAgeSeconds === undefined
              ? {}
              : { MaximumEventAgeInSeconds: spec.retryPolicy.maximumEventAgeSeconds }),
          },
        }),
    ...(spec.deadLetterConfig === undefined ? {} : { DeadLetterConfig: { Arn: spec.deadLetterConfig.arn } }),
  };
}

/** Canonical JSON text of a pattern: keys sorted, so equal patterns compare equal as text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** The desired rule and target, or schedule, of a valid spec (run `validateTaskTrigger` first). */
export function desiredTrigger(spec: EcsTaskTriggerSpec, resolution: TriggerResolution): DesiredTrigger {
  const target = targetOf(spec, resolution);
  const state = spec.suspend === true ? 'DISABLED' : 'ENABLED';
  if (spec.event !== undefined) {
    const pattern: unknown =
      spec.event.s3 !== undefined ? s3EventPattern(spec.event.s3) : JSON.parse(spec.event.pattern ?? '{}');
    return {
      kind: 'rule',
      rule: {
        Name: resolution.name,
        EventBusName: spec.event.eventBusName ?? 'default',
        EventPattern: canonicalJson(pattern),
        State: state,
        Description: resolution.description,
      },
      target,
    };
  }
  const schedule = spec.schedule;
  if (schedule === undefined)
    throw new Error('desiredTrigger: a spec with neither event nor schedule (validate first)');
  const window = schedule.flexibleTimeWindowMinutes;
  // Scheduler spells task tags differently from EventBridge (maps, not Key/Value pairs); until that
  // shape is checked against Scheduler itself, a schedule's task carries no template tags.
  const { Tags: _tags, ...ecsParameters } = target.EcsParameters ?? {
    TaskDefinitionArn: resolution.taskDefinitionArn,
  };
  return {
    kind: 'schedule',
    schedule: {
      Name: resolution.name,
      GroupName: resolution.scheduleGroup,
      ScheduleExpression: schedule.expression,
      ScheduleExpressionTimezone: schedule.timezone ?? 'UTC',
      FlexibleTimeWindow:
        window === undefined || window === 0
          ? { Mode: 'OFF' }
          : { Mode: 'FLEXIBLE', MaximumWindowInMinutes: window },
      ...(schedule.startDate === undefined ? {} : { StartDate: new Date(schedule.startDate) }),
      ...(schedule.endDate === undefined ? {} : { EndDate: new Date(schedule.endDate) }),
      State: state,
      Description: resolution.description,
      Target: {
        Arn: target.Arn,
        RoleArn: target.RoleArn,
        EcsParameters: ecsParameters,
        ...(target.Input === undefined ? {} : { Input: target.Input }),
        ...(target.RetryPolicy === undefined ? {} : { RetryPolicy: target.RetryPolicy }),
        ...(target.DeadLetterConfig === undefined ? {} : { DeadLetterConfig: target.DeadLetterConfig }),
      },
    },
  };
}
