/**
 * The autoscaling part of an EcsService's plan, pure: autoscaling's own desired → plan functions
 * on what Application Auto Scaling has, as plan operations with field changes. It mirrors when the
 * operator looks at autoscaling at all: with `spec.autoscaling`, always; without it, only to remove
 * what ecs-bridge created (policies named `ecs-bridge-…`), never a target someone else manages.
 */
import { diffFields } from '../field-diff.js';
import { operation, type PlanOperation } from './plan-model.js';
import {
  desiredAutoscalingIntent,
  isInvalidAutoscaling,
  isOurPolicyName,
  resolveDesiredAutoscaling,
  scalableResourceId,
  type AutoscalingSpec,
  type DesiredPolicy,
  type ServiceLoadBalancer,
} from '../../resources/autoscaling/desired.js';
import type { ObservedAutoscaling, ObservedPolicy } from '../../resources/autoscaling/observe.js';
import {
  notOwnedMessage,
  planAutoscaling,
  type AutoscalingAction,
} from '../../resources/autoscaling/plan.js';
import { scheduledActionStatus } from '../../resources/autoscaling/scheduled-actions.js';
import { shownPolicy, shownTarget } from '../../resources/autoscaling/drift.js';
import { shownStepPolicy } from '../../resources/autoscaling/step-scaling.js';
import type { LabelResolution } from '../../resources/autoscaling/target-group-label.js';
import type { ObservedAlarm } from '../../resources/autoscaling/alarms.js';
import { planAlarmOperations } from './plan-alarms.js';

/** What {@link planAutoscalingSection} needs. */
export interface AutoscalingSectionInput {
  readonly spec: AutoscalingSpec | undefined;
  readonly cluster: string;
  readonly serviceName: string;
  /** The service's load balancers (ECS's when it exists, else the spec's). */
  readonly loadBalancers: readonly ServiceLoadBalancer[] | undefined;
  /** What Application Auto Scaling has; undefined when it was not read. */
  readonly observed: ObservedAutoscaling | undefined;
  /** The ALB policy's ResourceLabel lookup, when an ALB policy is configured. */
  readonly label: LabelResolution | undefined;
  /** The step scaling alarms read (`alarmNamesToPlan`); undefined when they were not read. */
  readonly alarms?: ReadonlyMap<string, ObservedAlarm> | undefined;
}

/** The autoscaling writes and what they mean for the service plan. */
export interface AutoscalingSection {
  readonly operations: readonly PlanOperation[];
  readonly notes: readonly string[];
  /** A spec the operator would refuse (the message names the field). */
  readonly invalid?: string;
  /** Who owns desiredCount once these writes are made, as the service reconciler would decide. */
  readonly ownsDesiredCount: boolean;
}

/** The target-group ARN the ALB policy needs a label for, when `spec` has one; undefined otherwise. */
export function albTargetGroupOf(
  input: Omit<AutoscalingSectionInput, 'observed' | 'label'>,
): string | undefined {
  if (input.spec?.albRequestCountPerTarget === undefined) return undefined;
  const intent = desiredAutoscalingIntent(input.spec, {
    cluster: input.cluster,
    serviceName: input.serviceName,
    loadBalancers: input.loadBalancers,
  });
  return isInvalidAutoscaling(intent) ? undefined : intent.alb?.targetGroupArn;
}

/** A policy as `plan` compares it: drift's view, plus every query of a customized metric by field. */
function comparablePolicy(p: DesiredPolicy | ObservedPolicy): Record<string, unknown> {
  return { ...shownPolicy(p), ...(p.customMetrics === undefined ? {} : { metrics: p.customMetrics }) };
}

function operationOf(action: AutoscalingAction, observed: ObservedAutoscaling): PlanOperation {
  switch (action.type) {
    case 'registerScalableTarget': {
      const t = observed.target;
      return operation(
        t === undefined ? '+' : '~',
        'RegisterScalableTarget',
        `scalable target ${action.resourceId}`,
        diffFields(...shownTarget(action, t)),
      );
    }
    case 'putScalingPolicy': {
      const o = observed.policies.find((p) => p.policyName === action.policy.policyName);
      return operation(
        o === undefined ? '+' : '~',
        'PutScalingPolicy',
        `scaling policy ${action.policy.policyName}`,
        diffFields(o === undefined ? {} : comparablePolicy(o), comparablePolicy(action.policy)),
      );
    }
    case 'putStepScalingPolicy': {
      const o = observed.stepPolicies?.find((p) => p.policyName === action.policy.policyName);
      return operation(
        observed.policies.some((p) => p.policyName === action.policy.policyName) ? '~' : '+',
        'PutScalingPolicy',
        `step scaling policy ${action.policy.policyName}`,
        diffFields(o === undefined ? {} : shownStepPolicy(o), shownStepPolicy(action.policy)),
      );
    }
    case 'deleteScalingPolicy':
      return operation('-', 'DeleteScalingPolicy', `scaling policy ${action.policyName}`);
    case 'putScheduledAction': {
      const name = action.scheduledAction.scheduledActionName;
      const o = observed.scheduledActions?.find((a) => a.scheduledActionName === name);
      return operation(
        o === undefined ? '+' : '~',
        'PutScheduledAction',
        `scheduled action ${name}`,
        diffFields(
          o === undefined ? {} : scheduledActionStatus(o),
          scheduledActionStatus(action.scheduledAction),
        ),
      );
    }
    case 'deleteScheduledAction':
      return operation('-', 'DeleteScheduledAction', `scheduled action ${action.scheduledActionName}`);
    case 'tagScalableTarget':
      return operation('~', 'TagResource', `scalable target ${action.resourceId} (ownership tags)`);
    case 'deregisterScalableTarget':
      return operation('-', 'DeregisterScalableTarget', `scalable target ${action.resourceId}`);
  }
}

