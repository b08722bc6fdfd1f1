/**
 * The deployment control step of an EcsService visit: acts on a pending `spec.deploymentControl`
 * request (apply-deployment-control.ts) on a service the object manages, before the plan, and says
 * what it did in an Event. A failed call ends the visit like any other AWS failure.
 */
import { applyDeploymentControl, type ControlOutcome } from './apply-deployment-control.js';
import { deploymentControlMessage, pendingAction } from './deployment-control-notes.js';
import type { ResolvedServiceOptions } from './ports.js';
import { ServiceReasons } from './reasons.js';
import type { ServiceStatusInput } from './status.js';
import type { Visit } from './visit.js';
import type { ServiceVisitEnd } from './visit-end.js';

/** How the reconciler ends a visit on an AWS error met while `during`. */
export type FailVisit = (
  base: Omit<ServiceStatusInput, 'outcome'>,
  err: unknown,
  during: string,
) => ServiceVisitEnd;

/**
 * Acts on the request when there is one to act on; undefined when there is none (or the service is
 * not one this object may act on), the visit's end when the call failed.
 */
export async function controlDeploymentStep(
  o: Pick<ResolvedServiceOptions, 'ecsFor' | 'events'>,
  visit: Visit,
  fail: FailVisit,
): Promise<ControlOutcome | undefined | ServiceVisitEnd> {
  const { ctx, obj, desired, observed } = visit;
  if (!visit.scalable || observed === undefined) return undefined;
  let outcome: ControlOutcome | undefined;
  try {
    outcome = await applyDeploymentControl(o.ecsFor(desired.region, obj.metadata.namespace), {
      cluster: desired.cluster,
      service: observed.service,
      serviceTags: observed.tags,
      control: obj.spec.deploymentControl,
      desiredTaskDefinition: desired.config.taskDefinition,
      signal: ctx.signal,
    });
  } catch (err) {
    return fail({ ...visit.base, service: observed.service }, err, pendingAction(obj.spec.deploymentControl));
  }
  if (outcome === undefined) return undefined;
  const { plan } = outcome;
  ctx.log.info({ action: plan.kind, request: plan.marker }, 'acted on deployment control');
  const message = deploymentControlMessage(plan);
  o.events.record(obj, 'Normal', ServiceReasons.DeploymentControl, message);
  return outcome;
}
