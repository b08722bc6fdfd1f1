/**
 * Time as an injectable dependency, the one {@link Clock} of the whole operator: the work queue,
 * rate limiters, controller, manager, Kubernetes edge, AWS token buckets and DescribeServices
 * batcher read the time and arm timers only through it, so unit tests drive them with the
 * `FakeClock` of `testing/fake-clock.ts` instead of sleeping.
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

/** Options for {@link createSystemClock}. */
export interface SystemClockOptions {
  /**
   * Whether an armed timer keeps the process alive, like any Node timer (the default). The AWS
   * edge arms its timers without: a wait for a token must never keep a shutting-down process alive.
   */
  readonly keepAlive?: boolean;
}

/**
 * A real clock: `performance.now()` (monotonic, unaffected by wall-clock jumps) and Node timers.
 */
export function createSystemClock(options: SystemClockOptions = {}): Clock {
  const keepAlive = options.keepAlive ?? true;
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
        if (!keepAlive) timer.unref();
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
}

/**
 * The real clock whose timers keep the process alive like any Node timer; the queue and
 * controller clear theirs when shut down, so a stopped manager leaves none behind.
 */
export const systemClock: Clock = createSystemClock();

/**
 * The real clock whose timers never keep the process alive (unref'd), for the AWS edge: a pending
 * wait for a token or a batch window never holds up a shutting-down process.
 */
export const backgroundClock: Clock = createSystemClock({ keepAlive: false });

/**
 * Arms a timer on `clock` and returns the function that cancels it (idempotent): for code that
 * keeps "the timer to cancel" as one closure rather than a handle and its clock.
 */
export function startTimer(clock: Clock, ms: number, callback: () => void): () => void {
  const handle = clock.setTimeout(callback, ms);
  return () => clock.clearTimeout(handle);
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
