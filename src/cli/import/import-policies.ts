/**
 * The policies of `spec.autoscaling` beyond the three predefined signals, read back from what
 * Application Auto Scaling and CloudWatch have, pure, such that the autoscaling planner (and the
 * alarm planner) finds nothing to write: target tracking on a customized metric
 * (`ecs-bridge-custom-<name>`, metric math included), predictive scaling (`ecs-bridge-predictive`)
 * and step scaling (`ecs-bridge-step-<name>`) with the alarm that drives each.
 *
 * Names: every kind derives its AWS name from the spec (the `ecs-bridge-` prefix is how ownership
 * is decided; policies carry no tags), so only a policy under the name the spec would derive can be
 * expressed here; import never renames or adopts anyone else's policy (ADR 0026's ownership rule).
 * Someone else's target tracking and predictive policies are expressed by `import-autoscaling.ts`
 * with `policyName` and no `adopt` (ADR 0041); their step scaling policies are expressed here the
 * same way, with the alarm acting on each as `alarmName`, so applying the manifest writes nothing.
 *
 * Alarms: the alarm named as ecs-bridge names its own (`ecs-bridge-<cluster>-<service>-<name>`) is
 * ecs-bridge's by that name (ADR 0034) and comes back as `alarm`; any other alarm acting on the
 * policy comes back as `alarmName`, referenced and never written.
 */
import { decision, unexpressed, type ImportNote } from './import-notes.js';
import { OWNED_ALARM_PREFIX } from '../../aws/cloudwatch-api.js';
import {
  desiredAlarm,
  isSameOwnedAlarm,
  ownedAlarmName,
  pointsAtPolicy,
  type ObservedAlarm,
} from '../../resources/autoscaling/alarms.js';
import {
  CUSTOM_POLICY_NAME_PREFIX,
  desiredCustomMetricQueries,
  isSameCustomMetric,
  type NormalMetricQuery,
} from '../../resources/autoscaling/customized-metric.js';
import type { ObservedAutoscaling, ObservedPolicy } from '../../resources/autoscaling/observe.js';
import {
  PREDICTIVE_DEFAULTS,
  PREDICTIVE_METRIC_PAIRS,
  PREDICTIVE_POLICY_NAME,
} from '../../resources/autoscaling/predictive-scaling.js';
import {
  DEFAULT_STEP_COOLDOWN_SECONDS,
  STEP_POLICY_PREFIX,
  desiredStepPolicy,
  isSameStepPolicy,
  type ObservedStepPolicy,
} from '../../resources/autoscaling/step-scaling.js';
import { DEFAULT_COOLDOWN_SECONDS, isOurPolicyName } from '../../resources/autoscaling/desired.js';
import type {
  CustomMetricPolicySpec,
  CustomMetricQuerySpec,
  PredictiveScalingSpec,
} from '../../resources/service/types.js';
import type { StepAlarmSpec, StepScalingPolicySpec } from '../../resources/service/step-scaling-types.js';
import { nameOfArn } from '../../shared/arn.js';

/** The service whose policies are imported: its owned alarms' names derive from these. */
export interface PolicyImportService {
  /** A cluster name or ARN. */
  readonly cluster: string;
  readonly serviceName: string;
}

/** The alarms import reads for the step policies of {@link stepAlarmNamesToRead}, by name. */
export type AlarmsByName = ReadonlyMap<string, ObservedAlarm>;

/** The spec entries expressed, and the names of the policies they cover. */
export interface ImportedPolicies {
  readonly customMetrics: readonly CustomMetricPolicySpec[];
  readonly predictive?: PredictiveScalingSpec | undefined;
  readonly stepScaling: readonly StepScalingPolicySpec[];
  /** AWS names of the policies expressed above (the caller notes every other one). */
  readonly expressed: ReadonlySet<string>;
  /** AWS names of the policies not expressed, already noted here with the reason (the caller skips them). */
  readonly noted: ReadonlySet<string>;
}

/**
 * The alarm names to read for the step policies (one DescribeAlarms): for each of ours, the name
 * ecs-bridge gives its owned alarm; for each step policy, every alarm AWS lists on it (its `Alarms`).
 */
export function stepAlarmNamesToRead(observed: ObservedAutoscaling, service: PolicyImportService): string[] {
  const names = new Set<string>();
  for (const sp of observed.stepPolicies ?? []) {
    const ours = sp.policyName.startsWith(STEP_POLICY_PREFIX);
    if (!ours && isOurPolicyName(sp.policyName)) continue;
    if (ours) names.add(ownedAlarmName(service.cluster, service.serviceName, sp.name));
    for (const n of observed.policies.find((p) => p.policyName === sp.policyName)?.alarmNames ?? [])
      names.add(n);
  }
  return [...names].sort();
}

