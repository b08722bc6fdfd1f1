/**
 * The reconciles of one controller that have begun and not yet returned, with their start times,
 * and the judgement "are this controller's workers stuck?" drawn from them.
 *
 * A reconcile stays here until it returns, also after its deadline released its worker (it is then
 * *abandoned*: its key stays held, so the object is never reconciled twice at once). Stuck means:
 * at least as many reconciles as the controller has workers have run longer than a threshold, so
 * every worker's worth of capacity has gone into reconciles that do not come back. One slow object
 * among idle workers is not stuck; a controller that still makes progress on other keys is not
 * stuck either.
 */
import type { Clock } from '../shared/clock.js';

/** One reconcile in progress. */
export interface RunningReconcile {
  readonly key: string;
  readonly startedAt: number;
  /** The reconcile's own signal: what it passes to its calls, so activity can be looked up by it. */
  readonly signal: AbortSignal;
  /** True once its deadline passed and its worker moved on. */
  abandoned: boolean;
}

/** The verdict for one threshold. */
export interface StuckVerdict {
  /** True when at least `workers` reconciles have run longer than the threshold. */
  readonly stuck: boolean;
  /** How many reconciles have run longer than the threshold. */
  readonly count: number;
  readonly workers: number;
  readonly thresholdMs: number;
  /** The oldest reconcile running, whatever its age. */
  readonly oldest?: { readonly key: string; readonly ageMs: number; readonly abandoned: boolean };
}

/** The running reconciles of one controller. */
export class RunningReconciles {
  private readonly clock: Clock;
  private readonly entries = new Set<RunningReconcile>();

  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** Records a reconcile of `key` beginning now. */
  begin(key: string, signal: AbortSignal): RunningReconcile {
    const entry: RunningReconcile = { key, startedAt: this.clock.now(), signal, abandoned: false };
    this.entries.add(entry);
    return entry;
  }

  /** Records that it returned. */
  end(entry: RunningReconcile): void {
    this.entries.delete(entry);
  }

  /** How many are running (abandoned ones included). */
  get size(): number {
    return this.entries.size;
  }

  /** The longest-running reconcile, if any. */
  oldest(): RunningReconcile | undefined {
    let best: RunningReconcile | undefined;
    for (const entry of this.entries)
      if (best === undefined || entry.startedAt < best.startedAt) best = entry;
    return best;
  }

  /** Judges whether `workers` workers' worth of reconciles have run longer than `thresholdMs`. */
  judge(workers: number, thresholdMs: number): StuckVerdict {
    const now = this.clock.now();
    let count = 0;
    for (const entry of this.entries) if (now - entry.startedAt > thresholdMs) count++;
    const oldest = this.oldest();
    return {
      stuck: thresholdMs > 0 && count >= workers,
      count: thresholdMs > 0 ? count : 0,
      workers,
      thresholdMs,
      ...(oldest === undefined
        ? {}
        : { oldest: { key: oldest.key, ageMs: now - oldest.startedAt, abandoned: oldest.abandoned } }),
    };
  }
}
