/**
 * Jittered exponential backoff for restarting a watch or a list, after client-go's reflector
 * (800 ms doubling to 30 s, full jitter, reset after two quiet minutes). Jitter spreads the
 * reconnects of many operators after an API server restart so they do not arrive in one burst.
 */

/** Options for {@link Backoff}. */
export interface BackoffOptions {
  /** The first delay before jitter. Default 800 ms. */
  readonly initialMs?: number;
  /** The cap before jitter. Default 30 s. */
  readonly maxMs?: number;
  /** Each failure multiplies the delay by this. Default 2. */
  readonly factor?: number;
  /** Adds up to `jitter × delay` at random. Default 1 (up to double). */
  readonly jitter?: number;
  /** A success that lasted this long resets the delay to `initialMs`. Default 2 min. */
  readonly resetAfterMs?: number;
  /** Returns a number in [0, 1); injectable for tests. */
  readonly random?: () => number;
}

/**
 * Delays for successive failures. `next()` returns the wait before the next attempt and grows the
 * delay; `succeeded(durationMs)` resets it when the attempt that just ended had run long enough to
 * count as healthy. Holds a single number.
 */
export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly resetAfterMs: number;
  private readonly random: () => number;
  private currentMs: number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 800;
    this.maxMs = options.maxMs ?? 30_000;
    this.factor = options.factor ?? 2;
    this.jitter = options.jitter ?? 1;
    this.resetAfterMs = options.resetAfterMs ?? 120_000;
    this.random = options.random ?? Math.random;
    if (!(this.initialMs > 0 && this.maxMs >= this.initialMs && this.factor >= 1 && this.jitter >= 0)) {
      throw new RangeError(
        `backoff needs 0 < initialMs <= maxMs, factor >= 1, jitter >= 0; got ${this.initialMs}, ${this.maxMs}, ${this.factor}, ${this.jitter}`,
      );
    }
    this.currentMs = this.initialMs;
  }

  /** The wait before the next attempt; grows the following one. */
  next(): number {
    const base = this.currentMs;
    this.currentMs = Math.min(this.maxMs, this.currentMs * this.factor);
    return Math.round(base + base * this.jitter * this.random());
  }

  /** Records that an attempt ran `durationMs` before ending; a long enough run resets the delay. */
  succeeded(durationMs: number): void {
    if (durationMs >= this.resetAfterMs) this.reset();
  }

  /** Back to the initial delay. */
  reset(): void {
    this.currentMs = this.initialMs;
  }
}
