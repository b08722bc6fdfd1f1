/**
 * The narrow interface over Amazon EventBridge Scheduler: the calls the EcsTaskTrigger kind makes
 * to own a schedule with an ECS target. Schedules carry no tags (only schedule groups do:
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-group.html), so
 * ownership is read from the group's tags. SDK shapes; errors thrown unchanged, except that a
 * schedule or group that does not exist is `undefined`. Every method takes an optional trailing
 * {@link AwsCallOptions}.
 */
import type {
  CreateScheduleInput,
  GetScheduleGroupOutput,
  GetScheduleOutput,
  ScheduleSummary,
  Tag,
  UpdateScheduleInput,
} from '@aws-sdk/client-scheduler';
import type { AwsCallOptions } from './call-runner.js';

/** The Scheduler calls ecs-bridge makes. */
export interface SchedulerApi {
  /** GetSchedule; undefined when it does not exist. */
  getSchedule(
    name: string,
    groupName: string,
    options?: AwsCallOptions,
  ): Promise<GetScheduleOutput | undefined>;
  /** ListSchedules of a group (all pages), optionally by name prefix (for import). */
  listSchedules(groupName: string, namePrefix?: string, options?: AwsCallOptions): Promise<ScheduleSummary[]>;
  /** CreateSchedule; returns its ARN. */
  createSchedule(input: CreateScheduleInput, options?: AwsCallOptions): Promise<string>;
  /** UpdateSchedule (replaces every field: absent ones are reset); returns its ARN. */
  updateSchedule(input: UpdateScheduleInput, options?: AwsCallOptions): Promise<string>;
  /** DeleteSchedule; a schedule already gone is not an error. */
  deleteSchedule(name: string, groupName: string, options?: AwsCallOptions): Promise<void>;
  /** GetScheduleGroup; undefined when it does not exist. */
  getScheduleGroup(name: string, options?: AwsCallOptions): Promise<GetScheduleGroupOutput | undefined>;
  /** CreateScheduleGroup with tags; returns its ARN. */
  createScheduleGroup(name: string, tags: readonly Tag[], options?: AwsCallOptions): Promise<string>;
  /** ListTagsForResource of a schedule group ARN. */
  listTags(groupArn: string, options?: AwsCallOptions): Promise<Tag[]>;
}
