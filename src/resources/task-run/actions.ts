/** The closed union of AWS writes an EcsTaskRun visit makes. */
import type { RunTaskCommandInput } from '@aws-sdk/client-ecs';

/** One AWS write. */
export type TaskRunAction =
  | { readonly type: 'runTask'; readonly attempt: number; readonly input: RunTaskCommandInput }
  | {
      readonly type: 'stopTask';
      readonly cluster: string;
      readonly taskArn: string;
      readonly reason: string;
    };
