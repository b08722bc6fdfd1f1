/** Polling with a deadline: how the world waits for its parts, never a fixed sleep. */
import { setTimeout as delay } from 'node:timers/promises';

/** Options for {@link waitFor}. */
export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Said in the timeout error: what was awaited (a function is called then, to show late state). */
  readonly what: string | (() => string);
  /** Checked before each attempt: stop early, e.g. when the process being awaited has died. */
  readonly abortIf?: () => string | undefined;
}

/**
 * Calls `probe` until it returns a value other than `undefined`, or throws when the deadline passes
 * (with the last error seen).
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  options: WaitOptions,
): Promise<T> {
  const what = (): string => (typeof options.what === 'string' ? options.what : options.what());
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const aborted = options.abortIf?.();
    if (aborted !== undefined) throw new Error(`gave up waiting for ${what()}: ${aborted}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what()}${detail}`);
    }
    await delay(options.intervalMs ?? 100);
  }
}