function querySpec(q: NormalMetricQuery): CustomMetricQuerySpec {
  const m = q.metricStat;
  return {
    id: q.id,
    ...(q.expression === undefined ? {} : { expression: q.expression }),
    ...(q.label === undefined ? {} : { label: q.label }),
    // Left out means true, as users write it.
    ...(q.returnData ? {} : { returnData: false }),
    ...(m === undefined
      ? {}
      : {
          metricStat: {
            namespace: m.namespace,
            metricName: m.metricName,
            ...(m.dimensions.length === 0
              ? {}
              : { dimensions: m.dimensions.map((d) => ({ name: d.name, value: d.value })) }),
            stat: m.stat,
            ...(m.unit === undefined ? {} : { unit: m.unit }),
          },
        }),
  };
}

/** Cooldowns left out when they are the default, as users write them. */
function trackingFields(
  p: ObservedPolicy,
): Pick<CustomMetricPolicySpec, 'targetValue' | 'scaleOutCooldown' | 'scaleInCooldown' | 'disableScaleIn'> {
  return {
    targetValue: p.targetValue ?? 0,
    ...(p.scaleOutCooldown === DEFAULT_COOLDOWN_SECONDS ? {} : { scaleOutCooldown: p.scaleOutCooldown }),
    ...(p.scaleInCooldown === DEFAULT_COOLDOWN_SECONDS ? {} : { scaleInCooldown: p.scaleInCooldown }),
    ...(p.disableScaleIn ? { disableScaleIn: true } : {}),
  };
}

/**
 * A customized-metric policy as a `customMetrics` entry named `name`; with `policyName`, one
 * ecs-bridge did not name, referenced under its own name (ADR 0041). Undefined, with a note, when the
 * spec cannot say it exactly.
 */
export function importCustomMetric(
  p: ObservedPolicy,
  notes: ImportNote[],
  name = p.policyName.slice(CUSTOM_POLICY_NAME_PREFIX.length),
  policyName?: string,
): CustomMetricPolicySpec | undefined {
  const field = `autoscaling.policies.${p.policyName}`;
  if (
    p.policyType !== 'TargetTrackingScaling' ||
    p.customMetrics === undefined ||
    p.metricType !== undefined
  ) {
    notes.push(
      unexpressed(
        field,
        `policy ${p.policyName} is named like ecs-bridge's customized-metric policies but is ${p.policyType || 'of no type'}${p.metricType === undefined ? '' : ` on ${p.metricType}`}; applying the manifest deletes it (ecs-bridge deletes its own policies the spec does not name): rename it in AWS first, or remove it`,
      ),
    );
    return undefined;
  }
  const entry: CustomMetricPolicySpec = {
    name,
    ...(policyName === undefined ? {} : { policyName }),
    ...trackingFields(p),
    metrics: p.customMetrics.map(querySpec),
  };
  const queries = desiredCustomMetricQueries(entry, 'spec.autoscaling.customMetrics[]');
  if (typeof queries === 'string' || !isSameCustomMetric(queries, p.customMetrics)) {
    notes.push(
      unexpressed(
        field,
        `policy ${p.policyName}'s customized metric cannot be written as spec.autoscaling.customMetrics (${typeof queries === 'string' ? queries : 'it does not read back the same'}); ${policyName === undefined ? 'applying the manifest deletes it: rename it in AWS first, or remove it' : 'ecs-bridge leaves it as it is'}`,
      ),
    );
    return undefined;
  }
  return entry;
}

/** True when `p` is predictive scaling `spec.autoscaling.predictive` can say (one of its metric pairs). */
export function isExpressiblePredictive(p: ObservedPolicy): boolean {
  return (
    p.policyType === 'PredictiveScaling' &&
    p.predictive !== undefined &&
    (PREDICTIVE_METRIC_PAIRS as readonly string[]).includes(p.predictive.metricPair)
  );
}

/**
 * A predictive policy as `spec.autoscaling.predictive`; with `policyName`, one ecs-bridge did not name,
 * referenced under its own name (ADR 0041).
 */
