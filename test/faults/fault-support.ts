/**
 * Small helpers the fault suite's files share: the proxy's write calls since a mark, and a bounded
 * parallel map (kubectl runs are slow on a shared 2-core machine; a few at once keep it moving).
 */
import type { CallRecord } from '../world/aws-proxy/index.js';
import { proxyControl } from '../support/world-client.js';

/** True for AWS actions that change something (everything but Describe*, List* and Get*). */
export function isWriteAction(action: string): boolean {
  return !/^(Describe|List|Get)/.test(action);
}

/** The newest call sequence number the proxy logged (kept across resets): "from here on". */
export async function lastSeq(): Promise<number> {
  return proxyControl().lastSeq();
}

/** Every write call (any service, any outcome) the proxy logged after `mark`, as `action params`. */
export async function awsWritesAfter(mark: number): Promise<string[]> {
  const calls: CallRecord[] = await proxyControl().calls({ afterSeq: mark });
  return calls.filter((c) => isWriteAction(c.action)).map((c) => `${c.action} ${JSON.stringify(c.params)}`);
}

/** Maps `items` through `fn` with at most `limit` running at once, keeping order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
