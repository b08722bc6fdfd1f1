/**
 * An object source over a fixed list, synced from the start and never announcing a change: for tests
 * that need a cache to read from, not events. Test-only.
 */
import { objectKey, type ObjectMeta } from '../../k8s/object.js';
import type { ObjectSource } from '../object-source.js';

/** A synced source named `name` holding `items` (looked up by `namespace/name`); it never fires. */
export function staticSource<T extends { readonly metadata: Pick<ObjectMeta, 'name' | 'namespace'> }>(
  name: string,
  items: readonly T[],
): ObjectSource<T> {
  return {
    name,
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    hasSynced: () => true,
    list: () => items,
    get: (key) => items.find((i) => objectKey(i) === key),
    onEvent: () => () => undefined,
  };
}
