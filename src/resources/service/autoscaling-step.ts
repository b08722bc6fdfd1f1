/**
 * The autoscaling step of an EcsService visit, before the planner (its answer decides who owns
 * desiredCount): under Manage the sub-reconciler converges autoscaling on an existing service of
 * ours; under Observe only its read-only preview runs (ADR 0018), on any ACTIVE service, since
 * Observe compares a service not ours as adoption would.
 */
import type { ServiceAutoscaling, ServiceAutoscalingPreview, ServiceAutoscalingResult } from './ports.js';
import type { Visit } from './visit.js';

/** What the step answered: a converging result, a preview, or undefined when it did not run. */
export type AutoscalingStepResult = ServiceAutoscalingResult | ServiceAutoscalingPreview | undefined;

/** Runs the step (see the file comment). Throws the port's AWS errors. */
export async function runAutoscalingStep(
  port: ServiceAutoscaling | undefined,
  visit: Visit,
  observing: boolean,
): Promise<AutoscalingStepResult> {
  const { ctx, obj, observed, desired } = visit;
  if (port === undefined || observed === undefined) return undefined;
  const input = { obj, service: observed.service, region: desired.region, signal: ctx.signal };
  if (!observing) return visit.scalable ? port.reconcile(input) : undefined;
  // Without a preview the sub-reconciler is not run at all: it writes as it reads.
  if (port.preview === undefined || observed.lifecycle !== 'ACTIVE') return undefined;
  return port.preview(input);
}

/** The preview, when the step answered one. */
export function previewOf(result: AutoscalingStepResult): ServiceAutoscalingPreview | undefined {
  return result !== undefined && 'changes' in result ? result : undefined;
}

/** The converging result, when the step answered one. */
export function convergingOf(result: AutoscalingStepResult): ServiceAutoscalingResult | undefined {
  return result !== undefined && 'condition' in result ? result : undefined;
}
