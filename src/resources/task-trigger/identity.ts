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
 * The rule or schedule name: `ecsb-<namespace>-<name>`, shortened with a hash of the full text when
 * it would pass 64 characters, so two objects never share a name.
 */
export function triggerName(obj: EcsTaskTrigger): string {
  const full = safe(`ecsb-${obj.metadata.namespace ?? ''}-${obj.metadata.name}`);
  if (full.length <= NAME_MAX) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 10);
  return `${full.slice(0, NAME_MAX - hash.length - 1)}-${hash}`;
}

/** The Scheduler group of this installation (Scheduler tags groups, not schedules). */
export function scheduleGroupName(instanceId: string): string {
  return safe(`ecs-bridge-${instanceId}`).slice(0, NAME_MAX);
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
