/**
 * The autoscaling part of an EcsService visit, planned with the service (its answer decides who
 * owns desiredCount) and applied after the write guards: under Manage the sub-reconciler plans the
 * autoscaling of an existing service of ours from reads only; under Observe only its read-only
 * preview runs (ADR 0018), on any ACTIVE service, since Observe compares a service not ours as
 * adoption would.
 */
import type { ServiceAutoscaling, ServiceAutoscalingPlan, ServiceAutoscalingPreview } from './ports.js';
import type { Visit } from './visit.js';
import type { DesiredCountOwner } from './plan.js';

/** What the step planned: writes to make, a preview, or undefined when it did not run. */
export type AutoscalingStepPlan = ServiceAutoscalingPlan | ServiceAutoscalingPreview | undefined;

/** Plans the step (see the file comment); reads only. Throws the port's AWS errors. */
export async function planAutoscalingStep(
  port: ServiceAutoscaling | undefined,
  visit: Visit,
  observing: boolean,
): Promise<AutoscalingStepPlan> {
  const { ctx, obj, observed, desired } = visit;
  if (port === undefined || observed === undefined) return undefined;
  const input = { obj, service: observed.service, region: desired.region, signal: ctx.signal };
  if (!observing) return visit.scalable ? port.plan(input) : undefined;
  // Without a preview nothing of autoscaling is read: its plan is only ever made to be applied.
  if (port.preview === undefined || observed.lifecycle !== 'ACTIVE') return undefined;
  return port.preview(input);
}

/** The preview, when the step answered one. */
export function previewOf(planned: AutoscalingStepPlan): ServiceAutoscalingPreview | undefined {
  return planned !== undefined && 'changes' in planned ? planned : undefined;
}

/** The writes to make, when the step planned some. */
export function writesOf(planned: AutoscalingStepPlan): ServiceAutoscalingPlan | undefined {
  return planned !== undefined && 'apply' in planned ? planned : undefined;
}

/**
 * Who owns desiredCount on this visit: autoscaling's plan says so when it planned; without one
 * (no autoscaling part, or an Observe preview that has none), the reconciler's own rule (`fallback`).
 */
export function desiredCountOwnerOf(
  planned: AutoscalingStepPlan,
  fallback: () => DesiredCountOwner,
): DesiredCountOwner {
  if (planned === undefined) return fallback();
  return planned.ownsDesiredCount ? 'autoscaling' : 'spec';
}
