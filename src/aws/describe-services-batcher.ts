/**
 * DescribeServices batched across concurrent reconciles. Each caller asks for one service; asks for
 * the same cluster are merged into one DescribeServices call of up to 10 names (ECS's maximum),
 * turning ECS's 20 reads/s into up to 200 services/s of status.
 *
 * - A batch opens with its first ask and is sent `windowMs` later, or at once when it holds 10
 *   distinct names. Two asks for the same name share one slot and one answer.
 * - Different clusters never share a call (DescribeServices takes one cluster). A cluster given by
 *   name and by ARN is the same cluster.
 * - At most `maxInFlightPerCluster` calls per cluster are in flight. While at that limit, the open
 *   batch keeps filling instead of being sent half empty, so batches grow exactly when the rate
 *   limiter makes calls slow.
 * - Each caller gets its service (whatever its status, INACTIVE included) or `undefined` when ECS
 *   reports it `MISSING`. A call that fails rejects every caller of that batch with the same error.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { abortError } from './abort.js';
import type { AwsCallOptions } from './call-runner.js';
import { systemClock, type Clock } from './clock.js';
import type { EcsApi } from './ecs-api.js';
import { ECS_MAX_BATCH } from './ecs-client.js';

/** Options for {@link DescribeServicesBatcher}. */
export interface DescribeServicesBatcherOptions {
  /** The ECS API of the batcher's Region (its rate limiter applies to each batch). */
  readonly ecs: Pick<EcsApi, 'describeServices'>;
  /** Time source for the batching window; the system clock when absent. */
  readonly clock?: Clock;
  /** How long a batch waits for more asks after its first, in milliseconds. Default 5. */
  readonly windowMs?: number;
  /** The most DescribeServices calls in flight per cluster. Default 4. */
  readonly maxInFlightPerCluster?: number;
}

/**
 * ECS answered a service with a failure other than `MISSING` (for example an access problem on one
 * ARN). The reason is ECS's, unchanged.
 */
export class DescribeServiceFailureError extends Error {
  override readonly name = 'DescribeServiceFailureError';
  readonly reason: string;

  constructor(service: string, reason: string, detail: string | undefined) {
    super(`DescribeServices failed for ${service}: ${reason}${detail !== undefined ? ` (${detail})` : ''}`);
    this.reason = reason;
  }
}

interface Caller {
  readonly resolve: (service: Service | undefined) => void;
  readonly reject: (err: unknown) => void;
}

interface Batch {
  /** Service name → the identifier sent to ECS (the first asker's) and everyone waiting for it. */
  readonly entries: Map<string, { readonly id: string; readonly callers: Caller[] }>;
  cancelTimer: (() => void) | undefined;
  /** True once the window has passed: the batch may be sent as soon as a slot is free. */
  due: boolean;
}

interface ClusterState {
  /** The cluster identifier sent to ECS (the first asker's spelling). */
  readonly cluster: string;
  /** Full batches waiting for a free slot, oldest first. */
  readonly sealed: Batch[];
  open: Batch | undefined;
  inFlight: number;
}

/** Merges single-service DescribeServices asks into batched calls, per cluster. */
export class DescribeServicesBatcher {
  private readonly ecs: Pick<EcsApi, 'describeServices'>;
  private readonly clock: Clock;
  private readonly windowMs: number;
  private readonly maxInFlight: number;
  private readonly clusters = new Map<string, ClusterState>();

  constructor(options: DescribeServicesBatcherOptions) {
    this.ecs = options.ecs;
    this.clock = options.clock ?? systemClock;
    this.windowMs = options.windowMs ?? 5;
    this.maxInFlight = Math.max(1, options.maxInFlightPerCluster ?? 4);
  }

