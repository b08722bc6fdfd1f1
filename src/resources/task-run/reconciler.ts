/**
 * The EcsTaskRun reconciler: a one-off run of the task template with Job semantics (ADR 0024).
 * Each visit reads the run's tasks from ECS (ListTasks by the object's `startedBy`, DescribeTasks),
 * plans the next step (plan.ts), passes RunTask through the write guards, applies, and writes the
 * status once. A run that reached its verdict (Complete or Failed) records it in an annotation it
 * owns (verdict-record.ts, ADR 0031) and is not read from ECS again: its status is kept equal to
 * that record (rewritten when wiped or written by someone else) and its TTL is kept. Status is never
 * an input. Deleting a running object stops its tasks unless `deletionPolicy: Retain`.
 *
 * Per poll while tasks run: two ListTasks and one DescribeTasks; no write.
 */
import type { Task } from '@aws-sdk/client-ecs';
import { TerminalError, type ReconcileContext, type ReconcileResult } from '../../controller/reconciler.js';
import { FINALIZER } from '../api-group.js';
import { judgeAwsError } from '../failure-table.js';
import { hasOurFinalizer } from '../kind-objects.js';
import { KindReconciler, type KindReconcilerOptions } from '../kind-reconciler.js';
import { evaluateWriteGuards, type WriteGuard } from '../write-guard.js';
import type { EcsTaskApi } from '../../aws/ecs-task-api.js';
import type { TaskRunAction } from './actions.js';
import { applyTaskRunAction } from './apply.js';
import { TASK_RUN_FAILURES } from './failure-table.js';
import { mergeTasks, observedTask, observeRunTasks, type ObservedTask } from './observe.js';
import { planRun, type RunDecision } from './plan.js';
import { TaskRunReason as R } from './reasons.js';
import { runStartedBy } from './run-identity.js';
import { runActions, runningMessage, runSettings } from './run-actions.js';
import { resolveRunPlacement, type ResolvedRun } from './run-placement.js';
import { stopTasksOfDeletedRun } from './deletion.js';
import type { TaskApiForRegion, TaskRunDeleter, TaskRunWriter, TemplateLookups } from './ports.js';
import { taskRunStatus, type RunPlacement, type TaskRunOutcome } from './status.js';
import type { EcsTaskRun, EcsTaskRunStatus } from './types.js';
import { validateTaskRunSpec } from './validate.js';
import {
  encodeRunVerdict,
  readRunVerdict,
  recordFromStatus,
  RUN_VERDICT_ANNOTATION,
  runKey,
  statusAgrees,
  statusFromVerdict,
  verdictOfUpgradedRun,
  type RunVerdictRecord,
} from './verdict-record.js';

/** How often a running run is read again. */
export const DEFAULT_TASK_RUN_POLL_MS = 5_000;

/** A write guard over task run plans. */
export type TaskRunWriteGuard = WriteGuard<EcsTaskRun, TaskRunAction>;

/** What the task run reconciler is built from (the instance tag goes on every task it starts). */
export interface TaskRunReconcilerOptions extends KindReconcilerOptions<
  EcsTaskRun,
  TaskRunAction,
  TaskRunWriter
> {
  readonly tasksFor: TaskApiForRegion;
  readonly deleter: TaskRunDeleter;
  readonly lookups: TemplateLookups;
  /** Default {@link DEFAULT_TASK_RUN_POLL_MS}. */
  readonly pollIntervalMs?: number;
}

