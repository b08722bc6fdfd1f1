/**
 * What a controller reads its objects from: a watched cache of one kind (the Kubernetes edge
 * implements it with a supervised informer), and the changes it reports.
 */
import type { ObjectMeta } from '../k8s/object.js';

/** What an {@link ObjectSource} reports: the object after the change (for `deleted`, the last state). */
export interface SourceEvent<T> {
  readonly type: 'added' | 'updated' | 'deleted';
  readonly object: T;
  /** For `updated`, the cached copy it replaced, when the source knows it. */
  readonly oldObject?: T;
}

/**
 * A cache of one kind of object kept current by a watch (the Kubernetes edge implements it with a
 * supervised informer). The contract:
 *
 * - `start()` begins listing and watching in the background and resolves once it has begun; it
 *   does not wait for the first list and does not reject on API errors (it retries by itself).
 * - `stop()` ends the watch; no event is delivered after it resolves.
 * - `hasSynced()` turns true once the first full list is in the cache and stays true while the
 *   source reconnects or relists.
 * - `list()` and `get(key)` read the cache; `key` is {@link objectKey}'s `namespace/name`.
 * - `onEvent(handler)` subscribes to changes, returning an unsubscribe function. The cache is
 *   updated before the handler runs (`get` of a deleted object's key gives undefined). Deletions
 *   found by a relist (after 410 Gone) are reported as `deleted`. Events that happened before
 *   subscribing are not replayed: subscribers call `list()`.
 */
export interface ObjectSource<T> {
  /** Names the source in readiness reports and logs, e.g. `ecsservices.ecs-bridge.dev`. */
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  hasSynced(): boolean;
  list(): readonly T[];
  get(key: string): T | undefined;
  onEvent(handler: (event: SourceEvent<T>) => void): () => void;
}

/** The least a controlled object carries: Kubernetes metadata. */
export interface SourceObject {
  readonly metadata: ObjectMeta;
}

/** A source a controller watches for the keys of its own objects that a change concerns. */
export interface Watch {
  readonly source: ObjectSource<unknown>;
  /** Subscribes to the source; `onKeys` gets the mapped keys of each event (a throwing map's error). */
  subscribe(onKeys: (keys: Iterable<string> | Error) => void): () => void;
}

/** The watch of `source` whose events `map` turns into keys. */
export function relatedWatch<U>(
  source: ObjectSource<U>,
  map: (object: U, event: SourceEvent<U>) => Iterable<string>,
): Watch {
  return {
    source,
    subscribe: (onKeys) =>
      source.onEvent((event) => {
        try {
          onKeys([...map(event.object, event)]);
        } catch (err) {
          onKeys(err instanceof Error ? err : new Error(String(err)));
        }
      }),
  };
}
