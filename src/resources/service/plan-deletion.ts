/**
 * The deletion planner: what deleting the object does to the ECS service, as a pure function.
 *
 * - Suspended objects touch nothing: the finalizer goes, the service stays as it is.
 * - A service that is gone, INACTIVE, or not ours (owner and instance tags, or none with
 *   `spec.adopt`) is left alone.
 * - `Retain`: remove our owner and instance tags (only those) and let the service run on.
 * - `Delete`: one DeleteService with `force: true`, then wait (by requeueing, never blocking) while
 *   ECS drains it, until it is INACTIVE or gone. `force` rather than scaling to zero first: one write
 *   instead of two, and no race with an autoscaler that would scale it up again in between; tasks
 *   drain the same way.
 */
import { TAG_KEYS } from '../api-group.js';
import type { ServiceAction } from './actions.js';
import type { RecordedEvent } from './ports.js';
import { ServiceReasons } from './reasons.js';
import type { ObservedService } from './observe.js';
import { isManagedBy } from './ownership.js';
import type { DeletionPolicy } from './types.js';

/** What the deletion planner needs to know about the object. */
export interface DeletionIntent {
  readonly cluster: string;
  readonly serviceName: string;
  readonly deletionPolicy: DeletionPolicy;
  readonly suspended: boolean;
  /** `spec.adopt`: an untagged service counts as ours (adopted without a write so far). */
  readonly adopt?: boolean;
}

/** The deletion planner's answer. */
export interface DeletionPlan {
  /** `done`: remove the finalizer after running `actions`; `waiting`: run them and come back later. */
  readonly outcome: 'done' | 'waiting';
  /** How the service ends up, for the Event: deleted, retained (released), or untouched. */
  readonly result: 'deleted' | 'retained' | 'untouched';
  readonly actions: readonly ServiceAction[];
  readonly reasons: readonly string[];
}

/** Plans the writes that deleting the object needs (observed undefined: not found). */
export function planServiceDeletion(
  intent: DeletionIntent,
  observed: ObservedService | undefined,
): DeletionPlan {
  if (intent.suspended) {
    return {
      outcome: 'done',
      result: 'untouched',
      actions: [],
      reasons: ['suspended: the ECS service is left as it is'],
    };
  }
  if (observed === undefined || observed.lifecycle === 'INACTIVE') {
    return {
      outcome: 'done',
      result: 'deleted',
      actions: [],
      reasons: ['gone: the ECS service is INACTIVE or missing'],
    };
  }
  if (!isManagedBy(observed.ownership, intent.adopt === true)) {
    return {
      outcome: 'done',
      result: 'untouched',
      actions: [],
      reasons: ['not ours: the ECS service is left alone'],
    };
  }
  if (intent.deletionPolicy === 'Retain') {
    const keys = [TAG_KEYS.owner, TAG_KEYS.instance, TAG_KEYS.ownerUid].filter((k) => k in observed.tags);
    return {
      outcome: 'done',
      result: 'retained',
      actions: keys.length > 0 ? [{ type: 'untagService', resourceArn: observed.arn, tagKeys: keys }] : [],
      reasons: ['retain: removing the ownership tags and leaving the service running'],
    };
  }
  if (observed.lifecycle === 'DRAINING') {
    return {
      outcome: 'waiting',
      result: 'deleted',
      actions: [],
      reasons: ['wait: the ECS service is draining'],
    };
  }
  return {
    outcome: 'waiting',
    result: 'deleted',
    actions: [
      { type: 'deleteService', input: { cluster: intent.cluster, service: intent.serviceName, force: true } },
    ],
    reasons: ['delete: DeleteService with force, then wait until INACTIVE'],
  };
}

/** The Event that closes a deletion: deleted, released (Retain), or left untouched. */
export function deletionEvent(plan: DeletionPlan, intent: DeletionIntent): RecordedEvent {
  const where = `ECS service ${intent.serviceName} in cluster ${intent.cluster}`;
  switch (plan.result) {
    case 'deleted':
      return { type: 'Normal', reason: ServiceReasons.Deleted, message: `${where} is deleted` };
    case 'retained':
      return {
        type: 'Normal',
        reason: ServiceReasons.Retained,
        message: `${where} is released and left running (deletionPolicy Retain)`,
      };
    case 'untouched':
      return {
        type: 'Normal',
        reason: ServiceReasons.Retained,
        message: `${where} is left untouched: ${plan.reasons.join('; ')}`,
      };
  }
}
