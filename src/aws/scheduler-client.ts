/**
 * The real {@link SchedulerApi}: one EventBridge Scheduler command per call, through the shared
 * rate limiter and the call observer, on a client imported and built on first use
 * (`lazy-sdk-client.ts`). Scheduler's API quotas are per account and Region
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/scheduler-quotas.html); ours stay well
 * below them.
 */
import type * as SchedulerSdk from '@aws-sdk/client-scheduler';
import { MODEST_READ_WRITE_LIMITS, readWriteService } from './read-write-categories.js';
import { lazySdkEdge, type LazySdkApi, type LazySdkApiOptions } from './lazy-sdk-edge.js';
import type { SchedulerApi } from './scheduler-api.js';
import { prefixField } from './pages.js';

/**
 * Scheduler as the limiter knows it: our own modest limits (overridable through the limiter) and
 * which actions read or write.
 */
export const SCHEDULER_SERVICE = readWriteService('scheduler', MODEST_READ_WRITE_LIMITS, {
  reads: ['GetSchedule', 'ListSchedules', 'GetScheduleGroup', 'ListTagsForResource'],
  writes: ['CreateSchedule', 'UpdateSchedule', 'DeleteSchedule', 'CreateScheduleGroup'],
});

/** The real {@link SchedulerApi} and a way to close its client. */
export type SchedulerEdge = LazySdkApi<SchedulerApi>;

/** Scheduler's answer when the schedule or group asked for does not exist. */
const notFound = (error: unknown, m: typeof SchedulerSdk): boolean =>
  error instanceof m.ResourceNotFoundException;

/** Builds the real {@link SchedulerApi} for one Region; the SDK is imported on the first call. */
export function createSchedulerApi(options: LazySdkApiOptions): SchedulerEdge {
  const edge = lazySdkEdge(options, {
    ...SCHEDULER_SERVICE,
    load: (): Promise<typeof SchedulerSdk> => import('@aws-sdk/client-scheduler'),
    build: (m, sdkConfig) => new m.SchedulerClient({ ...sdkConfig }),
  });

  return {
    getSchedule: (name, groupName, callOptions) =>
      edge.sendOrMissing(
        'GetSchedule',
        (m) => new m.GetScheduleCommand({ Name: name, GroupName: groupName }),
        notFound,
        callOptions,
      ),

    listSchedules: (groupName, namePrefix, callOptions) =>
      edge.sendAllPages(
        'ListSchedules',
        (m, next) =>
          new m.ListSchedulesCommand({ GroupName: groupName, ...prefixField(namePrefix), ...next }),
        (page) => page.Schedules,
        callOptions,
      ),

    async createSchedule(input, callOptions) {
      const out = await edge.send('CreateSchedule', (m) => new m.CreateScheduleCommand(input), callOptions);
      if (out.ScheduleArn === undefined)
        throw new Error(`CreateSchedule ${input.Name} answered without a ScheduleArn`);
      return out.ScheduleArn;
    },

    async updateSchedule(input, callOptions) {
      const out = await edge.send('UpdateSchedule', (m) => new m.UpdateScheduleCommand(input), callOptions);
      if (out.ScheduleArn === undefined)
        throw new Error(`UpdateSchedule ${input.Name} answered without a ScheduleArn`);
      return out.ScheduleArn;
    },

    async deleteSchedule(name, groupName, callOptions) {
      // Deleting what is gone already is the outcome asked for.
      await edge.sendOrMissing(
        'DeleteSchedule',
        (m) => new m.DeleteScheduleCommand({ Name: name, GroupName: groupName }),
        notFound,
        callOptions,
      );
    },

    getScheduleGroup: (name, callOptions) =>
      edge.sendOrMissing(
        'GetScheduleGroup',
        (m) => new m.GetScheduleGroupCommand({ Name: name }),
        notFound,
        callOptions,
      ),

    async createScheduleGroup(name, tags, callOptions) {
      const out = await edge.send(
        'CreateScheduleGroup',
        (m) => new m.CreateScheduleGroupCommand({ Name: name, Tags: [...tags] }),
        callOptions,
      );
      if (out.ScheduleGroupArn === undefined)
        throw new Error(`CreateScheduleGroup ${name} answered without an ARN`);
      return out.ScheduleGroupArn;
    },

    async listTags(groupArn, callOptions) {
      const out = await edge.send(
        'ListTagsForResource',
        (m) => new m.ListTagsForResourceCommand({ ResourceArn: groupArn }),
        callOptions,
      );
      return out.Tags ?? [];
    },

    destroy: () => edge.destroy(),
  };
}
