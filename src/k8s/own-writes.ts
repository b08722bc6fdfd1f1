/**
 * The copies of objects a reconciler wrote last, so that a reconcile handed an informer copy that
 * predates the reconciler's own writes works from the newer copy instead.
 *
 * Why: a reconcile writes the finalizer, then `Reconciling`, then the converged status. The first
 * write's watch event marks the key dirty, so the controller reconciles it again as soon as the
 * first reconcile ends, often before the informer has seen the last write. Working from that stale
 * copy, the status writer (a merge patch without a resourceVersion precondition) would write again:
 * at best the same status with a new `lastTransitionTime`, at worst `Ready=Unknown` over the
 * `Ready=True` just written, or a 409 on the finalizer. The answer of our own write is the object
 * as the server has it, newer than any copy whose resourceVersion that write replaced.
 *
 * Memory: one entry per key, dropped as soon as the reconciler is told of a copy it did not replace
 * (the informer caught up, or someone else wrote: `freshest`, called by each visit and by the
 * reconciler's `cached` hook for every copy the cache takes in), and on deletion. Each is kept as the
 * informer keeps its copies, without `managedFields` (cache-transform.ts), which the API server's
 * answers carry. Both matter at scale: a converged fleet of 5,000 pairs held an entry, with its
 * managedFields, for nearly every object until its next resync, and ran out of heap.
 */
import { stripUnreadMetadata } from './cache-transform.js';
import { objectKey, type KubeObject } from './object.js';

interface Entry<T> {
  /** resourceVersions our writes replaced, since the informer last caught up. */
  readonly replaced: Set<string>;
  /** The object as our last write left it. */
  latest: T;
}

/** Remembers this process's own writes per object key; see the module comment. */
export class OwnWrites<T extends KubeObject> {
  readonly #entries = new Map<string, Entry<T>>();

  /** Records that our write turned `before` into `after` (nothing when the resourceVersion did not move). */
  record(before: T, after: T): void {
    const from = before.metadata.resourceVersion;
    if (from === undefined || from === after.metadata.resourceVersion) return;
    const key = objectKey(before);
    const latest = stripUnreadMetadata(after) as T;
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.latest.metadata.uid !== after.metadata.uid) {
      this.#entries.set(key, { replaced: new Set([from]), latest });
      return;
    }
    entry.replaced.add(from);
    entry.latest = latest;
  }

  /**
   * The copy to work from: our own last write when `obj` is a version one of our writes replaced,
   * otherwise `obj` itself (and the entry is dropped: the informer is at or past our writes).
   */
  freshest(obj: T): T {
    const key = objectKey(obj);
    const entry = this.#entries.get(key);
    if (entry === undefined) return obj;
    const rv = obj.metadata.resourceVersion;
    if (entry.latest.metadata.uid === obj.metadata.uid && rv !== undefined && entry.replaced.has(rv)) {
      return entry.latest;
    }
    this.#entries.delete(key);
    return obj;
  }

  /** Forgets an object (it is gone, or about to be). */
  forget(obj: T): void {
    this.#entries.delete(objectKey(obj));
  }

  /** Keys remembered now (for tests). */
  get size(): number {
    return this.#entries.size;
  }
}