function describeTarget(observed: ObservedAutoscaling): string {
  const t = observed.target;
  const policies = observed.policies.map((p) => p.policyName);
  return `scalable target ${observed.resourceId}${t === undefined ? '' : ` [${t.minCapacity}, ${t.maxCapacity}]`}${
    policies.length === 0 ? '' : ` with policies ${policies.join(', ')}`
  }`;
}

/** Plans the autoscaling of one service. Pure. */
export function planAutoscalingSection(input: AutoscalingSectionInput): AutoscalingSection {
  const resourceId = scalableResourceId(input.cluster, input.serviceName);
  const observed: ObservedAutoscaling = input.observed ?? { resourceId, target: undefined, policies: [] };
  if (input.spec === undefined) {
    const ours = observed.policies.filter((p) => isOurPolicyName(p.policyName));
    if (ours.length === 0) {
      const notes =
        observed.target === undefined
          ? []
          : [
              `${describeTarget(observed)} exists but the spec has no autoscaling: ecs-bridge leaves it alone, and compares desiredCount only when the spec sets it`,
            ];
      return { operations: [], notes, ownsDesiredCount: false };
    }
    // Policies named by ecs-bridge mean this object managed autoscaling before: the operator removes them.
    const plan = planAutoscaling({ desired: undefined, observed });
    const alarms = planAlarmOperations({
      desired: undefined,
      observed,
      alarms: input.alarms,
      service: { cluster: input.cluster, serviceName: input.serviceName },
    });
    const notes =
      plan.foreignPolicies.length > 0
        ? [
            `the scalable target stays registered (and keeps desiredCount) because of policies ecs-bridge did not create: ${plan.foreignPolicies.join(', ')}`,
          ]
        : [];
    return {
      // Owned alarms go before their policies, as the operator deletes them.
      operations: [...alarms.operations, ...plan.actions.map((a) => operationOf(a, observed))],
      notes: [...notes, ...alarms.notes],
      ownsDesiredCount: plan.ownsDesiredCount,
    };
  }

  const intent = desiredAutoscalingIntent(input.spec, {
    cluster: input.cluster,
    serviceName: input.serviceName,
    loadBalancers: input.loadBalancers,
  });
  if (isInvalidAutoscaling(intent)) {
    return { operations: [], notes: [], invalid: intent.invalid, ownsDesiredCount: true };
  }
  const notes: string[] = [];
  let label: string | undefined;
  if (intent.alb !== undefined) {
    if (input.label === undefined) {
      notes.push(
        `the ALB policy's target group ${intent.alb.targetGroupArn} was not read; its policy is not planned`,
      );
    } else if ('problem' in input.label) {
      notes.push(`${input.label.problem.reason}: ${input.label.problem.message}`);
    } else {
      label = input.label.resourceLabel;
    }
  }
  const resolved = resolveDesiredAutoscaling(intent, label);
  const plan = planAutoscaling({
    desired: resolved.desired,
    observed,
    heldPolicyNames: resolved.heldPolicyNames,
  });
  // A policy an entry names (ADR 0041) is planned like ours or reported as not owned below.
  const named = new Set(
    [...resolved.desired.policies, ...(resolved.desired.stepScaling?.policies ?? [])].map(
      (p) => p.policyName,
    ),
  );
  const foreign = observed.policies
    .filter((p) => !isOurPolicyName(p.policyName) && !named.has(p.policyName))
    .map((p) => p.policyName);
  if (foreign.length > 0) {
    notes.push(`policies ecs-bridge did not create stay as they are: ${foreign.join(', ')}`);
  }
  if (plan.notOwned.length > 0) notes.push(`NotOwned: ${notOwnedMessage(plan.notOwned)}`);
  const alarms = planAlarmOperations({
    desired: resolved.desired.stepScaling,
    observed,
    alarms: input.alarms,
    service: { cluster: input.cluster, serviceName: input.serviceName },
  });
  notes.push(...alarms.notes);
  const deletions = alarms.operations.filter((o) => o.symbol === '-');
  const puts = alarms.operations.filter((o) => o.symbol !== '-');
  return {
    // The operator's order: owned alarms of removed policies first, the policies, then the alarms they need.
    operations: [...deletions, ...plan.actions.map((a) => operationOf(a, observed)), ...puts],
    notes,
    ownsDesiredCount: true,
  };
}
