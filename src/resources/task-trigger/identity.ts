/**
 * The AWS names and tags of an EcsTaskTrigger (pure): the rule or schedule name, the schedule group
 * of this installation, the task group its tasks carry, and the owner tags that say a rule or
 * schedule group is ecs-bridge's. Names are derived from the object, never read from status.
 */
import { createHash } from 'node:crypto';
import type { EcsTaskTrigger } from './types.js';

/** The tag naming the object that owns a rule (`<namespace>/<name>`). */
export const OWNER_TAG = 'ecs-bridge.dev/owner';
/** The tag naming the installation that owns a rule or schedule group. */
export const INSTANCE_TAG = 'ecs-bridge.dev/instance';

/** EventBridge rule and Scheduler schedule names: 1-64 of `[0-9A-Za-z._-]`. */
const NAME_MAX = 64;

function safe(text: string): string {
  return text.replace(/[^0-9A-Za-z._-]/g, '-');
}

/**
 * The rule or schedule name: the one the spec names (`event.ruleName`, `schedule.name`; an existing
 * one to adopt), else `ecsb-<namespace>-<name>`, shortened with a hash of the full text when it
 * would pass 64 characters, so two objects never share a name.
 */
export function triggerName(obj: EcsTaskTrigger): string {
  const named = obj.spec.schedule !== undefined ? obj.spec.schedule.name : obj.spec.event?.ruleName;
  if (named !== undefined) return named;
  const full = safe(`ecsb-${obj.metadata.namespace ?? ''}-${obj.metadata.name}`);
  if (full.length <= NAME_MAX) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 10);
  return `${full.slice(0, NAME_MAX - hash.length - 1)}-${hash}`;
}

/** The Scheduler group of this installation (Scheduler tags groups, not schedules). */
export function scheduleGroupName(instanceId: string): string {
  return safe(`ecs-bridge-${instanceId}`).slice(0, NAME_MAX);
}

/** The schedule group of a trigger: the one its spec names, else the installation's. */
export function triggerScheduleGroup(obj: EcsTaskTrigger, instanceId: string): string {
  return obj.spec.schedule?.groupName ?? scheduleGroupName(instanceId);
}

/** The names a trigger's desired rule or schedule is built with (the resolution's naming part). */
export interface TriggerNames {
  readonly name: string;
  readonly scheduleGroup: string;
  readonly description: string;
  /** The task group the target sets; undefined when `spec.taskGroup` is `""` (none). */
  readonly group: string | undefined;
  /** The id of the rule's ECS target. */
  readonly targetId: string;
}

/** The target id ecs-bridge gives its rule's ECS target when the spec names none. */
export const DEFAULT_TARGET_ID = 'ecs-bridge-task';

/** Every name of a trigger, from the object and the installation (pure). */
export function triggerNames(obj: EcsTaskTrigger, instanceId: string): TriggerNames {
  const name = triggerName(obj);
  const taskGroup = obj.spec.taskGroup;
  return {
    name,
    scheduleGroup: triggerScheduleGroup(obj, instanceId),
    description: obj.spec.description ?? descriptionOf(obj),
    group: taskGroup === undefined ? runGroup(name) : taskGroup === '' ? undefined : taskGroup,
    targetId: obj.spec.event?.targetId ?? DEFAULT_TARGET_ID,
  };
}

/** The task group ECS shows on the trigger's tasks (RunTask's `group`, at most 255 characters). */
export function runGroup(name: string): string {
  return `ecs-bridge:${name}`;
}

/** `<namespace>/<name>`, the owner tag's value. */
export function ownerOf(obj: EcsTaskTrigger): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`.slice(0, 256);
}

/** The description ecs-bridge gives the rule or schedule (EventBridge allows 512 characters). */
export function descriptionOf(obj: EcsTaskTrigger): string {
  return `Managed by ecs-bridge: EcsTaskTrigger ${ownerOf(obj)}`.slice(0, 512);
}

/** Whether tags (Key/Value, as EventBridge and Scheduler answer them) carry `wanted` exactly. */
export function hasTags(
  tags: readonly { readonly Key?: string | undefined; readonly Value?: string | undefined }[],
  wanted: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(wanted).every(([k, v]) => tags.some((t) => t.Key === k && t.Value === v));
}
