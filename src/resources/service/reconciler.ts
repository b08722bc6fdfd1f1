/**
 * The EcsService reconciler: desired → observe → pure plan → thin apply → pure status, once per
 * visit, never blocking. It adds the finalizer before the first AWS write, resolves the referenced
 * EcsTaskDefinition (same namespace only), reads the service through the injected (batched)
 * DescribeServices, plans, applies each action with one EcsApi call, follows the rollout, relays
 * ECS events, and writes status only when it changed.
 *
 * AWS errors are classified once: throttled, transient and conflict are rethrown (the queue backs
 * off) after status says so; invalid, access denied and quota write `Stalled=True` and throw a
 * TerminalError. It polls fast while a rollout runs and leaves a stable service to the resync.
 */
import type { Service, Tag } from '@aws-sdk/client-ecs';
import { classifyAwsError } from '../../aws/errors.js';
import { isCreateNotIdempotent, isSettled, judgeAwsFailure } from './aws-failure.js';
import {
  TerminalError,
  type ReconcileContext,
  type ReconcileResult,
  type Reconciler,
} from '../../controller/reconciler.js';
import { OwnWrites } from '../../k8s/own-writes.js';
import { FINALIZER } from '../api-group.js';
import { actionEvent, actionVerb, conditionEvents, tagsAfterAction } from './action-notes.js';
import { applyServiceAction } from './apply.js';
import { predecessorOf, serviceClientToken } from './client-token.js';
import { NO_CLUSTERS, placeService, placeServiceForDeletion } from './cluster-ref.js';
import { CreateGuard, isCreatedForObject, type CreateVerdict } from './create-guard.js';
import { desiredService, type DesiredService } from './desired.js';
import { relayEcsEvents } from './ecs-events.js';
import { judgeRead, type MissingDeploymentEvidence } from './read-consistency.js';
import { DEPLOYMENT_FIELDS } from './model.js';
import { observeService } from './observe.js';
import { isManagedBy, ownerIdentity, type OwnerIdentity } from './ownership.js';
import { deletionEvent, planServiceDeletion } from './plan-deletion.js';
import { planService, type DesiredCountOwner } from './plan.js';
import type { ServiceAutoscaling, ServiceAutoscalingResult } from './ports.js';
import { ServiceReasons } from './reasons.js';
import { isRolloutHeld, rolloutReadiness, trackRollout, type RolloutOrigin } from './rollout.js';
import { buildServiceStatus, isSameStatus, type ServiceOutcome, type ServiceStatusInput } from './status.js';
import { serviceNameOf, type EcsService, type RolloutStatus } from './types.js';
import { validateService } from './validate.js';
import type { EcsServiceReconcilerOptions } from './reconciler-options.js';

export type { EcsServiceReconcilerOptions } from './reconciler-options.js';

