/**
 * Keeps every AWS call the proxy sees during a run. The proxy's own log holds only its latest 2000
 * calls, so the collector polls it from the last sequence number it has, often enough that nothing
 * drops out in between (and counts the calls it missed if something did).
 */
import type { AwsProxyControl, CallOutcome, CallRecord } from '../../test/world/aws-proxy/index.js';

/** One call, as much as the benchmark needs of it. */
export interface LoggedCall {
  readonly seq: number;
  /** When the proxy received it, ms since the epoch (finish time minus duration). */
  readonly start: number;
  readonly service: string;
  readonly action: string;
  readonly outcome: CallOutcome;
  /** How long the proxy took to answer (moto's time, for forwarded calls). */
  readonly durationMs: number;
  /** Services named in a DescribeServices call. */
  readonly batch?: number;
  /** The object a write is about: task definition family, service name or resource id. */
  readonly subject?: string;
}

/** Outcomes that mean a throttle answered the call. */
export const THROTTLED_OUTCOMES: readonly CallOutcome[] = ['throttled', 'fault-throttle'];

function stringField(params: unknown, ...names: string[]): string | undefined {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  const record = params as Record<string, unknown>;
  for (const name of names) {
    const value = record[name];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** Reduces a proxy call record to a {@link LoggedCall}. */
export function toLoggedCall(call: CallRecord): LoggedCall {
  const params = call.params;
  let batch: number | undefined;
  if (call.action === 'DescribeServices' && typeof params === 'object' && params !== null) {
    const services = (params as Record<string, unknown>).services;
    if (Array.isArray(services)) batch = services.length;
  }
  const subject = stringField(params, 'family', 'serviceName', 'ResourceId');
  return {
    seq: call.seq,
    start: call.time - call.durationMs,
    service: call.service,
    action: call.action,
    outcome: call.outcome,
    durationMs: call.durationMs,
    ...(batch === undefined ? {} : { batch }),
    ...(subject === undefined ? {} : { subject }),
  };
}

/** Polls the proxy's call log into memory until stopped. */
export class CallCollector {
  readonly calls: LoggedCall[] = [];
  /** Calls that dropped out of the proxy's log before a poll reached them. */
  missed = 0;
  private lastSeq: number;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(
    private readonly control: AwsProxyControl,
    /** Collect calls after this sequence number. */
    afterSeq: number,
    private readonly intervalMs = 250,
  ) {
    this.lastSeq = afterSeq;
  }

  /** The sequence number of the newest call at the proxy (kept across resets): "from here on". */
  static async mark(control: AwsProxyControl): Promise<number> {
    return control.lastSeq();
  }

  start(): void {
    const tick = (): void => {
      this.polling = this.poll().finally(() => {
        if (this.timer !== undefined) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    this.timer = setTimeout(tick, this.intervalMs);
  }

  /** Fetches whatever is new now. */
  async poll(): Promise<void> {
    const fresh = await this.control.calls({ afterSeq: this.lastSeq });
    for (const call of fresh) {
      if (call.seq <= this.lastSeq) continue;
      if (call.seq > this.lastSeq + 1) this.missed += call.seq - this.lastSeq - 1;
      this.calls.push(toLoggedCall(call));
      this.lastSeq = call.seq;
    }
  }

  /** Stops polling after one last poll. */
  async stop(): Promise<void> {
    const timer = this.timer;
    this.timer = undefined;
    if (timer !== undefined) clearTimeout(timer);
    await this.polling;
    await this.poll();
  }

  /** The calls that started in `[from, to)` (ms since the epoch). */
  between(from: number, to: number): LoggedCall[] {
    return this.calls.filter((c) => c.start >= from && c.start < to);
  }
}
