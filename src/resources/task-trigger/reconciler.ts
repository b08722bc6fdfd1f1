/**
 * The EcsTaskTrigger reconciler (ADR 0025): owns one EventBridge rule with one ECS target, or one
 * EventBridge Scheduler schedule, that starts the task template. Each visit: validate, resolve the
 * template, observe (the rule and its tags and targets, or the schedule group, its tags and the
 * schedule; the bucket's notifications for the `s3` shorthand), plan the minimal writes, pass them
 * through the write guards, apply, read the runs the trigger started from ECS, write status once.
 * A rule or schedule group without our owner tags is never changed.
 *
 * Per idle visit: DescribeRule, ListTagsForResource, ListTargetsByRule (or GetScheduleGroup,
 * ListTagsForResource, GetSchedule), two ListTasks and at most one DescribeTasks; no write.
 */
import { TerminalError, type ReconcileContext, type ReconcileResult } from '../../controller/reconciler.js';
import { FINALIZER } from '../api-group.js';
import { judgeAwsError } from '../failure-table.js';
import { KindReconciler, type KindReconcilerOptions } from '../kind-reconciler.js';
import { evaluateWriteGuards, type WriteGuard } from '../write-guard.js';
import type { TriggerWrite } from './actions.js';
import { applyTriggerWrite } from './apply.js';
import { desiredTrigger, type DesiredTrigger } from './desired.js';
import { TASK_TRIGGER_FAILURES } from './failure-table.js';
import { INSTANCE_TAG, ownerOf, OWNER_TAG, triggerNames, type TriggerNames } from './identity.js';
import { observeBucket, observeTrigger, type TriggerOwnership, type TriggerPlace } from './observe.js';
import { planTrigger } from './plan.js';
import { TaskTriggerReason as R } from './reasons.js';
import { resolveTemplate, type ResolvedTemplate } from './resolve.js';
import { familyOf, hasActiveRun, observeRuns } from './runs.js';
import { deleteTrigger } from './finalize.js';
import type { TriggerApis, TriggerApisFor, TriggerLookups } from './ports.js';
import { taskTriggerStatus, type TriggerFacts, type TriggerOutcome } from './status.js';
import type { EcsTaskTrigger } from './types.js';
import { validateTaskTrigger } from './validate.js';
import { triggerWrites } from './writes.js';

/** How often a trigger with a task not STOPPED is read again (its runs' status moves). */
export const DEFAULT_TRIGGER_ACTIVE_POLL_MS = 5_000;
/** How often an idle trigger is read again (drift, and runs an event may start at any time). */
export const DEFAULT_TRIGGER_IDLE_POLL_MS = 30_000;

/** A write guard over trigger plans. */
export type TaskTriggerWriteGuard = WriteGuard<EcsTaskTrigger, TriggerWrite>;

/** What the trigger reconciler is built from (the instance tag goes on every rule and schedule group it creates). */
export interface TaskTriggerReconcilerOptions extends KindReconcilerOptions<EcsTaskTrigger, TriggerWrite> {
  readonly apisFor: TriggerApisFor;
  readonly lookups: TriggerLookups;
  /** Where a template without a Region goes. */
  readonly defaultRegion: string;
  readonly activePollMs?: number;
  readonly idlePollMs?: number;
}

/** How a visit ends: the status to leave, whether to announce it, and the result or error. */
interface TriggerVisitEnd {
  readonly outcome: TriggerOutcome;
  readonly facts?: TriggerFacts;
  readonly announce?: {
    readonly type: 'Normal' | 'Warning';
    readonly reason: string;
    readonly message: string;
  };
  readonly result?: ReconcileResult;
  readonly error?: Error;
}

/** Converges one EcsTaskTrigger. Every step is idempotent. */
export class TaskTriggerReconciler extends KindReconciler<EcsTaskTrigger, TaskTriggerReconcilerOptions> {
  protected async reconcileDeletion(ctx: ReconcileContext, obj: EcsTaskTrigger): Promise<ReconcileResult> {
    const ended = await deleteTrigger(ctx, obj, {
      apisFor: this.options.apisFor,
      lookups: this.options.lookups,
      instanceId: this.options.instanceId,
      defaultRegion: this.options.defaultRegion,
      stillFinalizing: () => this.stillFinalizing(ctx, obj),
    });
    if (ended === 'released') return {};
    await this.writer.removeFinalizer(obj, FINALIZER, ctx.signal);
    return {};
  }

