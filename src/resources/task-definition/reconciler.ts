/**
 * The EcsTaskDefinition reconciler: desired → observe → plan (pure) → apply (thin) → status (pure),
 * with the finalizer, deletion, validation, AWS error classification and Events around it.
 *
 * Per reconcile, in steady state: one ListTaskDefinitions, one `revisionsInUse` lookup, no writes.
 * On the first visit: add the finalizer, write `Reconciling=True, Ready=Unknown` (so kstatus/Flux do
 * not mistake an object without status for a current one), then converge. After a change: one
 * RegisterTaskDefinition, garbage collection, one status write.
 *
 * Errors: throttling, 5xx, network and conflicts are rethrown for the work queue to retry with
 * backoff (Ready is not flipped for them); invalid requests, access denied and quotas write
 * `Stalled=True` with the PascalCase reason and throw {@link TerminalError}.
 */
import { classifyAwsError, reasonForAwsError, type AwsErrorClass } from '../../aws/errors.js';
import {
  TerminalError,
  type ReconcileContext,
  type ReconcileResult,
  type Reconciler,
} from '../../controller/reconciler.js';
import { FINALIZER } from '../api-group.js';
import type { EcsApi } from '../../aws/ecs-api.js';
import type { TaskDefinitionAction, TaskDefinitionActionResult } from './actions.js';
import { applyTaskDefinitionAction } from './apply.js';
import { desiredTaskDefinition, type DesiredTaskDefinition } from './desired.js';
import { observeTaskDefinition, type ObservedTaskDefinition } from './observe.js';
import { planTaskDefinition } from './plan.js';
import { projectObserved } from './project.js';
import { TaskDefinitionReason as R } from './reasons.js';
import { RevisionCache } from './revision-cache.js';
import type { EcsApiForRegion, EventRecorder, EventType, ObjectWriter, RevisionsInUse } from './seams.js';
import { isSameStatus, taskDefinitionStatus, type TaskDefinitionOutcome } from './status.js';
import type { EcsTaskDefinition, EcsTaskDefinitionStatus } from './types.js';
import { describeProblems, validateSpec } from './validate.js';

/** What the task definition reconciler is built from. */
export interface TaskDefinitionReconcilerOptions {
  /** The EcsApi for `spec.region` (undefined: the operator's default Region). */
  readonly ecsForRegion: EcsApiForRegion;
  /** Status, finalizer writes on EcsTaskDefinition objects. */
  readonly writer: ObjectWriter<EcsTaskDefinition, EcsTaskDefinitionStatus>;
  readonly events: EventRecorder;
  /** Revisions services still run; garbage collection never touches them. */
  readonly revisionsInUse: RevisionsInUse;
  /** This operator installation's id, written as the instance tag; two installations never touch each other's revisions. */
  readonly instanceId: string;
  /** The clock for condition timestamps. Default `() => new Date()`. */
  readonly now?: () => Date;
  /** The revision cache; pass one to share or inspect it. Default: a new one per reconciler. */
  readonly cache?: RevisionCache;
  /** DescribeTaskDefinition calls in flight at once while observing. Default 4. */
  readonly describeConcurrency?: number;
}

/** Converges one EcsTaskDefinition with ECS. Safe to call again at any point: every step is idempotent. */
export class TaskDefinitionReconciler implements Reconciler<EcsTaskDefinition> {
  readonly #options: TaskDefinitionReconcilerOptions;
  readonly #cache: RevisionCache;
  readonly #now: () => Date;

  constructor(options: TaskDefinitionReconcilerOptions) {
    this.#options = options;
    this.#cache = options.cache ?? new RevisionCache();
    this.#now = options.now ?? (() => new Date());
  }

