/** How AWS errors end an EcsTaskRun visit: the shared table with the kind's reasons. */
import { standardFailureTable } from '../failure-table.js';
import { TaskRunReason } from './reasons.js';

/** AWS error kind → reason, terminal or retried. */
export const TASK_RUN_FAILURES = standardFailureTable(TaskRunReason);
