/**
 * Builds the EcsTaskTrigger manifest `import --rule` / `--schedule` writes for an EventBridge rule
 * with one ECS target, or an EventBridge Scheduler schedule with the templated ECS RunTask target
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html). Like the
 * other importers it adopts explicitly (ADR 0007, ADR 0037): `adopt: true`, `deletionPolicy:
 * Retain`, the rule or schedule named (`event.ruleName`, `schedule.name` and `groupName`), and every
 * member the trigger's planner compares set to what AWS has, so applying it writes nothing.
 *
 * A trigger owns its whole target (PutTargets and UpdateSchedule replace it), so whatever the spec
 * cannot say is not left aside as the service importer does: the rule or schedule is refused with
 * a reason naming it (several targets, a target that is not ECS, a universal target, InputPath, a
 * transformer placeholder outside a container's environment, ...). Pure.
 */
import type { DescribeRuleResponse, Tag, Target } from '@aws-sdk/client-eventbridge';
import type { GetScheduleOutput } from '@aws-sdk/client-scheduler';
import { API_GROUP_VERSION } from '../../resources/api-group.js';
import type {
  TaskTemplateSpec,
  TemplateContainerOverride,
  TemplateOverrides,
} from '../../resources/task-template/types.js';
import { INSTANCE_TAG, OWNER_TAG } from '../../resources/task-trigger/identity.js';
import { SCHEDULER_DEFAULT_RETRY_POLICY } from '../../resources/task-trigger/plan.js';
import {
  ECS_TASK_TRIGGER_KIND,
  type EcsTaskTrigger,
  type EcsTaskTriggerSpec,
  type TriggerEnvironmentFromEvent,
} from '../../resources/task-trigger/types.js';
import { validateTaskTrigger } from '../../resources/task-trigger/validate.js';
import { decision, type ImportNote } from './import-notes.js';
import { objectName } from './import-service.js';

/** An imported trigger, or why the rule or schedule cannot be imported. */
export type ImportedTrigger =
  | { readonly kind: 'imported'; readonly manifest: EcsTaskTrigger; readonly notes: readonly ImportNote[] }
  | { readonly kind: 'refused'; readonly reason: string };

/** What {@link importRuleTrigger} needs: DescribeRule, ListTagsForResource and ListTargetsByRule answers. */
export interface ImportRuleInput {
  readonly rule: DescribeRuleResponse;
  readonly tags: readonly Tag[];
  readonly targets: readonly Target[];
  readonly region: string;
  readonly namespace: string;
}

/** What {@link importScheduleTrigger} needs: GetSchedule's answer. */
export interface ImportScheduleInput {
  readonly schedule: GetScheduleOutput;
  readonly region: string;
  readonly namespace: string;
}

/** The universal target that calls RunTask with the input as its request (not expressed: ecs-bridge builds templated targets). */
export const SCHEDULER_UNIVERSAL_RUN_TASK = 'aws-sdk:ecs:runTask';

/** EcsParameters as both EventBridge and Scheduler spell them (Scheduler's tags are maps). */
interface AnyEcsParameters {
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
    | { capacityProvider?: string | undefined; weight?: number | undefined; base?: number | undefined }[]
    | undefined;
  readonly EnableECSManagedTags?: boolean | undefined;
  readonly EnableExecuteCommand?: boolean | undefined;
  readonly PlacementConstraints?:
    { type?: string | undefined; expression?: string | undefined }[] | undefined;
  readonly PlacementStrategy?: { type?: string | undefined; field?: string | undefined }[] | undefined;
  readonly PropagateTags?: string | undefined;
  readonly ReferenceId?: string | undefined;
  readonly Tags?: unknown[] | undefined;
}

/** The keys of a RunTask task override the template says (`TemplateOverrides`). */
const OVERRIDE_KEYS = new Set([
  'containerOverrides',
  'cpu',
  'memory',
  'ephemeralStorage',
  'executionRoleArn',
  'taskRoleArn',
]);

