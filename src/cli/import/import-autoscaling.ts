/**
 * `spec.autoscaling` from a service's scalable target and policies, pure, such that the autoscaling
 * planner finds nothing to write. That is possible for exactly the policies ecs-bridge would create
 * itself, under the name the spec derives: target tracking on a predefined metric (`ecs-bridge-cpu`,
 * `ecs-bridge-memory`, `ecs-bridge-alb-request-count`), and (`import-policies.ts`) on a customized
 * metric (`ecs-bridge-custom-<name>`), predictive scaling (`ecs-bridge-predictive`) and step scaling
 * (`ecs-bridge-step-<name>`) with its alarm. A target-tracking policy under a name ecs-bridge did
 * not choose is expressed in the entry of its signal (or in `customMetrics`), and a predictive one
 * in `predictive` when ecs-bridge has none, with `policyName` and without `adopt`: ecs-bridge then
 * only reads and compares it (ADR 0041); so is a scheduled action under a name ecs-bridge did not
 * choose (`scheduledActionName`). Any other policy cannot be expressed; it is noted and left
 * alone (the planner never touches a policy it did not name). With no expressible policy at all,
 * `spec.autoscaling` is left out and the target stays the autoscaler's, untouched.
 */
import { decision, unexpressed, type ImportNote } from './import-notes.js';
import {
  importCustomMetric,
  importPolicies,
  importPredictive,
  isExpressiblePredictive,
  type AlarmsByName,
} from './import-policies.js';
import {
  POLICY_BY_SIGNAL,
  POLICY_SIGNALS,
  defaultTargetGroupArn,
  isOurPolicyName,
  type PolicySignal,
  type ServiceLoadBalancer,
  type SuspendedFlags,
} from '../../resources/autoscaling/desired.js';
import type { ObservedAutoscaling, ObservedPolicy } from '../../resources/autoscaling/observe.js';
import type {
  AutoscalingSpec,
  CustomMetricPolicySpec,
  ScheduledActionSpec,
  TargetTrackingSpec,
} from '../../resources/service/types.js';
import {
  DEFAULT_TIMEZONE,
  SCHEDULED_ACTION_NAME_PREFIX,
  desiredScheduledActions,
  isOurScheduledActionName,
  isSameScheduledAction,
  scheduledActionStatus,
  type NormalScheduledAction,
} from '../../resources/autoscaling/scheduled-actions.js';
import { CUSTOM_POLICY_NAME_PREFIX } from '../../resources/autoscaling/customized-metric.js';
import { PREDICTIVE_POLICY_NAME } from '../../resources/autoscaling/predictive-scaling.js';
import { STEP_POLICY_PREFIX } from '../../resources/autoscaling/step-scaling.js';
import { entryName } from './entry-name.js';
import { compareStrings } from '../../shared/compare-strings.js';

/** The imported autoscaling: the spec block (when expressible) and what was noted. */
export interface ImportedAutoscaling {
  readonly spec?: AutoscalingSpec;
  readonly notes: readonly ImportNote[];
  /** True when a scalable target exists, so the autoscaler owns desiredCount. */
  readonly ownsDesiredCount: boolean;
}

/** What {@link importAutoscaling} needs besides the observation. */
export interface ImportAutoscalingContext {
  /** The service's load balancers (the ALB policy's default target group is the first one's). */
  readonly loadBalancers: readonly ServiceLoadBalancer[] | undefined;
  /** `arn:<partition>:elasticloadbalancing:<region>:<account>:` of the service's Region and account. */
  readonly elbArnPrefix: string | undefined;
  /** The service's cluster (name or ARN) and name: an owned alarm's name derives from them. */
  readonly cluster?: string | undefined;
  readonly serviceName?: string | undefined;
  /** The alarms read for the step policies (`stepAlarmNamesToRead`); none when absent. */
  readonly alarms?: AlarmsByName | undefined;
}

/**
 * The signal whose entry can express `p`: ours by its derived name; someone else's by its predefined
 * metric (then the entry names it with `policyName`, ADR 0041).
 */
function signalOf(p: ObservedPolicy): PolicySignal | undefined {
  if (!isOurPolicyName(p.policyName))
    return POLICY_SIGNALS.find((s) => POLICY_BY_SIGNAL[s].metricType === p.metricType);
  return POLICY_SIGNALS.find((s) => POLICY_BY_SIGNAL[s].policyName === p.policyName);
}

