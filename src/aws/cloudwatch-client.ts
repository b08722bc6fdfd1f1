/**
 * The real {@link CloudWatchApi}: one CloudWatch command per call, through the shared rate limiter
 * and the call observer, on a client imported and built on first use (`lazy-sdk-client.ts`): only
 * step scaling policies need it. CloudWatch's API quotas are per account and Region, DescribeAlarms
 * 9 and PutMetricAlarm and DeleteAlarms 3 transactions per second
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html); our
 * buckets stay below them, leaving room for the account's other users.
 */
import type { CloudWatchClient, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type * as CloudWatchSdk from '@aws-sdk/client-cloudwatch';
import { AwsCallRunner, type AwsApiOptions, type AwsCallOptions } from './call-runner.js';
import { ALARM_NAMES_PER_CALL, type CloudWatchApi } from './cloudwatch-api.js';
import type { CategoryLimit } from './ecs-categories.js';
import { lazySdkClient, type LazySdkClient } from './lazy-sdk-client.js';
import { installThrottleReporter } from './throttle-reporter.js';
import { chunks, readAllPages, readPagesUpTo, type Page } from './pages.js';

/** Throttling categories of CloudWatch, as the rate limiter knows them. */
export type CloudWatchCategory = 'cloudwatch:read' | 'cloudwatch:write';

/** Below CloudWatch's published quotas (9/s for DescribeAlarms, 3/s for the writes). */
export const CLOUDWATCH_CATEGORY_LIMITS: Readonly<Record<CloudWatchCategory, CategoryLimit>> = {
  'cloudwatch:read': { burst: 9, sustained: 5 },
  'cloudwatch:write': { burst: 3, sustained: 2 },
};

const ACTIONS = {
  DescribeAlarms: 'cloudwatch:read',
  PutMetricAlarm: 'cloudwatch:write',
  DeleteAlarms: 'cloudwatch:write',
} as const satisfies Record<string, CloudWatchCategory>;

type CloudWatchAction = keyof typeof ACTIONS;

const isCloudWatchAction = (action: string): action is CloudWatchAction => Object.hasOwn(ACTIONS, action);

/** Options for {@link createCloudWatchApi}. */
export interface CloudWatchApiOptions extends AwsApiOptions {
  /** The SDK client configuration (region, endpoint, credentials, retries) for the lazy client. */
  readonly sdkConfig: Readonly<Record<string, unknown>>;
}

/** The real API, the prefix listing the shared reads use, and a way to close its client. */
export interface CloudWatchEdge extends CloudWatchApi {
  /**
   * DescribeAlarms of every metric alarm whose name starts with `prefix`, 100 a page, at most
   * `maxPages` pages; `complete` says whether that was all of them.
   */
  listAlarmsUpTo(
    prefix: string,
    maxPages: number,
    options?: AwsCallOptions,
  ): Promise<{ items: MetricAlarm[]; complete: boolean }>;
  destroy(): void;
}

/** Builds the real {@link CloudWatchApi} for one Region; the SDK is imported on the first call. */
export function createCloudWatchApi(options: CloudWatchApiOptions): CloudWatchEdge {
  const runner = new AwsCallRunner<CloudWatchAction>({
    ...options,
    service: 'cloudwatch',
    categoryOf: (action) => ACTIONS[action],
  });
  const lazy: LazySdkClient<CloudWatchClient> = lazySdkClient(async () => {
    const { CloudWatchClient } = await import('@aws-sdk/client-cloudwatch');
    const client = new CloudWatchClient({ ...options.sdkConfig });
    installThrottleReporter(client.middlewareStack, (action) =>
      runner.reportThrottle(action, isCloudWatchAction),
    );
    return client;
  });
  const sdk = (): Promise<typeof CloudWatchSdk> => import('@aws-sdk/client-cloudwatch');

  /** One DescribeAlarms page (metric alarms only: composite alarms cannot drive a policy). */
  async function page(
    query: { AlarmNames?: string[]; AlarmNamePrefix?: string },
    nextToken: string | undefined,
    callOptions: AwsCallOptions | undefined,
  ): Promise<Page<MetricAlarm>> {
    const [client, m] = await Promise.all([lazy.get(), sdk()]);
    const out = await runner.run(
      'DescribeAlarms',
      (http) =>
        client.send(
          new m.DescribeAlarmsCommand({
            ...query,
            AlarmTypes: ['MetricAlarm'],
            MaxRecords: ALARM_NAMES_PER_CALL,
            ...(nextToken === undefined ? {} : { NextToken: nextToken }),
          }),
          http,
        ),
      callOptions,
    );
    return { items: out.MetricAlarms ?? [], next: out.NextToken };
  }

  return {
    async describeAlarms(names, callOptions) {
      const alarms: MetricAlarm[] = [];
      for (const chunk of chunks(names, ALARM_NAMES_PER_CALL)) {
        alarms.push(...(await readAllPages((next) => page({ AlarmNames: chunk }, next, callOptions))));
      }
      return alarms;
    },

    listAlarmsUpTo: (prefix, maxPages, callOptions) =>
      readPagesUpTo(maxPages, (next) => page({ AlarmNamePrefix: prefix }, next, callOptions)),

    async putMetricAlarm(input, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      await runner.run(
        'PutMetricAlarm',
        (http) => client.send(new m.PutMetricAlarmCommand(input), http),
        callOptions,
      );
    },

    async deleteAlarms(names, callOptions) {
      if (names.length === 0) return;
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      await runner.run(
        'DeleteAlarms',
        (http) => client.send(new m.DeleteAlarmsCommand({ AlarmNames: [...names] }), http),
        callOptions,
      );
    },

    destroy: () => lazy.destroy(),
  };
}
