/**
 * ListTaskDefinitions (ACTIVE, one family) answered from one Region-wide paged listing shared by
 * every EcsTaskDefinition of the Region, so a fleet's resync costs about one ListTaskDefinitions per
 * hundred ACTIVE revisions of the account per `maxAgeMs` instead of one per object (ADR 0029).
 *
 * - A family's answer comes from a Region listing whose first page was requested at most
 *   `maxAgeMs` ago, or joins the one in flight; otherwise a fresh Region listing starts and every
 *   ask waiting meanwhile shares it. Drift outside the operator (a revision registered or
 *   deregistered by someone else) is therefore found at most `maxAgeMs` later than a per-object
 *   listing would find it, like the DescribeServices read-ahead.
 * - The operator's own writes are never missed: a family the operator registers into or
 *   deregisters from is listed on its own (the per-family call, as before) until a Region listing
 *   requested after the write answered exists. A write in flight counts as happening now.
 * - A Region listing longer than `maxPages` pages (an account holding far more ACTIVE revisions
 *   than the operator manages) is abandoned: its askers list their families on their own, and no
 *   Region listing is tried again for `maxAgeMs`.
 * - A failed Region listing fails every ask that shares it (the reconciles retry); the next ask
 *   starts another.
 * - INACTIVE listings are not served here (they are rare: deletion and the first visit of a family).
 */
import type { TaskDefinitionStatus } from '@aws-sdk/client-ecs';
import { withSignal } from './abort.js';
import type { AwsCallOptions } from './call-runner.js';
import type { SignalledEcsApi } from './ecs-client.js';
import type { EcsInventory } from './ecs-inventory-client.js';
import { backgroundClock, type Clock } from '../shared/clock.js';
import { parseTaskDefinitionArn } from '../shared/arn.js';

/** Options for {@link TaskDefinitionListing}. */
export interface TaskDefinitionListingOptions {
  /** The Region-wide listing (pages of 100). */
  readonly inventory: Pick<EcsInventory, 'listTaskDefinitionsUpTo'>;
  /** The per-family listing, for families the operator has just written to. */
  readonly ecs: Pick<SignalledEcsApi, 'listTaskDefinitions'>;
  /** How old a Region listing may be when it answers, ms. */
  readonly maxAgeMs: number;
  /** The most pages a Region listing may take before it is abandoned. Default 100 (10,000 revisions). */
  readonly maxPages?: number;
  /** Time source; the system clock when absent. */
  readonly clock?: Clock;
}

/** Counters, for tests and metrics. */
export interface TaskDefinitionListingStats {
  /** Region listings started (each costs one call per page). */
  readonly regionListings: number;
  /** Asks answered from a Region listing. */
  readonly shared: number;
  /** Asks answered by a per-family listing. */
  readonly perFamily: number;
}

interface Snapshot {
  /** When its first page was requested. */
  readonly at: number;
  /** Family → ACTIVE revision ARNs, ascending by revision. */
  readonly byFamily: ReadonlyMap<string, readonly string[]>;
}

interface Writes {
  /** Writes to the family in flight. */
  pending: number;
  /** When the last one answered. */
  at: number;
}

/** The Region listing of ACTIVE task definitions and what each family may be answered from. */
export class TaskDefinitionListing {
  private readonly inventory: Pick<EcsInventory, 'listTaskDefinitionsUpTo'>;
  private readonly ecs: Pick<SignalledEcsApi, 'listTaskDefinitions'>;
  private readonly clock: Clock;
  private readonly maxAgeMs: number;
  private readonly maxPages: number;
  private snapshot: Snapshot | undefined;
  private inFlight: { readonly at: number; readonly promise: Promise<Snapshot | undefined> } | undefined;
  /** When a Region listing last turned out too long: none is tried again for `maxAgeMs`. */
  private tooLongAt: number | undefined;
  private readonly writes = new Map<string, Writes>();
  private counters = { regionListings: 0, shared: 0, perFamily: 0 };

  constructor(options: TaskDefinitionListingOptions) {
    if (!(options.maxAgeMs > 0)) throw new RangeError(`maxAgeMs must be > 0, got ${options.maxAgeMs}`);
    this.inventory = options.inventory;
    this.ecs = options.ecs;
    this.clock = options.clock ?? backgroundClock;
    this.maxAgeMs = options.maxAgeMs;
    this.maxPages = Math.max(1, options.maxPages ?? 100);
  }