/** The name pattern of a `customMetrics` entry (CRD): a letter or digit, then letters, digits, `.`, `_`, `-`. */
function entryNameOf(policyName: string, taken: ReadonlySet<string>): string {
  return entryName(policyName, taken, { refused: /[^A-Za-z0-9._-]+/g, maxLength: 190 });
}

/**
 * Someone else's target-tracking policy on a customized metric as a `customMetrics` entry that names
 * it (`policyName`), or undefined when it is not one (the caller notes it).
 */
function importForeignCustomMetric(
  p: ObservedPolicy,
  taken: Set<string>,
  notes: ImportNote[],
): CustomMetricPolicySpec | 'noted' | undefined {
  if (p.policyType !== 'TargetTrackingScaling' || p.customMetrics === undefined || p.metricType !== undefined)
    return undefined;
  const entry = importCustomMetric(p, notes, entryNameOf(p.policyName, taken), p.policyName);
  if (entry === undefined) return 'noted';
  taken.add(entry.name);
  return entry;
}

function referencedNote(p: ObservedPolicy, field: string): ImportNote {
  return decision(
    `${field}.policyName`,
    `policy ${p.policyName} was not created by ecs-bridge: the entry names it, so ecs-bridge reads and compares it and never writes or deletes it; add adopt: true to the entry to let ecs-bridge change it as written (it is still never deleted)`,
  );
}

function describePolicy(p: ObservedPolicy): string {
  const metric = p.customizedMetric
    ? 'a customized metric'
    : p.predictive !== undefined
      ? `metric pair ${p.predictive.metricPair || 'of its own'}`
      : p.policyType === 'StepScaling'
        ? `alarms ${p.alarmNames.join(', ') || 'none listed'}`
        : (p.metricType ?? 'no predefined metric');
  return `${p.policyName} (${p.policyType || 'unknown type'} on ${metric}${
    p.targetValue === undefined ? '' : `, target ${p.targetValue}`
  })`;
}

function trackingSpec(p: ObservedPolicy): TargetTrackingSpec {
  return {
    targetValue: p.targetValue ?? 0,
    scaleOutCooldown: p.scaleOutCooldown,
    scaleInCooldown: p.scaleInCooldown,
    ...(p.disableScaleIn ? { disableScaleIn: true } : {}),
  };
}

/** Names `import-policies.ts` decides on (expressed there, or noted there with the reason). */
function isDerivedKindName(policyName: string): boolean {
  return (
    policyName.startsWith(CUSTOM_POLICY_NAME_PREFIX) ||
    policyName.startsWith(STEP_POLICY_PREFIX) ||
    policyName === PREDICTIVE_POLICY_NAME
  );
}

/** `app/<lb>/<id>/targetgroup/<tg>/<id>` → `targetgroup/<tg>/<id>`. */
function targetGroupResource(label: string): string | undefined {
  const at = label.indexOf('/targetgroup/');
  return at < 0 ? undefined : label.slice(at + 1);
}

/** A scheduled action's fields as a spec entry; a default time zone is left out, as users write it. */
function scheduledEntryOf(a: NormalScheduledAction, name: string): ScheduledActionSpec {
  const { name: _aws, timezone, ...shown } = scheduledActionStatus(a);
  return {
    name,
    ...shown,
    ...(timezone === undefined || timezone === DEFAULT_TIMEZONE ? {} : { timezone }),
  };
}

/**
 * Our scheduled actions (`ecs-bridge-<name>`) as spec entries that plan to nothing; then anyone
 * else's, in name order, as an entry that names it with `scheduledActionName` and without `adopt`
 * (ADR 0041): ecs-bridge only reads and compares it. One the spec cannot say exactly (a name AWS
 * allows and the CRD does not) is noted and left alone.
 */
