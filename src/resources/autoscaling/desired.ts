/**
 * The desired scalable target and target-tracking policies of one ECS service, built purely from
 * the EcsService's `spec.autoscaling`, the service's cluster and name, and its load balancers.
 *
 * Two steps, because one fact needs I/O: {@link desiredAutoscalingIntent} validates the spec and
 * fills our defaults; the ALB policy's ResourceLabel is then looked up (see `target-group-label.ts`)
 * and {@link resolveDesiredAutoscaling} completes the model the planner compares with AWS.
 */
import type { MetricType } from '@aws-sdk/client-application-auto-scaling';
import { ecsServiceResourceId } from '../../aws/autoscaling-api.js';
import { desiredScheduledActions, type NormalScheduledAction } from './scheduled-actions.js';
import { desiredPredictive, PREDICTIVE_POLICY_NAME } from './predictive-scaling.js';
import { customPolicyNameOf, desiredCustomMetricQueries } from './customized-metric.js';
import { desiredStepScaling, type DesiredStepScaling } from './step-scaling-intent.js';
import type { AutoscalingSpec, TargetTrackingSpec } from '../service/types.js';
import { givenNameOf, POLICY_NAME_PREFIX, validateGivenName } from './given-policy-names.js';
import { suspendedFlagsOf, type SuspendedFlags } from './suspended-flags.js';
import type { CapacityRange, TargetTrackingSettings } from './target-tracking-settings.js';

export type { AutoscalingSpec };
export {
  isSameSuspendedState,
  NOT_SUSPENDED,
  suspendedFlagsOf,
  type SuspendedFlags,
} from './suspended-flags.js';
export { isOurPolicyName, POLICY_NAME_PREFIX, validateGivenName } from './given-policy-names.js';

/** A load balancer entry of the ECS service (the SDK's `LoadBalancer`, only what we read). */
export interface ServiceLoadBalancer {
  readonly targetGroupArn?: string | undefined;
}

/** AWS's default cooldown for ECS target tracking, in seconds; we always send it explicitly. */
export const DEFAULT_COOLDOWN_SECONDS = 300;

/** The signals `spec.autoscaling` may name, in the order policies are planned. */
export const POLICY_SIGNALS = ['cpu', 'memory', 'albRequestCountPerTarget'] as const;
/** One of {@link POLICY_SIGNALS}. */
export type PolicySignal = (typeof POLICY_SIGNALS)[number];

/** The fixed policy name and predefined metric of each signal. */
export const POLICY_BY_SIGNAL: Readonly<
  Record<PolicySignal, { readonly policyName: string; readonly metricType: MetricType }>
> = {
  cpu: { policyName: `${POLICY_NAME_PREFIX}cpu`, metricType: 'ECSServiceAverageCPUUtilization' },
  memory: { policyName: `${POLICY_NAME_PREFIX}memory`, metricType: 'ECSServiceAverageMemoryUtilization' },
  albRequestCountPerTarget: {
    policyName: `${POLICY_NAME_PREFIX}alb-request-count`,
    metricType: 'ALBRequestCountPerTarget',
  },
};

/** A target-tracking policy in normalised form: every default filled in. */
export interface DesiredPolicy extends TargetTrackingSettings {
  readonly policyName: string;
  /** The predefined metric; undefined for a customized-metric or predictive policy. */
  readonly metricType?: MetricType | undefined;
  /** TargetValue (for a predictive policy, its metric pair's target value). */
  readonly targetValue: number;
  /**
   * For a policy under a name ecs-bridge did not choose (`policyName`, ADR 0041): true when the
   * entry adopts it (put like ours), false when it is only read and compared. Absent for ours.
   */
  readonly adopt?: boolean | undefined;
}

/** The complete desired autoscaling of one service: what the planner compares with AWS. */
export interface DesiredAutoscaling extends CapacityRange {
  /** `service/<cluster-name>/<service-name>`. */
  readonly resourceId: string;
  /**
   * The suspended state to hold; undefined when `spec.autoscaling.suspend` is left out, so the
   * target's state is neither sent nor reverted (someone may have paused scaling by hand).
   */
  readonly suspendedState?: SuspendedFlags | undefined;
  /** Sorted by policy name. */
  readonly policies: readonly DesiredPolicy[];
  /** Our scheduled actions, sorted by AWS name; absent means none. */
  readonly scheduledActions?: readonly NormalScheduledAction[] | undefined;
  /** Our step scaling policies and their alarms (ADR 0034); absent means none. */
  readonly stepScaling?: DesiredStepScaling | undefined;
}