  /**
   * Describes one service (name or ARN) of `cluster` (name or ARN), with its tags, batched with
   * other asks. Resolves `undefined` when ECS reports it MISSING. An aborted `signal` rejects this
   * caller only; the batch still goes out for the others.
   */
  describeService(cluster: string, service: string, options?: AwsCallOptions): Promise<Service | undefined> {
    const signal = options?.signal;
    if (signal?.aborted === true) return Promise.reject(abortError(signal));
    return new Promise<Service | undefined>((resolve, reject) => {
      const onAbort = (): void => reject(abortError(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => signal?.removeEventListener('abort', onAbort);
      this.enqueue(cluster, service, {
        resolve: (s) => {
          done();
          resolve(s);
        },
        reject: (err) => {
          done();
          // SDK errors are Errors and pass through unchanged; anything else is wrapped.
          reject(err instanceof Error ? err : new Error(String(err), { cause: err }));
        },
      });
    });
  }

  private enqueue(cluster: string, service: string, caller: Caller): void {
    const clusterKey = lastSegment(cluster);
    let state = this.clusters.get(clusterKey);
    if (state === undefined) {
      state = { cluster, sealed: [], open: undefined, inFlight: 0 };
      this.clusters.set(clusterKey, state);
    }
    let batch = state.open;
    if (batch === undefined) {
      const fresh: Batch = { entries: new Map(), cancelTimer: undefined, due: false };
      const owner = state;
      fresh.cancelTimer = this.clock.setTimer(this.windowMs, () => {
        fresh.cancelTimer = undefined;
        fresh.due = true;
        this.pump(clusterKey, owner);
      });
      state.open = fresh;
      batch = fresh;
    }
    const name = lastSegment(service);
    const entry = batch.entries.get(name);
    if (entry !== undefined) entry.callers.push(caller);
    else batch.entries.set(name, { id: service, callers: [caller] });

    if (batch.entries.size >= ECS_MAX_BATCH) {
      batch.cancelTimer?.();
      batch.cancelTimer = undefined;
      state.sealed.push(batch);
      state.open = undefined;
    }
    this.pump(clusterKey, state);
  }

  /** Sends what may be sent: full batches first, then the open batch once its window has passed. */
  private pump(clusterKey: string, state: ClusterState): void {
    while (state.inFlight < this.maxInFlight) {
      let batch = state.sealed.shift();
      if (batch === undefined && state.open?.due === true) {
        batch = state.open;
        state.open = undefined;
      }
      if (batch === undefined) break;
      this.send(clusterKey, state, batch);
    }
    if (state.inFlight === 0 && state.sealed.length === 0 && state.open === undefined) {
      this.clusters.delete(clusterKey);
    }
  }

  private send(clusterKey: string, state: ClusterState, batch: Batch): void {
    state.inFlight++;
    const ids = [...batch.entries.values()].map((e) => e.id);
    this.ecs
      .describeServices(state.cluster, ids)
      .then(
        (result) => {
          const services = new Map<string, Service>();
          for (const s of result.services) {
            const name =
              s.serviceName ?? (s.serviceArn !== undefined ? lastSegment(s.serviceArn) : undefined);
            if (name !== undefined) services.set(name, s);
          }
          const failures = new Map(result.failures.map((f) => [lastSegment(f.arn ?? ''), f]));
          for (const [name, entry] of batch.entries) {
            const found = services.get(name);
            const failure = failures.get(name);
            for (const caller of entry.callers) {
              if (found !== undefined) caller.resolve(found);
              else if (failure?.reason === 'MISSING') caller.resolve(undefined);
              else if (failure !== undefined) {
                caller.reject(
                  new DescribeServiceFailureError(entry.id, failure.reason ?? 'unknown', failure.detail),
                );
              } else caller.reject(new Error(`DescribeServices answered nothing for ${entry.id}`));
            }
          }
        },
        (err: unknown) => {
          for (const entry of batch.entries.values()) for (const caller of entry.callers) caller.reject(err);
        },
      )
      .finally(() => {
        state.inFlight--;
        this.pump(clusterKey, state);
      });
  }
}

/** The last `/`-separated segment: the name inside an ECS cluster or service ARN, or the name itself. */
function lastSegment(idOrArn: string): string {
  return idOrArn.startsWith('arn:') ? idOrArn.slice(idOrArn.lastIndexOf('/') + 1) : idOrArn;
}
