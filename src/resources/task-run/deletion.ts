/**
 * What deleting a running EcsTaskRun does in ECS (unless `deletionPolicy: Retain`): stops the tasks
 * the run started that still run; a cluster that no longer exists runs no task.
 */
import type { EcsTaskApi } from '../../aws/ecs-task-api.js';
import type { ReconcileContext } from '../../controller/reconciler.js';
import { judgeAwsError } from '../failure-table.js';
import { TASK_RUN_FAILURES } from './failure-table.js';
import { observeRunTasks } from './observe.js';
import { isStopped } from './plan.js';
import type { EventRecorder } from './ports.js';
import { TaskRunReason as R } from './reasons.js';
import { runStartedBy } from './run-identity.js';
import type { EcsTaskRun } from './types.js';
import { runKey } from './verdict-record.js';

/**
 * Stops the run's tasks in `at.cluster` that are not stopped yet, with one Event saying how many;
 * `released` when the user removed our finalizer meanwhile (nothing is stopped then).
 */
export async function stopTasksOfDeletedRun(
  ctx: ReconcileContext,
  obj: EcsTaskRun,
  at: {
    readonly api: EcsTaskApi;
    readonly cluster: string;
    readonly events: EventRecorder;
    /** Asked right before the first StopTask: is our finalizer still on the object, read live? */
    readonly stillFinalizing: () => Promise<boolean>;
  },
): Promise<'done' | 'released'> {
  const { api, cluster } = at;
  try {
    const tasks = await observeRunTasks(
      api,
      { cluster, startedBy: runStartedBy(runKey(obj)) },
      { signal: ctx.signal },
    );
    const running = tasks.filter((t) => !isStopped(t));
    if (running.length > 0 && !(await at.stillFinalizing())) return 'released';
    for (const t of running) {
      ctx.signal.throwIfAborted();
      await api.stopTask(cluster, t.taskArn, 'ecs-bridge: EcsTaskRun deleted', { signal: ctx.signal });
    }
    if (running.length > 0) {
      at.events.record(
        obj,
        'Normal',
        R.StoppedTasks,
        `stopped ${running.length} task(s): the EcsTaskRun was deleted`,
      );
      ctx.log.info({ tasks: running.length }, 'stopped ecs tasks of deleted run');
    }
  } catch (err) {
    const judged = judgeAwsError(err, TASK_RUN_FAILURES);
    // A cluster that no longer exists runs no task: nothing to stop.
    if (judged.error.kind !== 'notFound')
      throw new Error('stopping ecs tasks of deleted run', { cause: err });
  }
  return 'done';
}
