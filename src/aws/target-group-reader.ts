/**
 * DescribeTargetGroups for the ALBRequestCountPerTarget resource label: cached and batched, so a
 * fleet's resync costs no ELB call and a burst of reconciles (convergence, a restart) costs one call
 * per 20 target groups (ADR 0029), a converging fleet one Region listing (ADR 0052).
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
 * - Listed ahead: a converging fleet's visits come spread out (one ARN per batch), so a miss first
 *   lists the Region's target groups (DescribeTargetGroups without ARNs, 400 a page) and keeps
 *   every target group of one load balancer it finds, for the asks to come. Misses while a listing
 *   is on its way share it. At most one listing per `listingIntervalMs`, and only while the last
 *   one cost no more pages than reading the target groups in use 20 a call would (a Region with far
 *   more target groups than the operator uses is listed once, then read by ARN). Only target groups
 *   of one load balancer are answered from a listing: the others (none, or several) and any ARN a
 *   listing did not find (created after it) are read by ARN as below, so a target group attached
 *   to a listener after a listing is seen at its next reconcile, as before.
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

/** ELB's most target groups per page of a listing (DescribeTargetGroups `PageSize`). */
const TARGET_GROUPS_PER_PAGE = 400;

/** Default least time between two Region listings, ms. */
const LISTING_INTERVAL_MS = 60_000;

/** Options for {@link TargetGroupReader}. */
export interface TargetGroupReaderOptions {
  readonly api: LoadBalancingApi;
  /** How long a target group of one load balancer is served from memory, ms. */
  readonly ttlMs: number;
  /** How long a batch waits for more asks after its first, ms. Default 5. */
  readonly windowMs?: number;
  /** Least time between two Region listings (see the file comment), ms. Default 60 s. */
  readonly listingIntervalMs?: number;
  readonly clock?: Clock;
}

interface Pending {
  readonly arns: Set<string>;
  readonly done: Promise<ReadonlyMap<string, TargetGroup | Error>>;
}

/** Counters, for tests and metrics. */
export interface TargetGroupReaderStats {
  readonly hits: number;
  /** DescribeTargetGroups calls, listing pages included (counted 400 target groups a page). */
  readonly calls: number;
  readonly listings: number;
}

/** A {@link LoadBalancingApi} whose DescribeTargetGroups is cached and batched. */
export class TargetGroupReader implements LoadBalancingApi {
  private readonly api: LoadBalancingApi;
  private readonly ttlMs: number;
  private readonly windowMs: number;
  private readonly clock: Clock;
  private readonly cache = new Map<string, { readonly group: TargetGroup; readonly at: number }>();
  private readonly listingIntervalMs: number;
  private open: (Pending & { resolveSend: () => void; cancel: () => void }) | undefined;
  private listing: Promise<ReadonlyMap<string, TargetGroup>> | undefined;
  private lastListing: { readonly at: number; readonly pages: number } | undefined;
  /** When each ARN was last asked for: the target groups in use, for {@link mayList}. */
  private readonly asked = new Map<string, number>();
  private counters = { hits: 0, calls: 0, listings: 0 };

  constructor(options: TargetGroupReaderOptions) {
    if (!(options.ttlMs > 0)) throw new RangeError(`ttlMs must be > 0, got ${options.ttlMs}`);
    this.api = options.api;
    this.ttlMs = options.ttlMs;
    this.windowMs = options.windowMs ?? 5;
    this.clock = options.clock ?? backgroundClock;
    this.listingIntervalMs = options.listingIntervalMs ?? LISTING_INTERVAL_MS;
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
      this.asked.set(arn, now);
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
      const listed = await this.fromListing(misses, options);
      for (const [arn, group] of listed) found.set(arn, group);
      const unlisted = misses.filter((arn) => !listed.has(arn));
      const batches = new Set<Pending>();
      for (const arn of unlisted) batches.add(this.enqueue(arn));
      for (const batch of batches) {
        const answers = await withSignal(batch.done, options?.signal);
        for (const arn of unlisted) {
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

  /**
   * The target groups of one load balancer among `misses` that a Region listing found: the one on
   * its way, or a new one when one may start (see the file comment). Empty when none may, or when
   * the listing failed (the misses are then read by ARN).
   */
  private async fromListing(
    misses: readonly string[],
    options: AwsCallOptions | undefined,
  ): Promise<ReadonlyMap<string, TargetGroup>> {
    const listing = this.listing ?? (this.mayList(misses.length) ? this.list() : undefined);
    if (listing === undefined) return new Map();
    const all = await withSignal(listing, options?.signal);
    const listed = new Map<string, TargetGroup>();
    for (const arn of misses) {
      const group = all.get(arn);
      if (group !== undefined) listed.set(arn, group);
    }
    return listed;
  }

  private mayList(misses: number): boolean {
    if (this.api.listTargetGroups === undefined) return false;
    const last = this.lastListing;
    if (last === undefined) return true;
    const now = this.clock.now();
    if (now - last.at < this.listingIntervalMs) return false;
    // Worth it only while a listing costs no more than reading by ARN the target groups in use
    // (asked for within the TTL).
    for (const [arn, at] of this.asked) if (now - at > this.ttlMs) this.asked.delete(arn);
    return last.pages <= Math.ceil(Math.max(this.asked.size, misses) / TARGET_GROUPS_PER_CALL);
  }

  /** Starts a Region listing; resolves to its target groups of one load balancer, by ARN. */
  private list(): Promise<ReadonlyMap<string, TargetGroup>> {
    const listTargetGroups = this.api.listTargetGroups?.bind(this.api);
    const at = this.clock.now();
    this.counters.listings++;
    const listing = (async (): Promise<ReadonlyMap<string, TargetGroup>> => {
      let pages = 1;
      try {
        const groups = (await listTargetGroups?.()) ?? [];
        pages = Math.max(1, Math.ceil(groups.length / TARGET_GROUPS_PER_PAGE));
        const answers = new Map<string, TargetGroup | Error>();
        this.take(groups, answers);
        return new Map(
          [...answers].filter(
            (e): e is [string, TargetGroup] =>
              !(e[1] instanceof Error) && (e[1].LoadBalancerArns ?? []).length === 1,
          ),
        );
      } catch {
        // Read by ARN instead; the next listing waits its interval like after any other.
        return new Map();
      } finally {
        this.counters.calls += pages;
        this.lastListing = { at, pages };
        this.listing = undefined;
      }
    })();
    this.listing = listing;
    return listing;
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
