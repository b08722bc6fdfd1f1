/**
 * The two API calls a list-watch makes, behind a narrow interface: a paginated list and a watch
 * stream. {@link ListWatch} is written against {@link ListWatchClient} so unit tests can script the
 * server; {@link CustomResourceListWatchClient} is the real one over client-node's
 * `CustomObjectsApi` and `Watch`.
 */
import type { KubeConfig } from '@kubernetes/client-node';
// The module itself, not the package: the package's index loads client-node's whole generated
// client (see kube-rest.ts).
import { Watch } from '@kubernetes/client-node/dist/watch.js';
import { collectionPath, type CustomResourceType } from './custom-resource.js';
import { kubeApis, type CustomObjects } from './kube-apis.js';
import type { KubeCallOptions } from './kube-rest.js';
import { requestOptions } from './request-options.js';

/** One page of a list call. */
export interface ListRequest {
  /** One namespace, or all namespaces when undefined. */
  readonly namespace?: string;
  /** Applied by the server. */
  readonly labelSelector?: string;
  /** Page size. */
  readonly limit: number;
  /** The `continue` token of the previous page. */
  readonly continueToken?: string;
}

/** What a list page returns. Items are raw JSON objects as the server sent them. */
export interface ListPage {
  readonly items: readonly unknown[];
  /** The list's resourceVersion: where a watch resumes from. */
  readonly resourceVersion: string;
  /** Set when more pages follow. */
  readonly continueToken?: string;
}

/** A watch call. */
export interface WatchRequest {
  readonly namespace?: string;
  readonly labelSelector?: string;
  /** Resume after this version; the server answers 410 when it no longer has it. */
  readonly resourceVersion: string;
  /** The server ends the watch cleanly after this long. */
  readonly timeoutSeconds: number;
  readonly allowWatchBookmarks: boolean;
}

/** One line of a watch stream, unparsed beyond its envelope. */
export interface RawWatchEvent {
  /** `ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK` or `ERROR`. */
  readonly type: string;
  /** The object, or a `Status` for `ERROR`. */
  readonly object: unknown;
}

/** A running watch; `stop()` closes its connection. */
export interface WatchHandle {
  stop(): void;
}

/**
 * The list and watch calls. `watch` resolves once the stream is open (or has failed); `onDone` is
 * called once when it ends: with `null` for a clean close by the server, with an error otherwise
 * (also after `stop()`, which callers must tell apart themselves).
 */
export interface ListWatchClient {
  list(request: ListRequest): Promise<ListPage>;
  watch(
    request: WatchRequest,
    onEvent: (event: RawWatchEvent) => void,
    onDone: (err: unknown) => void,
  ): Promise<WatchHandle>;
}

/** Options for {@link CustomResourceListWatchClient}. */
export interface CustomResourceListWatchClientOptions {
  readonly kubeConfig: KubeConfig;
  readonly type: CustomResourceType;
  /** Bound on one list page call. Default 60 s. */
  readonly listTimeoutMs?: number;
}

/**
 * What every {@link ListWatchClient} shares: a kubeconfig, a bound on each list page call, and a
 * watch of one collection path per request. A subclass says how it lists and where it watches.
 */
export abstract class CollectionListWatchClient implements ListWatchClient {
  protected readonly kubeConfig: KubeConfig;
  protected readonly listTimeoutMs: number;

  protected constructor(kubeConfig: KubeConfig, listTimeoutMs: number) {
    this.kubeConfig = kubeConfig;
    this.listTimeoutMs = listTimeoutMs;
  }

  abstract list(request: ListRequest): Promise<ListPage>;

  /** The collection path watched for `namespace` (all namespaces when undefined). */
  protected abstract collectionPathOf(namespace: string | undefined): string;

  async watch(
    request: WatchRequest,
    onEvent: (event: RawWatchEvent) => void,
    onDone: (err: unknown) => void,
  ): Promise<WatchHandle> {
    return watchCollection(
      this.kubeConfig,
      this.collectionPathOf(request.namespace),
      request,
      onEvent,
      onDone,
    );
  }

  /** The request options of one list page call, bounded by the list timeout. */
  protected listOptions(): KubeCallOptions {
    return requestOptions({ timeoutMs: this.listTimeoutMs });
  }
}

/** {@link ListWatchClient} for a namespaced custom resource, through client-node 2.x. */
export class CustomResourceListWatchClient extends CollectionListWatchClient {
  private readonly api: CustomObjects;
  private readonly type: CustomResourceType;

