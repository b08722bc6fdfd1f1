/**
 * A condition's value without its type and times, and the three ways to build one: the small
 * vocabulary the kinds' pure status steps write their Ready / Reconciling / Stalled triples in.
 */
import type { ConditionInput } from '../k8s/conditions.js';

/** A condition's status, reason and message. */
export type ConditionValue = Pick<ConditionInput, 'status' | 'reason' | 'message'>;

/** A condition's reason and message, before its status is chosen. */
export type ReasonMessage = Pick<ConditionInput, 'reason' | 'message'>;

/** `status: True` with `c`'s reason and message. */
export const yes = (c: ReasonMessage): ConditionValue => ({ status: 'True', ...c });
/** `status: False` with `c`'s reason and message. */
export const no = (c: ReasonMessage): ConditionValue => ({ status: 'False', ...c });
/** `status: Unknown` with `c`'s reason and message. */
export const unknown = (c: ReasonMessage): ConditionValue => ({ status: 'Unknown', ...c });
