/**
 * The narrow interface over Amazon CloudWatch alarms: the calls ecs-bridge makes to own the alarm
 * that drives a step scaling policy (and to read an alarm a user names instead). SDK shapes; errors
 * thrown unchanged (`errors.ts` classifies them). Every method takes an optional trailing
 * {@link AwsCallOptions}.
 */
import type { MetricAlarm, PutMetricAlarmInput } from '@aws-sdk/client-cloudwatch';
import type { AwsCallOptions } from './call-runner.js';

/** DescribeAlarms takes at most 100 `AlarmNames` per call (API_DescribeAlarms). */
export const ALARM_NAMES_PER_CALL = 100;

/**
 * Every alarm ecs-bridge creates is named with this prefix: it is how the shared listing finds
 * them in one DescribeAlarms by `AlarmNamePrefix`, and what the IAM policy scopes alarm writes to
 * (`arn:aws:cloudwatch:*:*:alarm:ecs-bridge-*`).
 */
export const OWNED_ALARM_PREFIX = 'ecs-bridge-';

/** The CloudWatch calls ecs-bridge makes. */
export interface CloudWatchApi {
  /**
   * DescribeAlarms of metric alarms by name, 100 names per call, all pages. Names without an alarm
   * are simply absent from the answer.
   */
  describeAlarms(names: readonly string[], options?: AwsCallOptions): Promise<MetricAlarm[]>;
  /**
   * PutMetricAlarm: creates the alarm or replaces its whole configuration. `Tags` apply on create
   * only; CloudWatch ignores them on an update.
   */
  putMetricAlarm(input: PutMetricAlarmInput, options?: AwsCallOptions): Promise<void>;
  /** DeleteAlarms of these names (at most 100); a name without an alarm is not an error. */
  deleteAlarms(names: readonly string[], options?: AwsCallOptions): Promise<void>;
}