/** Runs one EcsTaskRun to its verdict. Safe to call again at any point: every step is idempotent. */
export class TaskRunReconciler extends KindReconciler<EcsTaskRun, TaskRunReconcilerOptions> {
  /** A living run's visit: its recorded verdict kept, or finalizer, validation, placement, the run's step. */
  protected async reconcileLiving(ctx: ReconcileContext, obj: EcsTaskRun): Promise<ReconcileResult> {
    const record = readRunVerdict(obj);
    if (record !== undefined) return this.#keepVerdict(ctx, obj, record);
    const hadFinalizer = hasOurFinalizer(obj);
    const current = await this.writer.addFinalizer(obj, FINALIZER, ctx.signal);

    const problem = validateTaskRunSpec(obj.spec);
    if (problem !== undefined) {
      const { written } = await this.#write(ctx, current, {
        outcome: { kind: 'invalid', reason: R.InvalidSpec, message: problem },
      });
      if (written) this.options.events.record(obj, 'Warning', R.InvalidSpec, problem);
      throw new TerminalError(R.InvalidSpec, problem);
    }
    const resolved = await resolveRunPlacement(this.options.lookups, current);
    if (typeof resolved === 'string') {
      await this.#write(ctx, current, { outcome: { kind: 'waiting', message: resolved } });
      return { requeueAfterMs: this.#pollMs() };
    }
    return this.#run(ctx, { obj, current, hadFinalizer }, resolved);
  }

  /**
   * The run's step: reads its tasks, records the verdict of a run finished before an upgrade, plans,
   * passes the write guards, applies, and reports; AWS errors are judged by the failure table.
   */
  async #run(
    ctx: ReconcileContext,
    objects: { readonly obj: EcsTaskRun; readonly current: EcsTaskRun; readonly hadFinalizer: boolean },
    resolved: ResolvedRun,
  ): Promise<ReconcileResult> {
    const { obj, current, hadFinalizer } = objects;
    const placement: RunPlacement = {
      cluster: resolved.cluster,
      ...(resolved.region === undefined ? {} : { region: resolved.region }),
      taskDefinitionArn: resolved.taskDefinition,
    };
    const api = this.options.tasksFor(resolved.region, obj.metadata.namespace);
    const startedBy = runStartedBy(runKey(obj));
    let tasks: ObservedTask[] = [];
    let decision: RunDecision;
    try {
      tasks = await observeRunTasks(api, { cluster: resolved.cluster, startedBy }, { signal: ctx.signal });
      const upgraded = verdictOfUpgradedRun(current, tasks, hadFinalizer, this.now().getTime());
      if (upgraded !== undefined) {
        ctx.log.info({ verdict: upgraded.verdict }, 'recorded verdict of a run finished before the upgrade');
        const annotated = await this.#annotate(ctx, current, upgraded);
        return await this.#keepVerdict(ctx, annotated, upgraded);
      }
      decision = planRun(runSettings(obj), tasks, this.now().getTime());
      const actions = runActions(obj, resolved, decision, {
        startedBy,
        instanceId: this.options.instanceId,
      });
      const verdict = evaluateWriteGuards(this.options.writeGuards ?? [], {
        obj,
        actions,
        region: resolved.region,
      });
      if (verdict.kind === 'suppress') return {};
      if (verdict.kind === 'refuse') {
        const outcome: TaskRunOutcome = { kind: 'invalid', reason: verdict.reason, message: verdict.message };
        const { written } = await this.#write(ctx, current, { outcome, tasks, placement });
        if (written) this.options.events.record(obj, 'Warning', verdict.reason, verdict.message);
        throw new TerminalError(verdict.reason, verdict.message);
      }
      tasks = await this.#apply(ctx, obj, api, actions, tasks);
      if (decision.kind === 'stop') {
        this.options.events.record(
          obj,
          'Warning',
          R.StoppedTasks,
          `stopped ${decision.taskArns.length} task(s): ${decision.message}`,
        );
      }
    } catch (err) {
      if (err instanceof TerminalError) throw err;
      throw await this.#failed(ctx, current, err, tasks, placement);
    }
    return this.#finish(ctx, current, decision, tasks, placement);
  }

  /** Applies the actions in order; tasks RunTask started join the observed ones. */
  async #apply(
    ctx: ReconcileContext,
    obj: EcsTaskRun,
    api: EcsTaskApi,
    actions: readonly TaskRunAction[],
    observed: ObservedTask[],
  ): Promise<ObservedTask[]> {
    let tasks = observed;
    for (const action of actions) {
      ctx.signal.throwIfAborted();
      const answer = await applyTaskRunAction(api, action, { signal: ctx.signal });
      if (action.type === 'runTask')
        tasks = this.#started(ctx, obj, action.attempt, tasks, answer.tasks, answer.failures);
      else ctx.log.info({ task: action.taskArn, reason: action.reason }, 'stopped ecs task');
    }
    return tasks;
  }

  async #finish(
    ctx: ReconcileContext,
    obj: EcsTaskRun,
    decision: RunDecision,
    tasks: readonly ObservedTask[],
    placement: RunPlacement,
  ): Promise<ReconcileResult> {
    const finishedAt = 'finishedAt' in decision ? decision.finishedAt : undefined;
    const at = finishedAt === undefined ? {} : { finishedAt };
    switch (decision.kind) {
      case 'complete': {
        const { recorded, object, record } = await this.#conclude(ctx, obj, 'Complete', {
          outcome: { kind: 'complete' },
          tasks,
          placement,
          ...at,
        });
        if (recorded) this.options.events.record(obj, 'Normal', R.Succeeded, 'every task exited 0');
        ctx.log.info({ tasks: tasks.length }, 'ecs task run complete');
        return this.#expire(ctx, object, record);
      }
      case 'failed': {
        const outcome: TaskRunOutcome = {
          kind: 'failed',
          reason: decision.reason,
          message: decision.message,
        };
        const { recorded, object, record } = await this.#conclude(ctx, obj, 'Failed', {
          outcome,
          tasks,
          placement,
          ...at,
        });
        if (recorded) this.options.events.record(obj, 'Warning', decision.reason, decision.message);
        ctx.log.info({ reason: decision.reason }, 'ecs task run failed');
        return this.#expire(ctx, object, record);
      }
      case 'run':
      case 'wait':
      case 'stop': {
        const message = runningMessage(decision, tasks);
        await this.#write(ctx, obj, { outcome: { kind: 'running', message }, tasks, placement });
        return { requeueAfterMs: this.#pollMs() };
      }
    }
  }

  /** Tasks RunTask answered join the observed ones; RunTask failures without tasks are retried. */
  #started(
    ctx: ReconcileContext,
    obj: EcsTaskRun,
    attempt: number,
    observed: readonly ObservedTask[],
    started: readonly Task[],
    failures: string | undefined,
  ): ObservedTask[] {
    if (started.length === 0 && failures !== undefined) {
      throw new Error(`RunTask started no task: ${failures}`);
    }
    ctx.log.info({ attempt, tasks: started.length }, 'started ecs tasks');
    this.options.events.record(
      obj,
      'Normal',
      R.TasksStarted,
      `attempt ${attempt}: started ${started.map((t) => t.taskArn ?? '?').join(', ')}`,
    );
    return mergeTasks(observed, started.map(observedTask));
  }

  /**
   * A run that finished: the verdict is recorded first (the annotation), then status reports it.
   * A crash between the two leaves a record whose status the next visit rewrites from it.
   */
  async #conclude(
    ctx: ReconcileContext,
    obj: EcsTaskRun,
    verdict: RunVerdictRecord['verdict'],
    input: Parameters<typeof taskRunStatus>[1],
  ): Promise<{ recorded: boolean; object: EcsTaskRun; record: RunVerdictRecord }> {
    const next = taskRunStatus(obj, input, this.now());
    const record = recordFromStatus(obj, verdict, next);
    if (record === undefined) throw new Error(`the ${verdict} status of the run has no completion time`);
    const annotated = await this.#annotate(ctx, obj, record);
    const { object } = await this.writer.updateStatus(annotated, next, ctx.signal);
    return { recorded: annotated !== obj, object, record };
  }

  /** Writes the verdict annotation (nothing when the object already has it). */
  async #annotate(ctx: ReconcileContext, obj: EcsTaskRun, record: RunVerdictRecord): Promise<EcsTaskRun> {
    const after = await this.options.writer.setAnnotation(
      obj,
      RUN_VERDICT_ANNOTATION,
      encodeRunVerdict(record),
      ctx.signal,
    );
    if (after !== obj) this.objects.record(obj, after);
    return after;
  }

  /**
   * A run with a verdict: status must say what the record says. When it does not (wiped, or written
   * by someone else) it is rewritten from the record, with the tasks ECS still shows (it forgets
   * stopped ones after about an hour); nothing is started or stopped.
   */
  async #keepVerdict(
    ctx: ReconcileContext,
    obj: EcsTaskRun,
    record: RunVerdictRecord,
  ): Promise<ReconcileResult> {
    if (statusAgrees(obj, record)) return this.#expire(ctx, obj, record);
    let tasks: ObservedTask[] | undefined;
    if (record.cluster !== undefined && record.cluster !== '') {
      try {
        const api = this.options.tasksFor(record.region, obj.metadata.namespace);
        const query = { cluster: record.cluster, startedBy: runStartedBy(runKey(obj)) };
        tasks = await observeRunTasks(api, query, { signal: ctx.signal });
      } catch (err) {
        // The verdict does not depend on the tasks: report it without them rather than not at all.
        ctx.log.warn(
          { err },
          'could not read the tasks of a finished run; restoring its status without them',
        );
      }
    }
    const next: EcsTaskRunStatus = statusFromVerdict(obj, record, tasks, this.now());
    const { written, object } = await this.writer.updateStatus(obj, next, ctx.signal);
    if (written) {
      const message = `status did not report the run's ${record.verdict} verdict (annotation ${RUN_VERDICT_ANNOTATION}); rewrote it`;
      this.options.events.record(obj, 'Warning', R.StatusRestored, message);
      ctx.log.info({ verdict: record.verdict }, 'restored status of finished ecs task run');
    }
    return this.#expire(ctx, object, record);
  }

  /** A finished run: delete the object once `ttlSecondsAfterFinished` has passed. */
  async #expire(ctx: ReconcileContext, obj: EcsTaskRun, record: RunVerdictRecord): Promise<ReconcileResult> {
    const ttl = obj.spec.ttlSecondsAfterFinished;
    const finished = Date.parse(record.completionTime);
    if (ttl === undefined || Number.isNaN(finished)) return {};
    const left = finished + ttl * 1000 - this.now().getTime();
    if (left > 0) return { requeueAfterMs: left };
    await this.options.deleter(obj, ctx.signal);
    this.options.events.record(
      obj,
      'Normal',
      R.Expired,
      `deleted ${ttl}s after the run finished (spec.ttlSecondsAfterFinished)`,
    );
    ctx.log.info({ ttl }, 'deleted finished ecs task run');
    return {};
  }

  protected async reconcileDeletion(ctx: ReconcileContext, obj: EcsTaskRun): Promise<ReconcileResult> {
    const finished = readRunVerdict(obj) !== undefined;
    if (!finished && obj.spec.deletionPolicy !== 'Retain') {
      const resolved = await resolveRunPlacement(this.options.lookups, obj);
      // A reference that is gone or not Ready: the cluster status last reported, else nothing to stop.
      const cluster = typeof resolved === 'string' ? obj.status?.cluster : resolved.cluster;
      const region = typeof resolved === 'string' ? obj.status?.region : resolved.region;
      if (cluster !== undefined && cluster !== '') {
        const api = this.options.tasksFor(region, obj.metadata.namespace);
        const stillFinalizing = (): Promise<boolean> => this.stillFinalizing(ctx, obj);
        const ended = await stopTasksOfDeletedRun(ctx, obj, {
          api,
          cluster,
          events: this.options.events,
          stillFinalizing,
        });
        if (ended === 'released') return {};
      }
    }
    await this.writer.removeFinalizer(obj, FINALIZER, ctx.signal);
    return {};
  }

  async #failed(
    ctx: ReconcileContext,
    obj: EcsTaskRun,
    err: unknown,
    tasks: readonly ObservedTask[],
    placement: RunPlacement,
  ): Promise<Error> {
    const judged = judgeAwsError(err, TASK_RUN_FAILURES);
    const { error: aws, reason } = judged;
    const message = `${aws.code}: ${aws.message}`;
    if (judged.terminal) {
      const outcome: TaskRunOutcome = { kind: 'invalid', reason, message };
      const { written } = await this.#write(ctx, obj, { outcome, tasks, placement });
      if (written) this.options.events.record(obj, 'Warning', reason, message);
      return new TerminalError(reason, message, { cause: err });
    }
    await this.#write(ctx, obj, { outcome: { kind: 'retrying', reason, message }, tasks, placement });
    return new Error('reconciling ecs task run', { cause: err });
  }

  async #write(
    ctx: ReconcileContext,
    obj: EcsTaskRun,
    input: Parameters<typeof taskRunStatus>[1],
  ): Promise<{ written: boolean; object: EcsTaskRun }> {
    const next = taskRunStatus(obj, input, this.now());
    return this.writer.updateStatus(obj, next, ctx.signal);
  }

  /** How soon a visit that waits comes back: the options' poll interval, default {@link DEFAULT_TASK_RUN_POLL_MS}. */
  #pollMs(): number {
    return this.options.pollIntervalMs ?? DEFAULT_TASK_RUN_POLL_MS;
  }
}
