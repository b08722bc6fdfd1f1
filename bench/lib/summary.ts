/**
 * Pure summaries of what a run recorded: percentiles, AWS calls per action against the unavoidable
 * minimum, calls per second per throttling category (the chart's data), and DescribeServices
 * batching.
 */
import { ecsCategoryOf } from '../../test/world/aws-proxy/index.js';
import { THROTTLED_OUTCOMES, type LoggedCall } from './call-log.js';
import type { MinimumCalls } from './floor.js';

/** Nearest-rank percentile of `values` (`p` in [0, 100]); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? Number.NaN;
}

/** p50, p99 and max of a sample, and its size. */
export interface Distribution {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** {@link Distribution} of `values`. */
export function distribution(values: readonly number[]): Distribution {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.length === 0 ? Number.NaN : Math.max(...values),
  };
}

/** Calls of one action. */
export interface ActionCalls {
  readonly service: string;
  readonly action: string;
  readonly calls: number;
  readonly throttled: number;
  /** The unavoidable minimum for the workload (0 when the action is avoidable). */
  readonly minimum: number;
}

function isThrottled(call: LoggedCall): boolean {
  return THROTTLED_OUTCOMES.includes(call.outcome);
}

/** Calls per action (busiest first) against the workload's minimum. */
export function callsByAction(
  calls: readonly LoggedCall[],
  minimums: readonly MinimumCalls[],
): ActionCalls[] {
  const rows = new Map<string, { service: string; action: string; calls: number; throttled: number }>();
  for (const call of calls) {
    const key = `${call.service}/${call.action}`;
    const row = rows.get(key) ?? { service: call.service, action: call.action, calls: 0, throttled: 0 };
    row.calls++;
    if (isThrottled(call)) row.throttled++;
    rows.set(key, row);
  }
  for (const m of minimums) {
    const key = `${m.service}/${m.action}`;
    if (!rows.has(key)) rows.set(key, { service: m.service, action: m.action, calls: 0, throttled: 0 });
  }
  return [...rows.values()]
    .map((row) => ({
      ...row,
      minimum: minimums.find((m) => m.service === row.service && m.action === row.action)?.calls ?? 0,
    }))
    .sort((a, b) => b.calls - a.calls || a.action.localeCompare(b.action));
}

/** Totals over a set of calls. */
export interface CallTotals {
  readonly total: number;
  readonly ecs: number;
  readonly throttled: number;
  /** Throttled calls as a percentage of all calls. */
  readonly throttledPercent: number;
}

/** {@link CallTotals} of `calls`. */
export function callTotals(calls: readonly LoggedCall[]): CallTotals {
  const throttled = calls.filter(isThrottled).length;
  return {
    total: calls.length,
    ecs: calls.filter((c) => c.service === 'ecs').length,
    throttled,
    throttledPercent: calls.length === 0 ? 0 : (100 * throttled) / calls.length,
  };
}

/** How full DescribeServices calls were. */
export interface BatchFill {
  readonly calls: number;
  readonly services: number;
  readonly averageBatch: number;
}

/** {@link BatchFill} of the DescribeServices calls among `calls`. */
export function describeServicesFill(calls: readonly LoggedCall[]): BatchFill {
  const describes = calls.filter((c) => c.action === 'DescribeServices' && !isThrottled(c));
  const services = describes.reduce((sum, c) => sum + (c.batch ?? 0), 0);
  return {
    calls: describes.length,
    services,
    averageBatch: describes.length === 0 ? 0 : services / describes.length,
  };
}

/**
 * The chart's grouping of a call: its ECS throttling category (the proxy's names), else the
 * operator's client-side category (`application-autoscaling:read`, `elasticloadbalancing:read`...).
 */
export function seriesOf(call: Pick<LoggedCall, 'service' | 'action'>): string {
  if (call.service === 'ecs') return ecsCategoryOf(call.action) ?? 'ecs (unlimited)';
  return `${call.service}:${call.action.startsWith('Describe') ? 'read' : 'write'}`;
}

/** Calls per one-second bin of one series. */
export interface Series {
  readonly name: string;
  readonly perSecond: readonly number[];
  readonly throttledPerSecond: readonly number[];
}

/** Calls per second per {@link seriesOf} from `from` (ms since the epoch) for `seconds` bins. */
export function perSecondSeries(calls: readonly LoggedCall[], from: number, seconds: number): Series[] {
  const bins = Math.max(1, Math.ceil(seconds));
  const series = new Map<string, { perSecond: number[]; throttledPerSecond: number[] }>();
  for (const call of calls) {
    const bin = Math.floor((call.start - from) / 1000);
    if (bin < 0 || bin >= bins) continue;
    const name = seriesOf(call);
    let s = series.get(name);
    if (s === undefined) {
      s = { perSecond: new Array<number>(bins).fill(0), throttledPerSecond: new Array<number>(bins).fill(0) };
      series.set(name, s);
    }
    s.perSecond[bin] = (s.perSecond[bin] ?? 0) + 1;
    if (isThrottled(call)) s.throttledPerSecond[bin] = (s.throttledPerSecond[bin] ?? 0) + 1;
  }
  return [...series].map(([name, s]) => ({ name, ...s })).sort((a, b) => a.name.localeCompare(b.name));
}

/** How the emulator behind the proxy kept up: its answer times and the call rate it sustained. */
export interface UpstreamLoad {
  /** Answer time of forwarded calls, ms. */
  readonly answerMs: Distribution;
  /** Calls per second, averaged over the window. */
  readonly callsPerSecond: number;
  /** The busiest one-second bin. */
  readonly peakCallsPerSecond: number;
}

/** {@link UpstreamLoad} of the calls that started in a window of `seconds`. */
export function upstreamLoad(calls: readonly LoggedCall[], seconds: number): UpstreamLoad {
  const forwarded = calls.filter((c) => c.outcome === 'forwarded' || c.outcome === 'upstream-error');
  const bins = new Map<number, number>();
  for (const c of calls)
    bins.set(Math.floor(c.start / 1000), (bins.get(Math.floor(c.start / 1000)) ?? 0) + 1);
  return {
    answerMs: distribution(forwarded.map((c) => c.durationMs)),
    callsPerSecond: seconds > 0 ? calls.length / seconds : 0,
    peakCallsPerSecond: Math.max(0, ...bins.values()),
  };
}

/** The AWS APIs the steady columns count apart, in the order they are printed. */
export const COUNTED_APIS = ['ecs', 'application-autoscaling', 'elasticloadbalancing'] as const;

/** Calls per (task definition + service) pair, per API and in all. */
export interface PerPairCalls {
  /** Every call, whatever its API, per pair (per period for a steady window). */
  readonly total: number;
  /** Per {@link COUNTED_APIS} name, and any other API seen under its own name. */
  readonly byApi: Readonly<Record<string, number>>;
}

/**
 * Calls per pair (and per resync period when `periods` > 1 is a window's length in periods): a
 * steady window of R periods over N pairs divides by N × R; convergence divides by N (periods 1).
 */
export function perPairCalls(calls: readonly LoggedCall[], pairs: number, periods = 1): PerPairCalls {
  const per = pairs > 0 && periods > 0 ? pairs * periods : Number.NaN;
  const byApi: Record<string, number> = Object.fromEntries(COUNTED_APIS.map((api) => [api, 0]));
  for (const call of calls) byApi[call.service] = (byApi[call.service] ?? 0) + 1;
  return {
    total: calls.length / per,
    byApi: Object.fromEntries(Object.entries(byApi).map(([api, n]) => [api, n / per])),
  };
}
