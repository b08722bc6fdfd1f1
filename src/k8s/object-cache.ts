/**
 * The cache of one list-watch: the objects by key, and the changes each list or watch event makes
 * to it, as the events handlers see. Pure bookkeeping: list-watch.ts decides when to list and watch,
 * this decides what changed.
 */
import { objectKey, type KubeObject } from './object.js';

/**
 * A change to the cache, as handlers see it: src/controller's `SourceEvent` plus, for updates, the
 * cached copy the change replaced. For `deleted`, `object` is the last state known.
 */
export interface ObjectEvent<T> {
  readonly type: 'added' | 'updated' | 'deleted';
  readonly object: T;
  readonly oldObject?: T;
}

/** The objects of one collection by key (`namespace/name`). */
export class ObjectCache<T extends KubeObject> {
  private objects = new Map<string, T>();

  get(key: string): T | undefined {
    return this.objects.get(key);
  }

  list(): T[] {
    return [...this.objects.values()];
  }

  get size(): number {
    return this.objects.size;
  }

  /**
   * Swaps in a fresh list; returns the difference with the old cache: `deleted` for every object the
   * list no longer holds (deletions missed while not watching), then `added` and `updated`.
   */
  replace(items: readonly T[]): ObjectEvent<T>[] {
    const previous = this.objects;
    const next = new Map<string, T>();
    for (const obj of items) next.set(objectKey(obj), obj);
    this.objects = next;
    const events: ObjectEvent<T>[] = [];
    for (const [key, old] of previous) {
      if (!next.has(key)) events.push({ type: 'deleted', object: old });
    }
    for (const [key, obj] of next) {
      const old = previous.get(key);
      if (old === undefined) events.push({ type: 'added', object: obj });
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) {
        events.push({ type: 'updated', object: obj, oldObject: old });
      }
    }
    return events;
  }

  /** Stores an added or modified object; the change, or undefined when its version is the cached one. */
  put(obj: T): ObjectEvent<T> | undefined {
    const key = objectKey(obj);
    const old = this.objects.get(key);
    this.objects.set(key, obj);
    if (old === undefined) return { type: 'added', object: obj };
    if (old.metadata.resourceVersion !== obj.metadata.resourceVersion)
      return { type: 'updated', object: obj, oldObject: old };
    return undefined;
  }

  /** Drops a deleted object; the change, or undefined when it was not cached. */
  remove(obj: T): ObjectEvent<T> | undefined {
    return this.objects.delete(objectKey(obj)) ? { type: 'deleted', object: obj } : undefined;
  }
}
