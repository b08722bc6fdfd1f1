/**
 * Reads what AWS holds for a trigger (reads only): the rule (DescribeRule), its tags
 * (ListTagsForResource) and, when the tags say it is ours, its targets (ListTargetsByRule); or the
 * installation's schedule group (GetScheduleGroup), its tags and the schedule (GetSchedule); and for
 * the `s3` shorthand the bucket's notification configuration. A rule or group without our owner
 * tags is reported as not ours, and its targets or schedules are not read, unless the object
 * adopts it (`spec.adopt`, ADR 0037): a rule nobody's tags claim, or a schedule in a group of the
 * user's, is then read as the object's own.
 */
import type { NotificationConfiguration } from '@aws-sdk/client-s3';
import type { AwsCallOptions } from '../../aws/call-runner.js';
import { isEventBridgeEnabled } from '../../aws/s3-notification-api.js';
import { hasTags, INSTANCE_TAG, OWNER_TAG, scheduleGroupName } from './identity.js';
import type { ObservedTrigger } from './plan.js';
import type { TriggerApis } from './ports.js';

/** Where a trigger's rule or schedule lives. */
export type TriggerPlace =
  | { readonly kind: 'rule'; readonly name: string; readonly eventBusName: string }
  | { readonly kind: 'schedule'; readonly name: string; readonly groupName: string };

/** Who owns what we create: the object and the installation; whether the object adopts (`spec.adopt`). */
export interface TriggerOwnership {
  readonly owner: string;
  readonly instanceId: string;
  readonly adopt?: boolean;
}

/** What AWS holds for a trigger. */
export interface TriggerObservation {
  readonly trigger: ObservedTrigger;
  /** The rule's or schedule's ARN when it exists. */
  readonly arn?: string;
  /** ENABLED or DISABLED when it exists. */
  readonly state?: string;
  /** Set when a rule or schedule group of that name exists without our owner tags. */
  readonly notOwned?: string;
  /** The installation's schedule group does not exist yet (schedules only). */
  readonly groupMissing: boolean;
  /**
   * Taken over under `spec.adopt` without ecs-bridge's owner tags: a rule made outside ecs-bridge
   * (tagged with the first write), or a schedule in a group that is not the installation's.
   */
  readonly adopted?: boolean;
}

/** The `s3` shorthand's bucket: whether it sends events to EventBridge, and its configuration. */
export interface BucketObservation {
  readonly bucket: string;
  readonly enabled: boolean;
  readonly configuration: NotificationConfiguration;
}

/** Reads the rule and targets, or the schedule group and schedule. */
export async function observeTrigger(
  apis: TriggerApis,
  place: TriggerPlace,
  ownership: TriggerOwnership,
  options: AwsCallOptions,
): Promise<TriggerObservation> {
  if (place.kind === 'rule') {
    const rule = await apis.events.describeRule(place.name, place.eventBusName, options);
    if (rule === undefined)
      return { trigger: { kind: 'rule', rule: undefined, targets: [] }, groupMissing: false };
    const base = {
      ...(rule.Arn === undefined ? {} : { arn: rule.Arn }),
      ...(rule.State === undefined ? {} : { state: rule.State }),
      groupMissing: false,
    };
    const tags = rule.Arn === undefined ? [] : await apis.events.listTags(rule.Arn, options);
    const ours = hasTags(tags, { [OWNER_TAG]: ownership.owner, [INSTANCE_TAG]: ownership.instanceId });
    // Adoption takes over a rule nobody claims; one tagged for another object or installation stays theirs.
    const claimed = tags.some((t) => t.Key === OWNER_TAG || t.Key === INSTANCE_TAG);
    if (!ours && ownership.adopt === true && !claimed) {
      const targets = await apis.events.listTargetsByRule(place.name, place.eventBusName, options);
      return { ...base, trigger: { kind: 'rule', rule, targets }, adopted: true };
    }
    if (!ours) {
      return {
        ...base,
        trigger: { kind: 'rule', rule, targets: [] },
        notOwned: `EventBridge rule ${place.name} on bus ${place.eventBusName} exists without ecs-bridge's owner tags (${OWNER_TAG}=${ownership.owner}, ${INSTANCE_TAG}=${ownership.instanceId}); ecs-bridge never changes it: delete or rename it, or tag it to hand it over`,
      };
    }
    const targets = await apis.events.listTargetsByRule(place.name, place.eventBusName, options);
    return { ...base, trigger: { kind: 'rule', rule, targets } };
  }
  if (ownership.adopt === true && place.groupName !== scheduleGroupName(ownership.instanceId)) {
    // A group of the user's (Scheduler's `default` among them): read as it is, never created or tagged.
    const schedule = await apis.scheduler.getSchedule(place.name, place.groupName, options);
    return {
      trigger: { kind: 'schedule', schedule },
      groupMissing: false,
      adopted: schedule !== undefined,
      ...(schedule?.Arn === undefined ? {} : { arn: schedule.Arn }),
      ...(schedule?.State === undefined ? {} : { state: schedule.State }),
    };
  }
  const group = await apis.scheduler.getScheduleGroup(place.groupName, options);
  if (group === undefined) return { trigger: { kind: 'schedule', schedule: undefined }, groupMissing: true };
  const tags = group.Arn === undefined ? [] : await apis.scheduler.listTags(group.Arn, options);
  if (!hasTags(tags, { [INSTANCE_TAG]: ownership.instanceId })) {
    return {
      trigger: { kind: 'schedule', schedule: undefined },
      groupMissing: false,
      notOwned: `EventBridge Scheduler group ${place.groupName} exists without ecs-bridge's tag ${INSTANCE_TAG}=${ownership.instanceId}; ecs-bridge never changes its schedules: delete the group or tag it to hand it over`,
    };
  }
  const schedule = await apis.scheduler.getSchedule(place.name, place.groupName, options);
  return {
    trigger: { kind: 'schedule', schedule },
    groupMissing: false,
    ...(schedule?.Arn === undefined ? {} : { arn: schedule.Arn }),
    ...(schedule?.State === undefined ? {} : { state: schedule.State }),
  };
}

/** Reads the bucket's notification configuration (one GetBucketNotificationConfiguration). */
export async function observeBucket(
  apis: TriggerApis,
  bucket: string,
  options: AwsCallOptions,
): Promise<BucketObservation> {
  const configuration = await apis.s3Notifications.getNotificationConfiguration(bucket, options);
  return { bucket, enabled: isEventBridgeEnabled(configuration), configuration };
}
