/**
 * The CloudWatch alarm that drives each step scaling policy (ADR 0034): validation, the normal
 * form, and the pure plan of alarm writes.
 *
 * Ownership: an alarm ecs-bridge creates is named `ecs-bridge-<cluster>-<service>-<name>` (inside
 * {@link OWNED_ALARM_PREFIX}), tagged with the service's ownership tags, updated only when it
 * differs from the spec (PutMetricAlarm replaces the whole alarm) and deleted with its policy. An
 * alarm the user names (`alarmName`) is only read: its state and whether its actions include the
 * policy's ARN go to status; ecs-bridge never writes it, even when it does not point at the policy
 * (the user, who owns it, adds the ARN).
 */
import type {
  MetricAlarm,
  PutMetricAlarmInput,
  Statistic,
  ComparisonOperator,
} from '@aws-sdk/client-cloudwatch';
import { OWNED_ALARM_PREFIX } from '../../aws/cloudwatch-api.js';
import { nameOfArn } from '../../shared/arn.js';
import { sameEntries, sameFields } from '../../shared/same-fields.js';
import type { StepAlarmSpec, StepScalingPolicySpec } from '../service/types.js';
import { compareStrings } from '../../shared/compare-strings.js';

const STATISTICS = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'] as const;
const COMPARISONS = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
] as const;

/** CloudWatch's longest alarm name (API_PutMetricAlarm). */
const MAX_ALARM_NAME = 255;

/** The settings of an alarm that ecs-bridge compares, in normal form (dimensions sorted by name). */
export interface AlarmSettings {
  readonly alarmName: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly statistic: string;
  readonly dimensions: readonly { readonly name: string; readonly value: string }[];
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly threshold: number;
  readonly comparisonOperator: string;
}

/** An alarm ecs-bridge owns, in normal form. */
export interface DesiredOwnedAlarm extends AlarmSettings {
  readonly ownership: 'owned';
  /** The AWS name of the policy it drives. */
  readonly policyName: string;
}

/** An alarm the user names: read, never written. */
export interface ReferencedAlarm {
  readonly ownership: 'referenced';
  readonly alarmName: string;
  readonly policyName: string;
}

/** The alarm of one step policy. */
export type DesiredAlarm = DesiredOwnedAlarm | ReferencedAlarm;

/** An alarm as CloudWatch has it, in the same normal form. */
export interface ObservedAlarm extends AlarmSettings {
  readonly actionsEnabled: boolean;
  /** Sorted. */
  readonly alarmActions: readonly string[];
  readonly state?: string | undefined;
}

/** The name of the alarm ecs-bridge owns for step policy `name` of a service. */
export function ownedAlarmName(cluster: string, serviceName: string, name: string): string {
  return `${OWNED_ALARM_PREFIX}${nameOfArn(cluster)}-${nameOfArn(serviceName)}-${name}`;
}

const byName = <T extends { readonly name: string }>(a: T, b: T): number => compareStrings(a.name, b.name);

function ownedAlarmProblem(a: StepAlarmSpec, path: string): string | undefined {
  if (a.metricName === '') return `${path}.metricName must not be empty`;
  const statistic = a.statistic ?? 'Average';
  if (!(STATISTICS as readonly string[]).includes(statistic))
    return `${path}.statistic ${JSON.stringify(statistic)} must be one of ${STATISTICS.join(', ')}`;
  if (!(COMPARISONS as readonly string[]).includes(a.comparisonOperator))
    return `${path}.comparisonOperator ${JSON.stringify(a.comparisonOperator)} must be one of ${COMPARISONS.join(', ')}`;
  if (!Number.isFinite(a.threshold)) return `${path}.threshold must be a number`;
  const periods = a.evaluationPeriods ?? 1;
  if (!Number.isInteger(periods) || periods < 1)
    return `${path}.evaluationPeriods must be a whole number ≥ 1, not ${periods}`;
  // API_PutMetricAlarm: 10, 20, 30 (high resolution) or any multiple of 60 seconds.
  const period = a.period ?? 60;
  if (![10, 20, 30].includes(period) && !(Number.isInteger(period) && period > 0 && period % 60 === 0))
    return `${path}.period must be 10, 20, 30 or a multiple of 60 seconds, not ${period}`;
  return undefined;
}

