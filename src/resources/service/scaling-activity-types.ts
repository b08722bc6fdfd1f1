/**
 * The scaling activities part of `status.autoscaling`: what Application Auto Scaling did to the
 * service's desired count lately, as DescribeScalingActivities reports it
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_ScalingActivity.html).
 * Field names are AWS's, in camelCase.
 */

/** One recent scaling activity, newest first in `status.autoscaling.activities`. */
export interface AutoscalingActivityStatus {
  readonly activityId: string;
  /** `Pending`, `InProgress`, `Successful`, `Overridden`, `Unfulfilled` or `Failed`. */
  readonly statusCode: string;
  /** What it did, e.g. "Setting desired count to 3.". */
  readonly description: string;
  /** Why: the alarm, policy or scheduled action that caused it. */
  readonly cause?: string;
  /** AWS's words on the outcome (why it failed), when it gives any. */
  readonly statusMessage?: string;
  /** ISO 8601. */
  readonly startTime: string;
  /** ISO 8601; absent while it runs. */
  readonly endTime?: string;
}
