/**
 * Read-ahead for DescribeServices: fills the spare slots of each DescribeServices call (ECS takes
 * 10 names per call) with the services of the same cluster most likely to be asked for next, and
 * keeps their answers for a short while, so a fleet's periodic resync costs about one call per ten
 * services instead of one per service, without waiting for asks to line up.
 *
 * - Prediction: every service is asked for once per resync period, and the controller keeps each
 *   key's resync cadence exact from one resync to the next (src/controller/resync-schedule.ts), so the
 *   services asked for longest ago are the ones asked for soonest. Candidates are the known services
 *   of the cluster (learned from past asks), oldest ask first.
 * - Only a settled answer is kept (ACTIVE, one deployment, COMPLETED, running = desired, nothing
 *   pending): a service in motion is always read fresh. MISSING and INACTIVE answers are not kept
 *   and make the service unknown.
 * - A kept answer is served once, and only within `maxAgeMs` of when it was requested; a write the
 *   operator makes to the service (create, update, delete, tag) drops it, and an answer requested
 *   before such a write is never kept. So a served answer is what a read up to `maxAgeMs` earlier
 *   would have seen: drift made outside the operator is found at most that much later.
 * - A service not asked for within `forgetAfterMs` is forgotten.
 */
import type { Service } from '@aws-sdk/client-ecs';

/** Options for {@link DescribeServicesReadAhead}. */
export interface ReadAheadOptions {
  /** How old a kept answer may be when served, ms. */
  readonly maxAgeMs: number;
  /** A service not asked for this long is forgotten, ms. Default 15 × `maxAgeMs`. */
  readonly forgetAfterMs?: number;
}

interface Known {
  /** The identifier to send (the last asker's spelling). */
  id: string;
  lastAskAt: number;
  /** The last answer seen was settled: worth reading ahead. */
  settled: boolean;
  /** Bumped by every write the operator makes; an answer requested under an older epoch is stale. */
  epoch: number;
}

interface Kept {
  readonly service: Service;
  /** When the call that read it was sent. */
  readonly at: number;
}

/** A read-ahead candidate, with the epoch to check its answer against. */
export interface ReadAheadCandidate {
  readonly name: string;
  readonly id: string;
  readonly epoch: number;
}

/** Counters, for tests and metrics. */
export interface ReadAheadStats {
  /** Asks answered from a kept answer, without a call. */
  readonly hits: number;
  /** Services added to calls beyond what was asked. */
  readonly readAhead: number;
  /** Kept answers dropped unused (too old, or invalidated by a write). */
  readonly dropped: number;
}

/**
 * The read-ahead's age is at most this fraction of the resync period (ADR 0049): the default age
 * (120 s) is a fifth of the default period (10 min), and a shorter period keeps that ratio.
 */
export const READ_AHEAD_PERIOD_FRACTION = 0.2;

/**
 * The age to serve read-ahead answers at for a resync period: `maxAgeMs`, at most
 * {@link READ_AHEAD_PERIOD_FRACTION} of the period. A served answer brings its service's next
 * resync forward by its age, so an answer older than the period would make that resync immediate
 * (a call of its own, outside every batch). Without a period (resync off) `maxAgeMs` stands.
 */
export function readAheadAgeForPeriod(maxAgeMs: number, resyncPeriodMs: number | undefined): number {
  if (resyncPeriodMs === undefined || !(resyncPeriodMs > 0)) return maxAgeMs;
  return Math.min(maxAgeMs, resyncPeriodMs * READ_AHEAD_PERIOD_FRACTION);
}

/** True when a described service is at rest: worth keeping, safe to serve a little later. */
export function isSettledService(service: Service): boolean {
  const deployments = service.deployments ?? [];
  const only = deployments[0];
  return (
    service.status === 'ACTIVE' &&
    deployments.length === 1 &&
    only !== undefined &&
    (only.rolloutState === undefined || only.rolloutState === 'COMPLETED') &&
    service.runningCount === service.desiredCount &&
    (service.pendingCount ?? 0) === 0
  );
}

/** The read-ahead memory of one Region's batcher: known services and kept answers, per cluster. */
export class DescribeServicesReadAhead {
  private readonly maxAgeMs: number;
  private readonly forgetAfterMs: number;
  private readonly clusters = new Map<string, { known: Map<string, Known>; kept: Map<string, Kept> }>();
  private counters = { hits: 0, readAhead: 0, dropped: 0 };

