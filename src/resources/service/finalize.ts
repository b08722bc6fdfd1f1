/**
 * The deletion visit of an EcsService: remove our autoscaling (ADR 0005), then delete or release
 * the ECS service (plan-deletion.ts), then drop the finalizer. Like every step of the reconciler it
 * returns how the visit ends ({@link ServiceVisitEnd}) and leaves the status write to the reconciler.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { classifyAwsError } from '../../aws/errors.js';
import { TerminalError, type ReconcileContext } from '../../controller/reconciler.js';
import { FINALIZER } from '../api-group.js';
import { managementPolicyOf } from '../management-policy.js';
import { releaseWithoutAws } from '../release-without-aws.js';
import { evaluateWriteGuards } from '../write-guard.js';
import { actionVerb } from './action-notes.js';
import { applyServiceAction } from './apply.js';
import { endOnAwsFailure } from './aws-failure.js';
import { clusterNamedBy, placeServiceForDeletion } from './cluster-ref.js';
import { observeService } from './observe.js';
import { isManagedBy, type OwnerIdentity } from './ownership.js';
import { deletionEvent, planServiceDeletion } from './plan-deletion.js';
import type { ResolvedServiceOptions, ServiceAutoscalingResult } from './ports.js';
import type { ServiceStatusInput } from './status.js';
import { serviceNameOf, type EcsService } from './types.js';
import { endQuietly, endThrowing, endWith, type ServiceVisitEnd } from './visit-end.js';

/** What the deletion visit needs besides the object. */
export interface FinalizeInput {
  readonly ctx: ReconcileContext;
  readonly obj: EcsService;
  readonly identity: OwnerIdentity;
  /** Forgets what the reconciler remembers about the object, once the finalizer is gone. */
  readonly forget: (obj: EcsService) => void;
  /** Asked right before the first AWS write: is our finalizer still on the object, read live? */
  readonly stillFinalizing: () => Promise<boolean>;
}

/**
 * Deletes (or releases) the object's ECS service and autoscaling, then removes the finalizer; for an
 * object being deleted that still carries our finalizer (the reconciler routes only those here).
 */
export async function finalizeService(
  o: ResolvedServiceOptions,
  input: FinalizeInput,
): Promise<ServiceVisitEnd> {
  const { ctx, obj, identity } = input;
  const release = releaseWithoutAws({
    kind: 'EcsService',
    manages: `ECS service ${serviceNameOf(obj)} in cluster ${clusterNamedBy(obj.spec)}`,
    crdTerminating: await o.crdTerminating(),
    managementPolicy: managementPolicyOf(obj.spec, o.defaultManagementPolicy),
  });
  if (release !== undefined) {
    ctx.log.info({ reason: release.reason }, 'releasing ecs service without aws writes');
    o.events.record(obj, 'Normal', release.reason, release.message);
    await o.writer.removeFinalizer(obj, FINALIZER);
    input.forget(obj);
    return endQuietly();
  }
  const placement = await placeServiceForDeletion(obj, o.clusters);
  const region = placement.region ?? o.defaultRegion;
  const base = { obj, region, now: o.now() };
  const where = { cluster: placement.cluster, region };
  const intent = {
    cluster: placement.cluster,
    serviceName: serviceNameOf(obj),
    deletionPolicy: obj.spec.deletionPolicy ?? o.defaultDeletionPolicy,
    suspended: obj.spec.suspend === true,
    // An untagged service counts as ours on deletion only if the object may adopt it now: an
    // adoption the write guards refuse (an access policy, ADR 0021) must never become a delete.
    adopt:
      obj.spec.adopt === true &&
      evaluateWriteGuards(o.writeGuards, { obj, actions: [], region: placement.region }).kind === 'allow',
  } as const;
  const fail = (err: unknown, during: string): ServiceVisitEnd =>
    endOnAwsFailure(base, err, during, where, o.dependencyPollMs);

  let described: Service | undefined;
  if (!intent.suspended) {
    try {
      described = await o.describeService(region, intent.cluster, intent.serviceName, {
        signal: ctx.signal,
        ...(obj.metadata.namespace === undefined ? {} : { namespace: obj.metadata.namespace }),
      });
    } catch (err) {
      // A cluster that no longer exists holds no service to clean up.
      if (classifyAwsError(err).kind !== 'notFound') return fail(err, 'describing the ECS service');
    }
  }
  const observed = described === undefined ? undefined : observeService(described, identity);
  let plan = planServiceDeletion(intent, observed);
  // Our autoscaling goes before the service it scales (ADR 0005): moto cascades nothing, and an
  // explicit removal is right on AWS too. Retain keeps the service running with its autoscaling.
  const removesAutoscaling =
    intent.deletionPolicy === 'Delete' &&
    observed?.lifecycle === 'ACTIVE' &&
    isManagedBy(observed.ownership, intent.adopt);
  if ((removesAutoscaling || plan.actions.length > 0) && !(await input.stillFinalizing())) {
    input.forget(obj);
    return endQuietly();
  }
  if (removesAutoscaling) {
    const removed = await removeAutoscaling(o, { ctx, obj, service: observed.service, region, base, fail });
    if (removed !== undefined) return removed;
  }
  for (const action of plan.actions) {
    let answer: Service | undefined;
    try {
      answer = await applyServiceAction(o.ecsFor(region, obj.metadata.namespace), action, {
        signal: ctx.signal,
      });
    } catch (err) {
      if (classifyAwsError(err).kind === 'notFound') continue;
      return fail(err, actionVerb(action));
    }
    // ECS may answer a delete with an INACTIVE service already (moto always does): done at once.
    if (action.type === 'deleteService' && answer !== undefined && described !== undefined) {
      plan = planServiceDeletion(intent, observeService({ ...answer, tags: described.tags }, identity));
    }
  }
  ctx.log.debug({ outcome: plan.outcome, reasons: plan.reasons }, 'planned ecs service deletion');
  if (plan.outcome === 'waiting') {
    const message = `deleting ECS service ${intent.serviceName} in cluster ${intent.cluster}; waiting until ECS reports it INACTIVE`;
    return endWith({ ...base, outcome: { kind: 'deleting', message } }, { requeueAfterMs: o.drainPollMs });
  }
  const deleted = deletionEvent(plan, intent);
  o.events.record(obj, deleted.type, deleted.reason, deleted.message);
  await o.writer.removeFinalizer(obj, FINALIZER);
  input.forget(obj);
  return endQuietly();
}

/** Removes our autoscaling of a service about to be deleted; undefined when done or not configured. */
async function removeAutoscaling(
  o: ResolvedServiceOptions,
  input: {
    readonly ctx: ReconcileContext;
    readonly obj: EcsService;
    readonly service: Service;
    readonly region: string;
    readonly base: Omit<ServiceStatusInput, 'outcome'>;
    readonly fail: (err: unknown, during: string) => ServiceVisitEnd;
  },
): Promise<ServiceVisitEnd | undefined> {
  const remove = o.autoscaling?.remove?.bind(o.autoscaling);
  if (remove === undefined) return undefined;
  const { ctx, obj, service, region } = input;
  let removal: ServiceAutoscalingResult;
  try {
    removal = await remove({ obj, service, region, signal: ctx.signal });
  } catch (err) {
    return input.fail(err, 'removing autoscaling');
  }
  if (!removal.terminal) return undefined;
  const { reason, message } = removal.condition;
  const status = { ...input.base, outcome: { kind: 'deleting', message } as const, autoscaling: removal };
  return endThrowing(status, new TerminalError(reason, message), true);
}