function present(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** Members of `value` set to something, other than `known`. */
function unknownMembers(value: object, known: readonly string[]): string[] {
  return Object.entries(value)
    .filter(([k, v]) => !known.includes(k) && present(v))
    .map(([k]) => k)
    .sort();
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` parts. */
function arnParts(arn: string): { partition: string; region: string; account: string; resource: string } {
  const [, partition = '', , region = '', account = '', ...rest] = arn.split(':');
  return { partition, region, account, resource: rest.join(':') };
}

/**
 * The short name of an ECS ARN when the trigger would build the same ARN from it (same Region and
 * the role's account, resolve.ts), else the ARN: the manifest reads better and resolves the same.
 */
function shortName(arn: string, region: string, roleArn: string, resource: string): string {
  const at = arnParts(arn);
  const role = arnParts(roleArn);
  const prefix = `${resource}/`;
  if (at.region !== region || at.account !== role.account || at.partition !== role.partition) return arn;
  if (!at.resource.startsWith(prefix)) return arn;
  const name = at.resource.slice(prefix.length);
  return name.includes('/') ? arn : name;
}

/** The template of an ECS target's EcsParameters, or what it cannot say. */
function templateOf(
  parameters: AnyEcsParameters,
  clusterArn: string,
  region: string,
  roleArn: string,
  where: string,
): { template: TaskTemplateSpec } | { problem: string } {
  if (parameters.TaskDefinitionArn === undefined)
    return { problem: `${where}: EcsParameters.TaskDefinitionArn is missing` };
  if ((parameters.TaskCount ?? 1) !== 1)
    return {
      problem: `${where}: EcsParameters.TaskCount is ${parameters.TaskCount ?? 1}; an EcsTaskTrigger starts one task per event`,
    };
  if (parameters.ReferenceId !== undefined)
    return { problem: `${where}: EcsParameters.ReferenceId is not expressed by an EcsTaskTrigger` };
  const awsvpc = parameters.NetworkConfiguration?.awsvpcConfiguration;
  const tags = (parameters.Tags ?? []) as { Key?: string; Value?: string }[];
  if (tags.some((t) => typeof t !== 'object' || t === null || t.Key === undefined))
    return { problem: `${where}: EcsParameters.Tags are not Key/Value pairs` };
  const template: TaskTemplateSpec = {
    region,
    cluster: shortName(clusterArn, region, roleArn, 'cluster'),
    taskDefinition: shortName(parameters.TaskDefinitionArn, region, roleArn, 'task-definition'),
    ...(parameters.LaunchType === undefined
      ? {}
      : { launchType: parameters.LaunchType as NonNullable<TaskTemplateSpec['launchType']> }),
    ...(parameters.CapacityProviderStrategy === undefined || parameters.CapacityProviderStrategy.length === 0
      ? {}
      : {
          capacityProviderStrategy: parameters.CapacityProviderStrategy.map((item) => ({
            capacityProvider: item.capacityProvider ?? '',
            ...(item.weight === undefined ? {} : { weight: item.weight }),
            ...(item.base === undefined ? {} : { base: item.base }),
          })),
        }),
    ...(awsvpc === undefined
      ? {}
      : {
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: [...(awsvpc.Subnets ?? [])],
              ...(awsvpc.SecurityGroups === undefined || awsvpc.SecurityGroups.length === 0
                ? {}
                : { securityGroups: [...awsvpc.SecurityGroups] }),
              ...(awsvpc.AssignPublicIp === undefined
                ? {}
                : { assignPublicIp: awsvpc.AssignPublicIp as 'ENABLED' | 'DISABLED' }),
            },
          },
        }),
    ...(parameters.PlacementConstraints === undefined || parameters.PlacementConstraints.length === 0
      ? {}
      : {
          placementConstraints: parameters.PlacementConstraints.map((c) => ({
            type: c.type as 'distinctInstance' | 'memberOf',
            ...(c.expression === undefined ? {} : { expression: c.expression }),
          })),
        }),
    ...(parameters.PlacementStrategy === undefined || parameters.PlacementStrategy.length === 0
      ? {}
      : {
          placementStrategy: parameters.PlacementStrategy.map((s) => ({
            type: s.type as 'binpack' | 'spread' | 'random',
            ...(s.field === undefined ? {} : { field: s.field }),
          })),
        }),
    ...(parameters.PlatformVersion === undefined ? {} : { platformVersion: parameters.PlatformVersion }),
    ...(parameters.EnableExecuteCommand === undefined
      ? {}
      : { enableExecuteCommand: parameters.EnableExecuteCommand }),
    ...(parameters.EnableECSManagedTags === undefined
      ? {}
      : { enableECSManagedTags: parameters.EnableECSManagedTags }),
    ...(parameters.PropagateTags === 'TASK_DEFINITION' ? { propagateTags: 'TASK_DEFINITION' as const } : {}),
    ...(tags.length === 0 ? {} : { tags: tags.map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' })) }),
  };
  return { template };
}

/** A task override from a target's input text, or what it cannot say. */
function overridesOf(text: string, where: string): { overrides: TemplateOverrides } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: `${where}: the input is not JSON (a task override is expected)` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { problem: `${where}: the input is not a JSON object (a task override is expected)` };
  const extra = Object.keys(parsed).filter((k) => !OVERRIDE_KEYS.has(k));
  if (extra.length > 0)
    return {
      problem: `${where}: the input has members a task override in the template cannot say: ${extra.join(', ')}`,
    };
  return { overrides: parsed };
}

/**
 * The input transformer as the spec says it: every placeholder must be an environment variable's
 * whole value in one container (ecs-bridge's shape); the rest of the template is the template's
 * overrides. A rule made by hand may name the placeholders as it likes (the planner compares paths).
 */
function transformerOf(
  transformer: NonNullable<Target['InputTransformer']>,
  where: string,
):
  | {
      overrides: TemplateOverrides;
      inputTransformer: { containerName: string; environment: TriggerEnvironmentFromEvent[] };
    }
  | { problem: string } {
  const paths = transformer.InputPathsMap ?? {};
  const parsed = overridesOf(transformer.InputTemplate ?? '', `${where} InputTransformer.InputTemplate`);
  if ('problem' in parsed)
    return {
      problem: `${parsed.problem}; placeholders must sit inside JSON strings ("<name>"), as environment values`,
    };
  const placeholder = (value: string): string | undefined => /^<([^<>]+)>$/.exec(value)?.[1];
  const environment: TriggerEnvironmentFromEvent[] = [];
  let containerName: string | undefined;
  const containers: TemplateContainerOverride[] = [];
  for (const container of parsed.overrides.containerOverrides ?? []) {
    const kept = [];
    for (const variable of container.environment ?? []) {
      const key = placeholder(variable.value);
      if (key === undefined) {
        kept.push(variable);
        continue;
      }
      const path = paths[key];
      if (path === undefined)
        return { problem: `${where}: placeholder <${key}> has no path in InputPathsMap` };
      if (containerName !== undefined && containerName !== container.name)
        return {
          problem: `${where}: event fields go to two containers (${containerName}, ${container.name}); an EcsTaskTrigger places them in one`,
        };
      containerName = container.name;
      environment.push({ name: variable.name, path });
    }
    const { environment: _env, ...rest } = container;
    const left: TemplateContainerOverride = kept.length === 0 ? rest : { ...rest, environment: kept };
    // A container that only received event fields is the transformer's alone.
    if (Object.keys(left).length > 1) containers.push(left);
  }
  if (containerName === undefined || environment.length === 0)
    return { problem: `${where}: the input transformer places no event field in a container's environment` };
  const used = new Set(environment.map((e) => e.path));
  const unused = Object.entries(paths).filter(([, p]) => !used.has(p));
  if (unused.length > 0)
    return {
      problem: `${where}: InputPathsMap names ${unused.map(([k]) => k).join(', ')} outside a container's environment`,
    };
  if (
    JSON.stringify(parsed.overrides)
      .replace(/"<[^<>"]+>"/g, '')
      .includes('<')
  )
    return { problem: `${where}: the input template has placeholders outside environment values` };
  const { containerOverrides: _c, ...others } = parsed.overrides;
  const overrides: TemplateOverrides =
    containers.length === 0 ? others : { ...others, containerOverrides: containers };
  return { overrides, inputTransformer: { containerName, environment } };
}

function manifestOf(name: string, namespace: string, spec: EcsTaskTriggerSpec): EcsTaskTrigger {
  return {
    apiVersion: API_GROUP_VERSION,
    kind: ECS_TASK_TRIGGER_KIND,
    metadata: { name: objectName(name), namespace },
    spec,
  };
}

function finish(manifest: EcsTaskTrigger, notes: ImportNote[], what: string): ImportedTrigger {
  const invalid = validateTaskTrigger(manifest.spec);
  if (invalid !== undefined)
    return { kind: 'refused', reason: `${what}: the manifest would break a rule: ${invalid}` };
  return { kind: 'imported', manifest, notes };
}

const COMMON_NOTES = [
  decision('spec.adopt', 'adopts it as it is (no owner tags until the first write, ADR 0037)'),
  decision('spec.deletionPolicy', 'Retain: deleting the object leaves it in AWS'),
];

/** The EcsTaskTrigger of a rule with one ECS target, or why there is none. */
export function importRuleTrigger(input: ImportRuleInput): ImportedTrigger {
  const { rule, tags, targets, region, namespace } = input;
  const name = rule.Name ?? '';
  const what = `rule ${name}`;
  const owner = tags.find((t) => t.Key === OWNER_TAG)?.Value;
  if (owner !== undefined || tags.some((t) => t.Key === INSTANCE_TAG))
    return {
      kind: 'refused',
      reason: `${what}: already managed by ecs-bridge (object ${owner ?? 'unknown'})`,
    };
  if (rule.ManagedBy !== undefined)
    return { kind: 'refused', reason: `${what}: managed by ${rule.ManagedBy}, not by its account` };
  if (rule.ScheduleExpression !== undefined)
    return {
      kind: 'refused',
      reason: `${what}: a scheduled rule (${rule.ScheduleExpression}); an EcsTaskTrigger schedules with EventBridge Scheduler (spec.schedule), not rules`,
    };
  if (rule.EventPattern === undefined) return { kind: 'refused', reason: `${what}: no event pattern` };
  if (targets.length !== 1)
    return {
      kind: 'refused',
      reason: `${what}: ${targets.length} targets (${targets.map((t) => `${t.Id ?? '?'} → ${t.Arn ?? '?'}`).join(', ') || 'none'}); an EcsTaskTrigger owns exactly one ECS target`,
    };
  const target = targets[0] as Target;
  const at = `${what} target ${target.Id ?? ''}`;
  if (target.EcsParameters === undefined)
    return { kind: 'refused', reason: `${at}: not an ECS target (${target.Arn ?? 'no ARN'})` };
  const extra = unknownMembers(target, [
    'Id',
    'Arn',
    'RoleArn',
    'EcsParameters',
    'Input',
    'InputTransformer',
    'RetryPolicy',
    'DeadLetterConfig',
  ]);
  if (extra.length > 0)
    return { kind: 'refused', reason: `${at}: ${extra.join(', ')} not expressed by an EcsTaskTrigger` };
  if (target.RoleArn === undefined) return { kind: 'refused', reason: `${at}: no RoleArn` };
  const template = templateOf(target.EcsParameters, target.Arn ?? '', region, target.RoleArn, at);
  if ('problem' in template) return { kind: 'refused', reason: template.problem };
  let overrides: TemplateOverrides | undefined;
  let inputTransformer: EcsTaskTriggerSpec['inputTransformer'];
  if (target.Input !== undefined) {
    const parsed = overridesOf(target.Input, `${at} Input`);
    if ('problem' in parsed) return { kind: 'refused', reason: parsed.problem };
    overrides = parsed.overrides;
  } else if (target.InputTransformer !== undefined) {
    const parsed = transformerOf(target.InputTransformer, at);
    if ('problem' in parsed) return { kind: 'refused', reason: parsed.problem };
    overrides = parsed.overrides;
    inputTransformer = parsed.inputTransformer;
  }
  const notes: ImportNote[] = [
    ...COMMON_NOTES,
    decision(
      'spec.event.pattern',
      'the rule’s event pattern as it is (not turned into the s3 shorthand, which would make a different pattern)',
    ),
  ];
  if (target.EcsParameters.Group === undefined)
    notes.push(
      decision(
        'spec.taskGroup',
        '"": the target sets no task group, so status lists no runs; set one (one PutTargets) to see them',
      ),
    );
  const retry = target.RetryPolicy;
  const spec: EcsTaskTriggerSpec = {
    adopt: true,
    deletionPolicy: 'Retain',
    template: {
      ...template.template,
      ...(overrides === undefined || Object.keys(overrides).length === 0 ? {} : { overrides }),
    },
    event: {
      ...(rule.EventBusName === undefined || rule.EventBusName === 'default'
        ? {}
        : { eventBusName: rule.EventBusName }),
      pattern: rule.EventPattern,
      ruleName: name,
      targetId: target.Id ?? '',
    },
    ...(inputTransformer === undefined ? {} : { inputTransformer }),
    roleArn: target.RoleArn,
    ...(retry === undefined || !present(retry)
      ? {}
      : {
          retryPolicy: {
            ...(retry.MaximumRetryAttempts === undefined
              ? {}
              : { maximumRetryAttempts: retry.MaximumRetryAttempts }),
            ...(retry.MaximumEventAgeInSeconds === undefined
              ? {}
              : { maximumEventAgeSeconds: retry.MaximumEventAgeInSeconds }),
          },
        }),
    ...(target.DeadLetterConfig?.Arn === undefined
      ? {}
      : { deadLetterConfig: { arn: target.DeadLetterConfig.Arn } }),
    ...(rule.State === 'DISABLED' ? { suspend: true } : {}),
    description: rule.Description ?? '',
    taskGroup: target.EcsParameters.Group ?? '',
  };
  return finish(manifestOf(name, namespace, spec), notes, what);
}

/** The EcsTaskTrigger of a schedule with the templated ECS RunTask target, or why there is none. */
export function importScheduleTrigger(input: ImportScheduleInput): ImportedTrigger {
  const { schedule, region, namespace } = input;
  const name = schedule.Name ?? '';
  const group = schedule.GroupName ?? 'default';
  const what = `schedule ${group}/${name}`;
  const target = schedule.Target;
  if (target === undefined) return { kind: 'refused', reason: `${what}: no target` };
  if (target.Arn?.endsWith(`:${SCHEDULER_UNIVERSAL_RUN_TASK}`) === true)
    return {
      kind: 'refused',
      reason: `${what}: a universal target (${target.Arn}); an EcsTaskTrigger builds the templated ECS target (the cluster ARN with EcsParameters): recreate the schedule with it to import it`,
    };
  if (target.EcsParameters === undefined)
    return { kind: 'refused', reason: `${what}: not an ECS target (${target.Arn ?? 'no ARN'})` };
  const extra = [
    ...unknownMembers(target, [
      'Arn',
      'RoleArn',
      'EcsParameters',
      'Input',
      'RetryPolicy',
      'DeadLetterConfig',
    ]),
    ...(schedule.KmsKeyArn === undefined ? [] : ['KmsKeyArn']),
    // UpdateSchedule resets what it is not sent; ecs-bridge does not send these.
    ...(schedule.ActionAfterCompletion === undefined || schedule.ActionAfterCompletion === 'NONE'
      ? []
      : [`ActionAfterCompletion ${schedule.ActionAfterCompletion}`]),
    ...(present(target.EcsParameters.Tags) ? ['EcsParameters.Tags'] : []),
  ];
  if (extra.length > 0)
    return { kind: 'refused', reason: `${what}: ${extra.join(', ')} not expressed by an EcsTaskTrigger` };
  if (target.RoleArn === undefined) return { kind: 'refused', reason: `${what}: no RoleArn` };
  const template = templateOf(target.EcsParameters, target.Arn ?? '', region, target.RoleArn, what);
  if ('problem' in template) return { kind: 'refused', reason: template.problem };
  let overrides: TemplateOverrides | undefined;
  if (target.Input !== undefined) {
    const parsed = overridesOf(target.Input, `${what} Input`);
    if ('problem' in parsed) return { kind: 'refused', reason: parsed.problem };
    overrides = parsed.overrides;
  }
  const window = schedule.FlexibleTimeWindow;
  const retry: { MaximumEventAgeInSeconds: number; MaximumRetryAttempts: number } = {
    ...SCHEDULER_DEFAULT_RETRY_POLICY,
    ...definedMembers(target.RetryPolicy),
  };
  const retryDefault =
    retry.MaximumEventAgeInSeconds === SCHEDULER_DEFAULT_RETRY_POLICY.MaximumEventAgeInSeconds &&
    retry.MaximumRetryAttempts === SCHEDULER_DEFAULT_RETRY_POLICY.MaximumRetryAttempts;
  const notes: ImportNote[] = [...COMMON_NOTES];
  if (target.EcsParameters.Group === undefined)
    notes.push(
      decision(
        'spec.taskGroup',
        '"": the target sets no task group, so status lists no runs; set one (one UpdateSchedule) to see them',
      ),
    );
  const spec: EcsTaskTriggerSpec = {
    adopt: true,
    deletionPolicy: 'Retain',
    template: {
      ...template.template,
      ...(overrides === undefined || Object.keys(overrides).length === 0 ? {} : { overrides }),
    },
    schedule: {
      expression: schedule.ScheduleExpression ?? '',
      ...(schedule.ScheduleExpressionTimezone === undefined || schedule.ScheduleExpressionTimezone === 'UTC'
        ? {}
        : { timezone: schedule.ScheduleExpressionTimezone }),
      ...(window?.Mode === 'FLEXIBLE' && window.MaximumWindowInMinutes !== undefined
        ? { flexibleTimeWindowMinutes: window.MaximumWindowInMinutes }
        : {}),
      ...(schedule.StartDate === undefined ? {} : { startDate: new Date(schedule.StartDate).toISOString() }),
      ...(schedule.EndDate === undefined ? {} : { endDate: new Date(schedule.EndDate).toISOString() }),
      name,
      groupName: group,
    },
    roleArn: target.RoleArn,
    ...(retryDefault
      ? {}
      : {
          retryPolicy: {
            maximumRetryAttempts: retry.MaximumRetryAttempts,
            maximumEventAgeSeconds: retry.MaximumEventAgeInSeconds,
          },
        }),
    ...(target.DeadLetterConfig?.Arn === undefined
      ? {}
      : { deadLetterConfig: { arn: target.DeadLetterConfig.Arn } }),
    ...(schedule.State === 'DISABLED' ? { suspend: true } : {}),
    description: schedule.Description ?? '',
    taskGroup: target.EcsParameters.Group ?? '',
  };
  return finish(manifestOf(name, namespace, spec), notes, what);
}

function definedMembers(value: object | undefined): Record<string, number> {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number'),
  );
}
