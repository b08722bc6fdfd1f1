/**
 * The minimal writes that make AWS what an EcsTaskTrigger wants (pure): PutRule only when the
 * rule is missing or its pattern (compared as canonical JSON), state or description differs;
 * PutTargets only when our target differs; RemoveTargets for targets on our rule that are not
 * ours (drift); CreateSchedule or UpdateSchedule likewise. Deleting removes the targets first
 * (EventBridge refuses to delete a rule that has any).
 */
import type { DescribeRuleResponse, Target } from '@aws-sdk/client-eventbridge';
import type { GetScheduleOutput } from '@aws-sdk/client-scheduler';
import {
  canonicalJson,
  type DesiredRuleTrigger,
  type DesiredScheduleTrigger,
  type DesiredTrigger,
} from './desired.js';
import { compareStrings } from '../../shared/compare-strings.js';

/** One write. */
export type TriggerAction =
  | { readonly type: 'putRule'; readonly rule: DesiredRuleTrigger['rule'] }
  | {
      readonly type: 'putTargets';
      readonly rule: string;
      readonly eventBusName: string;
      readonly targets: readonly Target[];
    }
  | {
      readonly type: 'removeTargets';
      readonly rule: string;
      readonly eventBusName: string;
      readonly ids: readonly string[];
    }
  | { readonly type: 'deleteRule'; readonly rule: string; readonly eventBusName: string }
  | { readonly type: 'createSchedule'; readonly schedule: DesiredScheduleTrigger['schedule'] }
  | { readonly type: 'updateSchedule'; readonly schedule: DesiredScheduleTrigger['schedule'] }
  | { readonly type: 'deleteSchedule'; readonly name: string; readonly groupName: string };

/** What is in AWS now for a trigger. */
export type ObservedTrigger =
  | {
      readonly kind: 'rule';
      readonly rule: DescribeRuleResponse | undefined;
      readonly targets: readonly Target[];
    }
  | { readonly kind: 'schedule'; readonly schedule: GetScheduleOutput | undefined };

/** The writes, and a reason per write (for events and `plan` output). */
export interface TriggerPlan {
  readonly actions: readonly TriggerAction[];
  readonly reasons: readonly string[];
}

/** JSON of a value with keys sorted and absent/empty members dropped, for comparing AWS shapes. */
function normalized(value: unknown): string {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
      const entries = Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, strip(x)] as const)
        .filter(([, x]) => !(Array.isArray(x) && x.length === 0));
      return Object.fromEntries(entries);
    }
    return v instanceof Date ? v.toISOString() : v;
  };
  return canonicalJson(strip(value));
}

function patternOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return canonicalJson(JSON.parse(text));
  } catch {
    return text;
  }
}

/** Arrays of a task override whose order ECS ignores: they compare sorted by `name`. */
const NAMED_LISTS = new Set(['containerOverrides', 'environment']);

function overrideView(value: unknown, placeholders: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') {
    const key = /^<([^<>]+)>$/.exec(value)?.[1];
    const path = key === undefined ? undefined : placeholders[key];
    return path === undefined ? value : `<${path}>`;
  }
  if (Array.isArray(value)) return value.map((v) => overrideView(v, placeholders));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const inner = overrideView(v, placeholders);
      if (!NAMED_LISTS.has(k) || !Array.isArray(inner)) return [k, inner];
      const name = (x: unknown): string => {
        const n = typeof x === 'object' && x !== null ? (x as { name?: unknown }).name : undefined;
        return typeof n === 'string' ? n : '';
      };
      return [k, [...(inner as unknown[])].sort((a, b) => compareStrings(name(a), name(b)))];
    }),
  );
}

/**
 * A target's input (a task override as JSON text) as what it says: spacing, the order of containers
 * and environment variables, and the input transformer's placeholder names do not matter (a rule
 * made by hand names them `<bucket>`, ecs-bridge `<env0>`); each placeholder stands for its path.
 */
function inputView(text: string | undefined, paths: Readonly<Record<string, string>> = {}): unknown {
  if (text === undefined) return undefined;
  try {
    return canonicalJson(overrideView(JSON.parse(text), paths));
  } catch {
    return text;
  }
}

/** EcsParameters with the sets of its network configuration sorted (ecs-bridge sends them sorted). */
function ecsParametersView(parameters: object | undefined): object | undefined {
  const p = parameters as
    | {
        TaskCount?: number;
        NetworkConfiguration?: { awsvpcConfiguration?: { Subnets?: string[]; SecurityGroups?: string[] } };
      }
    | undefined;
  if (p === undefined) return parameters;
  // TaskCount absent is 1 (EventBridge's and Scheduler's default; ecs-bridge sends 1).
  const counted = { ...p, TaskCount: p.TaskCount ?? 1 };
  const awsvpc = p.NetworkConfiguration?.awsvpcConfiguration;
  if (awsvpc === undefined) return counted;
  return {
    ...counted,
    NetworkConfiguration: {
      ...p.NetworkConfiguration,
      awsvpcConfiguration: {
        ...awsvpc,
        Subnets: awsvpc.Subnets === undefined ? undefined : [...awsvpc.Subnets].sort(),
        SecurityGroups: awsvpc.SecurityGroups === undefined ? undefined : [...awsvpc.SecurityGroups].sort(),
      },
    },
  };
}

function targetOf(target: Target): string {
  const input = inputView(target.Input);
  const transformer = target.InputTransformer;
  const paths = transformer?.InputPathsMap ?? {};
  return normalized({
    ...target,
    EcsParameters: ecsParametersView(target.EcsParameters),
    Input: input,
    InputTransformer:
      transformer === undefined
        ? undefined
        : {
            ...transformer,
            InputPathsMap: Object.values(paths).sort(),
            InputTemplate: inputView(transformer.InputTemplate, paths),
          },
  });
}

