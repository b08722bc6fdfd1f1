/**
 * Scheduled actions of one ECS service's scalable target (`spec.autoscaling.scheduledActions`):
 * the spec validated and normalised, AWS's DescribeScheduledActions normalised the same way, and the
 * comparison that decides whether a PutScheduledAction is needed. Pure.
 *
 * API: https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html
 * (Timezone defaults to UTC; StartTime and EndTime bound when the schedule runs; ScalableTargetAction
 * sets MinCapacity and/or MaxCapacity).
 */
import type {
  PutScheduledActionCommandInput,
  ScheduledAction,
} from '@aws-sdk/client-application-auto-scaling';
import { ECS_DESIRED_COUNT_DIMENSION, ECS_SERVICE_NAMESPACE } from '../../aws/autoscaling-api.js';
import type { AutoscalingScheduledActionStatus, ScheduledActionSpec } from '../service/types.js';
import { sameMembers } from '../../shared/same-fields.js';

/**
 * Every scheduled action ecs-bridge creates starts with this prefix (the same mark as our policies,
 * `desired.ts`'s POLICY_NAME_PREFIX; kept here so the two files do not import each other).
 */
export const SCHEDULED_ACTION_NAME_PREFIX = 'ecs-bridge-';

/** AWS's time zone when none is given. */
export const DEFAULT_TIMEZONE = 'UTC';

/** A scheduled action normalised: our AWS name, the time zone filled in, times as epoch seconds. */
export interface NormalScheduledAction {
  readonly scheduledActionName: string;
  readonly schedule: string;
  readonly timezone: string;
  /** Whole seconds since the epoch (what AWS keeps). */
  readonly startTime?: number | undefined;
  readonly endTime?: number | undefined;
  readonly minCapacity?: number | undefined;
  readonly maxCapacity?: number | undefined;
  /**
   * For an action under a name ecs-bridge did not choose (`scheduledActionName`, ADR 0041): true when
   * the entry adopts it (put like ours), false when it is only read and compared. Absent for ours.
   */
  readonly adopt?: boolean | undefined;
}

/** The AWS name of the spec's action `name`: ecs-bridge's prefix marks it as ours. */
export function scheduledActionNameOf(name: string): string {
  return `${SCHEDULED_ACTION_NAME_PREFIX}${name}`;
}

/** True for a scheduled action ecs-bridge created (and so may change or delete). */
export function isOurScheduledActionName(name: string): boolean {
  return name.startsWith(SCHEDULED_ACTION_NAME_PREFIX);
}

// Letters, digits, '-', '_' and '.': AWS forbids ':', '/', '|' and surrounding blanks in the name.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const SCHEDULE = /^(at|cron|rate)\(.+\)$/;
// AWS's ScheduledActionName: 1-256 characters, no ':', '/', '|' or control character, no blank at
// either end (API_PutScheduledAction.html); kept to printable ASCII like the CRD's pattern.
const GIVEN_NAME = /^[!-.0-9;-{}~]([ -.0-9;-{}~]{0,254}[!-.0-9;-{}~])?$/;

/**
 * The `scheduledActionName` and `adopt` of one entry (ADR 0041), or a message naming the field: a
 * given name must be one ecs-bridge did not choose, and `adopt` only means something with a name.
 */
function validateGivenActionName(path: string, a: ScheduledActionSpec): string | undefined {
  const name = a.scheduledActionName;
  if (name === undefined) {
    return a.adopt === true
      ? `${path}.adopt is true but ${path}.scheduledActionName is not set: adopt names the existing scheduled action to take over; set scheduledActionName or remove adopt`
      : undefined;
  }
  if (!GIVEN_NAME.test(name))
    return `${path}.scheduledActionName "${name}" must be 1 to 256 printable characters without ':', '/', '|' or a blank at either end, as Application Auto Scaling names scheduled actions`;
  if (isOurScheduledActionName(name))
    return `${path}.scheduledActionName "${name}" starts with ${SCHEDULED_ACTION_NAME_PREFIX}, the names ecs-bridge derives itself: leave scheduledActionName out for ecs-bridge's own action, or name an action ecs-bridge did not create`;
  return undefined;
}