  constructor(options: CustomResourceListWatchClientOptions) {
    super(options.kubeConfig, options.listTimeoutMs ?? 60_000);
    this.api = kubeApis(options.kubeConfig).customObjects;
    this.type = options.type;
  }

  async list(request: ListRequest): Promise<ListPage> {
    const common = {
      group: this.type.group,
      version: this.type.version,
      plural: this.type.plural,
      ...listParams(request),
    };
    const options = this.listOptions();
    const body: unknown =
      request.namespace === undefined
        ? await this.api.listClusterCustomObject(common, options)
        : await this.api.listNamespacedCustomObject({ ...common, namespace: request.namespace }, options);
    return parseListBody(body);
  }

  protected collectionPathOf(namespace: string | undefined): string {
    return collectionPath(this.type, namespace);
  }
}

/**
 * Starts one watch of the collection at `path` with the request's resource version, bookmarks,
 * server timeout and label selector, bounded by {@link watchWithIdleBound}: the one way every
 * {@link ListWatchClient} watches.
 */
export async function watchCollection(
  kubeConfig: KubeConfig,
  path: string,
  request: WatchRequest,
  onEvent: (event: RawWatchEvent) => void,
  onDone: (err: unknown) => void,
): Promise<WatchHandle> {
  const query: Record<string, string | number | boolean> = {
    resourceVersion: request.resourceVersion,
    allowWatchBookmarks: request.allowWatchBookmarks,
    timeoutSeconds: request.timeoutSeconds,
  };
  if (request.labelSelector !== undefined) query['labelSelector'] = request.labelSelector;
  const controller = await watchWithIdleBound(kubeConfig, request.timeoutSeconds).watch(
    path,
    query,
    (type: string, object: unknown) => onEvent({ type, object }),
    onDone,
  );
  return { stop: () => controller.abort() };
}

/**
 * A client-node `Watch` whose inactivity bound matches the server's own `timeoutSeconds` plus the
 * 30 s grace {@link ListWatch}'s watchdog allows.
 *
 * client-node 2.x ends a watch after 30 s without a byte (its private `requestTimeoutMs`; no option
 * sets it). The API server sends bookmarks about once a minute, so a quiet watch would be cut and
 * restarted every 30 s. One `Watch` per call, because the bound follows each call's jittered
 * `timeoutSeconds`; `watchIdleBoundMs` reads it back for the test that notices a client-node
 * release renaming the field.
 */
export function watchWithIdleBound(kubeConfig: KubeConfig, timeoutSeconds: number): Watch {
  const watch = new Watch(kubeConfig);
  (watch as unknown as { requestTimeoutMs: number }).requestTimeoutMs = (timeoutSeconds + 30) * 1000;
  return watch;
}

/** The inactivity bound client-node applies to `watch`, or undefined if it has no such field. */
export function watchIdleBoundMs(watch: Watch): number | undefined {
  const value = (watch as unknown as { requestTimeoutMs?: unknown }).requestTimeoutMs;
  return typeof value === 'number' ? value : undefined;
}

/**
 * A list request's page parameters as the list calls take them (client-node spells `continue` as
 * `_continue`); an absent selector or token is left out rather than sent empty.
 */
export function listParams(request: ListRequest): {
  readonly limit: number;
  readonly labelSelector?: string;
  readonly _continue?: string;
} {
  return {
    limit: request.limit,
    ...(request.labelSelector === undefined ? {} : { labelSelector: request.labelSelector }),
    ...(request.continueToken === undefined ? {} : { _continue: request.continueToken }),
  };
}

/** Reads the envelope of a list answer; throws when it is not one. */
export function parseListBody(body: unknown): ListPage {
  if (typeof body !== 'object' || body === null) throw new Error('list answer is not an object');
  const { items, metadata } = body as {
    items?: unknown;
    metadata?: { resourceVersion?: unknown; continue?: unknown };
  };
  if (!Array.isArray(items)) throw new Error('list answer has no items array');
  const resourceVersion = metadata?.resourceVersion;
  if (typeof resourceVersion !== 'string' || resourceVersion === '') {
    throw new Error('list answer has no resourceVersion');
  }
  const continueToken = metadata?.continue;
  return typeof continueToken === 'string' && continueToken !== ''
    ? { items, resourceVersion, continueToken }
    : { items, resourceVersion };
}
