/**
 * The EcsCluster reconciler: desired → observe → plan (pure) → apply (thin) → status (pure), with
 * the finalizer, deletion, validation and AWS error classification around it, in the shape of the
 * task definition kind.
 *
 * Per reconcile, in steady state: one DescribeClusters and no writes. After a change: at most one
 * UpdateCluster, one PutClusterCapacityProviders and one TagResource, then one status write.
 * Deletion lists the cluster's services (ListServices + DescribeServices) and waits, polling, while
 * any remain (ours or anyone's), naming them in the condition (ADR 0019).
 */
import type { CapacityProvider, Cluster } from '@aws-sdk/client-ecs';
import { reportClusterAction } from './action-report.js';
import { deletionBlockedMessage, STILL_IN_USE } from './deletion-waits.js';
import { judgeAwsError } from '../failure-table.js';
import { CLUSTER_FAILURES } from './failure-table.js';
import { TerminalError, type ReconcileContext, type ReconcileResult } from '../../controller/reconciler.js';
import { FINALIZER } from '../api-group.js';
import { evaluateWriteGuards, type WriteGuard } from '../write-guard.js';
import type { ClusterAction } from './actions.js';
import { applyClusterAction, type ClusterAnswer } from './apply.js';
import { observeCapacityProviders, type ObservedCapacityProvider } from './capacity-provider-observe.js';
import { providersToRecheck } from './capacity-provider-plan.js';
import { claimedByAnother, type ClusterClaimants } from './claims.js';
import { desiredCluster, type DesiredCluster } from './desired.js';
import { observeCluster, type ObservedCluster } from './observe.js';
import { KindReconciler, type KindReconcilerOptions } from '../kind-reconciler.js';
import { planCluster, planClusterDeletion } from './plan.js';
import { ClusterReason as R } from './reasons.js';
import type { ClusterApisForRegion, ManagedServicesIn } from './ports.js';
import { clusterStatus, isSameClusterStatus, isSettled, type ClusterOutcome } from './status.js';
import type { ClusterDeletionPolicy, EcsCluster, EcsClusterStatus } from './types.js';
import { readyVerdictOf, type ClusterReadiness } from './ready-verdicts.js';
import { describeClusterProblems, validateClusterSpec } from './validate.js';

/** How often a cluster that is not ACTIVE yet, or whose deletion waits for services, is read again. */
export const DEFAULT_CLUSTER_POLL_MS = 10_000;

/** A write guard over cluster plans. */
export type ClusterWriteGuard = WriteGuard<EcsCluster, ClusterAction>;

/** What the cluster reconciler is built from (the instance tag goes on every cluster it creates). */
export interface ClusterReconcilerOptions extends KindReconcilerOptions<EcsCluster, ClusterAction> {
  readonly apisFor: ClusterApisForRegion;
  readonly defaultDeletionPolicy?: ClusterDeletionPolicy;
  /** Default {@link DEFAULT_CLUSTER_POLL_MS}. */
  readonly pollIntervalMs?: number;
  /** The EcsServices running in a cluster, for `status.services`. Default: none. */
  readonly managedServicesIn?: ManagedServicesIn;
  /** The EcsCluster objects naming an ECS cluster, from the informer cache (claims.ts). Default: none. */
  readonly claimants?: ClusterClaimants;
  /** Where each visit's Ready verdict is recorded for `clusterRef` lookups (ready-verdicts.ts). Default: none. */
  readonly readiness?: ClusterReadiness;
}