function epochSeconds(rfc3339: string): number | undefined {
  const ms = Date.parse(rfc3339);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

const isCount = (n: number | undefined): boolean => n === undefined || (Number.isInteger(n) && n >= 0);

/**
 * Validates and normalises `spec.autoscaling.scheduledActions`; a string names the field, the value
 * and the fix. The CRD's CEL rules reject most of these first.
 */
export function desiredScheduledActions(
  specs: readonly ScheduledActionSpec[] | undefined,
): readonly NormalScheduledAction[] | string {
  const out: NormalScheduledAction[] = [];
  const seen = new Set<string>();
  const given = new Map<string, string>();
  for (const [i, a] of (specs ?? []).entries()) {
    const path = `spec.autoscaling.scheduledActions[${i}]`;
    if (!NAME.test(a.name))
      return `${path}.name "${a.name}" must be 1-200 letters, digits, '.', '_' or '-', starting with a letter or digit`;
    if (seen.has(a.name)) return `${path}.name "${a.name}" is used twice; names must be unique`;
    seen.add(a.name);
    const named = validateGivenActionName(path, a);
    if (named !== undefined) return named;
    if (a.scheduledActionName !== undefined) {
      const first = given.get(a.scheduledActionName);
      if (first !== undefined)
        return `${path}.scheduledActionName "${a.scheduledActionName}" is also ${first}.scheduledActionName; each scheduled action can have one entry`;
      given.set(a.scheduledActionName, path);
    }
    if (!SCHEDULE.test(a.schedule))
      return `${path}.schedule "${a.schedule}" must be at(yyyy-mm-ddThh:mm:ss), cron(fields) or rate(value unit)`;
    if (a.minCapacity === undefined && a.maxCapacity === undefined)
      return `${path} must set minCapacity, maxCapacity or both`;
    if (!isCount(a.minCapacity) || !isCount(a.maxCapacity))
      return `${path} capacities must be whole numbers ≥ 0`;
    if (a.minCapacity !== undefined && a.maxCapacity !== undefined && a.minCapacity > a.maxCapacity)
      return `${path}.minCapacity (${a.minCapacity}) must not exceed maxCapacity (${a.maxCapacity})`;
    const startTime = a.startTime === undefined ? undefined : epochSeconds(a.startTime);
    if (a.startTime !== undefined && startTime === undefined)
      return `${path}.startTime "${a.startTime}" is not an RFC 3339 time (for example 2026-01-31T22:00:00Z)`;
    const endTime = a.endTime === undefined ? undefined : epochSeconds(a.endTime);
    if (a.endTime !== undefined && endTime === undefined)
      return `${path}.endTime "${a.endTime}" is not an RFC 3339 time (for example 2026-01-31T22:00:00Z)`;
    if (startTime !== undefined && endTime !== undefined && startTime >= endTime)
      return `${path}.startTime (${a.startTime ?? ''}) must be before endTime (${a.endTime ?? ''})`;
    out.push({
      ...(a.scheduledActionName === undefined
        ? { scheduledActionName: scheduledActionNameOf(a.name) }
        : { scheduledActionName: a.scheduledActionName, adopt: a.adopt === true }),
      schedule: a.schedule,
      timezone: a.timezone ?? DEFAULT_TIMEZONE,
      startTime,
      endTime,
      minCapacity: a.minCapacity,
      maxCapacity: a.maxCapacity,
    });
  }
  return out.sort(byName);
}

function byName(a: NormalScheduledAction, b: NormalScheduledAction): number {
  return a.scheduledActionName < b.scheduledActionName
    ? -1
    : a.scheduledActionName > b.scheduledActionName
      ? 1
      : 0;
}

// The SDK gives a Date; moto may give back the number we sent. Both become whole epoch seconds.
function secondsOf(t: Date | number | string | undefined | null): number | undefined {
  if (t === undefined || t === null) return undefined;
  if (t instanceof Date) return Math.floor(t.getTime() / 1000);
  if (typeof t === 'number') return Math.floor(t);
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** One DescribeScheduledActions entry normalised like a desired action. */
export function normaliseScheduledAction(a: ScheduledAction): NormalScheduledAction {
  const t = a.ScalableTargetAction;
  return {
    scheduledActionName: a.ScheduledActionName ?? '',
    schedule: a.Schedule ?? '',
    timezone: a.Timezone ?? DEFAULT_TIMEZONE,
    startTime: secondsOf(a.StartTime),
    endTime: secondsOf(a.EndTime),
    minCapacity: t?.MinCapacity ?? undefined,
    maxCapacity: t?.MaxCapacity ?? undefined,
  };
}

/**
 * True when AWS has exactly the desired action (so no write is needed): every member is compared
 * but `adopt`, which is ours alone and never reaches AWS; the rest is what PutScheduledAction sets.
 */
export function isSameScheduledAction(d: NormalScheduledAction, o: NormalScheduledAction): boolean {
  const { adopt: _desiredAdopt, ...desired } = d;
  const { adopt: _observedAdopt, ...observed } = o;
  return sameMembers(desired, observed);
}

/**
 * The PutScheduledAction request. Timezone is always sent; a start or end time the spec dropped
 * cannot be cleared by leaving it out (AWS keeps it), so an action whose time bound was removed is
 * deleted and put again by the planner.
 */
export function putScheduledActionInput(
  resourceId: string,
  a: NormalScheduledAction,
): PutScheduledActionCommandInput {
  return {
    ServiceNamespace: ECS_SERVICE_NAMESPACE,
    ResourceId: resourceId,
    ScalableDimension: ECS_DESIRED_COUNT_DIMENSION,
    ScheduledActionName: a.scheduledActionName,
    Schedule: a.schedule,
    Timezone: a.timezone,
    ...(a.startTime === undefined ? {} : { StartTime: new Date(a.startTime * 1000) }),
    ...(a.endTime === undefined ? {} : { EndTime: new Date(a.endTime * 1000) }),
    ScalableTargetAction: {
      ...(a.minCapacity === undefined ? {} : { MinCapacity: a.minCapacity }),
      ...(a.maxCapacity === undefined ? {} : { MaxCapacity: a.maxCapacity }),
    },
  };
}

/** True when a put cannot reach `d` from `o`: a time bound `o` has and `d` dropped. */
export function needsRecreate(d: NormalScheduledAction, o: NormalScheduledAction): boolean {
  return (
    (o.startTime !== undefined && d.startTime === undefined) ||
    (o.endTime !== undefined && d.endTime === undefined)
  );
}

/** `status.autoscaling.scheduledActions[]` entry, times in RFC 3339. */
export function scheduledActionStatus(a: NormalScheduledAction): AutoscalingScheduledActionStatus {
  const iso = (s: number): string => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
  return {
    name: a.scheduledActionName,
    schedule: a.schedule,
    timezone: a.timezone,
    ...(a.startTime === undefined ? {} : { startTime: iso(a.startTime) }),
    ...(a.endTime === undefined ? {} : { endTime: iso(a.endTime) }),
    ...(a.minCapacity === undefined ? {} : { minCapacity: a.minCapacity }),
    ...(a.maxCapacity === undefined ? {} : { maxCapacity: a.maxCapacity }),
  };
}
