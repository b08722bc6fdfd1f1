/**
 * DescribeAlarms of the alarms users name (`alarmName` on a step scaling policy, ADR 0034), which
 * ecs-bridge only reads, answered from one Region-wide batched read per period shared by every
 * EcsService, so a fleet's resync costs about one call per 100 referenced names per `maxAgeMs`
 * instead of one per service visit (ADR 0034 addendum, ADR 0035). DescribeAlarms takes up to 100
 * `AlarmNames` a call
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html); these
 * names share no prefix, so unlike ecs-bridge's own alarms they cannot be listed by
 * `AlarmNamePrefix`: the batch reads every name asked for lately, by name.
 *
 * The freshness rule is {@link SharedListing}'s: an ask is answered from a batch requested at most
 * `maxAgeMs` ago (or joins the one in flight), so a change made in CloudWatch is seen at most
 * `maxAgeMs` later than a per-visit read would see it. A name no batch has covered yet (first asked
 * since the newest batch started) is read with the other such names of the same ask in one call,
 * and joins the next batch. A name nobody asked for in `forgetAfterMs` leaves the batch (a
 * reference removed from every spec costs nothing for long). A failed batch fails its askers (the
 * reconciles retry); an asker's abort signal stops only its own wait. ecs-bridge never writes these
 * alarms, so no write needs announcing.
 */
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { withSignal } from './abort.js';
import type { AwsCallOptions } from './call-runner.js';
import { backgroundClock, type Clock } from '../shared/clock.js';

/** Options for {@link ReferencedAlarmReads}. */
export interface ReferencedAlarmReadsOptions {
  /** DescribeAlarms by name (100 names a call, all pages): one call per 100 names. */
  readonly describeAlarms: (names: readonly string[], options?: AwsCallOptions) => Promise<MetricAlarm[]>;
  /** How old a batch may be when it answers, ms. */
  readonly maxAgeMs: number;
  /** A name unasked for this long leaves the batch, ms. Default 3 × `maxAgeMs`. */
  readonly forgetAfterMs?: number;
  readonly clock?: Clock;
}

/** Counters, for tests and metrics. */
export interface ReferencedAlarmReadsStats {
  /** Region batches started (each costs one call per 100 names). */
  readonly batches: number;
  /** Asks answered wholly from a batch. */
  readonly shared: number;
  /** Asks that read names no batch covered yet (one call each). */
  readonly ownReads: number;
}

interface AlarmBatch {
  /** When it was requested. */
  readonly at: number;
  /** The names it read (an absent alarm is a covered name with no alarm). */
  readonly covered: ReadonlySet<string>;
  readonly promise: Promise<ReadonlyMap<string, MetricAlarm>>;
}

/** One batched read of every referenced alarm name, shared by the asks of a period. */
export class ReferencedAlarmReads {
  private readonly describe: ReferencedAlarmReadsOptions['describeAlarms'];
  private readonly clock: Clock;
  private readonly maxAgeMs: number;
  private readonly forgetAfterMs: number;
  /** Name → when it was last asked for. */
  private readonly known = new Map<string, number>();
  private newest: AlarmBatch | undefined;
  private counters = { batches: 0, shared: 0, ownReads: 0 };

  constructor(options: ReferencedAlarmReadsOptions) {
    if (!(options.maxAgeMs > 0)) throw new RangeError(`maxAgeMs must be > 0, got ${options.maxAgeMs}`);
    this.describe = options.describeAlarms;
    this.clock = options.clock ?? backgroundClock;
    this.maxAgeMs = options.maxAgeMs;
    this.forgetAfterMs = options.forgetAfterMs ?? 3 * options.maxAgeMs;
  }

  /** The alarms of `names` that exist, from a young batch where it covers them. */
  async describeAlarms(names: readonly string[], options?: AwsCallOptions): Promise<MetricAlarm[]> {
    if (names.length === 0) return [];
    const now = this.clock.now();
    for (const n of names) this.known.set(n, now);
    let batch = this.newest;
    if (batch === undefined || now - batch.at > this.maxAgeMs) batch = this.startBatch(now);
    const uncovered = names.filter((n) => !batch.covered.has(n));
    const [byName, own] = await Promise.all([
      withSignal(batch.promise, options?.signal),
      uncovered.length === 0 ? Promise.resolve([]) : this.describe(uncovered, options),
    ]);
    if (uncovered.length === 0) this.counters.shared++;
    else this.counters.ownReads++;
    const covered = names.filter((n) => batch.covered.has(n)).flatMap((n) => byName.get(n) ?? []);
    return [...covered, ...own];
  }

  /** Counters since construction. */
  stats(): ReferencedAlarmReadsStats {
    return { ...this.counters };
  }

  private startBatch(now: number): AlarmBatch {
    for (const [name, askedAt] of this.known) if (now - askedAt > this.forgetAfterMs) this.known.delete(name);
    const covered = new Set(this.known.keys());
    this.counters.batches++;
    // Shared by every asker: no one asker's signal may cancel it (the call runner's timeouts bound it).
    const promise = this.describe([...covered]).then(
      (alarms) =>
        new Map(alarms.flatMap((a) => (a.AlarmName === undefined ? [] : [[a.AlarmName, a] as const]))),
      (err: unknown) => {
        // The next ask starts another rather than sharing a failure.
        if (this.newest === batch) this.newest = undefined;
        throw err;
      },
    );
    const batch: AlarmBatch = { at: now, covered, promise };
    this.newest = batch;
    return batch;
  }
}
