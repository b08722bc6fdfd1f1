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
 * same way (`import-step-policies.ts`), with the alarm acting on each as `alarmName`, so applying
 * the manifest writes nothing.
 *
 * Alarms: the alarm named as ecs-bridge names its own (`ecs-bridge-<cluster>-<service>-<name>`) is
 * ecs-bridge's by that name (ADR 0034) and comes back as `alarm`; any other alarm acting on the
 * policy comes back as `alarmName`, referenced and never written.
 */
import { unexpressed, type ImportNote } from './import-notes.js';
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
import { STEP_POLICY_PREFIX } from '../../resources/autoscaling/step-scaling.js';
import { DEFAULT_COOLDOWN_SECONDS, isOurPolicyName } from '../../resources/autoscaling/desired.js';
import type {
  CustomMetricPolicySpec,
  CustomMetricQuerySpec,
  PredictiveScalingSpec,
} from '../../resources/service/types.js';
import type { StepScalingPolicySpec } from '../../resources/service/step-scaling-types.js';
import {
  importStep,
  stepEntryName,
  type AlarmsByName,
  type PolicyImportService,
} from './import-step-policies.js';

export { stepAlarmNamesToRead, type AlarmsByName, type PolicyImportService } from './import-step-policies.js';

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