/**
 * The desired state before the ALB policy's ResourceLabel is known: every member of
 * {@link DesiredAutoscaling} means the same here, but `policies` lacks the ALB policy.
 */
export interface AutoscalingIntent extends Omit<DesiredAutoscaling, 'policies'> {
  /** The policies that need no lookup (CPU, memory), sorted by name. */
  readonly policies: readonly DesiredPolicy[];
  /** The ALB policy, when configured, with the target group whose load balancer makes its label. */
  readonly alb?: { readonly policy: DesiredPolicy; readonly targetGroupArn: string } | undefined;
}

/** A spec the controller cannot act on, with a message that says what to change. */
export interface InvalidAutoscaling {
  readonly invalid: string;
}

/** What {@link desiredAutoscalingIntent} needs to know about the service. */
export interface AutoscalingServiceRef {
  /** A cluster name or ARN. */
  readonly cluster: string;
  readonly serviceName: string;
  readonly loadBalancers?: readonly ServiceLoadBalancer[] | undefined;
}

/**
 * The Application Auto Scaling ResourceId of an ECS service, `service/<cluster-name>/<service-name>`
 * (a cluster ARN is reduced to its name).
 */
export function scalableResourceId(clusterOrArn: string, serviceName: string): string {
  return ecsServiceResourceId(clusterOrArn, serviceName);
}

/** The default target group of the ALB policy: the first of the service's load balancers that has one. */
export function defaultTargetGroupArn(
  loadBalancers: readonly ServiceLoadBalancer[] | undefined,
): string | undefined {
  return loadBalancers?.find((lb) => lb.targetGroupArn !== undefined && lb.targetGroupArn !== '')
    ?.targetGroupArn;
}

