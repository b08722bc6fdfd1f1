/**
 * DescribeTargetGroups for the ALBRequestCountPerTarget resource label: cached and batched, so a
 * fleet's resync costs no ELB call and a burst of reconciles (convergence, a restart) costs one call
 * per 20 target groups (ADR 0029).
 *
 * - Cached: a target group attached to exactly one load balancer keeps that answer for `ttlMs`.
 *   "You can use each target group with only one load balancer" (ELB API Reference, TargetGroup
 *   `LoadBalancerArns`,
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroup.html), and
 *   a target group's ARN names that one target group for its lifetime (a new one gets a new id), so
 *   the label derived from it cannot change while both exist. A target group attached to no load
 *   balancer (or, against the documentation, to several) is never cached: it is the answer a user
 *   is expected to fix, so it is read again at every reconcile. `ttlMs` bounds how long a target
 *   group detached and attached elsewhere keeps its old answer.
 * - Batched: asks made within `windowMs` of each other share one call of up to 20 ARNs (ELB's
 *   maximum per call, see load-balancing-client.ts). ELB fails a whole call when one ARN does not
 *   exist (`TargetGroupNotFoundException`); a batch failing so is read again ARN by ARN, so each
 *   asker gets its own answer.
 */
import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { withSignal } from './abort.js';
import type { AwsCallOptions } from './call-runner.js';
import { classifyAwsError } from './errors.js';
import type { LoadBalancingApi } from './load-balancing-api.js';
import { backgroundClock, startTimer, type Clock } from '../shared/clock.js';

/** ELB's most target group ARNs per DescribeTargetGroups call. */
export const TARGET_GROUPS_PER_CALL = 20;

/** Options for {@link TargetGroupReader}. */
export interface TargetGroupReaderOptions {
  readonly api: LoadBalancingApi;
  /** How long a target group of one load balancer is served from memory, ms. */
  readonly ttlMs: number;
  /** How long a batch waits for more asks after its first, ms. Default 5. */
  readonly windowMs?: number;
  readonly clock?: Clock;
}

interface Pending {
  readonly arns: Set<string>;
  readonly done: Promise<ReadonlyMap<string, TargetGroup | Error>>;
}

/** Counters, for tests and metrics. */
export interface TargetGroupReaderStats {
  readonly hits: number;
  readonly calls: number;
}

/** A {@link LoadBalancingApi} whose DescribeTargetGroups is cached and batched. */
export class TargetGroupReader implements LoadBalancingApi {
  private readonly api: LoadBalancingApi;
  private readonly ttlMs: number;
  private readonly windowMs: number;
  private readonly clock: Clock;
  private readonly cache = new Map<string, { readonly group: TargetGroup; readonly at: number }>();
  private open: (Pending & { resolveSend: () => void; cancel: () => void }) | undefined;
  private counters = { hits: 0, calls: 0 };

  constructor(options: TargetGroupReaderOptions) {
    if (!(options.ttlMs > 0)) throw new RangeError(`ttlMs must be > 0, got ${options.ttlMs}`);
    this.api = options.api;
    this.ttlMs = options.ttlMs;
    this.windowMs = options.windowMs ?? 5;
    this.clock = options.clock ?? backgroundClock;
  }

  /** Counters since construction. */
  stats(): TargetGroupReaderStats {
    return { ...this.counters };
  }

  /**
   * The target groups of `targetGroupArns` (in that order, missing ones left out), from memory
   * where kept, the rest in shared calls. Throws what ELB threw when every ARN asked was missing
   * (as one DescribeTargetGroups would), or the call's error.
   */
  async describeTargetGroups(
    targetGroupArns: readonly string[],
    options?: AwsCallOptions,
  ): Promise<TargetGroup[]> {
    const now = this.clock.now();
    const found = new Map<string, TargetGroup | Error>();
    const misses: string[] = [];
    for (const arn of new Set(targetGroupArns)) {
      const kept = this.cache.get(arn);
      if (kept !== undefined && now - kept.at <= this.ttlMs) {
        this.counters.hits++;
        found.set(arn, kept.group);
      } else {
        if (kept !== undefined) this.cache.delete(arn);
        misses.push(arn);
      }
    }
    if (misses.length > 0) {
      const batches = new Set<Pending>();
      for (const arn of misses) batches.add(this.enqueue(arn));
      for (const batch of batches) {
        const answers = await withSignal(batch.done, options?.signal);
        for (const arn of misses) {
          const answer = answers.get(arn);
          if (answer !== undefined) found.set(arn, answer);
        }
      }
    }
    const groups = targetGroupArns.flatMap((arn) => {
      const answer = found.get(arn);
      return answer === undefined || answer instanceof Error ? [] : [answer];
    });
    if (groups.length === 0) {
      // Every ARN asked failed: rethrow the first error, as one call for them would have.
      const error = [...found.values()].find((a): a is Error => a instanceof Error);
      if (error !== undefined) throw error;
    }
    return groups;
  }

  /** Not batched nor cached: the operator does not read load balancers at rest. */
  describeLoadBalancers(
    loadBalancerArns: readonly string[],
    options?: AwsCallOptions,
  ): ReturnType<LoadBalancingApi['describeLoadBalancers']> {
    return this.api.describeLoadBalancers(loadBalancerArns, options);
  }

  /** Adds `arn` to the open batch (opening one if needed) and returns that batch. */
  private enqueue(arn: string): Pending {
    const batch = this.open ?? this.openBatch();
    batch.arns.add(arn);
    // An open batch always has room: it is sent as soon as it is full.
    if (batch.arns.size >= TARGET_GROUPS_PER_CALL) this.seal();
    return batch;
  }

  private openBatch(): Pending & { resolveSend: () => void; cancel: () => void } {
    const arns = new Set<string>();
    let resolveSend = (): void => undefined;
    const sent = new Promise<void>((resolve) => (resolveSend = resolve));
    const done = sent.then(() => this.read([...arns]));
    const cancel = startTimer(this.clock, this.windowMs, () => {
      if (this.open?.done === done) this.seal();
    });
    const batch = { arns, done, resolveSend, cancel };
    this.open = batch;
    return batch;
  }

  /** Sends the open batch now. */
  private seal(): void {
    const batch = this.open;
    if (batch === undefined) return;
    this.open = undefined;
    batch.cancel();
    batch.resolveSend();
  }

  /** One call for `arns`; ARN by ARN when ELB refused the whole call for a missing one. */
  private async read(arns: readonly string[]): Promise<Map<string, TargetGroup | Error>> {
    const answers = new Map<string, TargetGroup | Error>();
    try {
      this.counters.calls++;
      this.take(await this.api.describeTargetGroups(arns), answers);
    } catch (err) {
      if (arns.length === 1 || classifyAwsError(err).kind !== 'notFound') {
        const error = err instanceof Error ? err : new Error(String(err), { cause: err });
        for (const arn of arns) answers.set(arn, error);
        return answers;
      }
      await Promise.all(
        arns.map(async (arn) => {
          try {
            this.counters.calls++;
            this.take(await this.api.describeTargetGroups([arn]), answers);
          } catch (one) {
            answers.set(arn, one instanceof Error ? one : new Error(String(one), { cause: one }));
          }
        }),
      );
    }
    return answers;
  }

  private take(groups: readonly TargetGroup[], answers: Map<string, TargetGroup | Error>): void {
    const now = this.clock.now();
    for (const group of groups) {
      const arn = group.TargetGroupArn;
      if (arn === undefined) continue;
      answers.set(arn, group);
      if ((group.LoadBalancerArns ?? []).length === 1) this.cache.set(arn, { group, at: now });
    }
  }
}
