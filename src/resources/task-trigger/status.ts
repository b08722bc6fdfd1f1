/**
 * The EcsTaskTrigger status as a pure function of the object, what the visit observed and how it
 * ended. The kstatus triple: Ready=True when the rule and its target, or the schedule, are as the
 * spec says (also while suspended: DISABLED is then what the spec says, and `suspended` shows it);
 * Stalled=True when a human must act (bad input, a rule not ours, the access policy, a bucket that
 * sends no events to EventBridge); Reconciling=True while it converges or waits.
 */
import type { Condition } from '../../k8s/conditions.js';
import { keptReady, no, statusStep, yes, type ConditionTriple } from '../condition-values.js';
import { TaskTriggerReason as R } from './reasons.js';
import type { KindStatus } from '../kind-status.js';
import type { EcsTaskTrigger, EcsTaskTriggerStatus } from './types.js';

/** How a visit ended, as far as status is concerned. */
export type TriggerOutcome =
  | { readonly kind: 'synced'; readonly suspended: boolean }
  | { readonly kind: 'waiting'; readonly message: string }
  | { readonly kind: 'stalled'; readonly reason: string; readonly message: string }
  | { readonly kind: 'guarded'; readonly reason: string; readonly message: string }
  | { readonly kind: 'retrying'; readonly reason: string; readonly message: string };

/**
 * What the visit learnt of AWS, for status: the status members but those this step derives itself
 * (the conditions and generation, `suspended` and `lastRunTime`).
 */
export type TriggerFacts = Omit<EcsTaskTriggerStatus, keyof KindStatus | 'suspended' | 'lastRunTime'>;

/** The reason and message every condition of the visit carries. */
function conditionText(outcome: TriggerOutcome): { readonly reason: string; readonly message: string } {
  switch (outcome.kind) {
    case 'synced':
      return outcome.suspended
        ? { reason: R.Suspended, message: 'suspended: the rule or schedule is DISABLED as spec.suspend asks' }
        : { reason: R.Synced, message: 'the rule and its ECS target, or the schedule, are as the spec says' };
    case 'waiting':
      return { reason: R.DependencyNotReady, message: outcome.message };
    case 'stalled':
    case 'guarded':
    case 'retrying':
      return { reason: outcome.reason, message: outcome.message };
  }
}

function tripleOf(outcome: TriggerOutcome, previous: readonly Condition[] | undefined): ConditionTriple {
  const c = conditionText(outcome);
  switch (outcome.kind) {
    case 'synced':
      return [yes(c), no(c), no(c)];
    case 'waiting':
      return [no(c), yes(c), no(c)];
    case 'stalled':
      return [no(c), no(c), yes(c)];
    case 'guarded':
      return [no(c), no(c), no(c)];
    case 'retrying':
      // A retried error says nothing new about the rule: Ready stays what it was.
      return [keptReady(previous, c), yes(c), no(c)];
  }
}

/** Computes the status to write. Pure. */
export function taskTriggerStatus(
  obj: EcsTaskTrigger,
  input: { readonly outcome: TriggerOutcome; readonly facts?: TriggerFacts },
  now: Date,
): EcsTaskTriggerStatus {
  const base = obj.status ?? {};
  const { gen, conditions: setTriple } = statusStep(obj, now);
  const conditions = setTriple(...tripleOf(input.outcome, base.conditions));
  const facts = input.facts ?? {};
  const runs = facts.runs;
  const newest = runs?.[0]?.createdAt;
  return {
    ...base,
    ...gen,
    ...facts,
    suspended: obj.spec.suspend === true,
    ...(newest === undefined ? {} : { lastRunTime: newest }),
    conditions,
  };
}