function importScheduledActions(observed: ObservedAutoscaling, notes: ImportNote[]): ScheduledActionSpec[] {
  const all = observed.scheduledActions ?? [];
  const out = all
    .filter((a) => isOurScheduledActionName(a.scheduledActionName))
    .map((a) => scheduledEntryOf(a, a.scheduledActionName.slice(SCHEDULED_ACTION_NAME_PREFIX.length)));
  const taken = new Set(out.map((e) => e.name));
  const foreign = all
    .filter((a) => !isOurScheduledActionName(a.scheduledActionName))
    .sort((x, y) => compareStrings(x.scheduledActionName, y.scheduledActionName));
  for (const a of foreign) {
    const field = `autoscaling.scheduledActions.${a.scheduledActionName}`;
    const entry: ScheduledActionSpec = {
      ...scheduledEntryOf(a, entryNameOf(a.scheduledActionName, taken)),
      scheduledActionName: a.scheduledActionName,
    };
    // The entry must read back as exactly this action, or applying it would report NotOwned.
    const back = desiredScheduledActions([entry]);
    if (typeof back === 'string' || back[0] === undefined || !isSameScheduledAction(back[0], a)) {
      notes.push(
        unexpressed(
          field,
          `scheduled action ${a.scheduledActionName} (${a.schedule}) is not expressed: ${typeof back === 'string' ? back : 'it does not read back the same'}; ecs-bridge leaves it as it is`,
        ),
      );
      continue;
    }
    taken.add(entry.name);
    out.push(entry);
    notes.push(
      decision(
        `${field}.scheduledActionName`,
        `scheduled action ${a.scheduledActionName} was not created by ecs-bridge: the entry names it, so ecs-bridge reads and compares it and never writes or deletes it; add adopt: true to the entry to let ecs-bridge change it as written (it is still never deleted)`,
      ),
    );
  }
  return out;
}

/**
 * `suspend` with only the flags that are true (the others default to false), or nothing when no
 * scaling is suspended: the spec then leaves the state alone, which also matches.
 */
function suspendOf(s: SuspendedFlags | undefined): Pick<AutoscalingSpec, 'suspend'> {
  if (s === undefined) return {};
  const flags = Object.fromEntries(Object.entries(s).filter(([, on]) => on));
  return Object.keys(flags).length === 0 ? {} : { suspend: flags };
}

