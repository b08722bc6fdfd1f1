/**
 * A manual {@link Clock} for tests of the proxy and of code that runs it: time moves only when
 * `advance` is called, so token-bucket arithmetic is exact.
 */
import type { Clock } from './token-bucket.js';

/** A clock that moves only when told to. */
export interface FakeClock extends Clock {
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
}

/** Creates a {@link FakeClock} reading `start` milliseconds. */
export function fakeClock(start = 0): FakeClock {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      if (ms < 0) throw new RangeError('a clock does not go backwards');
      now += ms;
    },
  };
}
