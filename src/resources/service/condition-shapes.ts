/**
 * The few shapes an EcsService's Ready / Reconciling / Stalled triple takes (kstatus): every outcome
 * of a reconcile picks one, so the three conditions never disagree with each other.
 */
import { no, unknown, yes, type ConditionTriple, type ConditionValue } from '../condition-values.js';

/** Work under way: Ready Unknown, Reconciling True with the message, not stalled. */
export function progressing(reason: string, message: string): ConditionTriple {
  return [unknown({ reason, message }), yes({ reason, message }), no({ reason, message: '' })];
}

/** Only a change of the object (or a person in AWS) can unblock it: Ready False, Stalled True. */
export function stalled(reason: string, message: string): ConditionTriple {
  return [no({ reason, message }), no({ reason, message: '' }), yes({ reason, message })];
}

/** Nothing under way and nothing stuck: Ready as `ready` says, Reconciling and Stalled False. */
export function settled(ready: ConditionValue): ConditionTriple {
  const quiet = { reason: ready.reason, message: '' };
  return [ready, no(quiet), no(quiet)];
}

/**
 * Reading or trying again: Ready stays what the last believed answer made it (`previousReady`;
 * Unknown on a first visit), Reconciling says why, not stalled.
 */
export function retrying(
  previousReady: ConditionValue | undefined,
  reason: string,
  message: string,
): ConditionTriple {
  const ready =
    previousReady === undefined
      ? unknown({ reason, message })
      : { status: previousReady.status, reason: previousReady.reason, message: previousReady.message };
  return [ready, yes({ reason, message }), no({ reason, message: '' })];
}