export function importPredictive(
  p: ObservedPolicy,
  notes: ImportNote[],
  policyName?: string,
): PredictiveScalingSpec | undefined {
  const pr = p.predictive;
  if (!isExpressiblePredictive(p) || pr === undefined) {
    notes.push(
      unexpressed(
        `autoscaling.policies.${p.policyName}`,
        `policy ${p.policyName} is not predictive scaling on one of ${PREDICTIVE_METRIC_PAIRS.join(', ')} (spec.autoscaling.predictive offers only those); applying the manifest deletes it: rename it in AWS first, or remove it`,
      ),
    );
    return undefined;
  }
  return {
    metricPair: pr.metricPair,
    targetValue: pr.targetValue,
    // AWS's defaults are left out, as users write them.
    ...(pr.mode === PREDICTIVE_DEFAULTS.mode ? {} : { mode: pr.mode }),
    ...(pr.schedulingBufferTime === PREDICTIVE_DEFAULTS.schedulingBufferTime
      ? {}
      : { schedulingBufferTime: pr.schedulingBufferTime }),
    ...(pr.maxCapacityBreachBehavior === PREDICTIVE_DEFAULTS.maxCapacityBreachBehavior
      ? {}
      : { maxCapacityBreachBehavior: pr.maxCapacityBreachBehavior }),
    ...(pr.maxCapacityBuffer === undefined ? {} : { maxCapacityBuffer: pr.maxCapacityBuffer }),
    ...(policyName === undefined ? {} : { policyName }),
  };
}

/** The owned alarm's spec from what CloudWatch has, ecs-bridge's defaults left out. */
function ownedAlarmSpec(a: ObservedAlarm, service: PolicyImportService): StepAlarmSpec {
  const byDefault = [
    { name: 'ClusterName', value: nameOfArn(service.cluster) },
    { name: 'ServiceName', value: nameOfArn(service.serviceName) },
  ];
  const defaultDimensions =
    a.dimensions.length === byDefault.length &&
    a.dimensions.every((d, i) => d.name === byDefault[i]?.name && d.value === byDefault[i]?.value);
  return {
    metricName: a.metricName,
    ...(a.namespace === 'AWS/ECS' ? {} : { namespace: a.namespace }),
    ...(a.statistic === 'Average' ? {} : { statistic: a.statistic }),
    threshold: a.threshold,
    comparisonOperator: a.comparisonOperator,
    ...(a.evaluationPeriods === 1 ? {} : { evaluationPeriods: a.evaluationPeriods }),
    ...(a.period === 60 ? {} : { period: a.period }),
    ...(defaultDimensions ? {} : { dimensions: a.dimensions.map((d) => ({ name: d.name, value: d.value })) }),
  };
}

/** The step policy's spec fields (without its alarm), defaults left out. */
function stepFields(sp: ObservedStepPolicy): StepScalingPolicySpec {
  return {
    name: sp.name,
    ...(sp.adjustmentType === 'ChangeInCapacity' ? {} : { adjustmentType: sp.adjustmentType }),
    ...(sp.cooldown === DEFAULT_STEP_COOLDOWN_SECONDS ? {} : { cooldown: sp.cooldown }),
    ...(sp.metricAggregationType === 'Average' ? {} : { metricAggregationType: sp.metricAggregationType }),
    ...(sp.minAdjustmentMagnitude === undefined ? {} : { minAdjustmentMagnitude: sp.minAdjustmentMagnitude }),
    stepAdjustments: sp.steps.map((s) => ({
      ...(s.lowerBound === undefined ? {} : { lowerBound: s.lowerBound }),
      ...(s.upperBound === undefined ? {} : { upperBound: s.upperBound }),
      scalingAdjustment: s.scalingAdjustment,
    })),
  };
}

/**
 * A step scaling entry's name for someone else's policy: its AWS name in the letters, digits and
 * hyphens an entry name allows, unique among the entries.
 */
