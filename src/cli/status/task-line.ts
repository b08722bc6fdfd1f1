/**
 * One task as the status views show it under its object (an EcsTaskRun's tasks, an EcsTaskTrigger's
 * recent runs): the task id, how far it got, how it stopped and each container's exit code, read
 * from the task record the operator writes into status.
 */

/** A task record in status, as both kinds write it. */
export interface TaskRecord {
  readonly taskArn: string;
  readonly lastStatus?: string | undefined;
  readonly stopCode?: string | undefined;
  readonly stoppedReason?: string | undefined;
  readonly containers: readonly { readonly name: string; readonly exitCode?: number | undefined }[];
}

/** One task as shown. */
export interface TaskLine {
  /** The last part of the task ARN. */
  readonly id: string;
  /** ECS's lastStatus, `-` before one was recorded. */
  readonly lastStatus: string;
  /** ECS's stopCode, `-` while the task runs. */
  readonly stopCode: string;
  /** `name=code` per container, `name=-` when it reported none. */
  readonly exitCodes: string;
  /** ECS's stoppedReason, empty while the task runs. */
  readonly reason: string;
}

/** The {@link TaskLine} of one task record. */
export function taskLine(t: TaskRecord): TaskLine {
  return {
    id: t.taskArn.slice(t.taskArn.lastIndexOf('/') + 1),
    lastStatus: t.lastStatus ?? '-',
    stopCode: t.stopCode ?? '-',
    exitCodes: t.containers.map((c) => `${c.name}=${c.exitCode ?? '-'}`).join(', ') || '-',
    reason: t.stoppedReason ?? '',
  };
}
