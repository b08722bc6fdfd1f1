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
  /** Whether the reconcile is its key's periodic resync (not an event, a requeue or a poll). */
  readonly resync: boolean;
}

const storage = new AsyncLocalStorage<OldestRead>();

/** What the controller tells readers of the reconcile a context runs. */
export interface VisitKind {
  /**
   * The reconcile is its key's periodic resync, the visit that must find drift (ADR 0049). Default
   * true: a caller that does not say is held to the resync's rule.
   */
  readonly resync?: boolean;
}

/**
 * Runs `fn` in a fresh observation context and returns its result with the oldest fetch time any
 * reader reported during it (undefined when every read was made during the call).
 */
export async function observing<T>(
  fn: () => Promise<T>,
  visit: VisitKind = {},
): Promise<{ result: T; oldestAt: number | undefined }> {
  const observation: OldestRead = { oldest: undefined, resync: visit.resync ?? true };
  const result = await storage.run(observation, fn);
  return { result, oldestAt: observation.oldest };
}

/** A reader answered the current reconcile from state fetched at `at` (the clock's scale). */
export function reportObservedAt(at: number): void {
  const observation = storage.getStore();
  if (observation === undefined) return;
  if (observation.oldest === undefined || at < observation.oldest) observation.oldest = at;
}

/**
 * Whether the current reconcile is its key's periodic resync. True outside any context (a reader
 * called by a test, a CLI or a caller that did not say): the stricter rule applies.
 */
export function isResyncVisit(): boolean {
  return storage.getStore()?.resync ?? true;
}