/**
 * The alarm of `spec.autoscaling.stepScaling[index]`: owned (`alarm`) or referenced (`alarmName`),
 * exactly one of them; a string says what to change.
 */
export function desiredAlarm(
  spec: StepScalingPolicySpec,
  index: number,
  policyName: string,
  service: { readonly cluster: string; readonly serviceName: string },
): DesiredAlarm | string {
  const path = `spec.autoscaling.stepScaling[${index}]`;
  if ((spec.alarm === undefined) === (spec.alarmName === undefined))
    return `${path} needs exactly one of alarm (an alarm ecs-bridge creates) and alarmName (an existing alarm)`;
  // A policy ecs-bridge did not create is driven by an alarm ecs-bridge did not create either.
  if (spec.policyName !== undefined && spec.alarm !== undefined)
    return `${path}.alarm is set but ${path}.policyName names a policy ecs-bridge did not create, whose alarm is the user's: name that alarm with alarmName instead of alarm`;
  if (spec.alarmName !== undefined) {
    if (spec.alarmName === '' || spec.alarmName.startsWith(OWNED_ALARM_PREFIX))
      return `${path}.alarmName ${JSON.stringify(spec.alarmName)} must name an existing alarm not starting with ${OWNED_ALARM_PREFIX} (those names are ecs-bridge's own); to have ecs-bridge create the alarm, set alarm instead`;
    return { ownership: 'referenced', alarmName: spec.alarmName, policyName };
  }
  const a = spec.alarm as StepAlarmSpec;
  const problem = ownedAlarmProblem(a, `${path}.alarm`);
  if (problem !== undefined) return problem;
  const alarmName = ownedAlarmName(service.cluster, service.serviceName, spec.name);
  if (alarmName.length > MAX_ALARM_NAME)
    return `${path}.name makes the alarm name ${alarmName} longer than CloudWatch's ${MAX_ALARM_NAME} characters; choose a shorter name`;
  return {
    ownership: 'owned',
    alarmName,
    policyName,
    namespace: a.namespace ?? 'AWS/ECS',
    metricName: a.metricName,
    statistic: a.statistic ?? 'Average',
    dimensions: [
      ...(a.dimensions ?? [
        { name: 'ClusterName', value: nameOfArn(service.cluster) },
        { name: 'ServiceName', value: nameOfArn(service.serviceName) },
      ]),
    ]
      .map((d) => ({ name: d.name, value: d.value }))
      .sort(byName),
    period: a.period ?? 60,
    evaluationPeriods: a.evaluationPeriods ?? 1,
    threshold: a.threshold,
    comparisonOperator: a.comparisonOperator,
  };
}

/** One DescribeAlarms entry in normal form. */
export function observeAlarm(a: MetricAlarm): ObservedAlarm {
  return {
    alarmName: a.AlarmName ?? '',
    namespace: a.Namespace ?? '',
    metricName: a.MetricName ?? '',
    statistic: a.Statistic ?? '',
    dimensions: (a.Dimensions ?? []).map((d) => ({ name: d.Name ?? '', value: d.Value ?? '' })).sort(byName),
    period: a.Period ?? 0,
    evaluationPeriods: a.EvaluationPeriods ?? 0,
    threshold: a.Threshold ?? Number.NaN,
    comparisonOperator: a.ComparisonOperator ?? '',
    // CloudWatch's default is true.
    actionsEnabled: a.ActionsEnabled ?? true,
    alarmActions: [...(a.AlarmActions ?? [])].sort(),
    state: a.StateValue,
  };
}

/**
 * True when the alarm's actions include the policy's ARN. A target-tracking-style action may carry
 * a suffix after the ARN (`…:policyName/x:createdBy/…`), so a prefix counts.
 */
export function pointsAtPolicy(alarm: ObservedAlarm | undefined, policyArn: string | undefined): boolean {
  if (alarm === undefined || policyArn === undefined) return false;
  return (
    alarm.actionsEnabled && alarm.alarmActions.some((a) => a === policyArn || a.startsWith(`${policyArn}:`))
  );
}

