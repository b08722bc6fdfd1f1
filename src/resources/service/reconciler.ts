/**
 * The EcsService reconciler: desired → observe → pure plan (service and autoscaling) → guard → thin
 * apply → rollout tracking → pure status, in that order, never blocking. Each step returns how the
 * visit ends (visit-end.ts); `finish` writes the status once, at the end, only when it changed, then
 * returns or throws. AWS errors go through
 * the service's failure table (failure-table.ts, aws-failure.ts): retried ones are rethrown after
 * status says so, terminal ones write `Stalled=True` and throw a TerminalError.
 */
import { delayToBeat } from '../../shared/poll-beat.js';
import { TerminalError, type ReconcileContext, type ReconcileResult } from '../../controller/reconciler.js';
import { FINALIZER } from '../api-group.js';
import { KindReconciler } from '../kind-reconciler.js';
import { managementPolicyOf, type ManagementPolicy } from '../management-policy.js';
import { conditionEvents } from './action-notes.js';
import { endOnAwsFailure } from './aws-failure.js';
import { predecessorOf, serviceClientToken } from './client-token.js';
import { clusterNamedBy } from './cluster-ref.js';
import { CreateGuard } from './create-guard.js';
import type { DesiredService } from './desired.js';
import { ecsEventItems, ecsEventRelay } from './ecs-events.js';
import { scalingActivityRelay } from './scaling-activity-relay.js';
import type { RelayMemory } from '../event-relay-memory.js';
import { readServiceDeployment } from './read-service-deployment.js';
import { ServiceRevisionCache } from './read-service-revision.js';
import { controlDeploymentStep } from './control-step.js';
import { observeStep } from './observe-step.js';
import { rollbackHolds } from './deployment-control.js';
import { applyServicePlan } from './apply-plan.js';
import {
  desiredCountOwnerOf,
  planAutoscalingStep,
  previewOf,
  writesOf,
  type AutoscalingStepPlan,
} from './autoscaling-step.js';
import { finalizeService } from './finalize.js';
import { holdPlan, type HeldCreatePace } from './hold-plan.js';
import { endForConverged, endForDriftReport, endForHeldCreate, endForPlanOutcome } from './plan-ends.js';
import { evidenceKey, where, type Applied, type Visit } from './visit.js';
import { ManagedTagKeys } from './managed-tag-keys.js';
import { isManagedBy, ownerIdentity, type OwnerIdentity } from './ownership.js';
import { planService, type ServicePlan } from './plan.js';
import { ReadCheck } from './read-check.js';
import { ServiceReasons } from './reasons.js';
import {
  resolveServiceOptions,
  type EcsServiceReconcilerOptions,
  type ResolvedServiceOptions,
  type ServiceAutoscalingPlan,
  type ServiceAutoscalingResult,
} from './ports.js';
import { resolveDependencies } from './resolve-dependencies.js';
import { isRolloutHeld, rolloutStarted, trackRollout, type RolloutOrigin } from './rollout.js';
import { buildServiceStatus, isSameStatus, type ServiceStatusInput } from './status.js';
import type { EcsService, RolloutStatus, ServiceDeploymentSummary } from './types.js';
import { validateService } from './validate.js';
import { endThrowing, endWith, isVisitEnd, type ServiceVisitEnd } from './visit-end.js';

export type { EcsServiceReconcilerOptions } from './ports.js';

/**
 * The reconciler for EcsService objects; see the file header for its contract. The visit starts as
 * every kind's (../kind-reconciler.ts: the freshest copy, routed by deletion state and finalizer).
 */
export class EcsServiceReconciler extends KindReconciler<EcsService, EcsServiceReconcilerOptions> {
  /** The options with their defaults, and the recording writer the steps write through. */
  private readonly o: ResolvedServiceOptions;

  constructor(options: EcsServiceReconcilerOptions) {
    super(options);
    // The steps write through the recording writer, so no write of theirs goes unrecorded.
    this.o = resolveServiceOptions({ ...options, writer: this.writer });
    this.createGuard = new CreateGuard(options.createGuard);
    this.scalingActivities = scalingActivityRelay(this.o.now());
    this.ecsEvents = ecsEventRelay(this.o.now());
  }

  /** The read check, with what ECS's recent answers did not list per object (read-check.ts). */
  private readonly readCheck = new ReadCheck();

  /** What this process created and saw, so one out-of-date answer never makes a second create. */
  private readonly createGuard: CreateGuard;