/** Converges one EcsCluster with ECS. Safe to call again at any point: every step is idempotent. */
export class ClusterReconciler extends KindReconciler<EcsCluster, ClusterReconcilerOptions> {
  /**
   * A living cluster's visit: finalizer, validation (a refusal of a guard or a plan is reported
   * like the planner's, `Stalled=True`; a guard's `suppress` ends it without writes), converge,
   * status.
   */
  protected async reconcileLiving(ctx: ReconcileContext, obj: EcsCluster): Promise<ReconcileResult> {
    let current = await this.writer.addFinalizer(obj, FINALIZER, ctx.signal);

    const problems = validateClusterSpec(obj.spec);
    if (problems.length > 0) {
      const message = describeClusterProblems(problems);
      const { written } = await this.#writeStatus(ctx, current, { kind: 'invalid', message });
      if (written) this.options.events.record(obj, 'Warning', R.InvalidSpec, message);
      throw new TerminalError(R.InvalidSpec, message);
    }
    if ((current.status?.conditions ?? []).length === 0) {
      current = (await this.#writeStatus(ctx, current, { kind: 'progressing' })).object;
    }

    const desired = desiredCluster(obj, this.options.instanceId, this.options.defaultDeletionPolicy);
    const converged = await this.#converge(ctx, obj, current, desired);
    if (converged === undefined) return {};
    const { latest, providers } = converged;
    if (latest === undefined) throw new Error('ECS answered no cluster');
    const services = this.options.managedServicesIn?.(desired.clusterName, obj.spec.region) ?? [];
    const declared = [...providers.values()];
    await this.#writeStatus(ctx, current, { kind: 'synced', cluster: latest, services, providers: declared });
    const settled = latest.status === 'ACTIVE' && declared.every(isSettled);
    return settled ? {} : { requeueAfterMs: this.#pollMs() };
  }

  /**
   * Observe, plan, guard and apply: the cluster as ECS last answered and the declared capacity
   * providers, or undefined when a write guard suppressed the visit. AWS errors are judged by the
   * failure table; a refusal throws a TerminalError after reporting it.
   */
  async #converge(
    ctx: ReconcileContext,
    obj: EcsCluster,
    current: EcsCluster,
    desired: DesiredCluster,
  ): Promise<{ latest: Cluster | undefined; providers: Map<string, CapacityProvider> } | undefined> {
    const apis = this.options.apisFor(obj.spec.region, obj.metadata.namespace);
    let latest: Cluster | undefined;
    const providers = new Map<string, CapacityProvider>();
    try {
      const observed = await observeCluster(apis.clusters, desired, { signal: ctx.signal });
      latest = observed?.raw;
      // Undeclared providers still attached, and those a crashed removal recorded, are read in the
      // same call, to delete the ones we made.
      const observedProviders = await this.#observeProviders(
        ctx,
        desired,
        providersToRecheck(desired, observed),
      );
      for (const d of desired.autoScalingGroupProviders) {
        const p = observedProviders.get(d.name);
        if (p !== undefined) providers.set(d.name, p.raw);
      }
      const plan = planCluster(desired, observed, observedProviders);
      ctx.log.debug(
        { cluster: desired.clusterName, actions: plan.actions.map((a) => a.type) },
        'planned ecs cluster',
      );
      // The guard step: policies that may forbid the writes run before any of them.
      const verdict = evaluateWriteGuards(this.options.writeGuards ?? [], {
        obj,
        actions: plan.actions,
        region: obj.spec.region,
      });
      if (verdict.kind === 'suppress') return undefined;
      // A younger object naming a cluster another object manages may report it, never write to it.
      const claimed = plan.actions.length > 0 ? this.#claimedByAnother(obj, desired, observed) : undefined;
      const refusal = claimed ?? plan.refusal ?? (verdict.kind === 'refuse' ? verdict : undefined);
      if (refusal !== undefined) return await this.#refuse(ctx, obj, current, refusal, latest);
      for (const action of plan.actions) {
        ctx.signal.throwIfAborted();
        const answer = await this.#apply(ctx, apis, action);
        if (answer?.kind === 'cluster') latest = answer.cluster;
        if (
          answer?.kind === 'provider' &&
          answer.provider.name !== undefined &&
          action.type !== 'deleteCapacityProvider'
        ) {
          providers.set(answer.provider.name, answer.provider);
        }
        const done = { clusterName: desired.clusterName, action, adopting: plan.adopting };
        reportClusterAction(ctx, this.options.events, obj, done);
      }
    } catch (err) {
      if (err instanceof TerminalError) throw err;
      throw await this.#failed(ctx, current, err, latest);
    }
    return { latest, providers };
  }

