/**
 * The EcsTaskDefinition failure table: what each kind of AWS error means for a task definition (its
 * condition reason, terminal or retried), built on the shared rule of src/resources/failure-table.ts.
 */
import { standardFailureTable } from '../failure-table.js';
import { TaskDefinitionReason } from './reasons.js';

/** AWS error kind → condition reason and whether retrying can help (the shared names and rule). */
export const TASK_DEFINITION_FAILURES = standardFailureTable(TaskDefinitionReason);
