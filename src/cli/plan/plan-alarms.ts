/**
 * The CloudWatch half of an EcsService's autoscaling plan, pure: the alarm writes the operator
 * would make for step scaling (ADR 0034) on what CloudWatch has. Owned alarms (named
 * `ecs-bridge-<cluster>-<service>-<name>`) are created, updated when they differ, and deleted with
 * their policy; an alarm the spec references by `alarmName` is never in a write, only in a note when
 * it cannot drive its policy. The same pure functions as the operator's reconcile decide.
 */
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { diffFields } from '../field-diff.js';
import { operation, type PlanOperation } from './plan-model.js';
import {
  isSameOwnedAlarm,
  observeAlarm,
  planAlarmRemovals,
  type DesiredOwnedAlarm,
  type ObservedAlarm,
} from '../../resources/autoscaling/alarms.js';
import type { ObservedAutoscaling } from '../../resources/autoscaling/observe.js';
import {
  ourStepPolicyNames,
  ownedAlarmOfPolicy,
  referencedAlarmProblem,
  stepAlarmStatus,
} from '../../resources/autoscaling/step-alarms.js';
import type { DesiredStepScaling } from '../../resources/autoscaling/step-scaling-intent.js';
import { desiredStepScaling } from '../../resources/autoscaling/step-scaling-intent.js';
import type { AutoscalingSpec } from '../../resources/service/types.js';
import { nameOfArn } from '../../shared/arn.js';

/** The service the alarms belong to (a cluster name or ARN, and the service's name). */
export interface AlarmPlanService {
  readonly cluster: string;
  readonly serviceName: string;
}

/**
 * The alarm names `plan` reads for a service, as the operator would: every alarm the spec's step
 * policies name or own, and the owned alarm of each of our step policies AWS still has. Empty when
 * there is no step scaling on either side (then no CloudWatch call is made).
 */
export function alarmNamesToPlan(
  spec: AutoscalingSpec | undefined,
  observed: ObservedAutoscaling | undefined,
  service: AlarmPlanService,
): string[] {
  const desired = spec === undefined ? undefined : desiredStepScaling(spec.stepScaling, service);
  const names = new Set<string>(
    desired === undefined || typeof desired === 'string' ? [] : desired.alarms.map((a) => a.alarmName),
  );
  const clusterName = nameOfArn(service.cluster);
  for (const p of ourStepPolicyNames(observed?.stepPolicies))
    names.add(ownedAlarmOfPolicy({ clusterName, serviceName: service.serviceName }, p));
  return [...names].sort();
}

/**
 * DescribeAlarms' answer keyed by name, in the planner's normal form: exactly the names asked for,
 * whatever the server (or the shared prefix listing behind it) answered besides.
 */
export function alarmsByName(
  alarms: readonly MetricAlarm[],
  asked: readonly string[],
): ReadonlyMap<string, ObservedAlarm> {
  const wanted = new Set(asked);
  return new Map(
    alarms.filter((a) => wanted.has(a.AlarmName ?? '')).map((a) => [a.AlarmName ?? '', observeAlarm(a)]),
  );
}

/** An owned alarm's fields as `plan` shows them, its one action the policy's ARN. */
function shownAlarm(
  a: Omit<DesiredOwnedAlarm, 'ownership' | 'alarmName' | 'policyName'>,
  actions: readonly string[],
): Record<string, unknown> {
  return {
    namespace: a.namespace,
    metricName: a.metricName,
    statistic: a.statistic,
    dimensions: a.dimensions,
    period: a.period,
    evaluationPeriods: a.evaluationPeriods,
    threshold: a.threshold,
    comparisonOperator: a.comparisonOperator,
    alarmActions: actions,
  };
}

/** What {@link planAlarmOperations} needs. */
export interface AlarmPlanInput {
  /** The spec's step scaling, validated; undefined when the spec has none (or no autoscaling). */
  readonly desired: DesiredStepScaling | undefined;
  readonly observed: ObservedAutoscaling;
  /** The alarms read ({@link alarmNamesToPlan}); undefined when they were not read. */
  readonly alarms: ReadonlyMap<string, ObservedAlarm> | undefined;
  readonly service: AlarmPlanService;
}

/** The alarm writes, in the operator's order (deletions before the policies go, puts after). */
export function planAlarmOperations(input: AlarmPlanInput): {
  readonly operations: PlanOperation[];
  readonly notes: string[];
} {
  const wanted = input.desired?.alarms ?? [];
  const ours = ourStepPolicyNames(input.observed.stepPolicies);
  if (wanted.length === 0 && ours.length === 0) return { operations: [], notes: [] };
  if (input.alarms === undefined)
    return {
      operations: [],
      notes: ['the step scaling policies’ CloudWatch alarms were not read; their writes are not planned'],
    };
  const alarms = input.alarms;
  const clusterName = nameOfArn(input.service.cluster);
  const operations: PlanOperation[] = planAlarmRemovals(
    wanted,
    (p) => ownedAlarmOfPolicy({ clusterName, serviceName: input.service.serviceName }, p),
    ours,
    alarms,
  ).flatMap((a) =>
    a.type === 'deleteAlarms'
      ? a.alarmNames.map((name) => operation('-', 'DeleteAlarms', `alarm ${name}`))
      : [],
  );
  const arnOf = (policyName: string): string | undefined =>
    input.observed.stepPolicies?.find((p) => p.policyName === policyName)?.policyArn;
  for (const d of wanted) {
    if (d.ownership !== 'owned') continue;
    const arn = arnOf(d.policyName);
    const o = alarms.get(d.alarmName);
    if (arn !== undefined && o !== undefined && isSameOwnedAlarm(d, o, arn)) continue;
    operations.push(
      operation(
        o === undefined ? '+' : '~',
        'PutMetricAlarm',
        // Its action is the policy's ARN, which exists only once the policy was put.
        arn === undefined
          ? `alarm ${d.alarmName} (once policy ${d.policyName} exists)`
          : `alarm ${d.alarmName}`,
        diffFields(
          o === undefined ? {} : shownAlarm(o, o.actionsEnabled ? o.alarmActions : []),
          shownAlarm(d, [arn ?? `(the ARN of ${d.policyName})`]),
        ),
      ),
    );
  }
  const notes: string[] = [];
  const problem = referencedAlarmProblem(stepAlarmStatus(wanted, alarms, input.observed.stepPolicies));
  if (problem !== undefined) notes.push(`${problem.reason}: ${problem.message}`);
  return { operations, notes };
}
