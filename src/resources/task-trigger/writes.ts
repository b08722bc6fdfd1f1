/**
 * Every write one visit of an EcsTaskTrigger makes, in order (pure): the owner tags of an adopted
 * rule first (with its first write, so a crash half-way still leaves a rule ecs-bridge recognises,
 * as for services, ADR 0007), the installation's schedule group when it is missing, EventBridge on
 * for the `s3` shorthand's bucket when the spec asks for it, then the planned actions. The reconciler
 * applies this list; `ecs-bridge plan` shows it.
 */
import type { Tag as RuleTag } from '@aws-sdk/client-eventbridge';
import type { Tag } from '@aws-sdk/client-scheduler';
import { withEventBridgeEnabled } from '../../aws/s3-notification-api.js';
import type { TriggerWrite } from './actions.js';
import type { DesiredTrigger } from './desired.js';
import type { BucketObservation, TriggerObservation } from './observe.js';
import type { TriggerPlan } from './plan.js';
import type { EcsTaskTrigger } from './types.js';

/** What {@link triggerWrites} reads. */
export interface TriggerWritesInput {
  readonly obj: EcsTaskTrigger;
  readonly desired: DesiredTrigger;
  readonly observation: TriggerObservation;
  readonly plan: TriggerPlan;
  /** The `s3` shorthand's bucket as read; undefined without the shorthand. */
  readonly bucket: BucketObservation | undefined;
  /** The owner tags put on an adopted rule with its first write. */
  readonly adoptionTags: readonly RuleTag[];
  /** The tags of a schedule group created for the installation. */
  readonly scheduleGroupTags: readonly Tag[];
}

/** The writes of one visit, in the order they must be made. */
export function triggerWrites(input: TriggerWritesInput): TriggerWrite[] {
  const { obj, desired, observation, plan, bucket } = input;
  const writes: TriggerWrite[] = [];
  if (observation.adopted === true && desired.kind === 'rule' && plan.actions.length > 0 && observation.arn)
    writes.push({ type: 'tagRule', arn: observation.arn, tags: input.adoptionTags });
  if (desired.kind === 'schedule' && observation.groupMissing)
    writes.push({
      type: 'createScheduleGroup',
      name: desired.schedule.GroupName,
      tags: input.scheduleGroupTags,
    });
  if (bucket !== undefined && !bucket.enabled && obj.spec.event?.s3?.enableEventBridge === true)
    writes.push({
      type: 'enableBucketEventBridge',
      bucket: bucket.bucket,
      configuration: withEventBridgeEnabled(bucket.configuration),
    });
  writes.push(...plan.actions);
  return writes;
}
