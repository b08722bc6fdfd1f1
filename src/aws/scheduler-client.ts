/**
 * The real {@link SchedulerApi}: one EventBridge Scheduler command per call, through the shared
 * rate limiter and the call observer, on a client imported and built on first use
 * (`lazy-sdk-client.ts`). Scheduler's API quotas are per account and Region
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/scheduler-quotas.html); ours stay well
 * below them.
 */
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type * as SchedulerSdk from '@aws-sdk/client-scheduler';
import { AwsCallRunner, type AwsApiOptions } from './call-runner.js';
import type { CategoryLimit } from './ecs-categories.js';
import { lazySdkClient } from './lazy-sdk-client.js';
import type { SchedulerApi } from './scheduler-api.js';
import { installThrottleReporter } from './throttle-reporter.js';
import { readAllPages } from './pages.js';

/** Throttling categories of Scheduler, as the rate limiter knows them. */
export type SchedulerCategory = 'scheduler:read' | 'scheduler:write';

/** Our own limits for Scheduler: modest, overridable through the limiter. */
export const SCHEDULER_CATEGORY_LIMITS: Readonly<Record<SchedulerCategory, CategoryLimit>> = {
  'scheduler:read': { burst: 20, sustained: 10 },
  'scheduler:write': { burst: 10, sustained: 5 },
};

const ACTIONS = {
  GetSchedule: 'scheduler:read',
  ListSchedules: 'scheduler:read',
  GetScheduleGroup: 'scheduler:read',
  ListTagsForResource: 'scheduler:read',
  CreateSchedule: 'scheduler:write',
  UpdateSchedule: 'scheduler:write',
  DeleteSchedule: 'scheduler:write',
  CreateScheduleGroup: 'scheduler:write',
} as const satisfies Record<string, SchedulerCategory>;

type SchedulerAction = keyof typeof ACTIONS;

const isSchedulerAction = (action: string): action is SchedulerAction => action in ACTIONS;

/** Options for {@link createSchedulerApi}. */
export interface SchedulerApiOptions extends AwsApiOptions {
  /** The SDK client configuration (region, endpoint, credentials, retries) for the lazy client. */
  readonly sdkConfig: Readonly<Record<string, unknown>>;
}

/** The real {@link SchedulerApi} and a way to close its client. */
export interface SchedulerEdge extends SchedulerApi {
  destroy(): void;
}

/** Builds the real {@link SchedulerApi} for one Region; the SDK is imported on the first call. */
export function createSchedulerApi(options: SchedulerApiOptions): SchedulerEdge {
  const runner = new AwsCallRunner<SchedulerAction>({
    ...options,
    service: 'scheduler',
    categoryOf: (action) => ACTIONS[action],
  });
  const lazy = lazySdkClient<SchedulerClient>(async () => {
    const { SchedulerClient } = await import('@aws-sdk/client-scheduler');
    const client = new SchedulerClient({ ...options.sdkConfig });
    installThrottleReporter(client.middlewareStack, (action) =>
      runner.reportThrottle(action, isSchedulerAction),
    );
    return client;
  });
  const sdk = (): Promise<typeof SchedulerSdk> => import('@aws-sdk/client-scheduler');

  return {
    async getSchedule(name, groupName, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      try {
        return await runner.run(
          'GetSchedule',
          (http) => client.send(new m.GetScheduleCommand({ Name: name, GroupName: groupName }), http),
          callOptions,
        );
      } catch (error) {
        if (error instanceof m.ResourceNotFoundException) return undefined;
        throw error;
      }
    },

    async listSchedules(groupName, namePrefix, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      return readAllPages(async (token) => {
        const page = await runner.run(
          'ListSchedules',
          (http) =>
            client.send(
              new m.ListSchedulesCommand({
                GroupName: groupName,
                ...(namePrefix === undefined ? {} : { NamePrefix: namePrefix }),
                ...(token === undefined ? {} : { NextToken: token }),
              }),
              http,
            ),
          callOptions,
        );
        return { items: page.Schedules ?? [], next: page.NextToken };
      });
    },

    async createSchedule(input, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      const out = await runner.run(
        'CreateSchedule',
        (http) => client.send(new m.CreateScheduleCommand(input), http),
        callOptions,
      );
      if (out.ScheduleArn === undefined)
        throw new Error(`CreateSchedule ${input.Name} answered without a ScheduleArn`);
      return out.ScheduleArn;
    },

    async updateSchedule(input, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      const out = await runner.run(
        'UpdateSchedule',
        (http) => client.send(new m.UpdateScheduleCommand(input), http),
        callOptions,
      );
      if (out.ScheduleArn === undefined)
        throw new Error(`UpdateSchedule ${input.Name} answered without a ScheduleArn`);
      return out.ScheduleArn;
    },

    async deleteSchedule(name, groupName, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      try {
        await runner.run(
          'DeleteSchedule',
          (http) => client.send(new m.DeleteScheduleCommand({ Name: name, GroupName: groupName }), http),
          callOptions,
        );
      } catch (error) {
        // Deleting what is gone already is the outcome asked for.
        if (!(error instanceof m.ResourceNotFoundException)) throw error;
      }
    },

    async getScheduleGroup(name, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      try {
        return await runner.run(
          'GetScheduleGroup',
          (http) => client.send(new m.GetScheduleGroupCommand({ Name: name }), http),
          callOptions,
        );
      } catch (error) {
        if (error instanceof m.ResourceNotFoundException) return undefined;
        throw error;
      }
    },

    async createScheduleGroup(name, tags, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      const out = await runner.run(
        'CreateScheduleGroup',
        (http) => client.send(new m.CreateScheduleGroupCommand({ Name: name, Tags: [...tags] }), http),
        callOptions,
      );
      if (out.ScheduleGroupArn === undefined)
        throw new Error(`CreateScheduleGroup ${name} answered without an ARN`);
      return out.ScheduleGroupArn;
    },

    async listTags(groupArn, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      const out = await runner.run(
        'ListTagsForResource',
        (http) => client.send(new m.ListTagsForResourceCommand({ ResourceArn: groupArn }), http),
        callOptions,
      );
      return out.Tags ?? [];
    },

    destroy: () => lazy.destroy(),
  };
}
