/**
 * Step scaling policies of `spec.autoscaling.stepScaling` read back from what Application Auto
 * Scaling and CloudWatch have, pure, with the alarm that drives each: ecs-bridge's own alarm
 * (`ecs-bridge-<cluster>-<service>-<name>`, ADR 0034) as `alarm`, any other alarm acting on the
 * policy as `alarmName`, referenced and never written. Someone else's step policy is named with
 * `policyName` and no `adopt` (ADR 0041).
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
import type { ObservedAutoscaling, ObservedPolicy } from '../../resources/autoscaling/observe.js';
import {
  DEFAULT_STEP_COOLDOWN_SECONDS,
  STEP_POLICY_PREFIX,
  desiredStepPolicy,
  isSameStepPolicy,
  type ObservedStepPolicy,
} from '../../resources/autoscaling/step-scaling.js';
import { isOurPolicyName } from '../../resources/autoscaling/desired.js';
import type { StepAlarmSpec, StepScalingPolicySpec } from '../../resources/service/step-scaling-types.js';
import { nameOfArn } from '../../shared/arn.js';
import { entryName } from './entry-name.js';

/** The service whose policies are imported: its owned alarms' names derive from these. */
export interface PolicyImportService {
  /** A cluster name or ARN. */
  readonly cluster: string;
  readonly serviceName: string;
}

/** The alarms import reads for the step policies of {@link stepAlarmNamesToRead}, by name. */
export type AlarmsByName = ReadonlyMap<string, ObservedAlarm>;

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
export function stepEntryName(policyName: string, taken: ReadonlySet<string>): string {
  return entryName(policyName, taken, { refused: /[^A-Za-z0-9-]+/g, maxLength: 56 });
}

/**
 * The entry with ecs-bridge's own alarm `owned` (named as ecs-bridge names it), or undefined when
 * the spec cannot say that alarm; a note when applying would rewrite it.
 */
function ownedAlarmEntry(
  fields: StepScalingPolicySpec,
  sp: ObservedStepPolicy,
  owned: { readonly name: string; readonly alarm: ObservedAlarm },
  service: PolicyImportService,
  notes: ImportNote[],
): StepScalingPolicySpec | undefined {
  const { name: ownedName, alarm } = owned;
  const spec: StepScalingPolicySpec = { ...fields, alarm: ownedAlarmSpec(alarm, service) };
  const desired = desiredAlarm(spec, 0, sp.policyName, service);
  if (typeof desired !== 'string' && desired.ownership === 'owned') {
    if (sp.policyArn === undefined || !isSameOwnedAlarm(desired, alarm, sp.policyArn)) {
      notes.push(
        decision(
          `autoscaling.stepScaling.${sp.name}.alarm`,
          `alarm ${ownedName} is ecs-bridge's by its name but is not exactly what the spec says (its one action must be the policy's ARN ${sp.policyArn ?? '(unknown)'}); applying the manifest rewrites it with PutMetricAlarm`,
        ),
      );
    }
    return spec;
  }
  return undefined;
}

/** The entry naming someone else's alarm acting on the policy (`alarmName`), or undefined when none does. */
function referencedAlarmEntry(
  fields: StepScalingPolicySpec,
  p: ObservedPolicy,
  sp: ObservedStepPolicy,
  alarms: AlarmsByName,
  notes: ImportNote[],
): StepScalingPolicySpec | undefined {
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
  return undefined;
}

/**
 * One step policy as a `stepScaling` entry with its alarm. `foreign` gives the entry's name for a
 * policy ecs-bridge did not create: the entry then names it with `policyName` (no `adopt`), and
 * only an alarm someone else made can drive it.
 */
export function importStep(
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
  const withOwned =
    owned === undefined
      ? undefined
      : ownedAlarmEntry(fields, sp, { name: ownedName, alarm: owned }, service, notes);
  if (withOwned !== undefined) return withOwned;
  const withReferenced = referencedAlarmEntry(fields, p, sp, alarms, notes);
  if (withReferenced !== undefined) return withReferenced;
  notes.push(
    unexpressed(
      field,
      `step scaling policy ${p.policyName} has no alarm acting on it that the spec can name (${foreign === undefined ? `neither ${ownedName} nor an alarm among its Alarms` : 'no alarm among its Alarms acts on it'}); ${dropped}, or create the alarm and import again`,
    ),
  );
  return undefined;
}