/** Builds `spec.autoscaling` (or explains why not) from what Application Auto Scaling has. */
export function importAutoscaling(
  observed: ObservedAutoscaling,
  context: ImportAutoscalingContext,
): ImportedAutoscaling {
  const target = observed.target;
  if (target === undefined) {
    const stray = observed.policies.map(describePolicy);
    return {
      notes:
        stray.length === 0
          ? []
          : [unexpressed('autoscaling', `policies without a scalable target: ${stray.join(', ')}`)],
      ownsDesiredCount: false,
    };
  }
  const notes: ImportNote[] = [];
  const spec: { -readonly [K in keyof AutoscalingSpec]?: AutoscalingSpec[K] } = {};
  const more = importPolicies(
    observed,
    context.alarms ?? new Map(),
    { cluster: context.cluster ?? '', serviceName: context.serviceName ?? '' },
    notes,
  );
  const foreignCustom: CustomMetricPolicySpec[] = [];
  let predictive = more.predictive;
  const entryNames = new Set(more.customMetrics.map((c) => c.name));
  // Ours first, so a signal's entry is ecs-bridge's own policy when AWS has both.
  const ordered = [
    ...observed.policies.filter((p) => isOurPolicyName(p.policyName)),
    ...observed.policies.filter((p) => !isOurPolicyName(p.policyName)),
  ];
  for (const p of ordered) {
    if (more.noted.has(p.policyName) || isDerivedKindName(p.policyName)) continue;
    if (more.expressed.has(p.policyName)) {
      const step = more.stepScaling.find((e) => e.policyName === p.policyName);
      if (step !== undefined) notes.push(referencedNote(p, `autoscaling.stepScaling.${step.name}`));
      continue;
    }
    const foreign = !isOurPolicyName(p.policyName);
    if (foreign) {
      const custom = importForeignCustomMetric(p, entryNames, notes);
      if (custom === 'noted') continue;
      if (custom !== undefined) {
        foreignCustom.push(custom);
        notes.push(referencedNote(p, `autoscaling.customMetrics.${custom.name}`));
        continue;
      }
      // The spec has one predictive entry: ecs-bridge's own policy when AWS has it, else the first.
      if (predictive === undefined && isExpressiblePredictive(p)) {
        predictive = importPredictive(p, notes, p.policyName);
        if (predictive !== undefined) {
          notes.push(referencedNote(p, 'autoscaling.predictive'));
          continue;
        }
      }
    }
    const signal = signalOf(p);
    const expressible =
      signal !== undefined &&
      p.policyType === 'TargetTrackingScaling' &&
      !p.customizedMetric &&
      p.metricType === POLICY_BY_SIGNAL[signal].metricType &&
      p.targetValue !== undefined &&
      spec[signal] === undefined;
    if (!expressible || signal === undefined) {
      notes.push(
        unexpressed(
          `autoscaling.policies.${p.policyName}`,
          foreign
            ? `policy ${describePolicy(p)} is not expressed: policyName can name a target-tracking policy in the entry of its signal (${POLICY_SIGNALS.join(', ')}; one each${signal !== undefined && spec[signal] !== undefined ? `, and ${signal} already expresses another policy` : ''}) or in customMetrics, and one predictive policy${p.policyType === 'PredictiveScaling' && predictive !== undefined ? ' (predictive already expresses another)' : ''}, and a step scaling policy in stepScaling with the alarm acting on it; ecs-bridge leaves this one as it is`
            : `policy ${describePolicy(p)} is not expressed: spec.autoscaling derives every policy's name (${POLICY_SIGNALS.map((s) => POLICY_BY_SIGNAL[s].policyName).join(', ')}, ${CUSTOM_POLICY_NAME_PREFIX}<name>, ${STEP_POLICY_PREFIX}<name>, ${PREDICTIVE_POLICY_NAME}) and manages only those; ecs-bridge leaves this one as it is`,
        ),
      );
      continue;
    }
    const named = foreign ? { policyName: p.policyName } : {};
    if (signal !== 'albRequestCountPerTarget') {
      spec[signal] = { ...trackingSpec(p), ...named };
      if (foreign) notes.push(referencedNote(p, `autoscaling.${signal}`));
      continue;
    }
    const resource = p.resourceLabel === undefined ? undefined : targetGroupResource(p.resourceLabel);
    if (resource === undefined || context.elbArnPrefix === undefined) {
      notes.push(
        unexpressed(
          `autoscaling.policies.${p.policyName}`,
          `policy ${describePolicy(p)} has no readable target group in its ResourceLabel (${p.resourceLabel ?? 'none'}); ecs-bridge leaves it as it is`,
        ),
      );
      continue;
    }
    const targetGroupArn = `${context.elbArnPrefix}${resource}`;
    const byDefault = defaultTargetGroupArn(context.loadBalancers);
    spec.albRequestCountPerTarget = {
      ...trackingSpec(p),
      // The operator derives the same label from this target group's load balancer.
      ...(byDefault === targetGroupArn ? {} : { targetGroupArn }),
      ...named,
    };
    if (foreign) notes.push(referencedNote(p, 'autoscaling.albRequestCountPerTarget'));
  }
  const scheduledActions = importScheduledActions(observed, notes);
  const customMetrics = [...more.customMetrics, ...foreignCustom];
  const expressed =
    POLICY_SIGNALS.some((s) => spec[s] !== undefined) ||
    more.expressed.size > 0 ||
    foreignCustom.length > 0 ||
    predictive !== undefined ||
    scheduledActions.length > 0;
  if (!expressed) {
    notes.push(
      unexpressed(
        'autoscaling',
        `scalable target ${observed.resourceId} [${target.minCapacity}, ${target.maxCapacity}] is not expressed (spec.autoscaling needs at least one policy ecs-bridge can manage); ecs-bridge leaves the target and its policies alone`,
      ),
      decision(
        'desiredCount',
        'left out: the scalable target owns the task count, so the spec must not compare it',
      ),
    );
    return { notes, ownsDesiredCount: true };
  }
  notes.push(decision('desiredCount', 'left out: spec.autoscaling owns the task count'));
  return {
    spec: {
      minCapacity: target.minCapacity,
      maxCapacity: target.maxCapacity,
      // In the order the spec documents them, whatever order AWS listed the policies in.
      ...Object.fromEntries(POLICY_SIGNALS.flatMap((s) => (spec[s] === undefined ? [] : [[s, spec[s]]]))),
      ...(customMetrics.length === 0 ? {} : { customMetrics }),
      ...(predictive === undefined ? {} : { predictive }),
      ...(more.stepScaling.length === 0 ? {} : { stepScaling: more.stepScaling }),
      ...suspendOf(target.suspendedState),
      ...(scheduledActions.length === 0 ? {} : { scheduledActions }),
    },
    notes,
    ownsDesiredCount: true,
  };
}
