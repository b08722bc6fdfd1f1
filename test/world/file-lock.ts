/** A lock file for builds into the shared cache, so two runs starting at once do not collide. */
import { closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Holds an exclusive lock file while `fn` runs. A lock older than an hour is a crashed build's and
 * is taken over.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      closeSync(openSync(lockPath, 'wx'));
      break;
    } catch {
      try {
        if (Date.now() - statSync(lockPath).mtimeMs > 3_600_000) unlinkSync(lockPath);
      } catch {
        // Lock vanished between the checks: try again.
      }
      await delay(1_000);
    }
  }
  try {
    return await fn();
  } finally {
    try {
      unlinkSync(lockPath);
    } catch {
      // Already gone.
    }
  }
}