  async reconcile(ctx: ReconcileContext, obj: EcsTaskDefinition): Promise<ReconcileResult> {
    const hasFinalizer = obj.metadata.finalizers?.includes(FINALIZER) ?? false;
    if (obj.metadata.deletionTimestamp !== undefined) {
      if (!hasFinalizer) return {};
      return this.#reconcileDeletion(ctx, obj);
    }
    if (!hasFinalizer) await this.#options.writer.addFinalizer(obj);

    let current = obj;
    if ((obj.status?.conditions ?? []).length === 0) {
      current = await this.#writeStatus(current, undefined, { kind: 'progressing' });
    }

    const problems = validateSpec(obj.spec);
    if (problems.length > 0) {
      const message = describeProblems(problems);
      const before = current.status;
      current = await this.#writeStatus(current, undefined, { kind: 'invalid', message });
      if (current.status !== before) await this.#event(ctx, obj, 'Warning', R.InvalidSpec, message);
      throw new TerminalError(R.InvalidSpec, message);
    }

    const desired = desiredTaskDefinition(obj, this.#options.instanceId);
    const ecs = this.#options.ecsForRegion(obj.spec.region);
    const results: TaskDefinitionActionResult[] = [];
    let observed: ObservedTaskDefinition | undefined;
    try {
      observed = await this.#observe(ecs, obj, desired);
      const plan = planTaskDefinition(desired, observed);
      ctx.log.debug({ family: desired.family, reasons: plan.reasons }, 'planned task definition');
      await this.#apply(ctx, ecs, observed, plan.actions, results);
    } catch (err) {
      await this.#reportResults(ctx, obj, observed, results);
      throw await this.#failed(ctx, current, observed, results, err);
    }
    const after = projectObserved(observed, results);
    await this.#reportResults(ctx, obj, observed, results);
    await this.#writeStatus(current, after, { kind: 'synced', specHash: desired.specHash });
    return {};
  }

  async #reconcileDeletion(ctx: ReconcileContext, obj: EcsTaskDefinition): Promise<ReconcileResult> {
    const desired = desiredTaskDefinition(obj, this.#options.instanceId);
    if (desired.deletionPolicy === 'Retain') {
      await this.#event(
        ctx,
        obj,
        'Normal',
        R.Retained,
        `deletionPolicy Retain: revisions of ${desired.family} are left as they are`,
      );
      await this.#options.writer.removeFinalizer(obj);
      return {};
    }
    const ecs = this.#options.ecsForRegion(obj.spec.region);
    const results: TaskDefinitionActionResult[] = [];
    let observed: ObservedTaskDefinition | undefined;
    try {
      observed = await this.#observe(ecs, obj, desired);
      const plan = planTaskDefinition(desired, observed);
      ctx.log.debug({ family: desired.family, reasons: plan.reasons }, 'planned task definition deletion');
      await this.#apply(ctx, ecs, observed, plan.actions, results);
    } catch (err) {
      throw await this.#failed(ctx, obj, observed, results, err, true);
    }
    const after = projectObserved(observed, results);
    const deregistered = results.filter((r) => r.type === 'deregistered').length;
    const deleted = results.flatMap((r) => (r.type === 'deleted' ? r.arns : [])).length;
    // What is left: revisions services still run, deregistered but not deleted.
    const kept = after.owned.length;
    await this.#event(
      ctx,
      obj,
      'Normal',
      R.Deleted,
      `deregistered ${deregistered} and deleted ${deleted} revision(s) of ${desired.family}` +
        (kept > 0 ? `; ${kept} still run by services stay INACTIVE` : ''),
    );
    await this.#options.writer.removeFinalizer(obj);
    for (const revision of after.owned) this.#cache.forget(revision.arn);
    ctx.log.info({ family: desired.family, deregistered, deleted }, 'task definition deleted');
    return {};
  }

  #observe(
    ecs: EcsApi,
    obj: EcsTaskDefinition,
    desired: DesiredTaskDefinition,
  ): Promise<ObservedTaskDefinition> {
    return observeTaskDefinition({
      ecs,
      cache: this.#cache,
      family: desired.family,
      owner: desired.owner,
      instanceId: desired.instanceId,
      namespace: obj.metadata.namespace ?? '',
      revisionsInUse: this.#options.revisionsInUse,
      ...(this.#options.describeConcurrency === undefined
        ? {}
        : { concurrency: this.#options.describeConcurrency }),
    });
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
      const result = await applyTaskDefinitionAction(ecs, action);
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

  /** Events for what was done (also after a partial failure, so nothing done goes unreported). */
  async #reportResults(
    ctx: ReconcileContext,
    obj: EcsTaskDefinition,
    observed: ObservedTaskDefinition | undefined,
    results: readonly TaskDefinitionActionResult[],
  ): Promise<void> {
    for (const result of results) {
      if (result.type !== 'registered') continue;
      const { family, revision, specHash } = result.revision;
      ctx.log.info({ family, revision, specHash }, 'registered task definition revision');
      await this.#event(
        ctx,
        obj,
        'Normal',
        R.Registered,
        `registered ${family}:${revision} (${specHash ?? ''})`,
      );
    }
    const deregistered = results.filter((r) => r.type === 'deregistered').map((r) => r.arn);
    const deleted = results.flatMap((r) => (r.type === 'deleted' ? r.arns : []));
    if (deregistered.length + deleted.length > 0) {
      const name = (arn: string): string => {
        const revision = observed?.owned.find((r) => r.arn === arn);
        return revision === undefined ? arn : `${revision.family}:${revision.revision}`;
      };
      ctx.log.info(
        { deregistered: deregistered.length, deleted: deleted.length },
        'garbage-collected task definition revisions',
      );
      const parts = [
        deregistered.length > 0 ? `deregistered ${deregistered.map(name).join(', ')}` : '',
        deleted.length > 0 ? `deleted ${deleted.map(name).join(', ')}` : '',
      ].filter((p) => p !== '');
      await this.#event(ctx, obj, 'Normal', R.GarbageCollected, parts.join('; '));
    }
  }

  /**
   * Classifies an error once and returns what to throw: the error itself (wrapped) for a retry, or
   * a TerminalError after writing Stalled. Writes status first in both cases.
   */
  async #failed(
    ctx: ReconcileContext,
    obj: EcsTaskDefinition,
    observed: ObservedTaskDefinition | undefined,
    results: readonly TaskDefinitionActionResult[],
    err: unknown,
    deleting = false,
  ): Promise<Error> {
    const aws: AwsErrorClass = classifyAwsError(err);
    const reason = reasonForAwsError(aws.kind);
    const after = observed === undefined ? undefined : projectObserved(observed, results);
    const terminal = aws.kind === 'invalid' || aws.kind === 'accessDenied' || aws.kind === 'quota';
    const message = `${aws.code}: ${aws.message}`;
    if (terminal) {
      const hint = deleting
        ? ' (to let the object go without cleaning up, set spec.deletionPolicy: Retain)'
        : '';
      const outcome: TaskDefinitionOutcome = { kind: 'failed', reason, message: `${message}${hint}` };
      const before = obj.status;
      const written = await this.#writeStatus(obj, after, outcome);
      if (written.status !== before)
        await this.#event(ctx, obj, 'Warning', R.Failed, `${reason}: ${message}`);
      return new TerminalError(reason, message, { cause: err });
    }
    const outcome: TaskDefinitionOutcome = deleting
      ? { kind: 'deleting', message: `retrying: ${message}` }
      : { kind: 'retrying', reason, message };
    await this.#writeStatus(obj, after, outcome);
    return new Error(
      deleting ? 'deleting ecs task definition revisions' : 'reconciling ecs task definition',
      { cause: err },
    );
  }

  /** Computes status and writes it when it changed; returns the object as it now stands. */
  async #writeStatus(
    obj: EcsTaskDefinition,
    observed: ObservedTaskDefinition | undefined,
    outcome: TaskDefinitionOutcome,
  ): Promise<EcsTaskDefinition> {
    const next = taskDefinitionStatus(obj, observed, outcome, this.#now());
    if (isSameStatus(obj.status, next)) return obj;
    await this.#options.writer.patchStatus(obj, next);
    return { ...obj, status: next };
  }

  async #event(
    ctx: ReconcileContext,
    obj: EcsTaskDefinition,
    type: EventType,
    reason: string,
    message: string,
  ): Promise<void> {
    try {
      await this.#options.events.event(obj, type, reason, message);
    } catch (err) {
      // Events are best effort: a lost Event must not fail or repeat a reconcile.
      ctx.log.warn({ err, reason }, 'recording event failed');
    }
  }
}
