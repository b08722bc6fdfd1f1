/**
 * When the outside state a reconcile relied on was actually read. A shared reader that answers from
 * an answer fetched earlier (the DescribeServices read-ahead) reports the fetch time here; the
 * controller then schedules the key's next resync one period after that fetch rather than one
 * period after the visit, so a change made just after the fetch is seen within one resync period
 * (ADR 0049). Nothing here knows what was read: only when.
 *
 * The context follows the reconcile's async calls (AsyncLocalStorage), so readers need no extra
 * parameter; outside a context a report is ignored.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface OldestRead {
  oldest: number | undefined;
}

const storage = new AsyncLocalStorage<OldestRead>();

/**
 * Runs `fn` in a fresh observation context and returns its result with the oldest fetch time any
 * reader reported during it (undefined when every read was made during the call).
 */
export async function observing<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; oldestAt: number | undefined }> {
  const observation: OldestRead = { oldest: undefined };
  const result = await storage.run(observation, fn);
  return { result, oldestAt: observation.oldest };
}

/** A reader answered the current reconcile from state fetched at `at` (the clock's scale). */
export function reportObservedAt(at: number): void {
  const observation = storage.getStore();
  if (observation === undefined) return;
  if (observation.oldest === undefined || at < observation.oldest) observation.oldest = at;
}
