/**
 * Counts and a bounded log of every AWS call the proxy saw, with what became of it, so tests and
 * benchmarks can assert on traffic ("exactly one RegisterTaskDefinition", "UpdateService carried
 * no desiredCount", "N calls were throttled").
 */
import type { JsonValue } from './json.js';

/** What became of a call. */
export const CALL_OUTCOMES = [
  /** Forwarded; the upstream answered below 400. */
  'forwarded',
  /** Forwarded; the upstream answered 400 or above (see `status`). */
  'upstream-error',
  /** The upstream could not be reached; the proxy answered 502. */
  'upstream-unreachable',
  /** An ECS token bucket was empty; the proxy answered ThrottlingException. */
  'throttled',
  /** A `throttle` rule answered. */
  'fault-throttle',
  /** An `error` rule answered. */
  'fault-error',
  /** A `reset` rule destroyed the connection. */
  'fault-reset',
  /** A `respond` rule answered. */
  'fault-respond',
] as const;

/** What became of a call. */
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** One logged call. */
export interface CallRecord {
  /** Increases by one per call since the proxy started; survives resets, so it can mark a point. */
  readonly seq: number;
  /** When the call finished, in milliseconds since the Unix epoch. */
  readonly time: number;
  readonly service: string;
  readonly action: string;
  readonly outcome: CallOutcome;
  /** HTTP status sent to the caller; absent when the connection was reset. */
  readonly status?: number;
  /** Ids of the rules that fired on this call. */
  readonly ruleIds: readonly string[];
  readonly durationMs: number;
  /** Places in the upstream answer that `patch` rules changed; absent when no patch rule fired. */
  readonly patched?: number;
  /** True when the rollout simulator rewrote the upstream answer (before any patches). */
  readonly simulated?: boolean;
  /** The request parameters (JSON document or form fields), when they could be parsed. */
  readonly params?: JsonValue;
  /** The AWS account the call acted in (by its access key; see caller-account.ts), when signed. */
  readonly account?: string;
}

/** The number of calls with one service, action, outcome and status. */
export interface CallCount {
  readonly service: string;
  readonly action: string;
  readonly outcome: CallOutcome;
  readonly status?: number;
  readonly count: number;
}

/** Selects calls; every given field must match, an absent one matches anything. */
export interface CallFilter {
  readonly service?: string;
  readonly action?: string;
  /** One outcome or any of several. */
  readonly outcome?: CallOutcome | readonly CallOutcome[];
  readonly status?: number;
}

/** Selects logged calls: a {@link CallFilter} plus a window. */
export interface CallQuery extends CallFilter {
  /** Only calls with `seq` greater than this. */
  readonly afterSeq?: number;
  /** At most this many, the most recent ones. */
  readonly limit?: number;
}

/** What the server hands the recorder for one call. */
export type CallEntry = Omit<CallRecord, 'seq' | 'time'>;

/** True when a call (or a count row) matches a filter. */
export function matchesCallFilter(
  call: Pick<CallRecord, 'service' | 'action' | 'outcome' | 'status'>,
  filter: CallFilter,
): boolean {
  const outcomes =
    filter.outcome === undefined || typeof filter.outcome === 'string' ? [filter.outcome] : filter.outcome;
  return (
    (filter.service === undefined || filter.service === call.service) &&
    (filter.action === undefined || filter.action === call.action) &&
    (filter.outcome === undefined || outcomes.includes(call.outcome)) &&
    (filter.status === undefined || filter.status === call.status)
  );
}

/** Sums the count rows that match a filter (all rows when none given). */
export function countCalls(counts: readonly CallCount[], filter: CallFilter = {}): number {
  return counts.filter((row) => matchesCallFilter(row, filter)).reduce((sum, row) => sum + row.count, 0);
}

/** Options for {@link CallRecorder}. */
export interface CallRecorderOptions {
  /** Most calls kept in the log; older ones drop out (counts keep them). Default 2000. */
  readonly logLimit?: number;
  /** Wall clock for `time`; defaults to `Date.now`. */
  readonly now?: () => number;
}

/** Counts every call and keeps the most recent ones in a log. */
export class CallRecorder {
  readonly #logLimit: number;
  readonly #now: () => number;
  #log: CallRecord[] = [];
  #counts = new Map<string, CallCount>();
  #seq = 0;

  constructor(options: CallRecorderOptions = {}) {
    this.#logLimit = options.logLimit ?? 2000;
    this.#now = options.now ?? Date.now;
    if (!Number.isInteger(this.#logLimit) || this.#logLimit < 1) {
      throw new RangeError(`logLimit must be a positive integer, got ${this.#logLimit}`);
    }
  }

  /** Records one finished call and returns its log entry. */
  record(entry: CallEntry): CallRecord {
    this.#seq += 1;
    const call: CallRecord = { seq: this.#seq, time: this.#now(), ...entry };
    this.#log.push(call);
    if (this.#log.length > this.#logLimit) this.#log.splice(0, this.#log.length - this.#logLimit);
    const key = JSON.stringify([entry.service, entry.action, entry.outcome, entry.status ?? null]);
    const row = this.#counts.get(key);
    this.#counts.set(key, {
      service: entry.service,
      action: entry.action,
      outcome: entry.outcome,
      ...(entry.status === undefined ? {} : { status: entry.status }),
      count: (row?.count ?? 0) + 1,
    });
    return call;
  }

  /** Logged calls matching a query, oldest first. */
  calls(query: CallQuery = {}): CallRecord[] {
    const selected = this.#log.filter(
      (call) => (query.afterSeq === undefined || call.seq > query.afterSeq) && matchesCallFilter(call, query),
    );
    return query.limit === undefined ? selected : selected.slice(Math.max(0, selected.length - query.limit));
  }

  /** One row per (service, action, outcome, status) seen since the last reset. */
  counts(): CallCount[] {
    return [...this.#counts.values()];
  }

  /** The `seq` of the last call recorded (0 before the first). */
  lastSeq(): number {
    return this.#seq;
  }

  /** Forgets counts and log; `seq` keeps increasing. */
  reset(): void {
    this.#log = [];
    this.#counts = new Map();
  }
}
