/**
 * The informer a controller watches its kind through: one supervised {@link ListWatch} per watched
 * namespace (or one across all namespaces), one cache, one stream of added/updated/deleted events. It
 * is the `ObjectSource<T>` of src/controller (`start` returns at once and never rejects on API
 * errors; `stop` delivers nothing after it resolves; `hasSynced` after the first complete list).
 *
 * The API server cannot watch a set of namespaces in one call, so `--namespaces a,b` becomes one
 * list-watch per namespace; the label selector (`--selector`) is applied by the server on every
 * list and watch, so objects of other operator deployments never reach this cache. The cache keeps
 * objects without the metadata no controller reads (src/k8s/cache-transform.ts).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ObjectSource } from '../controller/controller.js';
import type { Logger } from '../observability/logger.js';
import { keepForCache, transformingClient, type CacheTransform } from './cache-transform.js';
import { collectionPath, resourceName, type CustomResourceType } from './custom-resource.js';
import { CustomResourceListWatchClient, type ListWatchClient } from './list-watch-client.js';
import { ListWatch, type ListWatchStats, type ListWatchTuning, type ObjectEvent } from './list-watch.js';
import { parseObjectKey, type KubeObject } from './object.js';

/** Options for {@link Informer}. */
export interface InformerOptions extends ListWatchTuning {
  /** The kind to watch. */
  readonly type: CustomResourceType;
  /** Builds the real client; ignored when `client` is given. */
  readonly kubeConfig?: KubeConfig;
  /** A list/watch client (tests script one); built from `kubeConfig` when absent. */
  readonly client?: ListWatchClient;
  /** Watch only these namespaces; every namespace when absent or empty. */
  readonly namespaces?: readonly string[];
  /** A label selector the server applies (e.g. `shard=a`). */
  readonly labelSelector?: string;
  /**
   * What the cache keeps of each object; {@link keepForCache} (no managedFields, no last-applied
   * annotation, one copy of each string) when absent. Pass `(raw) => raw` to keep objects whole.
   */
  readonly transform?: CacheTransform;
  readonly log: Logger;
}

/** A handler of cache changes. */
export type ObjectEventHandler<T> = (event: ObjectEvent<T>) => void;

/** A cached, supervised view of one custom resource kind. See the file header. */
export class Informer<T extends KubeObject> implements ObjectSource<T> {
  /** `plural.group`, e.g. `ecsservices.ecs-bridge.dev`: names the source in readiness and logs. */
  readonly name: string;
  private readonly watches = new Map<string | undefined, ListWatch<T>>();
  private readonly handlers = new Set<ObjectEventHandler<T>>();
  private readonly log: Logger;

  constructor(options: InformerOptions) {
    const client = transformingClient(
      options.client ?? buildClient(options),
      options.transform ?? keepForCache,
    );
    this.name = resourceName(options.type);
    this.log = options.log.child({ resource: this.name });
    const namespaces =
      options.namespaces === undefined || options.namespaces.length === 0
        ? [undefined]
        : [...new Set(options.namespaces)];
    for (const namespace of namespaces) {
      this.watches.set(
        namespace,
        new ListWatch<T>({
          ...options,
          client,
          log: this.log,
          ...(namespace === undefined ? {} : { namespace }),
          onEvent: (event) => this.dispatch(event),
        }),
      );
    }
    this.log.debug(
      {
        paths: namespaces.map((ns) => collectionPath(options.type, ns)),
        labelSelector: options.labelSelector,
      },
      'informer created',
    );
  }

  /** Starts every list-watch in the background; resolves at once (see {@link Informer.waitForSync}). */
  async start(): Promise<void> {
    await Promise.all([...this.watches.values()].map((w) => w.start()));
  }

  /** Stops every list-watch; nothing restarts and no event follows. */
  async stop(): Promise<void> {
    await Promise.all([...this.watches.values()].map((w) => w.stop()));
  }

  /** True once every namespace has been listed completely. Gates readiness. */
  hasSynced(): boolean {
    for (const w of this.watches.values()) if (!w.hasSynced()) return false;
    return true;
  }

  /** Resolves once {@link Informer.hasSynced} is true. */
  async waitForSync(): Promise<void> {
    await Promise.all([...this.watches.values()].map((w) => w.waitForSync()));
  }

  /** Every cached object. */
  list(): T[] {
    return [...this.watches.values()].flatMap((w) => w.list());
  }

  /** The cached object under `namespace/name`, or undefined. */
  get(key: string): T | undefined {
    const all = this.watches.get(undefined);
    if (all !== undefined) return all.get(key);
    return this.watches.get(parseObjectKey(key).namespace)?.get(key);
  }

  /**
   * Subscribes to cache changes; returns the unsubscribe function. The cache holds the change before
   * handlers run; handlers must be quick (enqueue a key) and a throw is logged, not propagated.
   */
  onEvent(handler: ObjectEventHandler<T>): () => void {
    this.handlers.add(handler);
    return () => {
      this.handlers.delete(handler);
    };
  }

  /** Counters summed over every namespace. */
  stats(): ListWatchStats {
    const sum = { lists: 0, watches: 0, expired: 0, failures: 0, stalls: 0 };
    for (const w of this.watches.values()) {
      const s = w.stats();
      sum.lists += s.lists;
      sum.watches += s.watches;
      sum.expired += s.expired;
      sum.failures += s.failures;
      sum.stalls += s.stalls;
    }
    return sum;
  }

  private dispatch(event: ObjectEvent<T>): void {
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (err) {
        this.log.error({ err, eventType: event.type }, 'event handler threw');
      }
    }
  }
}

function buildClient(options: InformerOptions): ListWatchClient {
  if (options.kubeConfig === undefined) throw new Error('informer needs a kubeConfig or a client');
  return new CustomResourceListWatchClient({ kubeConfig: options.kubeConfig, type: options.type });
}
