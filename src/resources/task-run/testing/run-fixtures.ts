/**
 * Builders of the EcsTaskRun objects and observed tasks the task run tests start from, so each test
 * states only what its case is about. Test-only.
 */
import type { ObservedTask } from '../observe.js';
import type { EcsTaskRun } from '../types.js';

/** An EcsTaskRun `ns/m` at generation 1 running `td:1` in cluster `c`; `metadata` merged in. */
export function taskRunObject(metadata: Partial<EcsTaskRun['metadata']> = {}): EcsTaskRun {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsTaskRun',
    metadata: { name: 'm', namespace: 'ns', generation: 1, ...metadata },
    spec: { cluster: 'c', taskDefinition: 'td:1' },
  };
}

/** Task `arn:t` of attempt 1, STOPPED with its one container `job` exited 0; `fields` merged in. */
export function succeededTask(fields: Partial<ObservedTask> = {}): ObservedTask {
  return {
    taskArn: 'arn:t',
    attempt: 1,
    lastStatus: 'STOPPED',
    stopCode: 'EssentialContainerExited',
    containers: [{ name: 'job', exitCode: 0 }],
    ...fields,
  };
}
