/**
 * When each key of a controller is resynced next. The period is jittered when a key is new or
 * changed (only shortened, `period × (1 − jitter × random)`: a resync never comes later than one
 * period after the last read, the drift bound of ADR 0049), and kept exact from one resync to the next, so the fleet stays spread and each key's
 * resyncs come at a fixed cadence (the DescribeServices read-ahead predicts the next asks from it:
 * see src/aws/describe-services-read-ahead.ts).
 */
import type { Clock } from '../shared/clock.js';

// A resync timer may fire a little before the time computed for it (timer rounding); a key seen this
// close to its resync time counts as due.
const RESYNC_TOLERANCE_MS = 1_000;

/** Options for {@link ResyncSchedule}; validated by the controller that owns it. */
export interface ResyncScheduleOptions {
  /** 0 turns resync off. */
  readonly periodMs: number;
  /** Spread of a jittered period: `period × (1 − jitter × random)`, never longer than the period. */
  readonly jitter: number;
  readonly clock: Clock;
  /** Uniform in [0, 1). */
  readonly random: () => number;
}

/** Per key: when its next resync is due. The caller turns each returned delay into a delayed add. */
export class ResyncSchedule {
  private readonly dueAt = new Map<string, number>();

  constructor(private readonly options: ResyncScheduleOptions) {}

  /** True when the key's resync is due now (within the timer tolerance). */
  isDue(key: string): boolean {
    const due = this.dueAt.get(key);
    return due !== undefined && this.options.clock.now() >= due - RESYNC_TOLERANCE_MS;
  }

  /** When the key's resync is due; undefined when none is scheduled. */
  due(key: string): number | undefined {
    return this.dueAt.get(key);
  }

  /**
   * Schedules the key's next resync and returns the delay to it (undefined when resync is off):
   * one period after `lastDue` when the reconcile just done was that resync (the cadence stays
   * exact, so a fleet's resyncs repeat in the same order each period), else a jittered period from
   * now (a new or changed key takes a random place in the spread). A key that fell a whole period
   * behind is re-spread from now. With `observedAt` (the reconcile relied on outside state read
   * then, earlier than the visit), the next resync comes no later than one period after it: a
   * change made just after that read is then seen within one period (ADR 0049).
   */
  next(key: string, lastDue?: number, observedAt?: number): number | undefined {
    const { periodMs, jitter, clock, random } = this.options;
    if (periodMs === 0) return undefined;
    const now = clock.now();
    const exact = lastDue === undefined ? undefined : lastDue + periodMs;
    const spread = exact !== undefined && exact > now ? exact - now : periodMs * (1 - jitter * random());
    const delay =
      observedAt === undefined ? spread : Math.max(0, Math.min(spread, observedAt + periodMs - now));
    this.dueAt.set(key, now + delay);
    return delay;
  }

  /**
   * The delay to the key's existing resync (an earlier delayed add may have displaced it), or a
   * fresh {@link next} when it has none.
   */
  kept(key: string): number | undefined {
    const due = this.dueAt.get(key);
    return due === undefined ? this.next(key) : Math.max(0, due - this.options.clock.now());
  }

  /** Drops the key (its object is gone). */
  forget(key: string): void {
    this.dueAt.delete(key);
  }

  /** Drops every key (a new run starts from scratch). */
  clear(): void {
    this.dueAt.clear();
  }
}
