/**
 * The EcsTaskDefinition reconciler: desired → observe → plan (pure) → apply (thin) → status (pure),
 * with the finalizer, deletion, validation, AWS error classification and Events around it. Each step
 * returns how the visit ends (`../visit-end.ts`); `reconcile` writes the status once, at the end.
 *
 * Per reconcile, in steady state: one ListTaskDefinitions, one `revisionsInUse` lookup, no writes
 * (the first reconcile of a family in a process, and a deletion, also list its INACTIVE revisions).
 * On the first visit: add the finalizer, write `Reconciling=True, Ready=Unknown` (so kstatus/Flux do
 * not mistake an object without status for a current one), then converge. After a change: one
 * RegisterTaskDefinition, garbage collection, one status write.
 *
 * Errors are classified once: throttling, 5xx, network errors, conflicts (and anything unknown) are
 * rethrown for the work queue to retry with backoff, without flipping Ready; invalid requests,
 * access denied and quotas write `Stalled=True` with the PascalCase reason and throw
 * {@link TerminalError}.
 */
import type { EcsApi } from '../../aws/ecs-api.js';
import { TerminalError, type ReconcileContext, type ReconcileResult } from '../../controller/reconciler.js';
import { FINALIZER } from '../api-group.js';
import { ALLOW, evaluateWriteGuards, type WriteVerdict } from '../write-guard.js';
import type { TaskDefinitionAction, TaskDefinitionActionResult } from './actions.js';
import { applyTaskDefinitionAction } from './apply.js';
import { desiredTaskDefinition, type DesiredTaskDefinition } from './desired.js';
import { observeTaskDefinition, type ObservedTaskDefinition } from './observe.js';
import { KindReconciler } from '../kind-reconciler.js';
import { planTaskDefinition } from './plan.js';
import { observedTaskDefinitionDrift } from './observe-drift.js';
import { RevisionDocuments } from './revision-documents.js';
import { summariseDrift } from '../drift.js';
import type { FieldChange } from '../field-diff.js';
import { managementPolicyOf } from '../management-policy.js';
import { releaseWithoutAws } from '../release-without-aws.js';
import { projectObserved } from './project.js';
import { publishedRevisionOf } from './published-revisions.js';
import { isInUse } from './revision.js';
import { gcHeldRecheck } from './revisions-in-use.js';
import { TaskDefinitionReason as R } from './reasons.js';
import { RevisionCache } from './revision-cache.js';
import type { TaskDefinitionReconcilerOptions } from './ports.js';
import { isSameStatus, taskDefinitionStatus, type TaskDefinitionOutcome } from './status.js';
import type { EcsTaskDefinition } from './types.js';
import { describeProblems, validateFamily, validateSpec } from './validate.js';
import { endQuietly, endThrowing, endWith } from '../visit-end.js';
import { reportResults } from './report.js';
import {
  endGuarded,
  endOnAwsFailure,
  type TaskDefinitionStatusInput,
  type TaskDefinitionVisitEnd,
} from './visit-ends.js';

export type { TaskDefinitionReconcilerOptions, TaskDefinitionWriteGuard } from './ports.js';

/**
 * Converges one EcsTaskDefinition with ECS. Safe to call again at any point: every step is idempotent.
 * The visit starts as every kind's (../kind-reconciler.ts: the freshest copy, routed by deletion
 * state); each step returns how it ends, and status is written once, at the end (`#finish`).
 */
export class TaskDefinitionReconciler extends KindReconciler<
  EcsTaskDefinition,
  TaskDefinitionReconcilerOptions