  /** The spec tag keys this process applied per object: what may be untagged (never status). */
  private readonly managedTags = new ManagedTagKeys();

  /** Which scaling activities this process relayed as Events, per object (never status). */
  private readonly scalingActivities: RelayMemory;

  /** Which ECS service events this process relayed as Events, per object (never status). */
  private readonly ecsEvents: RelayMemory;

  /** Service revisions described so far, by ARN (immutable, so never stale). */
  private readonly serviceRevisions = new ServiceRevisionCache();

  /** A living object's visit; its steps decide how it ends, and status is written once, at the end. */
  protected async reconcileLiving(ctx: ReconcileContext, obj: EcsService): Promise<ReconcileResult> {
    return this.finish(await this.living(ctx, obj));
  }

  /** A deleted object's visit (our finalizer still on it): finalize.ts; status written at the end. */
  protected async reconcileDeletion(ctx: ReconcileContext, obj: EcsService): Promise<ReconcileResult> {
    const identity = this.identityOf(obj);
    const stillFinalizing = (): Promise<boolean> => this.stillFinalizing(ctx, obj);
    return this.finish(
      await finalizeService(this.o, { ctx, obj, identity, forget: (o) => this.forget(o), stillFinalizing }),
    );
  }

  /** The end of every visit: the one status write it leaves, then its result or its error. */
  private async finish(end: ServiceVisitEnd): Promise<ReconcileResult> {
    if (end.status !== undefined) await this.writeStatus(end.status.input, end.status.announce);
    if (end.error !== undefined) throw end.error;
    return end.result;
  }

  /** Who owns the object's ECS service: its namespace, name and uid, and this installation. */
  private identityOf(obj: EcsService): OwnerIdentity {
    const namespace = obj.metadata.namespace ?? '';
    return ownerIdentity(namespace, obj.metadata.name, this.o.instanceId, obj.metadata.uid);
  }

  /**
   * A living object's steps: suspend, validation, finalizer, dependencies, converge. `fresh` is the
   * base class's freshest copy: our own last write when the informer lags, or the status computed
   * now would be compared with, and patched over, a stale copy (src/k8s/own-writes.ts).
   */
  private async living(ctx: ReconcileContext, fresh: EcsService): Promise<ServiceVisitEnd> {
    let obj = fresh;
    const identity = this.identityOf(obj);
    if (obj.spec.suspend === true) return endWith({ obj, outcome: { kind: 'suspended' }, now: this.o.now() });
    const invalid = validateService(obj);
    if (invalid !== undefined) {
      const status = { obj, outcome: { kind: 'invalidSpec', message: invalid } as const, now: this.o.now() };
      return endThrowing(status, new TerminalError(ServiceReasons.InvalidSpec, invalid));
    }
    obj = await this.o.writer.addFinalizer(obj, FINALIZER);

    const dependencies = await resolveDependencies(this.o, obj);
    if (dependencies.kind === 'end') return dependencies.end;
    return this.converge(ctx, obj, dependencies.desired, identity);
  }

  /** observe → read check → plan (autoscaling, then the service) → guards → apply → track → status. */
  private async converge(
    ctx: ReconcileContext,
    obj: EcsService,
    desired: DesiredService,
    identity: OwnerIdentity,
  ): Promise<ServiceVisitEnd> {
    const now = this.o.now();
    const base = { obj, region: desired.region, now };
    const seen = await observeStep(
      this.o,
      this.serviceRevisions,
      { ctx, obj, desired, identity, base },
      this.fail.bind(this),
    );
    if (isVisitEnd(seen)) return seen;
    const { observed } = seen;
    const scalable =
      observed?.lifecycle === 'ACTIVE' && isManagedBy(observed.ownership, obj.spec.adopt === true);
    const visit: Visit = { ctx, obj, desired, identity, observed, scalable, base, now };

    const unconfirmed = this.readCheck.check(visit, this.pollDelay());
    if (unconfirmed !== undefined) return unconfirmed;
    // Autoscaling is planned first, from reads only: its plan decides who owns desiredCount.
    const scaling = await this.planAutoscaling(visit);
    if (isVisitEnd(scaling)) return scaling;
    return this.planAndApply(visit, scaling);
  }

  /** Plans the autoscaling part (autoscaling-step.ts); a failed read ends the visit as any AWS failure. */
  private async planAutoscaling(visit: Visit): Promise<AutoscalingStepPlan | ServiceVisitEnd> {
    const observing = this.policyOf(visit.obj) === 'Observe';
    try {
      return await planAutoscalingStep(this.o.autoscaling, visit, observing);
    } catch (err) {
      const during = observing ? 'reading autoscaling' : 'reconciling autoscaling';
      return this.fail({ ...visit.base, service: visit.observed?.service }, err, during);
    }
  }

