/**
 * What the EcsTaskTrigger reconciler needs from the rest of the operator, as small ports the
 * composition root wires: the AWS calls of a Region in the namespace's account (EventBridge,
 * Scheduler, S3 bucket notifications, ECS tasks), Kubernetes writes to its own object, Events, and
 * lookups of the EcsCluster and EcsTaskDefinition a template references. Only types are imported.
 */
import type { EcsTaskApi } from '../../aws/ecs-task-api.js';
import type { EventBridgeApi } from '../../aws/events-api.js';
import type { S3NotificationApi } from '../../aws/s3-notification-api.js';
import type { SchedulerApi } from '../../aws/scheduler-api.js';
import type { KindWriter } from '../recording-writer.js';
import type { EcsTaskTrigger } from './types.js';

/** The writes the reconciler makes to its own object. */
export type TaskTriggerWriter = KindWriter<EcsTaskTrigger>;

/** Events on the object: the k8s edge's recorder. */
export type { EventRecorder } from '../../k8s/event-recorder.js';

/** The AWS calls a trigger makes in one Region and account. */
export interface TriggerApis {
  readonly events: EventBridgeApi;
  readonly scheduler: SchedulerApi;
  readonly s3Notifications: S3NotificationApi;
  readonly tasks: EcsTaskApi;
}

/** The AWS calls of a Region, in the account of the namespace (ADR 0030). */
export type TriggerApisFor = (region: string, namespace: string | undefined) => TriggerApis;

/** An EcsCluster as a trigger sees it, the EcsTaskDefinition revision it starts, and their lookups: the template's. */
export type {
  TemplateCluster as TriggerCluster,
  TemplateLookups as TriggerLookups,
  TemplateTaskDefinition as TriggerTaskDefinition,
} from '../task-template/template-placement.js';