> {
  readonly #cache: RevisionCache;
  /** Revision documents, for the field-by-field drift of observed objects (observe-drift.ts). */
  readonly #documents = new RevisionDocuments();

  constructor(options: TaskDefinitionReconcilerOptions) {
    super(options);
    this.#cache = options.cache ?? new RevisionCache();
  }

  /** A living object's visit: finalizer, validation, converge; status written once, at the end. */
  protected async reconcileLiving(ctx: ReconcileContext, obj: EcsTaskDefinition): Promise<ReconcileResult> {
    return this.#finish(ctx, await this.#living(ctx, obj));
  }

  /** A deleted object's visit (our finalizer still on it); status, if any, written once, at the end. */
  protected async reconcileDeletion(ctx: ReconcileContext, obj: EcsTaskDefinition): Promise<ReconcileResult> {
    return this.#finish(ctx, await this.#deletion(ctx, obj));
  }

  /** The end of every visit: the one status write it leaves, then its result or its error. */
  async #finish(ctx: ReconcileContext, end: TaskDefinitionVisitEnd): Promise<ReconcileResult> {
    if (end.status !== undefined) await this.#writeEnd(ctx, end.status.input, end.status.announce);
    if (end.error !== undefined) throw end.error;
    return end.result;
  }

  async #living(ctx: ReconcileContext, obj: EcsTaskDefinition): Promise<TaskDefinitionVisitEnd> {
    let current = await this.writer.addFinalizer(obj, FINALIZER, ctx.signal);

    const problems = [...validateFamily(obj), ...validateSpec(obj.spec)];
    if (problems.length > 0) {
      const message = describeProblems(problems);
      const input = { obj: current, observed: undefined, outcome: { kind: 'invalid', message } } as const;
      return endThrowing(input, new TerminalError(R.InvalidSpec, message), true);
    }
    // Not the visit's verdict: an announcement before the first AWS call, so kstatus and Flux never
    // take an object without status for a current one while ECS is read (it may be throttled).
    if ((current.status?.conditions ?? []).length === 0) {
      current = (await this.#writeStatus(ctx, current, undefined, { kind: 'progressing' })).object;
    }
    return this.#converge(ctx, current);
  }

  /** observe → plan → guard (or the Observe drift report) → apply → the status to leave. */
  async #converge(ctx: ReconcileContext, obj: EcsTaskDefinition): Promise<TaskDefinitionVisitEnd> {
    const policy = managementPolicyOf(obj.spec, this.options.defaultManagementPolicy ?? 'Manage');
    const specified = desiredTaskDefinition(obj, this.options.instanceId);
    // Observe finds a revision registered outside ecs-bridge as adoption would (ADR 0007).
    const desired = policy === 'Observe' ? { ...specified, adopt: true } : specified;
    const ecs = this.options.ecsForRegion(obj.spec.region, obj.metadata.namespace);
    const results: TaskDefinitionActionResult[] = [];
    let observed: ObservedTaskDefinition | undefined;
    let verdict: WriteVerdict = ALLOW;
    let drift: readonly FieldChange[] | undefined;
    try {
      observed = await this.#observe(ctx, ecs, obj, desired);
      const plan = planTaskDefinition(desired, observed);
      ctx.log.debug({ family: desired.family, reasons: plan.reasons }, 'planned task definition');
      if (policy === 'Observe') {
        const { actions } = plan;
        drift = await observedTaskDefinitionDrift({
          ecs,
          documents: this.#documents,
          actions,
          desired,
          observed,
          signal: ctx.signal,
        });
      } else {
        verdict = evaluateWriteGuards(this.options.writeGuards ?? [], {
          obj,
          actions: plan.actions,
          region: obj.spec.region,
          observed,
        });
        if (verdict.kind === 'allow') await this.#apply(ctx, ecs, observed, plan.actions, results);
      }
    } catch (err) {
      reportResults(ctx, this.options.events, obj, observed, results);
      return endOnAwsFailure(obj, observed, results, err, false);
    }
    const adoptRevision = desired.adoptRevision === undefined ? {} : { adoptRevision: desired.adoptRevision };
    if (drift !== undefined) {
      const outcome: TaskDefinitionOutcome = {
        kind: 'observed',
        specHash: desired.specHash,
        ...adoptRevision,
        drift: summariseDrift(drift),
        where: `task definition family ${desired.family}`,
      };
      return endWith({ obj, observed, outcome });
    }
    reportResults(ctx, this.options.events, obj, observed, results);
    if (verdict.kind !== 'allow') return endGuarded(ctx, obj, observed, verdict);
    const after = projectObserved(observed, results);
    const synced = {
      kind: 'synced',
      specHash: desired.specHash,
      adopt: desired.adopt,
      ...adoptRevision,
    } as const;
    return endWith({ obj, observed: after, outcome: synced }, gcHeldRecheck(after));
  }

  async #deletion(ctx: ReconcileContext, obj: EcsTaskDefinition): Promise<TaskDefinitionVisitEnd> {
    const desired = desiredTaskDefinition(obj, this.options.instanceId, this.options.defaultDeletionPolicy);
    // A revision being deleted is no longer deployed from; the lookup forgets it once it is gone.
    this.options.published?.record({
      namespace: obj.metadata.namespace ?? '',
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      generation: obj.metadata.generation,
      taskDefinitionArn: undefined,
      ready: false,
    });
    const release = releaseWithoutAws({
      kind: 'EcsTaskDefinition',
      manages: `every revision of ${desired.family}`,
      crdTerminating: (await this.options.crdTerminating?.()) ?? false,
      managementPolicy: managementPolicyOf(obj.spec, this.options.defaultManagementPolicy ?? 'Manage'),
    });
    if (release !== undefined) {
      ctx.log.info(
        { family: desired.family, reason: release.reason },
        'releasing task definition without aws writes',
      );
      await this.writer.removeFinalizer(obj, FINALIZER, ctx.signal);
      this.options.events.record(obj, 'Normal', release.reason, release.message);
      return endQuietly();
    }
    if (desired.deletionPolicy === 'Retain') {
      await this.writer.removeFinalizer(obj, FINALIZER, ctx.signal);
      this.options.events.record(
        obj,
        'Normal',
        R.Retained,
        `deletionPolicy Retain: the revisions of ${desired.family} are left as they are`,
      );
      return endQuietly();
    }
    const ecs = this.options.ecsForRegion(obj.spec.region, obj.metadata.namespace);
    const results: TaskDefinitionActionResult[] = [];
    let observed: ObservedTaskDefinition | undefined;
    try {
      observed = await this.#observe(ctx, ecs, obj, desired);
      const plan = planTaskDefinition(desired, observed);
      ctx.log.debug({ family: desired.family, reasons: plan.reasons }, 'planned task definition deletion');
      if (plan.actions.length > 0 && !(await this.stillFinalizing(ctx, obj))) return endQuietly();
      await this.#apply(ctx, ecs, observed, plan.actions, results);
    } catch (err) {
      return endOnAwsFailure(obj, observed, results, err, true);
    }
    const after = projectObserved(observed, results);
    const deregistered = results.filter((r) => r.type === 'deregistered').length;
    const deleted = results.flatMap((r) => (r.type === 'deleted' ? r.arns : [])).length;
    // Deleted revisions that services still run: ECS keeps them DELETE_IN_PROGRESS until they stop.
    const running = observed.owned.filter((r) => isInUse(r, observed.inUse)).length;
    await this.writer.removeFinalizer(obj, FINALIZER, ctx.signal);
    this.options.events.record(
      obj,
      'Normal',
      R.Deleted,
      `deregistered ${deregistered} and deleted ${deleted} revision(s) of ${desired.family}` +
        (running > 0
          ? `; ECS removes the ${running} that services still run once they stop (DELETE_IN_PROGRESS)`
          : ''),
    );
    for (const revision of after.owned) this.#cache.forget(revision.arn);
    ctx.log.info(
      { family: desired.family, deregistered, deleted, running },
      'deleted task definition revisions',
    );
    return endQuietly();
  }

  async #observe(
    ctx: ReconcileContext,
    ecs: EcsApi,
    obj: EcsTaskDefinition,
    desired: DesiredTaskDefinition,
  ): Promise<ObservedTaskDefinition> {
    const deleting = obj.metadata.deletionTimestamp !== undefined;
    const firstVisit = this.#cache.needsInactiveScan(desired.family);
    // Once per family per process (ADR 0012); from the Region's one listing when there is one, and
    // afresh from the family's own listing when deleting.
    const inactiveArns =
      firstVisit && !deleting
        ? await this.options
            .inactiveScanForRegion?.(obj.spec.region, obj.metadata.namespace)
            .familyArns(desired.family)
        : undefined;
    const includeInactive =
      deleting || this.#cache.inactiveUncertain(desired.family) || (firstVisit && inactiveArns === undefined);
    const revisionTags = this.options.revisionTagsForRegion?.(obj.spec.region, obj.metadata.namespace);
    const observed = await observeTaskDefinition({
      ecs,
      cache: this.#cache,
      includeInactive,
      ...(inactiveArns === undefined ? {} : { inactiveArns }),
      family: desired.family,
      owner: desired.owner,
      instanceId: desired.instanceId,
      ...(desired.ownerUid === undefined ? {} : { ownerUid: desired.ownerUid }),
      adoptOrphans: desired.adopt,
      namespace: obj.metadata.namespace ?? '',
      revisionsInUse: this.options.revisionsInUse,
      ...(revisionTags === undefined ? {} : { revisionTags }),
      signal: ctx.signal,
      ...(this.options.describeConcurrency === undefined
        ? {}
        : { concurrency: this.options.describeConcurrency }),
    });
    if (includeInactive || inactiveArns !== undefined) this.#cache.markInactiveScanned(desired.family);
    return observed;
  }

  /** Applies actions in order, recording each result (and refreshing the cache) as it lands. */
  async #apply(
    ctx: ReconcileContext,
    ecs: EcsApi,
    observed: ObservedTaskDefinition,
    actions: readonly TaskDefinitionAction[],
    results: TaskDefinitionActionResult[],
  ): Promise<void> {
    for (const action of actions) {
      ctx.signal.throwIfAborted();
      let result: TaskDefinitionActionResult;
      try {
        result = await applyTaskDefinitionAction(ecs, action, { signal: ctx.signal });
      } catch (err) {
        // A deregistration that failed may have landed all the same (see RevisionCache).
        if (action.type === 'deregister') this.#cache.markInactiveUncertain(observed.family);
        throw err;
      }
      results.push(result);
      this.#remember(projectObserved(observed, results), result);
    }
  }

  /** Keeps the cache in step with what the operator just did. */
  #remember(after: ObservedTaskDefinition, result: TaskDefinitionActionResult): void {
    if (result.type === 'deleted') {
      for (const arn of result.arns) this.#cache.forget(arn);
      return;
    }
    const arn = result.type === 'registered' ? result.revision.arn : result.arn;
    const revision = after.owned.find((r) => r.arn === arn);
    if (revision !== undefined) this.#cache.put(revision);
  }

  /**
   * The one status write of a visit; with `announce`, a status that changed to InvalidSpec or a
   * terminal failure is reported as a Warning Event too.
   */
  async #writeEnd(ctx: ReconcileContext, input: TaskDefinitionStatusInput, announce: boolean): Promise<void> {
    const { obj, observed, outcome } = input;
    const { written } = await this.#writeStatus(ctx, obj, observed, outcome);
    if (!announce || !written) return;
    if (outcome.kind === 'invalid')
      this.options.events.record(obj, 'Warning', R.InvalidSpec, outcome.message);
    if (outcome.kind === 'failed')
      this.options.events.record(obj, 'Warning', R.Failed, `${outcome.reason}: ${outcome.message}`);
  }

  /** Computes status and writes it when it changed; returns whether it wrote and the object now. */
  async #writeStatus(
    ctx: ReconcileContext,
    obj: EcsTaskDefinition,
    observed: ObservedTaskDefinition | undefined,
    outcome: TaskDefinitionOutcome,
  ): Promise<{ written: boolean; object: EcsTaskDefinition }> {
    const published = publishedRevisionOf(obj, observed, outcome);
    if (published !== undefined) this.options.published?.record(published);
    const next = taskDefinitionStatus(obj, observed, outcome, this.now());
    if (isSameStatus(obj.status, next)) return { written: false, object: obj };
    return this.writer.updateStatus(obj, next, ctx.signal);
  }
}
