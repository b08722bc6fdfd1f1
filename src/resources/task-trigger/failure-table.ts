/** How AWS errors end an EcsTaskTrigger visit: the shared table with the kind's reasons. */
import { standardFailureTable } from '../failure-table.js';
import { TaskTriggerReason } from './reasons.js';

/** AWS error kind → reason, terminal or retried. */
export const TASK_TRIGGER_FAILURES = standardFailureTable(TaskTriggerReason);