function isCount(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

function validatePolicy(signal: PolicySignal, p: TargetTrackingSpec): string | undefined {
  const path = `spec.autoscaling.${signal}`;
  const named = validateGivenName(path, p);
  if (named !== undefined) return named;
  if (!Number.isFinite(p.targetValue) || p.targetValue <= 0)
    return `${path}.targetValue must be greater than 0`;
  // CPU and memory targets are percentages of the task's reservation.
  if (signal !== 'albRequestCountPerTarget' && p.targetValue > 100) {
    return `${path}.targetValue is a percentage and must be at most 100`;
  }
  for (const field of ['scaleInCooldown', 'scaleOutCooldown'] as const) {
    const v = p[field];
    if (v !== undefined && !isCount(v)) return `${path}.${field} must be a whole number of seconds ≥ 0`;
  }
  return undefined;
}

function normalisePolicy(signal: PolicySignal, p: TargetTrackingSpec): DesiredPolicy {
  const { policyName, metricType } = POLICY_BY_SIGNAL[signal];
  return {
    policyName,
    metricType,
    targetValue: p.targetValue,
    scaleInCooldown: p.scaleInCooldown ?? DEFAULT_COOLDOWN_SECONDS,
    scaleOutCooldown: p.scaleOutCooldown ?? DEFAULT_COOLDOWN_SECONDS,
    disableScaleIn: p.disableScaleIn ?? false,
    ...givenNameOf(p),
  };
}

const byName = (a: DesiredPolicy, b: DesiredPolicy): number =>
  a.policyName < b.policyName ? -1 : a.policyName > b.policyName ? 1 : 0;

/** `spec.autoscaling.customMetrics` validated and normalised, or a message naming the field. */
function desiredCustomPolicies(spec: AutoscalingSpec): DesiredPolicy[] | string {
  const out: DesiredPolicy[] = [];
  const names = new Set<string>();
  for (const [i, p] of (spec.customMetrics ?? []).entries()) {
    const path = `spec.autoscaling.customMetrics[${i}]`;
    if (names.has(p.name)) return `${path}.name "${p.name}" is used twice; each name must be unique`;
    names.add(p.name);
    const queries = desiredCustomMetricQueries(p, path);
    if (typeof queries === 'string') return queries;
    const named = validateGivenName(path, p);
    if (named !== undefined) return named;
    for (const field of ['scaleInCooldown', 'scaleOutCooldown'] as const) {
      const v = p[field];
      if (v !== undefined && !isCount(v)) return `${path}.${field} must be a whole number of seconds ≥ 0`;
    }
    out.push({
      policyName: customPolicyNameOf(p.name),
      customMetrics: queries,
      targetValue: p.targetValue,
      scaleInCooldown: p.scaleInCooldown ?? DEFAULT_COOLDOWN_SECONDS,
      scaleOutCooldown: p.scaleOutCooldown ?? DEFAULT_COOLDOWN_SECONDS,
      disableScaleIn: p.disableScaleIn ?? false,
      ...givenNameOf(p),
    });
  }
  return out;
}

/** A message when two entries name the same policy (each policy has one entry). */
function duplicateGivenName(spec: AutoscalingSpec): string | undefined {
  const seen = new Map<string, string>();
  const entries = [
    ...POLICY_SIGNALS.map((s) => [`spec.autoscaling.${s}`, spec[s]] as const),
    ...(spec.customMetrics ?? []).map((p, i) => [`spec.autoscaling.customMetrics[${i}]`, p] as const),
    ['spec.autoscaling.predictive', spec.predictive] as const,
    ...(spec.stepScaling ?? []).map((p, i) => [`spec.autoscaling.stepScaling[${i}]`, p] as const),
  ];
  for (const [path, p] of entries) {
    const name = p?.policyName;
    if (name === undefined) continue;
    const first = seen.get(name);
    if (first !== undefined)
      return `${path}.policyName "${name}" is also ${first}.policyName; each policy can have one entry`;
    seen.set(name, path);
  }
  return undefined;
}

/**
 * Validates `spec.autoscaling` and fills our defaults (cooldowns 300 s, scale-in enabled, the ALB
 * policy's target group from the service). The CRD's CEL rules reject most bad specs first; these
 * checks keep the controller safe against objects stored before a rule existed.
 */
export function desiredAutoscalingIntent(
  spec: AutoscalingSpec,
  service: AutoscalingServiceRef,
): AutoscalingIntent | InvalidAutoscaling {
  if (!isCount(spec.minCapacity))
    return { invalid: 'spec.autoscaling.minCapacity must be a whole number ≥ 0' };
  if (!isCount(spec.maxCapacity))
    return { invalid: 'spec.autoscaling.maxCapacity must be a whole number ≥ 0' };
  if (spec.minCapacity > spec.maxCapacity) {
    return {
      invalid: `spec.autoscaling.minCapacity (${spec.minCapacity}) must not exceed maxCapacity (${spec.maxCapacity})`,
    };
  }
  const configured = POLICY_SIGNALS.flatMap((signal) => {
    const p = spec[signal];
    return p === undefined ? [] : [{ signal, p }];
  });
  const scheduled = desiredScheduledActions(spec.scheduledActions);
  if (typeof scheduled === 'string') return { invalid: scheduled };
  const customOnly = desiredCustomPolicies(spec);
  if (typeof customOnly === 'string') return { invalid: customOnly };
  const predictive = spec.predictive === undefined ? undefined : desiredPredictive(spec.predictive);
  if (typeof predictive === 'string') return { invalid: predictive };
  const predictiveName =
    spec.predictive === undefined
      ? undefined
      : validateGivenName('spec.autoscaling.predictive', spec.predictive);
  if (predictiveName !== undefined) return { invalid: predictiveName };
  const custom =
    predictive === undefined
      ? customOnly
      : [
          ...customOnly,
          {
            policyName: PREDICTIVE_POLICY_NAME,
            predictive,
            targetValue: predictive.targetValue,
            scaleInCooldown: DEFAULT_COOLDOWN_SECONDS,
            scaleOutCooldown: DEFAULT_COOLDOWN_SECONDS,
            disableScaleIn: false,
            ...(spec.predictive === undefined ? {} : givenNameOf(spec.predictive)),
          },
        ];
  for (const [i, p] of (spec.stepScaling ?? []).entries()) {
    const named = validateGivenName(`spec.autoscaling.stepScaling[${i}]`, p);
    if (named !== undefined) return { invalid: named };
  }
  const steps = desiredStepScaling(spec.stepScaling, {
    cluster: service.cluster,
    serviceName: service.serviceName,
  });
  if (typeof steps === 'string') return { invalid: steps };
  if (
    configured.length === 0 &&
    scheduled.length === 0 &&
    custom.length === 0 &&
    steps.policies.length === 0
  ) {
    return {
      invalid:
        'spec.autoscaling needs at least one policy (cpu, memory, albRequestCountPerTarget, customMetrics, predictive or stepScaling) or scheduled action',
    };
  }
  for (const { signal, p } of configured) {
    const problem = validatePolicy(signal, p);
    if (problem !== undefined) return { invalid: problem };
  }
  const twice = duplicateGivenName(spec);
  if (twice !== undefined) return { invalid: twice };

  const resourceId = scalableResourceId(service.cluster, service.serviceName);
  const target = {
    resourceId,
    minCapacity: spec.minCapacity,
    maxCapacity: spec.maxCapacity,
    ...(spec.suspend === undefined ? {} : { suspendedState: suspendedFlagsOf(spec.suspend) }),
    ...(scheduled.length === 0 ? {} : { scheduledActions: scheduled }),
    ...(steps.policies.length === 0 ? {} : { stepScaling: steps }),
  };
  const policies = [
    ...configured
      .filter(({ signal }) => signal !== 'albRequestCountPerTarget')
      .map(({ signal, p }) => normalisePolicy(signal, p)),
    ...custom,
  ].sort(byName);
  const albSpec = spec.albRequestCountPerTarget;
  if (albSpec === undefined) {
    return { ...target, policies };
  }
  const targetGroupArn =
    albSpec.targetGroupArn !== undefined && albSpec.targetGroupArn !== ''
      ? albSpec.targetGroupArn
      : defaultTargetGroupArn(service.loadBalancers);
  if (targetGroupArn === undefined) {
    return {
      invalid:
        'spec.autoscaling.albRequestCountPerTarget needs a target group: set its targetGroupArn or give the service a load balancer with a targetGroupArn',
    };
  }
  return {
    ...target,
    policies,
    alb: { policy: normalisePolicy('albRequestCountPerTarget', albSpec), targetGroupArn },
  };
}

/** True when {@link desiredAutoscalingIntent} rejected the spec. */
export function isInvalidAutoscaling(x: AutoscalingIntent | InvalidAutoscaling): x is InvalidAutoscaling {
  return 'invalid' in x;
}

/**
 * Completes the intent with the ALB policy's ResourceLabel. Without a label (the lookup found a
 * problem) the ALB policy is left out of the desired model and its name is returned as held: the
 * planner neither puts nor deletes a held policy, so a working ALB policy survives a transient
 * misconfiguration while the other policies still converge.
 */
export function resolveDesiredAutoscaling(
  intent: AutoscalingIntent,
  resourceLabel: string | undefined,
): { readonly desired: DesiredAutoscaling; readonly heldPolicyNames: readonly string[] } {
  const base = {
    resourceId: intent.resourceId,
    minCapacity: intent.minCapacity,
    maxCapacity: intent.maxCapacity,
    ...(intent.suspendedState === undefined ? {} : { suspendedState: intent.suspendedState }),
    ...(intent.scheduledActions === undefined ? {} : { scheduledActions: intent.scheduledActions }),
    ...(intent.stepScaling === undefined ? {} : { stepScaling: intent.stepScaling }),
  };
  if (intent.alb === undefined)
    return { desired: { ...base, policies: intent.policies }, heldPolicyNames: [] };
  if (resourceLabel === undefined) {
    return {
      desired: { ...base, policies: intent.policies },
      heldPolicyNames: [intent.alb.policy.policyName],
    };
  }
  const alb: DesiredPolicy = { ...intent.alb.policy, resourceLabel };
  return { desired: { ...base, policies: [...intent.policies, alb].sort(byName) }, heldPolicyNames: [] };
}
