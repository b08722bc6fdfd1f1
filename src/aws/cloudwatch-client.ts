/**
 * The real {@link CloudWatchApi}: one CloudWatch command per call, through the shared rate limiter
 * and the call observer, on a client imported and built on first use (`lazy-sdk-client.ts`): only
 * step scaling policies need it. CloudWatch's API quotas are per account and Region, DescribeAlarms
 * 9 and PutMetricAlarm and DeleteAlarms 3 transactions per second
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html); our
 * buckets stay below them, leaving room for the account's other users.
 */
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type * as CloudWatchSdk from '@aws-sdk/client-cloudwatch';
import type { AwsCallOptions } from './call-runner.js';
import { ALARM_NAMES_PER_CALL, type CloudWatchApi } from './cloudwatch-api.js';
import { readWriteService } from './read-write-categories.js';
import { lazySdkEdge, type LazySdkApiOptions } from './lazy-sdk-edge.js';
import { chunks, readAllPages, readPagesUpTo, type Page } from './pages.js';

/**
 * CloudWatch as the limiter knows it: limits below its published quotas (9/s for DescribeAlarms,
 * 3/s for the writes), overridable through the limiter, and which actions read or write.
 */
export const CLOUDWATCH_SERVICE = readWriteService(
  'cloudwatch',
  { read: { burst: 9, sustained: 5 }, write: { burst: 3, sustained: 2 } },
  { reads: ['DescribeAlarms'], writes: ['PutMetricAlarm', 'DeleteAlarms'] },
);

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
export function createCloudWatchApi(options: LazySdkApiOptions): CloudWatchEdge {
  const edge = lazySdkEdge(options, {
    ...CLOUDWATCH_SERVICE,
    load: (): Promise<typeof CloudWatchSdk> => import('@aws-sdk/client-cloudwatch'),
    build: (m, sdkConfig) => new m.CloudWatchClient({ ...sdkConfig }),
  });

  /** One DescribeAlarms page (metric alarms only: composite alarms cannot drive a policy). */
  async function page(
    query: { AlarmNames?: string[]; AlarmNamePrefix?: string },
    nextToken: string | undefined,
    callOptions: AwsCallOptions | undefined,
  ): Promise<Page<MetricAlarm>> {
    const out = await edge.send(
      'DescribeAlarms',
      (m) =>
        new m.DescribeAlarmsCommand({
          ...query,
          AlarmTypes: ['MetricAlarm'],
          MaxRecords: ALARM_NAMES_PER_CALL,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
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
      await edge.send('PutMetricAlarm', (m) => new m.PutMetricAlarmCommand(input), callOptions);
    },

    async deleteAlarms(names, callOptions) {
      if (names.length === 0) return;
      await edge.send(
        'DeleteAlarms',
        (m) => new m.DeleteAlarmsCommand({ AlarmNames: [...names] }),
        callOptions,
      );
    },

    destroy: () => edge.destroy(),
  };
}
