/**
 * A manual {@link Clock} for unit tests: time moves only when the test calls {@link FakeClock.advance},
 * which fires due timers in order and lets the promise callbacks they trigger run in between.
 * Test-only; production code takes {@link systemClock}.
 */
import type { Clock } from './clock.js';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** Lets every queued promise callback (and the callbacks they queue) run before returning. */
export function flushPromises(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A deterministic clock whose time advances only on request. */
export class FakeClock implements Clock {
  private time: number;
  private nextId = 0;
  private timers: Timer[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer: Timer = { id: this.nextId++, at: this.time + Math.max(0, ms), fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** How many timers are pending. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due (earliest first, at its own
   * time) and flushing promise callbacks after each, then flushes once more at the end.
   */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await flushPromises();
    for (;;) {
      const next = this.earliestDue(target);
      if (next === undefined) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.fn();
      await flushPromises();
    }
    this.time = target;
    await flushPromises();
  }

  private earliestDue(limit: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) {
      if (t.at <= limit && (best === undefined || t.at < best.at || (t.at === best.at && t.id < best.id)))
        best = t;
    }
    return best;
  }
}
