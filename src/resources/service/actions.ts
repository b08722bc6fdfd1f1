/**
 * The AWS writes a service plan may contain. Each action is exactly one EcsApi call; `apply.ts`
 * executes them with one exhaustive switch. The planner decides *whether* to call; apply never does.
 */
import type {
  CreateServiceCommandInput,
  DeleteServiceCommandInput,
  UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import type { EcsTagAction, EcsUntagAction } from '../ecs-tag-actions.js';
import type { MutableField } from './model.js';

/** CreateService with a deterministic client token. */
export interface CreateServiceAction {
  readonly type: 'createService';
  readonly input: CreateServiceCommandInput;
}

/** UpdateService carrying only the fields that differ (and `forceNewDeployment` for a restart). */
export interface UpdateServiceAction {
  readonly type: 'updateService';
  readonly input: UpdateServiceCommandInput;
  /** The fields sent, for messages, events and tests. */
  readonly fields: readonly MutableField[];
  /** True when the update carries `forceNewDeployment` (a restart). */
  readonly restart: boolean;
}

/** DeleteService (always with `force`, see plan-deletion.ts). */
export interface DeleteServiceAction {
  readonly type: 'deleteService';
  readonly input: DeleteServiceCommandInput;
}

/** TagResource on the service. */
export type TagServiceAction = EcsTagAction<'tagService'>;

/** UntagResource on the service. */
export type UntagServiceAction = EcsUntagAction<'untagService'>;

/** One AWS write of a service plan. */
export type ServiceAction =
  CreateServiceAction | UpdateServiceAction | DeleteServiceAction | TagServiceAction | UntagServiceAction;