function planRule(
  desired: DesiredRuleTrigger,
  observed: Extract<ObservedTrigger, { kind: 'rule' }>,
): TriggerPlan {
  const actions: TriggerAction[] = [];
  const reasons: string[] = [];
  const { rule } = desired;
  const bus = rule.EventBusName;
  if (observed.rule === undefined) {
    actions.push({ type: 'putRule', rule });
    reasons.push(`rule ${rule.Name} does not exist`);
  } else {
    const differs: string[] = [];
    if (patternOf(observed.rule.EventPattern) !== rule.EventPattern) differs.push('event pattern');
    if (observed.rule.State !== rule.State)
      differs.push(`state (${observed.rule.State ?? 'none'} → ${rule.State})`);
    if ((observed.rule.Description ?? '') !== (rule.Description ?? '')) differs.push('description');
    if (observed.rule.ScheduleExpression !== undefined)
      differs.push('schedule expression (an event rule has none)');
    if (differs.length > 0) {
      actions.push({ type: 'putRule', rule });
      reasons.push(`rule ${rule.Name}: ${differs.join(', ')} differ`);
    }
  }
  const ours = observed.targets.find((t) => t.Id === desired.target.Id);
  if (ours === undefined || targetOf(ours) !== targetOf(desired.target)) {
    actions.push({ type: 'putTargets', rule: rule.Name, eventBusName: bus, targets: [desired.target] });
    reasons.push(
      ours === undefined
        ? `rule ${rule.Name} has no ECS target`
        : `the ECS target of rule ${rule.Name} differs`,
    );
  }
  const others = observed.targets
    .filter((t) => t.Id !== desired.target.Id)
    .flatMap((t) => (t.Id === undefined ? [] : [t.Id]));
  if (others.length > 0) {
    actions.push({ type: 'removeTargets', rule: rule.Name, eventBusName: bus, ids: others });
    reasons.push(`rule ${rule.Name} has targets ecs-bridge did not put: ${others.join(', ')}`);
  }
  return { actions, reasons };
}

/**
 * Scheduler's retry policy when a schedule's target sets none or part of one: 24 hours and 185
 * attempts, the maxima of https://docs.aws.amazon.com/scheduler/latest/APIReference/API_RetryPolicy.html
 * and what GetSchedule echoes for a schedule created without one. Compared with the members filled
 * in, so a spec that leaves them out does not rewrite the schedule on every visit.
 */
export const SCHEDULER_DEFAULT_RETRY_POLICY = { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 };

function scheduleView(schedule: GetScheduleOutput | DesiredScheduleTrigger['schedule']): string {
  const target = schedule.Target;
  return normalized({
    ScheduleExpression: schedule.ScheduleExpression,
    ScheduleExpressionTimezone: schedule.ScheduleExpressionTimezone ?? 'UTC',
    FlexibleTimeWindow: schedule.FlexibleTimeWindow,
    StartDate: schedule.StartDate,
    EndDate: schedule.EndDate,
    State: schedule.State,
    Description: schedule.Description ?? '',
    Target:
      target === undefined
        ? undefined
        : {
            ...target,
            EcsParameters: ecsParametersView(target.EcsParameters),
            Input: inputView(target.Input),
            RetryPolicy: { ...SCHEDULER_DEFAULT_RETRY_POLICY, ...definedMembers(target.RetryPolicy) },
          },
  });
}

function planSchedule(
  desired: DesiredScheduleTrigger,
  observed: Extract<ObservedTrigger, { kind: 'schedule' }>,
): TriggerPlan {
  const { schedule } = desired;
  if (observed.schedule === undefined)
    return {
      actions: [{ type: 'createSchedule', schedule }],
      reasons: [`schedule ${schedule.Name} does not exist`],
    };
  if (scheduleView(observed.schedule) !== scheduleView(schedule))
    return {
      actions: [{ type: 'updateSchedule', schedule }],
      reasons: [`schedule ${schedule.Name} differs`],
    };
  return { actions: [], reasons: [] };
}

/** The members of `value` that are not undefined (an SDK answer may carry them as undefined). */
function definedMembers(value: object | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined));
}

/** The writes that converge `observed` to `desired`; none when they agree. */
export function planTrigger(desired: DesiredTrigger, observed: ObservedTrigger): TriggerPlan {
  if (desired.kind === 'rule') {
    if (observed.kind !== 'rule')
      throw new Error('planTrigger: a rule is desired but a schedule was observed');
    return planRule(desired, observed);
  }
  if (observed.kind !== 'schedule')
    throw new Error('planTrigger: a schedule is desired but a rule was observed');
  return planSchedule(desired, observed);
}

/** The writes that delete what a trigger owns: targets first, then the rule; or the schedule. */
export function planTriggerDeletion(
  observed: ObservedTrigger,
  names: { readonly name: string; readonly eventBusName: string; readonly groupName: string },
): TriggerPlan {
  if (observed.kind === 'schedule') {
    return observed.schedule === undefined
      ? { actions: [], reasons: [] }
      : {
          actions: [{ type: 'deleteSchedule', name: names.name, groupName: names.groupName }],
          reasons: ['the trigger is deleted'],
        };
  }
  if (observed.rule === undefined) return { actions: [], reasons: [] };
  const ids = observed.targets.flatMap((t) => (t.Id === undefined ? [] : [t.Id]));
  return {
    actions: [
      ...(ids.length > 0
        ? [{ type: 'removeTargets' as const, rule: names.name, eventBusName: names.eventBusName, ids }]
        : []),
      { type: 'deleteRule', rule: names.name, eventBusName: names.eventBusName },
    ],
    reasons: ['the trigger is deleted'],
  };
}
