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
import type { TaskTemplateSpec, TemplateOverrides } from '../../resources/task-template/types.js';
import { INSTANCE_TAG, OWNER_TAG } from '../../resources/task-trigger/identity.js';
import { SCHEDULER_DEFAULT_RETRY_POLICY } from '../../resources/task-trigger/plan.js';
import {
  ECS_TASK_TRIGGER_KIND,
  type EcsTaskTrigger,
  type EcsTaskTriggerSpec,
} from '../../resources/task-trigger/types.js';
import { validateTaskTrigger } from '../../resources/task-trigger/validate.js';
import { decision, type ImportNote } from './import-notes.js';
import { importedObject } from './imported-object.js';
import { objectName } from './import-service.js';
import { ecsTargetTemplate, present, transformerOf, unknownMembers } from './import-trigger-target.js';
import { renameDefined } from '../../shared/pick-defined.js';

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

function manifestOf(name: string, namespace: string, spec: EcsTaskTriggerSpec): EcsTaskTrigger {
  return importedObject(ECS_TASK_TRIGGER_KIND, { name: objectName(name), namespace }, spec);
}

function finish(manifest: EcsTaskTrigger, notes: ImportNote[], what: string): ImportedTrigger {
  const invalid = validateTaskTrigger(manifest.spec);
  if (invalid !== undefined)
    return { kind: 'refused', reason: `${what}: the manifest would break a rule: ${invalid}` };
  return { kind: 'imported', manifest, notes };
}

/** The head of an adopted trigger's spec: adoption, retention, and the template with its overrides. */
function adoptedTemplate(
  template: TaskTemplateSpec,
  overrides: TemplateOverrides | undefined,
): Pick<EcsTaskTriggerSpec, 'adopt' | 'deletionPolicy' | 'template'> {
  return {
    adopt: true,
    deletionPolicy: 'Retain',
    template: {
      ...template,
      ...(overrides === undefined || Object.keys(overrides).length === 0 ? {} : { overrides }),
    },
  };
}

/** The tail of the spec both kinds of target state alike: dead-letter queue, state, description, task group. */
function targetTail(
  deadLetterArn: string | undefined,
  state: string | undefined,
  description: string | undefined,
  group: string | undefined,
): Pick<EcsTaskTriggerSpec, 'deadLetterConfig' | 'suspend' | 'description' | 'taskGroup'> {
  return {
    ...(deadLetterArn === undefined ? {} : { deadLetterConfig: { arn: deadLetterArn } }),
    ...(state === 'DISABLED' ? { suspend: true } : {}),
    description: description ?? '',
    taskGroup: group ?? '',
  };
}

/** The note for a target without a task group: status lists no runs until `write` sets one. */
function noTaskGroupNote(write: 'PutTargets' | 'UpdateSchedule'): ImportNote {
  return decision(
    'spec.taskGroup',
    `"": the target sets no task group, so status lists no runs; set one (one ${write}) to see them`,
  );
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
  const template = ecsTargetTemplate({ ...target, EcsParameters: target.EcsParameters }, extra, region, at);
  if ('problem' in template) return { kind: 'refused', reason: template.problem };
  let overrides = template.overrides;
  let inputTransformer: EcsTaskTriggerSpec['inputTransformer'];
  if (target.Input === undefined && target.InputTransformer !== undefined) {
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
  if (target.EcsParameters.Group === undefined) notes.push(noTaskGroupNote('PutTargets'));
  const retry = target.RetryPolicy;
  const spec: EcsTaskTriggerSpec = {
    ...adoptedTemplate(template.template, overrides),
    event: {
      ...(rule.EventBusName === undefined || rule.EventBusName === 'default'
        ? {}
        : { eventBusName: rule.EventBusName }),
      pattern: rule.EventPattern,
      ruleName: name,
      targetId: target.Id ?? '',
    },
    ...(inputTransformer === undefined ? {} : { inputTransformer }),
    roleArn: template.roleArn,
    ...(retry === undefined || !present(retry)
      ? {}
      : {
          retryPolicy: renameDefined(retry, {
            MaximumRetryAttempts: 'maximumRetryAttempts',
            MaximumEventAgeInSeconds: 'maximumEventAgeSeconds',
          }),
        }),
    ...targetTail(target.DeadLetterConfig?.Arn, rule.State, rule.Description, target.EcsParameters.Group),
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
  const template = ecsTargetTemplate({ ...target, EcsParameters: target.EcsParameters }, extra, region, what);
  if ('problem' in template) return { kind: 'refused', reason: template.problem };
  const window = schedule.FlexibleTimeWindow;
  const retry: { MaximumEventAgeInSeconds: number; MaximumRetryAttempts: number } = {
    ...SCHEDULER_DEFAULT_RETRY_POLICY,
    ...definedMembers(target.RetryPolicy),
  };
  const retryDefault =
    retry.MaximumEventAgeInSeconds === SCHEDULER_DEFAULT_RETRY_POLICY.MaximumEventAgeInSeconds &&
    retry.MaximumRetryAttempts === SCHEDULER_DEFAULT_RETRY_POLICY.MaximumRetryAttempts;
  const notes: ImportNote[] = [...COMMON_NOTES];
  if (target.EcsParameters.Group === undefined) notes.push(noTaskGroupNote('UpdateSchedule'));
  const spec: EcsTaskTriggerSpec = {
    ...adoptedTemplate(template.template, template.overrides),
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
    roleArn: template.roleArn,
    ...(retryDefault
      ? {}
      : {
          retryPolicy: {
            maximumRetryAttempts: retry.MaximumRetryAttempts,
            maximumEventAgeSeconds: retry.MaximumEventAgeInSeconds,
          },
        }),
    ...targetTail(
      target.DeadLetterConfig?.Arn,
      schedule.State,
      schedule.Description,
      target.EcsParameters.Group,
    ),
  };
  return finish(manifestOf(name, namespace, spec), notes, what);
}

function definedMembers(value: object | undefined): Record<string, number> {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number'),
  );
}