  /** Reports a refused plan (Stalled, one Warning Event) and stops retrying until the object changes. */
  async #refuse(
    ctx: ReconcileContext,
    obj: EcsCluster,
    current: EcsCluster,
    refusal: { readonly reason: string; readonly message: string },
    latest: Cluster | undefined,
  ): Promise<never> {
    ctx.log.info({ reason: refusal.reason }, 'ecs cluster plan refused');
    const outcome: ClusterOutcome = {
      kind: 'failed',
      reason: refusal.reason,
      message: refusal.message,
      ...(latest ? { cluster: latest } : {}),
    };
    const { written } = await this.#writeStatus(ctx, current, outcome);
    if (written) this.options.events.record(obj, 'Warning', refusal.reason, refusal.message);
    throw new TerminalError(refusal.reason, refusal.message);
  }

  /**
   * The refusal when an older object names the same ECS cluster and the cluster does not carry
   * this object's owner tags (claims.ts): that object manages it, this one must not touch it.
   */
  #claimedByAnother(
    obj: EcsCluster,
    desired: DesiredCluster,
    observed: ObservedCluster | undefined,
  ): { readonly reason: string; readonly message: string } | undefined {
    if (observed?.ownership === 'ours') return undefined;
    return claimedByAnother(obj.metadata, desired.clusterName, obj.spec.region, this.options.claimants);
  }

  /**
   * The declared Auto Scaling group providers ECS has, and the `extra` ones (one
   * DescribeCapacityProviders; none to read: no call).
   */
  async #observeProviders(
    ctx: ReconcileContext,
    desired: DesiredCluster,
    extra: readonly string[] = [],
  ): Promise<Map<string, ObservedCapacityProvider>> {
    const names = [...desired.autoScalingGroupProviders.map((p) => p.name), ...extra];
    if (names.length === 0) return new Map();
    const apis = this.options.apisFor(desired.region);
    return observeCapacityProviders(apis.clusters, names, desired, { signal: ctx.signal });
  }

  #apply(
    ctx: ReconcileContext,
    apis: ReturnType<ClusterApisForRegion>,
    action: ClusterAction,
  ): Promise<ClusterAnswer> {
    return applyClusterAction(apis.clusters, apis.ecs, action, { signal: ctx.signal });
  }

  protected async reconcileDeletion(ctx: ReconcileContext, obj: EcsCluster): Promise<ReconcileResult> {
    const declared = desiredCluster(obj, this.options.instanceId, this.options.defaultDeletionPolicy);
    // An outside cluster counts as this object's on deletion only if it may adopt it now: an
    // adoption the write guards refuse (an access policy, ADR 0021) must never become a delete.
    const mayAdopt =
      declared.adopt &&
      evaluateWriteGuards(this.options.writeGuards ?? [], { obj, actions: [], region: obj.spec.region })
        .kind === 'allow';
    const desired = mayAdopt === declared.adopt ? declared : { ...declared, adopt: false };
    const apis = this.options.apisFor(obj.spec.region, obj.metadata.namespace);
    let observed: ObservedCluster | undefined;
    try {
      const retain = desired.deletionPolicy === 'Retain';
      observed = retain ? undefined : await observeCluster(apis.clusters, desired, { signal: ctx.signal });
      const providers = retain
        ? new Map()
        : await this.#observeProviders(ctx, desired, providersToRecheck(desired, observed));
      const services = await this.#servicesIn(ctx, apis, desired, observed);
      const claimed = this.#claimedByAnother(obj, desired, observed);
      const plan =
        claimed === undefined
          ? planClusterDeletion(desired, observed, services, providers)
          : ({ kind: 'release', why: claimed.message } as const);
      switch (plan.kind) {
        case 'release':
          await this.writer.removeFinalizer(obj, FINALIZER, ctx.signal);
          this.options.events.record(obj, 'Normal', R.Retained, plan.why);
          ctx.log.info({ cluster: desired.clusterName }, 'released ecs cluster');
          return {};
        case 'blocked':
          return await this.#blocked(ctx, obj, desired, plan.services, observed?.raw);
        case 'delete': {
          if (plan.actions.length > 0 && !(await this.stillFinalizing(ctx, obj))) return {};
          for (const action of plan.actions) {
            ctx.signal.throwIfAborted();
            await this.#apply(ctx, apis, action);
            reportClusterAction(ctx, this.options.events, obj, {
              clusterName: desired.clusterName,
              action,
              adopting: false,
            });
          }
          await this.writer.removeFinalizer(obj, FINALIZER, ctx.signal);
          return {};
        }
      }
    } catch (err) {
      return this.#deletionFailed(ctx, obj, desired, err, observed?.raw);
    }
  }

  /**
   * A failed deletion step: ECS refusing because something still runs waits like a listed service;
   * a terminal error stalls with the way out named; anything else is retried.
   */
  async #deletionFailed(
    ctx: ReconcileContext,
    obj: EcsCluster,
    desired: DesiredCluster,
    err: unknown,
    cluster: Cluster | undefined,
  ): Promise<ReconcileResult> {
    const judged = judgeAwsError(err, CLUSTER_FAILURES);
    const aws = judged.error;
    // Someone started a service between our read and DeleteCluster: wait as for a listed one.
    if (STILL_IN_USE.has(aws.code)) {
      return this.#blocked(ctx, obj, desired, [], cluster, `${aws.code}: ${aws.message}`);
    }
    if (judged.terminal) {
      const reason = judged.reason;
      const message = `${aws.code}: ${aws.message} (to let the object go without deleting the cluster, set spec.deletionPolicy: Retain)`;
      const { written } = await this.#writeStatus(ctx, obj, { kind: 'failed', reason, message });
      if (written) this.options.events.record(obj, 'Warning', R.Failed, `${reason}: ${message}`);
      throw new TerminalError(reason, message, { cause: err });
    }
    await this.#writeStatus(ctx, obj, {
      kind: 'deleting',
      message: `retrying: ${aws.code}: ${aws.message}`,
    });
    throw new Error('deleting ecs cluster', { cause: err });
  }

  /** The services of a cluster this object may delete (ListServices + DescribeServices); else none. */
  async #servicesIn(
    ctx: ReconcileContext,
    apis: ReturnType<ClusterApisForRegion>,
    desired: DesiredCluster,
    observed: ObservedCluster | undefined,
  ): Promise<string[]> {
    if (observed === undefined || !(observed.ownership === 'ours' || desired.adopt)) return [];
    const services = await apis.clusters.servicesIn(desired.clusterName, { signal: ctx.signal });
    return services.map((s) => s.serviceName ?? s.serviceArn ?? '?');
  }

  /** Deletion waits for services: say which, and look again after the poll interval. */
  async #blocked(
    ctx: ReconcileContext,
    obj: EcsCluster,
    desired: DesiredCluster,
    services: readonly string[],
    cluster: Cluster | undefined,
    detail?: string,
  ): Promise<ReconcileResult> {
    const message = deletionBlockedMessage(desired.clusterName, services, detail);
    const { written } = await this.#writeStatus(ctx, obj, {
      kind: 'deletionBlocked',
      message,
      ...(cluster === undefined ? {} : { cluster }),
    });
    if (written) this.options.events.record(obj, 'Warning', R.ServicesRemain, message);
    ctx.log.info(
      { cluster: desired.clusterName, services: services.length },
      'ecs cluster deletion waits for services',
    );
    return { requeueAfterMs: this.#pollMs() };
  }

  async #failed(
    ctx: ReconcileContext,
    obj: EcsCluster,
    err: unknown,
    cluster: Cluster | undefined,
  ): Promise<Error> {
    const judged = judgeAwsError(err, CLUSTER_FAILURES);
    const { error: aws, reason } = judged;
    const message = `${aws.code}: ${aws.message}`;
    if (judged.terminal) {
      const outcome: ClusterOutcome = { kind: 'failed', reason, message, ...(cluster ? { cluster } : {}) };
      const { written } = await this.#writeStatus(ctx, obj, outcome);
      if (written) this.options.events.record(obj, 'Warning', R.Failed, `${reason}: ${message}`);
      return new TerminalError(reason, message, { cause: err });
    }
    await this.#writeStatus(ctx, obj, { kind: 'retrying', reason, message });
    return new Error('reconciling ecs cluster', { cause: err });
  }

  async #writeStatus(
    ctx: ReconcileContext,
    obj: EcsCluster,
    outcome: ClusterOutcome,
  ): Promise<{ written: boolean; object: EcsCluster }> {
    const next = clusterStatus(obj, outcome, this.now());
    this.#recordVerdict(obj, outcome, next);
    if (isSameClusterStatus(obj.status, next)) return { written: false, object: obj };
    return this.writer.updateStatus(obj, next, ctx.signal);
  }

  /** Records this visit's Ready verdict for `clusterRef` lookups (ready-verdicts.ts). */
  #recordVerdict(obj: EcsCluster, outcome: ClusterOutcome, next: EcsClusterStatus): void {
    const verdict = readyVerdictOf(obj, outcome, next);
    if (verdict !== undefined) this.options.readiness?.record(verdict);
  }

  /** How soon a visit that waits comes back: the options' poll interval, default {@link DEFAULT_CLUSTER_POLL_MS}. */
  #pollMs(): number {
    return this.options.pollIntervalMs ?? DEFAULT_CLUSTER_POLL_MS;
  }
}
