/**
 * Scaling activities of a service's scalable target (DescribeScalingActivities), pure: the newest
 * few as `status.autoscaling.activities`, and the finished ones as notices the EcsService reconciler
 * relays as Kubernetes Events, each once (src/resources/event-relay.ts).
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_ScalingActivity.html
 * https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-scaling-activities.html
 */
import type { ScalingActivity } from '@aws-sdk/client-application-auto-scaling';
import { isoTime } from '../event-relay.js';
import type { AutoscalingActivityStatus } from '../service/types.js';

/** How many activities `status.autoscaling.activities` shows. */
export const STATUS_ACTIVITIES = 5;

/** A finished scaling activity, ready to become a Kubernetes Event. */
export interface ScalingActivityNotice {
  readonly id: string;
  /** When it ended (ISO 8601): the order Events are relayed in. */
  readonly at: string;
  /** Normal for `Successful`; Warning for an activity that did not do what it set out to. */
  readonly type: 'Normal' | 'Warning';
  /** What it did, why, and how it ended. */
  readonly message: string;
}

/** The status codes an activity ends with; `Pending` and `InProgress` are not finished yet. */
const FINISHED = new Set(['Successful', 'Overridden', 'Unfulfilled', 'Failed']);

/** The activities as status shows them, newest first (by start time, then id), at most `limit`. */
export function scalingActivityStatus(
  activities: readonly ScalingActivity[],
  limit = STATUS_ACTIVITIES,
): AutoscalingActivityStatus[] {
  const entries: AutoscalingActivityStatus[] = [];
  for (const a of activities) {
    const startTime = isoTime(a.StartTime);
    if (a.ActivityId === undefined || startTime === undefined) continue;
    const endTime = isoTime(a.EndTime);
    entries.push({
      activityId: a.ActivityId,
      statusCode: a.StatusCode ?? 'Unknown',
      description: a.Description ?? '',
      ...(a.Cause === undefined || a.Cause === '' ? {} : { cause: a.Cause }),
      ...(a.StatusMessage === undefined || a.StatusMessage === '' ? {} : { statusMessage: a.StatusMessage }),
      startTime,
      ...(endTime === undefined ? {} : { endTime }),
    });
  }
  entries.sort((a, b) =>
    a.startTime === b.startTime ? (a.activityId < b.activityId ? 1 : -1) : a.startTime < b.startTime ? 1 : -1,
  );
  return entries.slice(0, limit);
}

/**
 * The finished activities among `activities`, as Event notices: the message says what it did,
 * the status code, why, and AWS's status message when there is one. An activity still running
 * becomes a notice once it has ended, so its Event says how it ended.
 */
export function scalingActivityNotices(activities: readonly ScalingActivity[]): ScalingActivityNotice[] {
  const notices: ScalingActivityNotice[] = [];
  for (const a of activities) {
    if (a.ActivityId === undefined || a.StatusCode === undefined || !FINISHED.has(a.StatusCode)) continue;
    const at = isoTime(a.EndTime) ?? isoTime(a.StartTime);
    if (at === undefined) continue;
    const parts = [
      `${(a.Description ?? 'scaling activity').replace(/\.$/, '')} (${a.StatusCode})`,
      ...(a.Cause === undefined || a.Cause === '' ? [] : [`cause: ${a.Cause}`]),
      ...(a.StatusMessage === undefined || a.StatusMessage === '' ? [] : [a.StatusMessage]),
    ];
    notices.push({
      id: a.ActivityId,
      at,
      type: a.StatusCode === 'Successful' ? 'Normal' : 'Warning',
      message: parts.join('; '),
    });
  }
  return notices;
}
