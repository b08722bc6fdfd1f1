/**
 * A clock that moves only when told to, the one fake of {@link Clock} for every unit test (the
 * controller, the Kubernetes edge, the AWS edge and the AWS proxy). Test-only.
 */
import type { Clock, TimerHandle } from '../clock.js';

interface FakeTimer {
  readonly id: number;
  readonly due: number;
  readonly seq: number;
  readonly callback: () => void;
}

/**
 * A clock that moves only when told to, for tests. Timers fire in due order (ties in the order
 * they were armed) during {@link FakeClock.advance} or {@link FakeClock.tickAsync}.
 */
export class FakeClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, FakeTimer>();

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, due: this.current + Math.max(0, ms), seq: id, callback });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  /** How many timers are armed. */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** When the earliest armed timer is due, or undefined when none is armed. */
  nextDue(): number | undefined {
    return this.earliest()?.due;
  }

  /**
   * Moves time forward by `ms`, synchronously firing every timer that falls due on the way (also
   * timers armed by those callbacks). Promise continuations do not run until the caller awaits.
   */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('a clock does not go backwards');
    const target = this.current + ms;
    for (let timer = this.earliest(); timer !== undefined && timer.due <= target; timer = this.earliest()) {
      this.timers.delete(timer.id);
      this.current = Math.max(this.current, timer.due);
      timer.callback();
    }
    this.current = target;
  }

  /**
   * Like {@link FakeClock.advance}, but lets promise continuations and I/O callbacks run before and
   * after each timer fires, so async code woken by one timer can arm the next in time.
   */
  async tickAsync(ms: number): Promise<void> {
    if (ms < 0) throw new RangeError('a clock does not go backwards');
    const target = this.current + ms;
    await settle();
    for (let timer = this.earliest(); timer !== undefined && timer.due <= target; timer = this.earliest()) {
      this.timers.delete(timer.id);
      this.current = Math.max(this.current, timer.due);
      timer.callback();
      await settle();
    }
    this.current = target;
    await settle();
  }

  private earliest(): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const timer of this.timers.values()) {
      if (best === undefined || timer.due < best.due || (timer.due === best.due && timer.seq < best.seq)) {
        best = timer;
      }
    }
    return best;
  }
}

/** Lets queued promise continuations and one turn of the event loop run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