/** The key of an object's read evidence: its uid, so a re-created object starts afresh. */
function evidenceKey(obj: EcsService): string {
  return obj.metadata.uid ?? `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

function where(desired: DesiredService): string {
  return `ECS service ${desired.serviceName} in cluster ${desired.cluster}`;
}

function tagsToList(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** The reconciler for EcsService objects; see the file header for its contract. */
export class EcsServiceReconciler implements Reconciler<EcsService> {
  private readonly o: Required<
    Omit<EcsServiceReconcilerOptions, 'stableRequeueMs' | 'autoscaling' | 'createGuard'>
  > & {
    readonly stableRequeueMs: number | undefined;
    readonly autoscaling: ServiceAutoscaling | undefined;
  };

  constructor(options: EcsServiceReconcilerOptions) {
    this.o = {
      desiredCountOwner: (obj) => (obj.spec.autoscaling !== undefined ? 'autoscaling' : 'spec'),
      rolloutPollMs: 5_000,
      drainPollMs: 10_000,
      dependencyPollMs: 30_000,
      now: () => new Date(),
      defaultDeletionPolicy: 'Delete',
      clusters: NO_CLUSTERS,
      ...options,
      stableRequeueMs: options.stableRequeueMs,
      autoscaling: options.autoscaling,
    };
    this.createGuard = new CreateGuard(options.createGuard);
  }

  /** Our last writes per object, for when the informer hands a copy they replaced. */
  private readonly ownWrites = new OwnWrites<EcsService>();

  /** Per object: the followed deployment ECS's recent answers did not list (read-consistency.ts). */
  private readonly missingDeployments = new Map<string, MissingDeploymentEvidence>();

  /** What this process created and saw, so one out-of-date answer never makes a second create. */
  private readonly createGuard: CreateGuard;

  async reconcile(ctx: ReconcileContext, received: EcsService): Promise<ReconcileResult> {
    // The informer may lag behind our own last status write (an informer restart, a burst): work
    // from that write, or the status computed now is compared with, and patched over, a stale copy
    // and a condition we already replaced stays on the server (src/k8s/own-writes.ts).
    let obj = this.ownWrites.freshest(received);
    const namespace = obj.metadata.namespace ?? '';
    const identity = ownerIdentity(namespace, obj.metadata.name, this.o.instanceId, obj.metadata.uid);
    if (obj.metadata.deletionTimestamp !== undefined) return this.finalize(ctx, obj, identity);

    if (obj.spec.suspend === true) {
      await this.writeStatus(obj, { obj, outcome: { kind: 'suspended' }, now: this.o.now() });
      return {};
    }
    const invalid = validateService(obj);
    if (invalid !== undefined) {
      await this.writeStatus(obj, {
        obj,
        outcome: { kind: 'invalidSpec', message: invalid },
        now: this.o.now(),
      });
      throw new TerminalError(ServiceReasons.InvalidSpec, invalid);
    }
    if (!(obj.metadata.finalizers ?? []).includes(FINALIZER)) {
      const before = obj;
      obj = await this.o.store.addFinalizer(obj);
      this.ownWrites.record(before, obj);
    }

    const taskDefinition = await this.resolveTaskDefinition(obj, namespace);
    if (taskDefinition.arn === undefined) {
      const outcome: ServiceOutcome = {
        kind: 'waiting',
        reason: ServiceReasons.TaskDefinitionNotReady,
        message: taskDefinition.message,
      };
      await this.writeStatus(obj, { obj, outcome, now: this.o.now() });
      return { requeueAfterMs: this.o.dependencyPollMs };
    }

    const placement = await placeService(obj, this.o.clusters);
    if (placement.waiting !== undefined) {
      const outcome: ServiceOutcome = {
        kind: 'waiting',
        reason: ServiceReasons.ClusterNotReady,
        message: placement.waiting,
      };
      await this.writeStatus(obj, { obj, outcome, now: this.o.now() });
      return { requeueAfterMs: this.o.dependencyPollMs };
    }

    const desired = desiredService({
      spec: {
        ...obj.spec,
        cluster: placement.cluster,
        ...(placement.region === undefined ? {} : { region: placement.region }),
      },
      name: obj.metadata.name,
      taskDefinition: taskDefinition.arn,
      defaultRegion: this.o.defaultRegion,
    });
    return this.converge(ctx, obj, desired, identity);
  }

  private async resolveTaskDefinition(
    obj: EcsService,
    namespace: string,
  ): Promise<{ arn: string; message?: never } | { arn?: undefined; message: string }> {
    const ref = obj.spec.taskDefinitionRef;
    if (ref === undefined) return { arn: obj.spec.taskDefinition ?? '' };
    const td = await this.o.taskDefinitions.get(namespace, ref.name);
    if (td === undefined) {
      return {
        message: `EcsTaskDefinition ${ref.name} does not exist in namespace ${namespace}; create it (references never cross namespaces)`,
      };
    }
    if (!td.ready || td.taskDefinitionArn === undefined) {
      return {
        message: `EcsTaskDefinition ${namespace}/${ref.name} has no ready revision yet; waiting for it`,
      };
    }
    return { arn: td.taskDefinitionArn };
  }

  private async converge(
    ctx: ReconcileContext,
    obj: EcsService,
    desired: DesiredService,
    identity: OwnerIdentity,
  ): Promise<ReconcileResult> {
    const now = this.o.now();
    const previous = obj.status ?? {};
    const base = { obj, region: desired.region, now };

    let described: Service | undefined;
    try {
      described = await this.o.describeService(desired.region, desired.cluster, desired.serviceName, {
        signal: ctx.signal,
      });
    } catch (err) {
      return this.failAws(obj, base, err, 'describing the ECS service');
    }
    const observed = described === undefined ? undefined : observeService(described, identity);

    // Autoscaling runs first on a service of ours: its answer decides who owns desiredCount.
    let scaling: ServiceAutoscalingResult | undefined;
    const scalable =
      observed?.lifecycle === 'ACTIVE' && isManagedBy(observed.ownership, obj.spec.adopt === true);
    if (this.o.autoscaling !== undefined && scalable) {
      try {
        scaling = await this.o.autoscaling.reconcile({
          obj,
          service: observed.service,
          region: desired.region,
          signal: ctx.signal,
        });
      } catch (err) {
        return this.failAws(obj, { ...base, service: observed.service }, err, 'reconciling autoscaling');
      }
    }
    const countOwner: DesiredCountOwner =
      scaling === undefined
        ? this.o.desiredCountOwner(obj)
        : scaling.ownsDesiredCount
          ? 'autoscaling'
          : 'spec';

    const current: RolloutOrigin = {
      generation: obj.metadata.generation,
      taskDefinitionArn: desired.config.taskDefinition,
      restartAt: desired.restartAt,
    };
    // An answer that does not list the deployment we follow may be older than our own last write
    // (ECS reads are eventually consistent, ADR 0009): nothing is concluded or written from it; the
    // verdict stays as it was and ECS is read again soon, until enough reads agree.
    const key = evidenceKey(obj);
    const read =
      scalable && observed !== undefined
        ? judgeRead({
            followed: previous.rollout,
            service: observed.service,
            evidence: this.missingDeployments.get(key),
            now,
          })
        : ({ kind: 'consistent' } as const);
    if (read.kind === 'unconfirmed') {
      this.missingDeployments.set(key, read.evidence);
      ctx.log.info(
        { deploymentId: read.evidence.deploymentId, reads: read.evidence.reads, since: read.evidence.since },
        'followed ecs deployment not listed; reading again before concluding',
      );
      await this.writeStatus(obj, { ...base, outcome: { kind: 'unconfirmedRead', message: read.message } });
      return { requeueAfterMs: this.o.rolloutPollMs };
    }
    this.missingDeployments.delete(key);
    if (read.kind === 'confirmed' && read.evidence !== undefined) {
      ctx.log.info(
        { deploymentId: read.evidence.deploymentId, reads: read.evidence.reads, since: read.evidence.since },
        'followed ecs deployment still not listed; judging the answer',
      );
    }

    // Judge the followed rollout on what ECS shows now, before planning: a rollback must be seen
    // before the planner would push the rolled-back revision again.
    const tracked =
      scalable && observed !== undefined
        ? trackRollout({ previous: previous.rollout, service: observed.service, current })
        : previous.rollout;
    const predecessor = observed?.lifecycle === 'INACTIVE' ? predecessorOf(observed.service) : undefined;
    const guardKey = obj.metadata.uid ?? `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    const clientToken = serviceClientToken(guardKey, predecessor);
    if (observed !== undefined && observed.lifecycle !== 'INACTIVE')
      this.createGuard.seen(guardKey, now.getTime());
    const plan = planService(desired, observed, {
      identity,
      desiredCountOwner: countOwner,
      clientToken,
      appliedRestartAt: previous.restartAt,
      managedTagKeys: previous.managedTagKeys ?? [],
      holdRollout: isRolloutHeld(tracked, current),
    });
    ctx.log.debug({ outcome: plan.outcome, reasons: plan.reasons }, 'planned ecs service');

    switch (plan.outcome) {
      case 'conflict':
      case 'refused': {
        const message = plan.message ?? plan.outcome;
        await this.writeStatus(obj, { ...base, outcome: { kind: plan.outcome, message } }, true);
        if (plan.outcome === 'refused')
          throw new TerminalError(ServiceReasons.ImmutableFieldChanged, message);
        return {};
      }
      case 'waiting': {
        const outcome: ServiceOutcome = {
          kind: 'waiting',
          reason: ServiceReasons.Draining,
          message: plan.message ?? '',
        };
        await this.writeStatus(obj, { ...base, outcome });
        return { requeueAfterMs: this.o.drainPollMs };
      }
      case 'converge':
        break;
    }

    // A create goes out only when the answer that asks for it can be believed (create-guard.ts).
    if (plan.actions.some((a) => a.type === 'createService')) {
      const verdict = this.createGuard.judge(guardKey, {
        answer: observed === undefined ? 'MISSING' : 'INACTIVE',
        inactiveIsOurs:
          observed?.ownership.kind === 'ours' &&
          isCreatedForObject(observed.service.createdAt, obj.metadata.creationTimestamp),
        token: clientToken,
        where: where(desired),
        now: now.getTime(),
      });
      if (verdict.kind !== 'create') return this.holdCreate(ctx, obj, base, verdict, desired);
    }

    let latest = observed?.service;
    let tags: Record<string, string> = { ...(observed?.tags ?? {}) };
    let startedRollout = false;
    for (const action of plan.actions) {
      let answer: Service | undefined;
      try {
        answer = await applyServiceAction(this.o.ecsFor(desired.region), action);
      } catch (err) {
        if (action.type === 'createService' && isCreateNotIdempotent(err)) {
          // ECS says the name is taken: the read that asked for this create was out of date.
          this.createGuard.seen(guardKey, this.o.now().getTime());
          const message = `ECS refused to create ${where(desired)} because a service of that name already exists, although DescribeServices did not show it; re-reading it`;
          return this.holdCreate(ctx, obj, base, { kind: 'confirm', message }, desired);
        }
        return this.failAws(obj, { ...base, service: latest }, err, actionVerb(action));
      }
      if (action.type === 'createService')
        this.createGuard.created(guardKey, clientToken, this.o.now().getTime());
      tags = tagsAfterAction(tags, action);
      if (answer !== undefined) latest = { ...answer, tags: tagsToList(tags) };
      if (action.type === 'createService') startedRollout = true;
      if (
        action.type === 'updateService' &&
        (action.restart || action.fields.some((f) => DEPLOYMENT_FIELDS.has(f)))
      ) {
        startedRollout = true;
      }
      const event = actionEvent(action, plan.reasons, desired);
      if (event !== undefined) this.o.events.record(obj, event);
      ctx.log.info(
        {
          cluster: desired.cluster,
          service: desired.serviceName,
          action: action.type,
          reasons: plan.reasons,
        },
        'wrote ecs service',
      );
    }

    const rollout =
      latest === undefined
        ? tracked
        : trackRollout({
            previous: tracked,
            service: latest,
            started: startedRollout ? current : undefined,
            current,
          });
    const relay = relayEcsEvents(latest?.events, previous.ecsEvents);
    for (const e of relay.toEmit) {
      this.o.events.record(obj, { type: e.type, reason: ServiceReasons.EcsServiceEvent, message: e.message });
    }
    const created = plan.actions.some((a) => a.type === 'createService');
    const updated = plan.actions.some((a) => a.type === 'updateService');
    await this.writeStatus(
      obj,
      {
        ...base,
        outcome: { kind: 'converged', created, updated },
        service: latest,
        rollout,
        restartAt: desired.restartAt ?? previous.restartAt,
        managedTagKeys: Object.keys(desired.tags),
        ecsEvents: relay.cursor,
        autoscaling: scaling,
      },
      true,
    );
    if (scaling?.terminal === true)
      throw new TerminalError(scaling.condition.reason, scaling.condition.message);
    return this.requeueAfter(rollout, latest, scaling, scalable);
  }

  /**
   * Fast while a rollout runs (or autoscaling has yet to see a service created or adopted this
   * visit), at autoscaling's pace when it asks, otherwise left to the resync.
   */
  private requeueAfter(
    rollout: RolloutStatus | undefined,
    latest: Service | undefined,
    scaling: ServiceAutoscalingResult | undefined,
    scalable: boolean,
  ): ReconcileResult {
    const progressing = latest === undefined || rolloutReadiness(rollout, latest).phase === 'progressing';
    const autoscalingPending = this.o.autoscaling !== undefined && !scalable;
    const candidates = [
      progressing || autoscalingPending ? this.o.rolloutPollMs : undefined,
      scaling?.requeueAfterMs,
      this.o.stableRequeueMs,
    ].filter((n): n is number => n !== undefined);
    return candidates.length === 0 ? {} : { requeueAfterMs: Math.min(...candidates) };
  }

  /** Writes why a planned create was held back and comes back to re-read; no AWS write. */
  private async holdCreate(
    ctx: ReconcileContext,
    obj: EcsService,
    base: Omit<ServiceStatusInput, 'outcome'>,
    verdict: Exclude<CreateVerdict, { kind: 'create' }>,
    desired: DesiredService,
  ): Promise<ReconcileResult> {
    const outcome: ServiceOutcome =
      verdict.kind === 'confirm'
        ? { kind: 'confirmingAbsence', message: verdict.message }
        : { kind: 'notVisible', message: verdict.message };
    ctx.log.info(
      { cluster: desired.cluster, service: desired.serviceName, verdict: verdict.kind },
      'holding ecs service create',
    );
    await this.writeStatus(obj, { ...base, outcome }, verdict.kind === 'contradiction');
    return { requeueAfterMs: verdict.kind === 'confirm' ? this.o.rolloutPollMs : this.o.dependencyPollMs };
  }

  private async finalize(
    ctx: ReconcileContext,
    obj: EcsService,
    identity: OwnerIdentity,
  ): Promise<ReconcileResult> {
    if (!(obj.metadata.finalizers ?? []).includes(FINALIZER)) return {};
    const placement = await placeServiceForDeletion(obj, this.o.clusters);
    const region = placement.region ?? this.o.defaultRegion;
    const base = { obj, region, now: this.o.now() };
    const intent = {
      cluster: placement.cluster,
      serviceName: serviceNameOf(obj),
      deletionPolicy: obj.spec.deletionPolicy ?? this.o.defaultDeletionPolicy,
      suspended: obj.spec.suspend === true,
      adopt: obj.spec.adopt === true,
    } as const;

    let described: Service | undefined;
    if (!intent.suspended) {
      try {
        described = await this.o.describeService(region, intent.cluster, intent.serviceName, {
          signal: ctx.signal,
        });
      } catch (err) {
        // A cluster that no longer exists holds no service to clean up.
        if (classifyAwsError(err).kind !== 'notFound')
          return this.failAws(obj, base, err, 'describing the ECS service');
      }
    }
    const observed = described === undefined ? undefined : observeService(described, identity);
    // Our autoscaling goes before the service it scales (ADR 0005): moto cascades nothing, and an
    // explicit removal is right on AWS too. Retain keeps the service running with its autoscaling.
    const autoscaling = this.o.autoscaling;
    if (
      autoscaling?.remove !== undefined &&
      intent.deletionPolicy === 'Delete' &&
      observed?.lifecycle === 'ACTIVE' &&
      isManagedBy(observed.ownership, intent.adopt)
    ) {
      let removal: ServiceAutoscalingResult;
      try {
        removal = await autoscaling.remove({ obj, service: observed.service, region, signal: ctx.signal });
      } catch (err) {
        return this.failAws(obj, base, err, 'removing autoscaling');
      }
      if (removal.terminal) {
        const { reason, message } = removal.condition;
        await this.writeStatus(
          obj,
          { ...base, outcome: { kind: 'deleting', message }, autoscaling: removal },
          true,
        );
        throw new TerminalError(reason, message);
      }
    }
    let plan = planServiceDeletion(intent, observed);
    for (const action of plan.actions) {
      let answer: Service | undefined;
      try {
        answer = await applyServiceAction(this.o.ecsFor(region), action);
      } catch (err) {
        if (classifyAwsError(err).kind === 'notFound') continue;
        return this.failAws(obj, base, err, actionVerb(action));
      }
      // ECS may answer a delete with an INACTIVE service already (moto always does): done at once.
      if (action.type === 'deleteService' && answer !== undefined && described !== undefined) {
        plan = planServiceDeletion(intent, observeService({ ...answer, tags: described.tags }, identity));
      }
    }
    ctx.log.debug({ outcome: plan.outcome, reasons: plan.reasons }, 'planned ecs service deletion');
    if (plan.outcome === 'waiting') {
      const message = `deleting ECS service ${intent.serviceName} in cluster ${intent.cluster}; waiting until ECS reports it INACTIVE`;
      await this.writeStatus(obj, { ...base, outcome: { kind: 'deleting', message } });
      return { requeueAfterMs: this.o.drainPollMs };
    }
    this.o.events.record(obj, deletionEvent(plan, intent));
    await this.o.store.removeFinalizer(obj);
    this.ownWrites.forget(obj);
    this.missingDeployments.delete(evidenceKey(obj));
    this.createGuard.forget(evidenceKey(obj));
    return {};
  }

  private async failAws(
    obj: EcsService,
    base: Omit<ServiceStatusInput, 'outcome'>,
    err: unknown,
    during: string,
  ): Promise<ReconcileResult> {
    const region = base.region ?? this.o.defaultRegion;
    const cluster = obj.spec.cluster ?? obj.status?.cluster ?? obj.spec.clusterRef?.name ?? '';
    const failure = judgeAwsFailure(err, during, { cluster, region }, isSettled(obj));
    if (failure.writeStatus)
      await this.writeStatus(obj, { ...base, outcome: failure.outcome }, failure.announce);
    if (failure.then.kind === 'throw') throw failure.then.error;
    return { requeueAfterMs: this.o.dependencyPollMs };
  }

  /** Writes the status when it changed; with `announce`, a Stalled or Ready transition becomes an Event. */
  private async writeStatus(obj: EcsService, input: ServiceStatusInput, announce = false): Promise<void> {
    const next = buildServiceStatus(input);
    if (announce) {
      for (const e of conditionEvents(obj.status?.conditions ?? [], next.conditions ?? [])) {
        this.o.events.record(obj, e);
      }
    }
    if (isSameStatus(obj.status, next)) return;
    this.ownWrites.record(obj, await this.o.store.patchStatus(obj, next));
  }
}
