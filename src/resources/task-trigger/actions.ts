/**
 * The closed union of an EcsTaskTrigger's writes: the rule, target and schedule writes the pure
 * plan makes (`plan.ts`), the installation's schedule group when it is missing, the owner tags of an
 * adopted rule before the first write to it, and the bucket's
 * EventBridge notifications when the user opted in (`s3.enableEventBridge`).
 */
import type { NotificationConfiguration } from '@aws-sdk/client-s3';
import type { Tag as RuleTag } from '@aws-sdk/client-eventbridge';
import type { Tag } from '@aws-sdk/client-scheduler';
import type { TriggerAction } from './plan.js';

/** One write. */
export type TriggerWrite =
  | TriggerAction
  | { readonly type: 'createScheduleGroup'; readonly name: string; readonly tags: readonly Tag[] }
  /** The owner tags on an adopted rule, with the first write ecs-bridge makes to it (ADR 0037). */
  | { readonly type: 'tagRule'; readonly arn: string; readonly tags: readonly RuleTag[] }
  | {
      readonly type: 'enableBucketEventBridge';
      readonly bucket: string;
      /** The whole configuration as read, with EventBridge on (S3 replaces it whole). */
      readonly configuration: NotificationConfiguration;
    };
