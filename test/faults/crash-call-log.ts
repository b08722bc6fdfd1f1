/**
 * The proxy's whole call log over a long fault run, and what it proves about creates: the proxy
 * keeps only its latest 2000 calls, so {@link CallLogCollector} pages through it while the run goes
 * and keeps every call; {@link duplicateCreates} and {@link duplicateRegistrations} then find a
 * second ECS service or a second identical revision made for one object.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { TAG_KEYS } from '../../src/resources/api-group.js';
import type { CallRecord } from '../world/aws-proxy/index.js';
import { proxyControl } from '../support/world-client.js';

/**
 * Collects every call the proxy logs from the moment {@link CallLogCollector.start} is called, by
 * polling `calls({ afterSeq })`; contract: `lost` counts calls that fell out of the proxy's log
 * before a poll read them (a run whose `lost` is not 0 proves nothing about duplicates).
 */
export class CallLogCollector {
  readonly calls: CallRecord[] = [];
  lost = 0;
  /** Each gap seen: which calls fell out of the log before a poll read them, and when. */
  readonly gaps: string[] = [];
  #mark = 0;
  #lastPollAt = 0;
  #running = false;
  #loop: Promise<void> | undefined;

  /** Marks "from here on" and starts polling every `intervalMs`. */
  async start(intervalMs = 500): Promise<void> {
    // Not the log's last entry: after a reset the log is empty while `seq` goes on.
    this.#mark = await proxyControl().lastSeq();
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        await this.poll();
        await delay(intervalMs);
      }
    })();
  }

  /** Reads the calls logged since the last poll (also callable by hand, e.g. before a check). */
  async poll(): Promise<void> {
    const fresh = await proxyControl().calls({ afterSeq: this.#mark });
    const now = Date.now();
    const first = fresh[0];
    if (first !== undefined && first.seq > this.#mark + 1) {
      this.lost += first.seq - this.#mark - 1;
      // Why a run lost calls is the first question its failure asks: say which and when.
      this.gaps.push(
        `calls ${this.#mark + 1}..${first.seq - 1} lost at ${new Date(now).toISOString()}, ${now - this.#lastPollAt} ms after the previous poll; ${fresh.length} calls read`,
      );
    }
    this.#lastPollAt = now;
    for (const call of fresh) this.calls.push(call);
    this.#mark = fresh.at(-1)?.seq ?? this.#mark;
  }

  /** Stops polling after one last read. */
  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
    await this.poll();
  }
}

/** A call's JSON params as an object (empty when absent). */
export function paramsOf(call: CallRecord): Record<string, unknown> {
  const p = call.params;
  return p !== null && typeof p === 'object' && !Array.isArray(p) ? p : {};
}

/** The last path segment of an ARN or a plain name (clusters and services are named either way). */
export function tail(ref: unknown): string {
  const text = typeof ref === 'string' ? ref : '';
  return text.slice(text.lastIndexOf('/') + 1);
}

/** True when AWS accepted the call (it reached moto and moto answered below 400). */
export function succeeded(call: CallRecord): boolean {
  return call.outcome === 'forwarded' && (call.status ?? 0) < 400;
}

/** What the create calls of one run show. */
export interface CreateFindings {
  /** Successful CreateService calls. */
  readonly creates: number;
  /**
   * Second successful creates that could have made a second service: another client token than the
   * first create of that name, or started after a DescribeServices that itself started once the
   * first create had landed (so the operator had seen the service and created anyway).
   */
  readonly duplicates: readonly string[];
  /**
   * Repeated creates with the first one's client token started before the operator could have seen
   * the service (a crash or a describe racing the landing): ECS answers them with the same service.
   */
  readonly idempotentRepeats: number;
}

/** Finds second ECS services among the successful CreateService calls of `calls` (oldest first). */
export function duplicateCreates(calls: readonly CallRecord[]): CreateFindings {
  const creates = calls.filter((c) => c.action === 'CreateService' && succeeded(c));
  const byName = new Map<string, CallRecord[]>();
  for (const c of creates) {
    const p = paramsOf(c);
    const key = `${tail(p.cluster ?? 'default')}/${String(p.serviceName)}`;
    byName.set(key, [...(byName.get(key) ?? []), c]);
  }
  const duplicates: string[] = [];
  let idempotentRepeats = 0;
  for (const [key, group] of byName) {
    const [first, ...rest] = group;
    if (first === undefined || rest.length === 0) continue;
    const name = key.slice(key.indexOf('/') + 1);
    const landed = first.time;
    // The first DescribeServices naming the service that started after the first create landed.
    const seenAt = Math.min(
      ...calls
        .filter((d) => d.action === 'DescribeServices' && d.time - d.durationMs > landed)
        .filter((d) => {
          const names = paramsOf(d).services;
          return Array.isArray(names) && names.some((n) => tail(n) === name);
        })
        .map((d) => d.time),
    );
    for (const again of rest) {
      const token = paramsOf(again).clientToken;
      const started = again.time - again.durationMs;
      if (token !== paramsOf(first).clientToken || started > seenAt) {
        duplicates.push(
          `${key}: CreateService #${again.seq} (token ${String(token)}) after #${first.seq} (token ${String(paramsOf(first).clientToken)})${started > seenAt ? ', after a describe had seen the service' : ''}`,
        );
      } else {
        idempotentRepeats++;
      }
    }
  }
  return { creates: creates.length, duplicates, idempotentRepeats };
}

function tagValue(params: Record<string, unknown>, key: string): string | undefined {
  const tags = Array.isArray(params.tags) ? (params.tags as { key?: unknown; value?: unknown }[]) : [];
  const found = tags.find((t) => t.key === key)?.value;
  return typeof found === 'string' ? found : undefined;
}

/**
 * Second successful RegisterTaskDefinition calls for one family and spec hash: a revision the
 * operator should have found by its tags and adopted instead of registering again.
 */
export function duplicateRegistrations(calls: readonly CallRecord[]): {
  registrations: number;
  duplicates: string[];
} {
  const registrations = calls.filter((c) => c.action === 'RegisterTaskDefinition' && succeeded(c));
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  for (const c of registrations) {
    const p = paramsOf(c);
    const key = `${String(p.family)} ${tagValue(p, TAG_KEYS.specHash) ?? '(no hash)'}`;
    const before = seen.get(key);
    if (before !== undefined) duplicates.push(`${key}: #${c.seq} registered again (first #${before})`);
    else seen.set(key, c.seq);
  }
  return { registrations: registrations.length, duplicates };
}