  /** A living trigger's visit: finalizer, the visit's steps, then status written once. */
  protected async reconcileLiving(ctx: ReconcileContext, obj: EcsTaskTrigger): Promise<ReconcileResult> {
    const current = await this.writer.addFinalizer(obj, FINALIZER, ctx.signal);
    const end = await this.#visit(ctx, current);
    const next = taskTriggerStatus(
      current,
      { outcome: end.outcome, ...(end.facts === undefined ? {} : { facts: end.facts }) },
      this.now(),
    );
    const { written } = await this.writer.updateStatus(current, next, ctx.signal);
    if (written && end.announce !== undefined)
      this.options.events.record(obj, end.announce.type, end.announce.reason, end.announce.message);
    if (end.error !== undefined) throw end.error;
    return end.result ?? {};
  }

  async #visit(ctx: ReconcileContext, obj: EcsTaskTrigger): Promise<TriggerVisitEnd> {
    const problem = validateTaskTrigger(obj.spec);
    if (problem !== undefined) return terminal(R.InvalidSpec, problem);
    const resolved = await resolveTemplate(obj, this.options.lookups, this.options.defaultRegion);
    if (typeof resolved === 'string')
      return { outcome: { kind: 'waiting', message: resolved }, result: { requeueAfterMs: this.#idleMs() } };
    const apis = this.options.apisFor(resolved.region, obj.metadata.namespace);
    const names = triggerNames(obj, this.options.instanceId);
    const desired = this.#desired(obj, resolved, names);
    const facts: TriggerFacts = {
      mode: desired.kind,
      name: names.name,
      cluster: resolved.cluster,
      region: resolved.region,
      taskDefinitionArn: resolved.taskDefinitionArn,
      ...(names.group === undefined ? {} : { group: names.group }),
    };
    try {
      return await this.#converge(ctx, obj, { apis, desired, resolved, facts });
    } catch (err) {
      const judged = judgeAwsError(err, TASK_TRIGGER_FAILURES);
      const message = `${judged.error.code}: ${judged.error.message}`;
      if (judged.terminal) {
        const end = terminal(judged.reason, message);
        return { ...end, facts, error: new TerminalError(judged.reason, message, { cause: err }) };
      }
      return {
        outcome: { kind: 'retrying', reason: judged.reason, message },
        facts,
        error: new Error('reconciling ecs task trigger', { cause: err }),
      };
    }
  }

  async #converge(
    ctx: ReconcileContext,
    obj: EcsTaskTrigger,
    at: { apis: TriggerApis; desired: DesiredTrigger; resolved: ResolvedTemplate; facts: TriggerFacts },
  ): Promise<TriggerVisitEnd> {
    const { apis, desired, resolved } = at;
    const options = { signal: ctx.signal };
    const observation = await observeTrigger(apis, placeOf(desired), this.#ownership(obj), options);
    if (observation.notOwned !== undefined)
      return { ...terminal(R.NotOwned, observation.notOwned), facts: at.facts };
    const s3 = obj.spec.event?.s3;
    const bucket = s3 === undefined ? undefined : await observeBucket(apis, s3.bucket, options);
    const plan = planTrigger(desired, observation.trigger);
    const writes = triggerWrites({
      obj,
      desired,
      observation,
      plan,
      bucket,
      adoptionTags: desired.kind === 'rule' ? (desired.rule.Tags ?? []) : [],
      scheduleGroupTags: [{ Key: INSTANCE_TAG, Value: this.options.instanceId }],
    });
    const verdict = evaluateWriteGuards(this.options.writeGuards ?? [], {
      obj,
      actions: writes,
      region: resolved.region,
    });
    if (verdict.kind === 'suppress')
      return {
        outcome: { kind: 'guarded', reason: verdict.reason, message: verdict.message },
        facts: at.facts,
      };
    if (verdict.kind === 'refuse') return { ...terminal(verdict.reason, verdict.message), facts: at.facts };
    let arn = observation.arn;
    for (const write of writes) {
      ctx.signal.throwIfAborted();
      arn = (await applyTriggerWrite(apis, write, options)) ?? arn;
      if (write.type === 'enableBucketEventBridge')
        this.options.events.record(
          obj,
          'Normal',
          R.BucketEventsEnabled,
          `turned EventBridge notifications on for bucket ${write.bucket} (spec.event.s3.enableEventBridge)`,
        );
    }
    const wrote = writes.length > 0;
    if (wrote)
      ctx.log.info(
        { writes: writes.map((w) => w.type), reasons: plan.reasons },
        'converged ecs task trigger',
      );
    const state = wrote ? stateOf(desired) : observation.state;
    const group = at.facts.group;
    // A target that sets no task group (an adopted one, `taskGroup: ""`): its runs cannot be told apart.
    const runs =
      group === undefined
        ? []
        : await observeRuns(
            apis.tasks,
            { cluster: resolved.cluster, family: familyOf(resolved.taskDefinitionArn), group },
            options,
          );
    const facts: TriggerFacts = {
      ...at.facts,
      ...(arn === undefined ? {} : { arn }),
      ...(state === undefined ? {} : { state }),
      runs,
    };
    const requeue = { requeueAfterMs: hasActiveRun(runs) ? this.#activeMs() : this.#idleMs() };
    const announce = wrote
      ? {
          type: 'Normal' as const,
          reason: R.Updated,
          message: [...plan.reasons, ...writes.filter((w) => !isPlanned(w)).map((w) => w.type)].join('; '),
        }
      : undefined;
    if (bucket !== undefined && !bucket.enabled && s3?.enableEventBridge !== true) {
      const message = `bucket ${bucket.bucket} does not send its events to EventBridge, so the rule never matches: turn EventBridge on for the bucket, or set spec.event.s3.enableEventBridge: true to let ecs-bridge do it (its other notification settings are kept)`;
      return {
        outcome: { kind: 'stalled', reason: R.BucketEventsOff, message },
        facts,
        result: requeue,
        ...(announce === undefined ? {} : { announce }),
      };
    }
    return {
      outcome: { kind: 'synced', suspended: obj.spec.suspend === true },
      facts,
      result: requeue,
      ...(announce === undefined ? {} : { announce }),
    };
  }

  #desired(obj: EcsTaskTrigger, resolved: ResolvedTemplate, names: TriggerNames): DesiredTrigger {
    const desired = desiredTrigger(obj.spec, {
      ...names,
      clusterArn: resolved.clusterArn,
      taskDefinitionArn: resolved.taskDefinitionArn,
    });
    if (desired.kind === 'schedule') return desired;
    // PutRule's tags apply when it creates the rule (an update leaves them): they mark it ours.
    const { owner, instanceId } = this.#ownership(obj);
    return {
      ...desired,
      rule: {
        ...desired.rule,
        Tags: [
          { Key: OWNER_TAG, Value: owner },
          { Key: INSTANCE_TAG, Value: instanceId },
        ],
      },
    };
  }

  #ownership(obj: EcsTaskTrigger): TriggerOwnership {
    return { owner: ownerOf(obj), instanceId: this.options.instanceId, adopt: obj.spec.adopt === true };
  }

  #activeMs(): number {
    return this.options.activePollMs ?? DEFAULT_TRIGGER_ACTIVE_POLL_MS;
  }

  #idleMs(): number {
    return this.options.idlePollMs ?? DEFAULT_TRIGGER_IDLE_POLL_MS;
  }
}

function terminal(reason: string, message: string): TriggerVisitEnd {
  return {
    outcome: { kind: 'stalled', reason, message },
    announce: { type: 'Warning', reason, message },
    error: new TerminalError(reason, message),
  };
}

/** Where the desired rule or schedule lives. */
export function placeOf(desired: DesiredTrigger): TriggerPlace {
  return desired.kind === 'rule'
    ? { kind: 'rule', name: desired.rule.Name, eventBusName: desired.rule.EventBusName }
    : { kind: 'schedule', name: desired.schedule.Name, groupName: desired.schedule.GroupName };
}

function stateOf(desired: DesiredTrigger): string | undefined {
  return desired.kind === 'rule' ? desired.rule.State : desired.schedule.State;
}

function isPlanned(write: TriggerWrite): boolean {
  return (
    write.type !== 'createScheduleGroup' &&
    write.type !== 'enableBucketEventBridge' &&
    write.type !== 'tagRule'
  );
}