  /** Makes autoscaling's planned writes, after the guards; a failed write ends the visit. */
  private async applyAutoscaling(
    visit: Visit,
    planned: ServiceAutoscalingPlan | undefined,
  ): Promise<ServiceAutoscalingResult | undefined | ServiceVisitEnd> {
    if (planned === undefined) return undefined;
    try {
      return await planned.apply();
    } catch (err) {
      return this.fail({ ...visit.base, service: visit.observed?.service }, err, 'reconciling autoscaling');
    }
  }

  private async planAndApply(visit: Visit, scaling: AutoscalingStepPlan): Promise<ServiceVisitEnd> {
    const { ctx, obj, desired, observed } = visit;
    const previous = obj.status ?? {};
    const countOwner = desiredCountOwnerOf(scaling, () => this.o.desiredCountOwner(obj));
    const current: RolloutOrigin = {
      generation: obj.metadata.generation,
      taskDefinitionArn: desired.config.taskDefinition,
      restartAt: desired.restartAt,
    };
    // The one judgement of the followed rollout, on what ECS shows now, before planning: a rollback
    // must be seen before the planner would push the rolled-back revision again.
    const tracked =
      visit.scalable && observed !== undefined
        ? trackRollout({ previous: previous.rollout, service: observed.service, current })
        : previous.rollout;
    const predecessor = observed?.lifecycle === 'INACTIVE' ? predecessorOf(observed.service) : undefined;
    const clientToken = serviceClientToken(evidenceKey(obj), predecessor);
    if (observed !== undefined && observed.lifecycle !== 'INACTIVE')
      this.createGuard.seen(evidenceKey(obj), visit.now.getTime());
    const observing = this.policyOf(obj) === 'Observe';
    // A rollback request is acted on before the plan, on the deployment running when it was made.
    const controlled = observing
      ? undefined
      : await controlDeploymentStep(this.o, visit, this.fail.bind(this));
    if (isVisitEnd(controlled)) return controlled;
    const tagsNow = { ...(observed?.tags ?? {}), ...(controlled?.tags ?? {}) };
    const rolledBack = rollbackHolds(obj.spec.deploymentControl, tagsNow, desired.config.taskDefinition);
    // Observe compares an untagged service as adoption would (ADR 0007), and writes nothing.
    const plan = planService(observing ? { ...desired, adopt: true } : desired, observed, {
      identity: visit.identity,
      desiredCountOwner: countOwner,
      clientToken,
      legacyRestartAt: previous.restartAt,
      managedTagKeys: this.managedTags.of(evidenceKey(obj)),
      holdRollout: isRolloutHeld(tracked, current) || rolledBack,
    });
    ctx.log.debug({ outcome: plan.outcome, reasons: plan.reasons }, 'planned ecs service');
    if (observing)
      return (
        endForPlanOutcome(plan, visit.base, this.o.drainPollMs) ??
        endForDriftReport(visit, plan, countOwner, previewOf(scaling), this.o.stableRequeueMs)
      );
    const held = holdPlan(this.o, this.createGuard, { visit, plan, clientToken }, () => this.pace());
    if (held !== undefined) return held;

    // Autoscaling's writes land first, as they always have (a target registered before the
    // UpdateService that leaves desiredCount to it).
    const planned = writesOf(scaling);
    const autoscaled = await this.applyAutoscaling(visit, planned);
    if (isVisitEnd(autoscaled)) return autoscaled;
    // A terminal failure among those writes can leave desiredCount's owner other than planned (a
    // target not deregistered after all): the service plan rests on that owner, so it is not applied.
    const stale = planned !== undefined && autoscaled?.ownsDesiredCount !== planned.ownsDesiredCount;
    const applied = await this.applyPlan(visit, stale ? { ...plan, actions: [] } : plan, clientToken);
    if (isVisitEnd(applied)) return applied;

    // A write that started a deployment: follow it from ECS's answer. Otherwise the judgement made
    // before the plan stands (no write of this visit changed the deployments).
    const { latest } = applied;
    const rollout =
      applied.startedRollout && latest !== undefined ? rolloutStarted(latest, current) : tracked;
    const serviceDeployment = await readServiceDeployment(
      this.o.ecsFor(visit.desired.region, obj.metadata.namespace),
      visit.desired.cluster,
      rollout,
      latest,
      visit.ctx.signal,
    );
    return this.converged(
      visit,
      stale ? { ...plan, actions: [] } : plan,
      applied,
      rollout,
      autoscaled,
      serviceDeployment,
    );
  }

