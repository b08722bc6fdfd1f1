/**
 * DescribeAlarms of the alarms ecs-bridge owns answered from one Region-wide listing by name prefix
 * (`AlarmNamePrefix`, 100 alarms a page), shared by every EcsService with step scaling, so a
 * fleet's resync costs about one call per 100 owned alarms per `maxAgeMs` instead of one per
 * service (ADR 0029, ADR 0034; the rules, the operator's own writes included, are
 * {@link SharedListing}'s). DescribeAlarms takes either up to 100 `AlarmNames` or an
 * `AlarmNamePrefix` (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html).
 *
 * Names outside the prefix (alarms users name, which ecs-bridge only references) are read by name
 * in one Region-wide batch per period ({@link ReferencedAlarmReads}). PutMetricAlarm and DeleteAlarms
 * are announced, so an alarm the operator just changed is read on its own until a listing requested
 * after the change answered.
 */
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchApi } from './cloudwatch-api.js';
import type { CloudWatchEdge } from './cloudwatch-client.js';
import type { Clock } from '../shared/clock.js';
import { ReferencedAlarmReads } from './referenced-alarm-reads.js';
import { announcedWrite, SharedListing } from './shared-listing.js';

/** Options for {@link withAlarmListing}. */
export interface AlarmListingOptions {
  /** The name prefix of every alarm the operator owns. */
  readonly prefix: string;
  /** How old a Region listing may be when it answers, ms. */
  readonly maxAgeMs: number;
  /**
   * How old the batched read of referenced alarms (names outside the prefix) may be when it answers,
   * ms: the resync period, as the scaling policy listing's (ADR 0035). Default `maxAgeMs`.
   */
  readonly referencedMaxAgeMs?: number;
  /** Pages (of 100) a listing may take before it is abandoned. Default 100. */
  readonly maxPages?: number;
  readonly clock?: Clock;
}

/** `api` with DescribeAlarms of owned names served from a shared prefix listing. */
export function withAlarmListing(api: CloudWatchEdge, options: AlarmListingOptions): CloudWatchApi {
  const shared = new SharedListing<MetricAlarm>({
    listAll: (maxPages) => api.listAlarmsUpTo(options.prefix, maxPages),
    listOne: (name, callOptions) => api.describeAlarms([name], callOptions),
    keyOf: (alarm) => alarm.AlarmName,
    maxAgeMs: options.maxAgeMs,
    ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
  });
  const referenced = new ReferencedAlarmReads({
    describeAlarms: (names, callOptions) => api.describeAlarms(names, callOptions),
    maxAgeMs: options.referencedMaxAgeMs ?? options.maxAgeMs,
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
  });
  const announced = (names: readonly string[], call: () => Promise<void>): Promise<void> =>
    announcedWrite(shared, names, call);
  return {
    async describeAlarms(names, callOptions) {
      const owned = names.filter((n) => n.startsWith(options.prefix));
      const others = names.filter((n) => !n.startsWith(options.prefix));
      const [fromListing, byName] = await Promise.all([
        Promise.all(owned.map((n) => shared.list(n, callOptions))),
        referenced.describeAlarms(others, callOptions),
      ]);
      return [...fromListing.flat(), ...byName];
    },
    putMetricAlarm: (input, callOptions) =>
      announced(input.AlarmName === undefined ? [] : [input.AlarmName], () =>
        api.putMetricAlarm(input, callOptions),
      ),
    deleteAlarms: (names, callOptions) => announced(names, () => api.deleteAlarms(names, callOptions)),
  };
}