function stepEntryName(policyName: string, taken: ReadonlySet<string>): string {
  const base =
    policyName
      .replace(/[^A-Za-z0-9-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 56) || 'policy';
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}

/**
 * One step policy as a `stepScaling` entry with its alarm. `foreign` gives the entry's name for a
 * policy ecs-bridge did not create: the entry then names it with `policyName` (no `adopt`), and
 * only an alarm someone else made can drive it.
 */
function importStep(
  p: ObservedPolicy,
  sp: ObservedStepPolicy | undefined,
  alarms: AlarmsByName,
  service: PolicyImportService,
  notes: ImportNote[],
  foreign?: { readonly name: string },
): StepScalingPolicySpec | undefined {
  const field = `autoscaling.policies.${p.policyName}`;
  const dropped =
    foreign === undefined
      ? 'applying the manifest deletes it: rename it in AWS first, or remove it'
      : 'ecs-bridge leaves it as it is';
  if (sp === undefined) {
    notes.push(
      unexpressed(
        field,
        `policy ${p.policyName} is named like ecs-bridge's step scaling policies but is ${p.policyType || 'of no type'}; ${dropped}`,
      ),
    );
    return undefined;
  }
  const fields: StepScalingPolicySpec =
    foreign === undefined
      ? stepFields(sp)
      : { ...stepFields(sp), name: foreign.name, policyName: sp.policyName };
  const normal = desiredStepPolicy(fields, 0);
  if (typeof normal === 'string' || !isSameStepPolicy(normal, sp)) {
    notes.push(
      unexpressed(
        field,
        `step scaling policy ${p.policyName} cannot be written as spec.autoscaling.stepScaling (${typeof normal === 'string' ? normal : 'it does not read back the same'}); ${dropped}`,
      ),
    );
    return undefined;
  }
  const ownedName = ownedAlarmName(service.cluster, service.serviceName, sp.name);
  const owned = foreign === undefined ? alarms.get(ownedName) : undefined;
  if (owned !== undefined) {
    const spec: StepScalingPolicySpec = { ...fields, alarm: ownedAlarmSpec(owned, service) };
    const desired = desiredAlarm(spec, 0, sp.policyName, service);
    if (typeof desired !== 'string' && desired.ownership === 'owned') {
      if (sp.policyArn === undefined || !isSameOwnedAlarm(desired, owned, sp.policyArn)) {
        notes.push(
          decision(
            `autoscaling.stepScaling.${sp.name}.alarm`,
            `alarm ${ownedName} is ecs-bridge's by its name but is not exactly what the spec says (its one action must be the policy's ARN ${sp.policyArn ?? '(unknown)'}); applying the manifest rewrites it with PutMetricAlarm`,
          ),
        );
      }
      return spec;
    }
  }
  // Someone else's alarm acting on the policy: referenced by name, never written.
  const referenced = p.alarmNames
    .filter((n) => !n.startsWith(OWNED_ALARM_PREFIX))
    .filter((n) => pointsAtPolicy(alarms.get(n), sp.policyArn));
  const [first, ...more] = referenced;
  if (first !== undefined) {
    notes.push(
      decision(
        `autoscaling.stepScaling.${fields.name}.alarmName`,
        `alarm ${first} drives policy ${p.policyName}: referenced by name, so ecs-bridge reads it and never changes or deletes it${
          more.length === 0
            ? ''
            : `; ${more.join(', ')} act on the policy too and are left as they are (the spec names one alarm per policy)`
        }`,
      ),
    );
    return { ...fields, alarmName: first };
  }
  notes.push(
    unexpressed(
      field,
      `step scaling policy ${p.policyName} has no alarm acting on it that the spec can name (${foreign === undefined ? `neither ${ownedName} nor an alarm among its Alarms` : 'no alarm among its Alarms acts on it'}); ${dropped}, or create the alarm and import again`,
    ),
  );
  return undefined;
}

/**
 * Our customized-metric, predictive and step policies as spec entries; every other policy is left
 * for the caller (which expresses the predefined signals and notes the rest).
 */
export function importPolicies(
  observed: ObservedAutoscaling,
  alarms: AlarmsByName,
  service: PolicyImportService,
  notes: ImportNote[],
): ImportedPolicies {
  const customMetrics: CustomMetricPolicySpec[] = [];
  const stepScaling: StepScalingPolicySpec[] = [];
  const expressed = new Set<string>();
  const noted = new Set<string>();
  const taken = new Set(
    (observed.stepPolicies ?? [])
      .filter((s) => s.policyName.startsWith(STEP_POLICY_PREFIX))
      .map((s) => s.name),
  );
  let predictive: PredictiveScalingSpec | undefined;
  for (const p of observed.policies) {
    if (p.policyName.startsWith(CUSTOM_POLICY_NAME_PREFIX)) {
      const entry = importCustomMetric(p, notes);
      if (entry !== undefined) {
        customMetrics.push(entry);
        expressed.add(p.policyName);
      }
    } else if (p.policyName === PREDICTIVE_POLICY_NAME) {
      predictive = importPredictive(p, notes);
      if (predictive !== undefined) expressed.add(p.policyName);
    } else if (p.policyName.startsWith(STEP_POLICY_PREFIX)) {
      const sp = observed.stepPolicies?.find((s) => s.policyName === p.policyName);
      const entry = importStep(p, sp, alarms, service, notes);
      if (entry !== undefined) {
        stepScaling.push(entry);
        expressed.add(p.policyName);
      }
    } else if (!isOurPolicyName(p.policyName) && p.policyType === 'StepScaling') {
      // Someone else's step policy: named with policyName and no adopt, so applying writes nothing.
      const sp = observed.stepPolicies?.find((s) => s.policyName === p.policyName);
      if (sp === undefined) continue;
      const name = stepEntryName(p.policyName, taken);
      const entry = importStep(p, sp, alarms, service, notes, { name });
      if (entry === undefined) {
        noted.add(p.policyName);
        continue;
      }
      taken.add(name);
      stepScaling.push(entry);
      expressed.add(p.policyName);
    }
  }
  return {
    customMetrics,
    ...(predictive === undefined ? {} : { predictive }),
    stepScaling,
    expressed,
    noted,
  };
}