  constructor(options: ReadAheadOptions) {
    if (!(options.maxAgeMs > 0)) throw new RangeError(`maxAgeMs must be > 0, got ${options.maxAgeMs}`);
    this.maxAgeMs = options.maxAgeMs;
    this.forgetAfterMs = options.forgetAfterMs ?? 15 * options.maxAgeMs;
  }

  /**
   * Records an ask for `name` (sent to ECS as `id`) at `now` and returns a kept answer to serve
   * instead of a call, with when its call was sent, if there is one young enough. A kept answer is
   * served once.
   */
  ask(cluster: string, name: string, id: string, now: number): { service: Service; at: number } | undefined {
    const state = this.cluster(cluster);
    const known = state.known.get(name);
    if (known === undefined) state.known.set(name, { id, lastAskAt: now, settled: false, epoch: 0 });
    else {
      known.id = id;
      known.lastAskAt = now;
    }
    const kept = state.kept.get(name);
    if (kept === undefined) return undefined;
    state.kept.delete(name);
    if (now - kept.at > this.maxAgeMs) {
      this.counters.dropped++;
      return undefined;
    }
    this.counters.hits++;
    return kept;
  }

  /** The epoch of a service now: pass it back with its answer to {@link settle}. */
  epochOf(cluster: string, name: string): number {
    return this.clusters.get(cluster)?.known.get(name)?.epoch ?? 0;
  }

  /**
   * Up to `count` services of `cluster` to add to a call: known, last seen settled, not in
   * `exclude`, holding no young kept answer, oldest ask first. Forgets services not asked for
   * within `forgetAfterMs` on the way.
   */
  candidates(
    cluster: string,
    exclude: ReadonlySet<string>,
    count: number,
    now: number,
  ): ReadAheadCandidate[] {
    const state = this.clusters.get(cluster);
    if (state === undefined || count <= 0) return [];
    const eligible: [string, Known][] = [];
    for (const [name, known] of state.known) {
      if (now - known.lastAskAt > this.forgetAfterMs) {
        state.known.delete(name);
        if (state.kept.delete(name)) this.counters.dropped++;
        continue;
      }
      if (!known.settled || exclude.has(name)) continue;
      const kept = state.kept.get(name);
      if (kept !== undefined && now - kept.at <= this.maxAgeMs) continue;
      eligible.push([name, known]);
    }
    eligible.sort((a, b) => a[1].lastAskAt - b[1].lastAskAt);
    const chosen = eligible
      .slice(0, count)
      .map(([name, known]) => ({ name, id: known.id, epoch: known.epoch }));
    this.counters.readAhead += chosen.length;
    return chosen;
  }

  /**
   * Takes the answer for `name` from a call sent at `sent.at` under epoch `sent.epoch`: remembers
   * whether it was settled, forgets a service that is gone, and keeps the answer of a read-ahead
   * service when it is settled. An answer read before a write the operator made since changes
   * nothing.
   */
  settle(
    cluster: string,
    name: string,
    service: Service | undefined,
    sent: { readonly at: number; readonly epoch: number; readonly readAhead: boolean },
  ): void {
    const state = this.clusters.get(cluster);
    const known = state?.known.get(name);
    if (state === undefined || known === undefined || known.epoch !== sent.epoch) return;
    if (service === undefined || service.status === 'INACTIVE') {
      state.known.delete(name);
      state.kept.delete(name);
      return;
    }
    known.settled = isSettledService(service);
    if (sent.readAhead && known.settled) state.kept.set(name, { service, at: sent.at });
  }

  /** The operator wrote to the service: drop its kept answer and refuse answers read before now. */
  invalidate(cluster: string, name: string): void {
    const state = this.clusters.get(cluster);
    if (state === undefined) return;
    if (state.kept.delete(name)) this.counters.dropped++;
    const known = state.known.get(name);
    if (known !== undefined) {
      known.epoch++;
      known.settled = false;
    }
  }

  /** Counters since construction. */
  stats(): ReadAheadStats {
    return { ...this.counters };
  }

  private cluster(cluster: string): { known: Map<string, Known>; kept: Map<string, Kept> } {
    let state = this.clusters.get(cluster);
    if (state === undefined) {
      state = { known: new Map(), kept: new Map() };
      this.clusters.set(cluster, state);
    }
    return state;
  }
}
