/**
 * The EcsTaskRun custom resource as TypeScript sees it: a hand-written mirror of
 * `crds/ecstaskrun.yaml` (the schema is the source of truth). The spec is the shared task template
 * plus Job-like fields; it is immutable once created.
 */
import type { KindStatus } from '../kind-status.js';
import type { KubeObject } from '../../k8s/object.js';
import type { DeletionPolicy } from '../deletion-policy.js';
import type { TaskTemplateSpec, TemplatePlacementStatus } from '../task-template/types.js';

/** The kind name. */
export const ECS_TASK_RUN_KIND = 'EcsTaskRun';
/** The plural resource name used in API paths. */
export const ECS_TASK_RUN_PLURAL = 'ecstaskruns';

/** `spec` of an EcsTaskRun: the task template and how the run is judged. */
export interface EcsTaskRunSpec extends TaskTemplateSpec {
  /** Tasks that must succeed (1 to 10, RunTask's limit per call). Default 1. */
  readonly count?: number;
  /** Failed tasks tolerated before the run is Failed; each failed task is replaced. Default 0. */
  readonly backoffLimit?: number;
  /** Seconds after the object's creation before running tasks are stopped and the run Failed. */
  readonly activeDeadlineSeconds?: number;
  /** Seconds after the run finished before ecs-bridge deletes the object. */
  readonly ttlSecondsAfterFinished?: number;
  /** Delete (default): deleting a running object stops its tasks; Retain leaves them running. */
  readonly deletionPolicy?: DeletionPolicy;
}

/** One container of a task, as status reports it. */
export interface TaskRunContainerStatus {
  readonly name: string;
  readonly lastStatus?: string;
  readonly exitCode?: number;
  readonly reason?: string;
}

/** One ECS task the run started, as status reports it. */
export interface TaskRunTaskStatus {
  readonly taskArn: string;
  /** The attempt that started it (1 for the first RunTask, then one more per replacement). */
  readonly attempt: number;
  readonly lastStatus?: string;
  readonly stopCode?: string;
  readonly stoppedReason?: string;
  readonly startedAt?: string;
  readonly stoppedAt?: string;
  readonly containers: readonly TaskRunContainerStatus[];
}

/** `status` of an EcsTaskRun, written only by the operator. */
export interface EcsTaskRunStatus extends KindStatus, TemplatePlacementStatus {
  /** Tasks not STOPPED yet. */
  readonly active?: number;
  /** Tasks STOPPED with every container exited 0. */
  readonly succeeded?: number;
  /** Tasks STOPPED otherwise (exit code not 0, failed to start, stopped by someone). */
  readonly failed?: number;
  readonly startTime?: string;
  readonly completionTime?: string;
  readonly tasks?: readonly TaskRunTaskStatus[];
}

/** An EcsTaskRun object as the informer delivers it. */
export type EcsTaskRun = KubeObject<EcsTaskRunSpec, EcsTaskRunStatus>;