/** True when the owned alarm is exactly as desired, its one action the policy's ARN. */
export function isSameOwnedAlarm(d: DesiredOwnedAlarm, o: ObservedAlarm, policyArn: string): boolean {
  return (
    sameFields(o, d, OWNED_ALARM_FIELDS) &&
    o.actionsEnabled &&
    o.alarmActions.length === 1 &&
    o.alarmActions[0] === policyArn &&
    sameEntries(o.dimensions, d.dimensions, ['name', 'value'])
  );
}

/** The scalar fields PutMetricAlarm sets on an owned alarm (dimensions and actions compare apart). */
const OWNED_ALARM_FIELDS = [
  'namespace',
  'metricName',
  'statistic',
  'period',
  'evaluationPeriods',
  'threshold',
  'comparisonOperator',
] as const satisfies readonly (keyof DesiredOwnedAlarm)[];

/** One CloudWatch write; `apply-alarms.ts` turns each into exactly one call. */
export type AlarmAction =
  | { readonly type: 'putMetricAlarm'; readonly input: PutMetricAlarmInput }
  | { readonly type: 'deleteAlarms'; readonly alarmNames: readonly string[] };

/** The PutMetricAlarm of an owned alarm; `tags` apply on create only (CloudWatch ignores them on update). */
export function putOwnedAlarmInput(
  d: DesiredOwnedAlarm,
  policyArn: string,
  tags: readonly { readonly key: string; readonly value: string }[],
): PutMetricAlarmInput {
  return {
    AlarmName: d.alarmName,
    AlarmDescription: `Drives step scaling policy ${d.policyName}; created and owned by ecs-bridge`,
    ActionsEnabled: true,
    AlarmActions: [policyArn],
    Namespace: d.namespace,
    MetricName: d.metricName,
    Statistic: d.statistic as Statistic,
    Dimensions: d.dimensions.map((x) => ({ Name: x.name, Value: x.value })),
    Period: d.period,
    EvaluationPeriods: d.evaluationPeriods,
    Threshold: d.threshold,
    ComparisonOperator: d.comparisonOperator as ComparisonOperator,
    ...(tags.length === 0 ? {} : { Tags: tags.map((t) => ({ Key: t.key, Value: t.value })) }),
  };
}

/**
 * The owned alarms to delete: those of our step policies (`ourStepPolicyNames`, as AWS has them)
 * no longer desired, that exist. Deleted before their policies, so a failure between the two leaves
 * the policy, which names its alarm for the next visit.
 */
export function planAlarmRemovals(
  wanted: readonly DesiredAlarm[],
  ownedAlarmOfPolicy: (policyName: string) => string,
  ourStepPolicyNames: readonly string[],
  observed: ReadonlyMap<string, ObservedAlarm>,
): AlarmAction[] {
  const keep = new Set(wanted.filter((a) => a.ownership === 'owned').map((a) => a.alarmName));
  const gone = ourStepPolicyNames
    .map(ownedAlarmOfPolicy)
    .filter((n) => !keep.has(n) && observed.has(n))
    .sort();
  return gone.length === 0 ? [] : [{ type: 'deleteAlarms', alarmNames: gone }];
}

/**
 * The owned alarms to create or update, once their policies exist (their ARNs are the alarms'
 * actions): missing or different ones only. A policy without an ARN yet gets no alarm this time.
 */
export function planAlarmPuts(
  wanted: readonly DesiredAlarm[],
  policyArns: ReadonlyMap<string, string>,
  observed: ReadonlyMap<string, ObservedAlarm>,
  tags: readonly { readonly key: string; readonly value: string }[],
): { readonly actions: AlarmAction[]; readonly reasons: string[] } {
  const actions: AlarmAction[] = [];
  const reasons: string[] = [];
  for (const d of wanted) {
    if (d.ownership !== 'owned') continue;
    const arn = policyArns.get(d.policyName);
    if (arn === undefined) continue;
    const o = observed.get(d.alarmName);
    if (o !== undefined && isSameOwnedAlarm(d, o, arn)) continue;
    actions.push({ type: 'putMetricAlarm', input: putOwnedAlarmInput(d, arn, tags) });
    reasons.push(
      o === undefined ? `alarm ${d.alarmName} is missing` : `alarm ${d.alarmName} differs from the spec`,
    );
  }
  return { actions, reasons };
}