  /** The ACTIVE revision ARNs of `family`, ascending by revision (as ListTaskDefinitions per family). */
  async listActive(family: string, options?: AwsCallOptions): Promise<string[]> {
    const now = this.clock.now();
    const snapshot = this.snapshot;
    const young = snapshot !== undefined && now - snapshot.at <= this.maxAgeMs;
    if (young && this.writtenBefore(family, snapshot.at)) return this.answer(snapshot, family);
    if ((this.writes.get(family)?.pending ?? 0) === 0) {
      // A Region listing is started only when the newest one is too old: a family written since a
      // young one is listed on its own, so a burst of registrations costs no extra Region listing.
      const listing =
        this.inFlight ?? (!young && this.mayListRegion(now) ? this.startRegionListing(now) : undefined);
      if (listing !== undefined && this.writtenBefore(family, listing.at)) {
        const shared = await withSignal(listing.promise, options?.signal);
        // Checked again: a write may have started while the listing was read.
        if (shared !== undefined && this.writtenBefore(family, shared.at)) return this.answer(shared, family);
      }
    }
    this.counters.perFamily++;
    return this.ecs.listTaskDefinitions(family, 'ACTIVE', options);
  }

  /** The operator is writing to `family` (register, deregister); call {@link writeEnded} after. */
  writeStarted(family: string): void {
    const writes = this.writes.get(family) ?? { pending: 0, at: 0 };
    writes.pending++;
    this.writes.set(family, writes);
  }

  /** A write to `family` answered (whatever the outcome). */
  writeEnded(family: string): void {
    const writes = this.writes.get(family);
    if (writes === undefined) return;
    writes.pending = Math.max(0, writes.pending - 1);
    writes.at = this.clock.now();
  }

  /** Counters since construction. */
  stats(): TaskDefinitionListingStats {
    return { ...this.counters };
  }

  private answer(snapshot: Snapshot, family: string): string[] {
    this.counters.shared++;
    return [...(snapshot.byFamily.get(family) ?? [])];
  }

  /** No write to `family` is in flight, and the last one answered before `at`. */
  private writtenBefore(family: string, at: number): boolean {
    const writes = this.writes.get(family);
    return writes === undefined || (writes.pending === 0 && writes.at < at);
  }

  private mayListRegion(now: number): boolean {
    return this.tooLongAt === undefined || now - this.tooLongAt > this.maxAgeMs;
  }

  private startRegionListing(now: number): { at: number; promise: Promise<Snapshot | undefined> } {
    this.counters.regionListings++;
    // Shared by every asker: no one asker's signal may cancel it (the call runner's timeouts bound it).
    const promise = this.inventory.listTaskDefinitionsUpTo('ACTIVE', this.maxPages).then(
      ({ arns, complete }) => {
        if (this.inFlight?.promise === promise) this.inFlight = undefined;
        if (!complete) {
          this.tooLongAt = now;
          return undefined;
        }
        const snapshot = { at: now, byFamily: byFamily(arns) };
        if (this.snapshot === undefined || this.snapshot.at < now) this.snapshot = snapshot;
        // Writes this listing was requested after need no mark any more.
        for (const [family, writes] of this.writes) {
          if (writes.pending === 0 && writes.at < now) this.writes.delete(family);
        }
        return snapshot;
      },
      (err: unknown) => {
        if (this.inFlight?.promise === promise) this.inFlight = undefined;
        throw err;
      },
    );
    const listing = { at: now, promise };
    this.inFlight = listing;
    return listing;
  }
}

/** Groups revision ARNs by family, ascending by revision. */
function byFamily(arns: readonly string[]): Map<string, string[]> {
  const parsed = new Map<string, { arn: string; revision: number }[]>();
  for (const arn of arns) {
    const p = parseTaskDefinitionArn(arn);
    if (p === undefined) continue;
    const list = parsed.get(p.family) ?? [];
    list.push({ arn, revision: p.revision });
    parsed.set(p.family, list);
  }
  return new Map(
    [...parsed].map(([family, list]) => [
      family,
      list.sort((a, b) => a.revision - b.revision).map((r) => r.arn),
    ]),
  );
}

/**
 * `api` with ListTaskDefinitions (ACTIVE) served by `listing`, and every RegisterTaskDefinition and
 * DeregisterTaskDefinition announced to it before sending and after the answer.
 */
export function withTaskDefinitionListing(
  api: SignalledEcsApi,
  listing: TaskDefinitionListing,
): SignalledEcsApi {
  const around = async <T>(family: string | undefined, call: () => Promise<T>): Promise<T> => {
    if (family === undefined || family === '') return call();
    listing.writeStarted(family);
    try {
      return await call();
    } finally {
      listing.writeEnded(family);
    }
  };
  return {
    ...api,
    listTaskDefinitions: (family: string, status: TaskDefinitionStatus, options?: AwsCallOptions) =>
      status === 'ACTIVE'
        ? listing.listActive(family, options)
        : api.listTaskDefinitions(family, status, options),
    registerTaskDefinition: (input, options) =>
      around(input.family, () => api.registerTaskDefinition(input, options)),
    deregisterTaskDefinition: (arn, options) =>
      around(familyOf(arn), () => api.deregisterTaskDefinition(arn, options)),
  };
}

/** The family of a revision given as an ARN or `family:revision`. */
function familyOf(taskDefinition: string): string | undefined {
  return parseTaskDefinitionArn(taskDefinition)?.family ?? /^([A-Za-z0-9_-]+):\d+$/.exec(taskDefinition)?.[1];
}
