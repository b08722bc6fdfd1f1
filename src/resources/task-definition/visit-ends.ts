/**
 * How an EcsTaskDefinition visit ends when it does not converge: an AWS error judged by the failure
 * table, or a write guard's verdict. Pure but for the log line; the reconciler writes the status.
 */
import { TerminalError, type ReconcileContext } from '../../controller/reconciler.js';
import { judgeAwsError } from '../failure-table.js';
import { endThrowing, endWith, type VisitEnd } from '../visit-end.js';
import type { WriteVerdict } from '../write-guard.js';
import type { TaskDefinitionActionResult } from './actions.js';
import { TASK_DEFINITION_FAILURES } from './failure-table.js';
import type { ObservedTaskDefinition } from './observe.js';
import { projectObserved } from './project.js';
import type { TaskDefinitionOutcome } from './status.js';
import type { EcsTaskDefinition } from './types.js';

/** What a visit leaves as status: the object, what was observed, and how the visit went. */
export interface TaskDefinitionStatusInput {
  readonly obj: EcsTaskDefinition;
  readonly observed: ObservedTaskDefinition | undefined;
  readonly outcome: TaskDefinitionOutcome;
}

/** How a task definition visit ends (`../visit-end.ts`); `announce`: a Warning Event on a change. */
export type TaskDefinitionVisitEnd = VisitEnd<TaskDefinitionStatusInput>;

/** Reports a guard's verdict (no AWS write was made); a refusal ends in a TerminalError. */
export function endGuarded(
  ctx: ReconcileContext,
  obj: EcsTaskDefinition,
  observed: ObservedTaskDefinition,
  verdict: Exclude<WriteVerdict, { kind: 'allow' }>,
): TaskDefinitionVisitEnd {
  ctx.log.info(
    { guard: verdict.guard, verdict: verdict.kind, reason: verdict.reason },
    'write guard held the plan',
  );
  const input = { obj, observed, outcome: { kind: 'guarded', verdict } } as const;
  if (verdict.kind === 'refuse')
    return endThrowing(input, new TerminalError(verdict.reason, verdict.message));
  return endWith(input);
}

/**
 * Classifies an error once and ends the visit as it calls for: with a TerminalError for invalid
 * requests, access denied and quotas (announced by a Warning Event); otherwise with the error,
 * wrapped with context, for the work queue to retry.
 */
export function endOnAwsFailure(
  obj: EcsTaskDefinition,
  observed: ObservedTaskDefinition | undefined,
  results: readonly TaskDefinitionActionResult[],
  err: unknown,
  deleting: boolean,
): TaskDefinitionVisitEnd {
  const { error: aws, reason, terminal } = judgeAwsError(err, TASK_DEFINITION_FAILURES);
  const after = observed === undefined ? undefined : projectObserved(observed, results);
  const message = `${aws.code}: ${aws.message}`;
  if (terminal) {
    const hint = deleting
      ? ' (to let the object go without cleaning up, set spec.deletionPolicy: Retain)'
      : '';
    const outcome: TaskDefinitionOutcome = { kind: 'failed', reason, message: `${message}${hint}` };
    const error = new TerminalError(reason, message, { cause: err });
    return endThrowing({ obj, observed: after, outcome }, error, true);
  }
  const outcome: TaskDefinitionOutcome = deleting
    ? { kind: 'deleting', message: `retrying: ${message}` }
    : { kind: 'retrying', reason, message };
  const what = deleting ? 'deleting ecs task definition revisions' : 'reconciling ecs task definition';
  return endThrowing({ obj, observed: after, outcome }, new Error(what, { cause: err }));
}
