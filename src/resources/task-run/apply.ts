/** One AWS call per EcsTaskRun action, with the reconcile's abort signal. */
import type { Task } from '@aws-sdk/client-ecs';
import type { EcsTaskApi } from '../../aws/ecs-task-api.js';
import { assertNever } from '../../shared/assert-never.js';
import type { TaskRunAction } from './actions.js';

/** What an action answered: the tasks RunTask started, and its failures as one message. */
export interface TaskRunAnswer {
  readonly tasks: readonly Task[];
  readonly failures?: string;
}

/** Applies one action. */
export async function applyTaskRunAction(
  api: EcsTaskApi,
  action: TaskRunAction,
  options: { readonly signal: AbortSignal },
): Promise<TaskRunAnswer> {
  switch (action.type) {
    case 'runTask': {
      const out = await api.runTask(action.input, options);
      const failures = out.failures.map((f) => `${f.arn ?? ''} ${f.reason ?? ''} ${f.detail ?? ''}`.trim());
      return { tasks: out.tasks, ...(failures.length === 0 ? {} : { failures: failures.join('; ') }) };
    }
    case 'stopTask':
      await api.stopTask(action.cluster, action.taskArn, action.reason, options);
      return { tasks: [] };
    default:
      return assertNever(action);
  }
}