  /** Applies the plan; ECS refusing a create as not idempotent is held like an unbelieved absence. */
  private async applyPlan(
    visit: Visit,
    plan: ServicePlan,
    clientToken: string,
  ): Promise<Applied | ServiceVisitEnd> {
    const applied = await applyServicePlan(this.o, this.createGuard, visit, plan, clientToken);
    switch (applied.kind) {
      case 'applied':
        return applied;
      case 'createRefused': {
        const message = `ECS refused to create ${where(visit.desired)} because a service of that name already exists, although DescribeServices did not show it; re-reading it`;
        return endForHeldCreate(visit, { kind: 'confirm', message }, this.pace());
      }
      case 'failed':
        return this.fail({ ...visit.base, service: applied.latest }, applied.error, applied.during);
    }
  }

  /** The end of a converging visit: relay ECS's events, report, and come back at the right pace. */
  private converged(
    visit: Visit,
    plan: ServicePlan,
    applied: Applied,
    rollout: RolloutStatus | undefined,
    scaling: ServiceAutoscalingResult | undefined,
    serviceDeployment?: ServiceDeploymentSummary,
  ): ServiceVisitEnd {
    const { obj, desired } = visit;
    const { latest } = applied;
    for (const e of this.ecsEvents.relay(evidenceKey(obj), ecsEventItems(latest?.events))) {
      this.o.events.record(obj, e.type, ServiceReasons.EcsServiceEvent, e.message);
    }
    for (const a of this.scalingActivities.relay(evidenceKey(obj), scaling?.activities ?? [])) {
      this.o.events.record(obj, a.type, ServiceReasons.ScalingActivity, a.message);
    }
    this.managedTags.remember(evidenceKey(obj), Object.keys(desired.tags));
    return endForConverged(
      visit,
      plan,
      { ...applied, rollout, scaling, serviceDeployment },
      {
        autoscalingPending: this.o.autoscaling !== undefined && !visit.scalable,
        rolloutPollMs: this.pollDelay(),
        stableRequeueMs: this.o.stableRequeueMs,
      },
    );
  }

  /**
   * The delay to the next rollout poll: on the fleet's shared beat (src/shared/poll-beat.ts), so the
   * polls of services converging together are read in full DescribeServices calls.
   */
  private pollDelay(): number {
    return delayToBeat(this.o.now().getTime(), this.o.rolloutPollMs);
  }

  /** The paces a held create comes back at: a rollout poll on the beat, or the dependency pace. */
  private pace(): HeldCreatePace {
    return { rolloutPollMs: this.pollDelay(), dependencyPollMs: this.o.dependencyPollMs };
  }

  private policyOf(obj: EcsService): ManagementPolicy {
    return managementPolicyOf(obj.spec, this.o.defaultManagementPolicy);
  }

  private fail(base: Omit<ServiceStatusInput, 'outcome'>, err: unknown, during: string): ServiceVisitEnd {
    const region = base.region ?? this.o.defaultRegion;
    return endOnAwsFailure(
      base,
      err,
      during,
      { cluster: clusterNamedBy(base.obj.spec), region },
      this.o.dependencyPollMs,
    );
  }

  /** Forgets what this process remembers of an object whose finalizer is gone. */
  private forget(obj: EcsService): void {
    this.o.revisionsSeen(obj, undefined);
    this.managedTags.forget(evidenceKey(obj));
    this.scalingActivities.forget(evidenceKey(obj));
    this.ecsEvents.forget(evidenceKey(obj));
    this.readCheck.forget(evidenceKey(obj));
    this.createGuard.forget(evidenceKey(obj));
  }

  /** Writes the status when it changed; with `announce`, a Stalled or Ready transition becomes an Event. */
  private async writeStatus(input: ServiceStatusInput, announce: boolean): Promise<void> {
    const { obj } = input;
    const next = buildServiceStatus(input);
    if (announce) {
      for (const e of conditionEvents(obj.status?.conditions ?? [], next.conditions ?? [])) {
        this.o.events.record(obj, e.type, e.reason, e.message);
      }
    }
    if (isSameStatus(obj.status, next)) return;
    await this.o.writer.updateStatus(obj, next);
  }
}
