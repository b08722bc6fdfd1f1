/**
 * Who held the Lease when, and whether any AWS write broke it: {@link LeaseWatcher} samples the
 * Lease (holderIdentity, acquireTime, leaseTransitions); {@link tenures} turns the samples into
 * leadership tenures starting at their acquireTime; {@link conflictingWrites} finds writes of two
 * replicas at once (overlapping calls, writes interleaved between replicas, or a write by a replica
 * the Lease did not name at that moment).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { CoordinationV1Api } from '@kubernetes/client-node';
import { kubeConfig } from '../support/world-client.js';
import type { RelayedCall } from './failover-relay.js';

/** One reading of the Lease. */
export interface LeaseSample {
  readonly at: number;
  readonly holder: string;
  /** spec.acquireTime in ms since the epoch, when set. */
  readonly acquiredAt: number | undefined;
  readonly transitions: number | undefined;
}

function millis(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = new Date(value as string | Date).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** Samples one Lease every `intervalMs` until stopped; contract: samples are in time order. */
export class LeaseWatcher {
  readonly samples: LeaseSample[] = [];
  #running = false;
  #loop: Promise<void> | undefined;

  /** Starts sampling `namespace/name` (a missing Lease is simply not sampled). */
  start(namespace: string, name: string, intervalMs = 100): void {
    const api = kubeConfig().makeApiClient(CoordinationV1Api);
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        try {
          const lease = await api.readNamespacedLease({ namespace, name });
          this.samples.push({
            at: Date.now(),
            holder: lease.spec?.holderIdentity ?? '',
            acquiredAt: millis(lease.spec?.acquireTime),
            transitions: lease.spec?.leaseTransitions,
          });
        } catch {
          // Not created yet, or a slow API server: the next sample will tell.
        }
        await delay(intervalMs);
      }
    })();
  }

  /** The latest sample, if any. */
  latest(): LeaseSample | undefined {
    return this.samples.at(-1);
  }

  /** Stops sampling. */
  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
  }
}

/** A holder's time with the Lease, from its acquireTime. */
export interface Tenure {
  readonly holder: string;
  readonly from: number;
  /** When the sampler first saw it. */
  readonly seenAt: number;
}

/** The distinct tenures in `samples`, oldest first. */
export function tenures(samples: readonly LeaseSample[]): Tenure[] {
  const out: Tenure[] = [];
  for (const s of samples) {
    const last = out.at(-1);
    const from = s.acquiredAt ?? s.at;
    if (last !== undefined && last.holder === s.holder && last.from === from) continue;
    out.push({ holder: s.holder, from, seenAt: s.at });
  }
  return out;
}

/** The holder at time `t` by the tenures (undefined before the first). */
export function holderAt(list: readonly Tenure[], t: number): string | undefined {
  let holder: string | undefined;
  for (const tenure of list) {
    if (tenure.from <= t) holder = tenure.holder;
    else break;
  }
  return holder;
}

/** What {@link conflictingWrites} found, each as a readable line. */
export interface Conflicts {
  /** Writes of two replicas in flight at the same moment. */
  readonly overlapping: readonly string[];
  /** A replica writing again after another replica had written since its own last write. */
  readonly interleaved: readonly string[];
  /** Writes by a replica the Lease did not name as holder when the write started. */
  readonly withoutLease: readonly string[];
}

/**
 * Checks every write of `calls` against the others and the Lease's tenures; `replicaOf` maps a
 * Lease holder identity to the replica name the relays record.
 */
export function conflictingWrites(
  calls: readonly RelayedCall[],
  list: readonly Tenure[],
  replicaOf: ReadonlyMap<string, string>,
): Conflicts {
  const writes = calls.filter((c) => c.write).sort((a, b) => a.start - b.start);
  const overlapping: string[] = [];
  for (let i = 0; i < writes.length; i++) {
    const a = writes[i];
    if (a === undefined) continue;
    for (let j = i + 1; j < writes.length; j++) {
      const b = writes[j];
      if (b === undefined || b.start > a.end) break;
      if (b.replica !== a.replica) {
        overlapping.push(
          `${a.replica} ${a.action} [${a.start}, ${a.end}] and ${b.replica} ${b.action} [${b.start}, ${b.end}]`,
        );
      }
    }
  }
  const interleaved: string[] = [];
  const finished = new Set<string>();
  let current: string | undefined;
  for (const w of writes) {
    if (w.replica === current) continue;
    if (current !== undefined) finished.add(current);
    if (finished.has(w.replica))
      interleaved.push(`${w.replica} ${w.action} at ${w.start} after ${current} had written`);
    current = w.replica;
  }
  const withoutLease: string[] = [];
  for (const w of writes) {
    const holder = holderAt(list, w.start);
    const holderReplica = holder === undefined ? undefined : replicaOf.get(holder);
    if (holderReplica !== w.replica) {
      withoutLease.push(
        `${w.replica} ${w.action} at ${w.start} while the Lease named ${holder ?? 'nobody'} (${holderReplica ?? 'unknown replica'})`,
      );
    }
  }
  return { overlapping, interleaved, withoutLease };
}

/** The median of `values` (NaN for none). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
