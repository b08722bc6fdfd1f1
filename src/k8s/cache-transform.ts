/**
 * What the informer cache keeps of each object: everything but the metadata no controller reads.
 * The API server attaches `metadata.managedFields` (one entry per field manager, each a tree of
 * every field that manager owns) to every object, and `kubectl apply` adds a full JSON copy of the
 * object as the `kubectl.kubernetes.io/last-applied-configuration` annotation; together they are
 * most of a cached EcsService's size. controller-runtime drops the former for the same reason
 * (`cache.TransformStripManagedFields`).
 *
 * Dropping them from the cache is safe because ecs-bridge writes only merge patches of status and
 * finalizers (src/k8s/object-writer.ts): no write sends a cached object back whole, so nothing
 * stripped here can be erased on the server.
 */
import { internStrings } from '../shared/intern-strings.js';
import type { ListWatchClient, RawWatchEvent } from './list-watch-client.js';

/** The annotation `kubectl apply` (client-side) stores its last applied object in. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Maps an object as the API server sent it to what the cache keeps. Must not mutate its input. */
export type CacheTransform = (raw: unknown) => unknown;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The default {@link CacheTransform}: a copy of `raw` without `metadata.managedFields` and the
 * last-applied annotation (an annotations map left empty is dropped too). Returns `raw` itself when
 * there is nothing to drop, and anything that is not an object with metadata unchanged.
 */
export function stripUnreadMetadata(raw: unknown): unknown {
  if (!isRecord(raw) || !isRecord(raw.metadata)) return raw;
  const { managedFields, ...metadata } = raw.metadata;
  const annotations = metadata.annotations;
  const hasLastApplied = isRecord(annotations) && LAST_APPLIED_ANNOTATION in annotations;
  if (managedFields === undefined && !hasLastApplied) return raw;
  if (hasLastApplied) {
    const { [LAST_APPLIED_ANNOTATION]: _dropped, ...rest } = annotations;
    if (Object.keys(rest).length === 0) delete metadata.annotations;
    else metadata.annotations = rest;
  }
  return { ...raw, metadata };
}

/**
 * The informers' {@link CacheTransform}: {@link stripUnreadMetadata}, then one shared copy of each
 * string (`src/shared/intern-strings.ts`). Thousands of cached objects repeat the same apiVersion,
 * kind, namespace, condition reasons and messages, images and ARNs; each parsed object brings its
 * own copies, and the cache would keep them all for the object's life.
 */
export function keepForCache(raw: unknown): unknown {
  return internStrings(stripUnreadMetadata(raw));
}

/** Event types that carry an object the cache keeps (not `BOOKMARK` or `ERROR`). */
const OBJECT_EVENTS: ReadonlySet<string> = new Set(['ADDED', 'MODIFIED', 'DELETED']);

/**
 * Wraps a {@link ListWatchClient} so every listed item and every watched object passes through
 * `transform` before the list-watch sees it; bookmarks and `ERROR` statuses pass untouched.
 */
export function transformingClient(client: ListWatchClient, transform: CacheTransform): ListWatchClient {
  return {
    async list(request) {
      const page = await client.list(request);
      return { ...page, items: page.items.map(transform) };
    },
    watch(request, onEvent, onDone) {
      return client.watch(
        request,
        (event: RawWatchEvent) =>
          onEvent(
            OBJECT_EVENTS.has(event.type) ? { type: event.type, object: transform(event.object) } : event,
          ),
        onDone,
      );
    },
  };
}
