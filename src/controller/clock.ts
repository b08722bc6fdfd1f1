/**
 * Time as an injectable dependency: the work queue, rate limiter, controller and manager read the
 * time and arm timers only through a {@link Clock}, so unit tests drive them with a
 * {@link FakeClock} instead of sleeping.
 */

/** An armed timer; pass it back to {@link Clock.clearTimeout} to cancel it. */
export interface TimerHandle {
  readonly id: number;
}

/**
 * The source of time and timers. `now()` is milliseconds on a monotonic scale (only differences
 * mean anything); `setTimeout` fires its callback once, no earlier than `ms` from now.
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

// Node clamps larger delays to 1 ms with a warning; longer waits re-arm in steps instead.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The real clock: `performance.now()` (monotonic, unaffected by wall-clock jumps) and Node timers.
 * Timers keep the process alive like any Node timer; the queue and controller clear theirs when
 * shut down, so a stopped manager leaves none behind.
 */
export const systemClock: Clock = (() => {
  let nextId = 1;
  const timers = new Map<number, NodeJS.Timeout>();
  return {
    now: () => performance.now(),
    setTimeout(callback: () => void, ms: number): TimerHandle {
      const id = nextId++;
      const due = performance.now() + Math.max(0, ms);
      const arm = (): void => {
        const left = due - performance.now();
        const timer = setTimeout(
          () => {
            // Node measures a timer from its loop's cached time, which may lag the moment it was
            // armed: it can fire a millisecond or so early by performance.now(). Re-arm for the
            // rest (and for the next step of a very long wait).
            if (due - performance.now() > 0) {
              arm();
              return;
            }
            timers.delete(id);
            callback();
          },
          Math.max(0, Math.min(left, MAX_TIMER_MS)),
        );
        timers.set(id, timer);
      };
      arm();
      return { id };
    },
    clearTimeout(handle: TimerHandle): void {
      const timer = timers.get(handle.id);
      if (timer !== undefined) {
        clearTimeout(timer);
        timers.delete(handle.id);
      }
    },
  };
})();

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

/**
 * Resolves after `ms` on `clock`, or rejects with the signal's reason as soon as `signal` aborts.
 * For retry loops (leader election, watch restarts) that must stop at once on shutdown.
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(abortReason(signal));
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('aborted', { cause: reason });
}

/**
 * Resolves true when `promise` settles within `ms` on `clock`, false when the time runs out first
 * (the promise keeps running; a rejection counts as settling).
 */
export async function settlesWithin(promise: Promise<unknown>, ms: number, clock: Clock): Promise<boolean> {
  let handle: TimerHandle | undefined;
  const deadline = new Promise<boolean>((resolve) => {
    handle = clock.setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      deadline,
    ]);
  } finally {
    if (handle !== undefined) clock.clearTimeout(handle);
  }
}
