/**
 * The reads and the plan that converging autoscaling and previewing it share: the ALB policy's
 * ResourceLabel (when one is configured), the desired model it completes, the scalable target and
 * policies as AWS has them, and the pure plan. Reads only; AWS errors are thrown unchanged for each
 * caller to judge its own way.
 */
import type { AwsCallOptions } from '../../aws/call-runner.js';
import type { AutoscalingApi } from '../../aws/autoscaling-api.js';
import type { LoadBalancingApi } from '../../aws/load-balancing-api.js';
import {
  desiredAutoscalingIntent,
  resolveDesiredAutoscaling,
  type AutoscalingIntent,
  type AutoscalingSpec,
  type InvalidAutoscaling,
  type ServiceLoadBalancer,
} from './desired.js';
import { observeAutoscaling, type ObservedAutoscaling } from './observe.js';
import { planAutoscaling, type AutoscalingPlan } from './plan.js';
import { lookupResourceLabel, type LabelProblem } from './target-group-label.js';
import { readTargetOwnership, targetOwnershipTags, type TargetOwnership } from './target-ownership.js';

/** The intent of `spec` for the service (undefined: no spec, none of ours wanted), or why it is invalid. */
export function intentOf(
  spec: AutoscalingSpec | undefined,
  service: {
    readonly clusterName: string;
    readonly serviceName: string;
    readonly loadBalancers?: readonly ServiceLoadBalancer[] | undefined;
  },
): AutoscalingIntent | InvalidAutoscaling | undefined {
  return spec === undefined
    ? undefined
    : desiredAutoscalingIntent(spec, {
        cluster: service.clusterName,
        serviceName: service.serviceName,
        loadBalancers: service.loadBalancers,
      });
}

/** What {@link planFromReads} found and planned. */
export interface PlannedFromReads {
  /** The ALB policy's target group cannot give a label (its policy is held, neither put nor deleted). */
  readonly labelProblem: LabelProblem | undefined;
  readonly resolved: ReturnType<typeof resolveDesiredAutoscaling> | undefined;
  readonly observed: ObservedAutoscaling;
  readonly plan: AutoscalingPlan;
}

/** Reads and plans the autoscaling of `resourceId` toward `intent` (undefined: none of ours wanted). */
export async function planFromReads(
  apis: {
    readonly api: AutoscalingApi;
    readonly loadBalancing: Pick<LoadBalancingApi, 'describeTargetGroups'>;
    /** The service's ownership tags: a target of ours carries them (target-ownership.ts). */
    readonly service?: {
      readonly ownershipTags?: readonly { readonly key: string; readonly value: string }[] | undefined;
    };
  },
  intent: AutoscalingIntent | undefined,
  resourceId: string,
  options: AwsCallOptions,
  /** The spec claimed the target: a bare one is deregistered too (`claimsTarget` of plan.ts). */
  claimsTarget = false,
): Promise<PlannedFromReads> {
  let labelProblem: LabelProblem | undefined;
  let resourceLabel: string | undefined;
  if (intent?.alb !== undefined) {
    const label = await lookupResourceLabel(apis.loadBalancing, intent.alb.targetGroupArn, options);
    if ('problem' in label) labelProblem = label.problem;
    else resourceLabel = label.resourceLabel;
  }
  const resolved = intent === undefined ? undefined : resolveDesiredAutoscaling(intent, resourceLabel);
  // The scheduled actions are read on every visit, whatever status showed (a shared namespace
  // listing answers them, scheduled-action-listing.ts): ours may need deleting when the spec dropped
  // its last one, and a deregister would delete anyone's with the target, so theirs must be seen.
  // An entry naming someone else's action (ADR 0041) reads them on its own: that action was made
  // outside the operator, often just before the spec named it, and no listing was told.
  const namesTheirs = (intent?.scheduledActions ?? []).some((a) => a.adopt !== undefined);
  const observed = await observeAutoscaling(apis.api, resourceId, options, true, namesTheirs);
  const ownershipTags = targetOwnershipTags(apis.service?.ownershipTags ?? []);
  const planWith = (targetOwnership: TargetOwnership | undefined): AutoscalingPlan =>
    planAutoscaling({
      desired: resolved?.desired,
      observed,
      heldPolicyNames: resolved?.heldPolicyNames,
      claimsTarget,
      targetOwnership,
      ownershipTags,
    });
  // The target's own tags say whose it is (read once per registration, kept by ARN), and are read
  // only when they can change the plan. A removal always needs them. With autoscaling wanted they
  // decide one thing, whether a target of ours still lacks our tags, and are read only when the
  // visit writes to the target's autoscaling anyway: a converged fleet (and a restarted operator)
  // reads none, and an untagged target of ours is tagged with its next write (ADR 0054).
  const arn = observed.target?.arn;
  if (arn === undefined) return { labelProblem, resolved, observed, plan: planWith(undefined) };
  if (intent !== undefined) {
    const untouched = planWith(undefined);
    if (untouched.actions.length === 0 || Object.keys(ownershipTags).length === 0) {
      return { labelProblem, resolved, observed, plan: untouched };
    }
  }
  const targetOwnership = await readTargetOwnership(apis.api, arn, ownershipTags, options);
  return { labelProblem, resolved, observed, plan: planWith(targetOwnership) };
}
