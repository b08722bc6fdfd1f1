/**
 * Deleting an EcsTaskTrigger: with `deletionPolicy: Retain` nothing in AWS changes; otherwise the
 * rule's targets then the rule (EventBridge refuses to delete a rule that has targets), or the
 * schedule, when they carry our owner tags or the object adopted them (`spec.adopt`: deleted as
 * ours, as an adopted service is; `ecs-bridge import` writes Retain). A rule or group not ours is left alone. The schedule
 * group is shared by the installation's triggers and stays. Not guarded (a refused deletion would
 * hold the finalizer for ever).
 */
import type { ReconcileContext } from '../../controller/reconciler.js';
import { judgeAwsError } from '../failure-table.js';
import { applyTriggerWrite } from './apply.js';
import { TASK_TRIGGER_FAILURES } from './failure-table.js';
import { ownerOf, triggerName, triggerScheduleGroup } from './identity.js';
import { observeTrigger, type TriggerPlace } from './observe.js';
import { planTriggerDeletion } from './plan.js';
import type { TriggerApisFor, TriggerLookups } from './ports.js';
import type { EcsTaskTrigger } from './types.js';

/** What deletion needs. */
export interface TriggerDeletionDeps {
  readonly apisFor: TriggerApisFor;
  readonly lookups: TriggerLookups;
  readonly instanceId: string;
  readonly defaultRegion: string;
  /** Asked right before the first AWS write: is our finalizer still on the object, read live? */
  readonly stillFinalizing: () => Promise<boolean>;
}

/** How a deletion ended: `done` (AWS is clean, or left by policy), `released` (the user removed our finalizer meanwhile). */
export type TriggerDeletion = 'done' | 'released';

/** The Region a trigger's rule or schedule lives in, without waiting on references. */
async function regionOf(obj: EcsTaskTrigger, deps: TriggerDeletionDeps): Promise<string> {
  const template = obj.spec.template;
  if (template.region !== undefined) return template.region;
  if (template.clusterRef !== undefined) {
    const found = await deps.lookups.cluster(obj.metadata.namespace ?? '', template.clusterRef.name);
    // An EcsCluster already gone: the Region status last reported is the best hint left.
    if (found === undefined) return obj.status?.region ?? deps.defaultRegion;
    return found.region ?? deps.defaultRegion;
  }
  return deps.defaultRegion;
}

/** Deletes what the trigger owns in AWS (idempotent); throws to retry. */
export async function deleteTrigger(
  ctx: ReconcileContext,
  obj: EcsTaskTrigger,
  deps: TriggerDeletionDeps,
): Promise<TriggerDeletion> {
  if (obj.spec.deletionPolicy === 'Retain') return 'done';
  const name = triggerName(obj);
  const eventBusName = obj.spec.event?.eventBusName ?? 'default';
  const groupName = triggerScheduleGroup(obj, deps.instanceId);
  const place: TriggerPlace =
    obj.spec.schedule !== undefined
      ? { kind: 'schedule', name, groupName }
      : { kind: 'rule', name, eventBusName };
  const apis = deps.apisFor(await regionOf(obj, deps), obj.metadata.namespace);
  const options = { signal: ctx.signal };
  try {
    const observed = await observeTrigger(
      apis,
      place,
      { owner: ownerOf(obj), instanceId: deps.instanceId, adopt: obj.spec.adopt === true },
      options,
    );
    if (observed.notOwned !== undefined) {
      ctx.log.info({ name }, 'left ecs task trigger rule not owned by ecs-bridge');
      return 'done';
    }
    const plan = planTriggerDeletion(observed.trigger, { name, eventBusName, groupName });
    if (plan.actions.length > 0 && !(await deps.stillFinalizing())) return 'released';
    for (const action of plan.actions) {
      ctx.signal.throwIfAborted();
      await applyTriggerWrite(apis, action, options);
    }
    if (plan.actions.length > 0)
      ctx.log.info({ name, writes: plan.actions.length }, 'deleted ecs task trigger');
  } catch (err) {
    // Gone already (a rule deleted between the read and the write): nothing left to delete.
    if (judgeAwsError(err, TASK_TRIGGER_FAILURES).error.kind !== 'notFound')
      throw new Error('deleting ecs task trigger', { cause: err });
  }
  return 'done';
}
