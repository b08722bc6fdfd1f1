/**
 * The operator's Kubernetes API calls as plain JSON over HTTP: the few resources and verbs it uses
 * (custom objects, Events, Leases, Namespaces, one CRD read), authenticated by the `KubeConfig`.
 *
 * Why not client-node's generated API classes: importing any of them loads the whole generated
 * client, every API group of Kubernetes and ~2,700 model classes (15 MB of JavaScript), which is
 * about a third of the operator's resident memory before it manages one object (measured in
 * docs/performance.md, "Memory"). The operator never needed the models: custom objects are plain
 * JSON, and every write is a patch or a whole body we build. This module keeps client-node's
 * `KubeConfig` for everything credentials involve (kubeconfig files, in-cluster token refresh, exec
 * plugins, TLS) through `applySecurityAuthentication`, and client-node's own HTTP library (its undici
 * fetch), so the keep-alive dispatcher `KeepAliveKubeConfig` hands out is used as before. Errors carry `code` (the HTTP status),
 * `body` and `headers` as client-node's `ApiException` does, so `api-errors.ts` reads them alike.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { HttpMethod, RequestContext } from '@kubernetes/client-node/dist/gen/http/http.js';
import { IsomorphicFetchHttpLibrary } from '@kubernetes/client-node/dist/gen/http/isomorphic-fetch.js';

/** Per-call options: a deadline, a cancel signal, and the body's content type for a patch. */
export interface KubeCallOptions {
  /** Abort the call after this many milliseconds. */
  readonly timeoutMs: number;
  /** Cancels the call early (shutdown); combined with the timeout. */
  readonly signal?: AbortSignal;
  /** `Content-Type` of the body; JSON when absent. */
  readonly contentType?: string;
}

/** The `Content-Type` of a JSON merge patch (RFC 7386), the one patch every write of ours uses. */
export const MERGE_PATCH = 'application/merge-patch+json';

/** A non-2xx answer of the API server: the status, the `Status` body (parsed when JSON) and headers. */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';

  constructor(
    /** The HTTP status (as client-node's `ApiException.code`). */
    readonly code: number,
    /** The answer's body: the `Status` object when it was JSON, else its text. */
    readonly body: unknown,
    readonly headers: Readonly<Record<string, string>>,
    method: string,
    path: string,
  ) {
    const status = body as { reason?: unknown; message?: unknown } | undefined;
    const detail =
      typeof status?.message === 'string'
        ? `${typeof status.reason === 'string' ? `${status.reason}: ` : ''}${status.message}`
        : String(body).slice(0, 200);
    super(`${method} ${path}: HTTP ${code}: ${detail}`);
  }
}

/** Query parameters; undefined values are left out. */
export type KubeQuery = Readonly<Record<string, string | number | boolean | undefined>>;

/** One call: method, path under the cluster's server URL, query and JSON body. */
export interface KubeRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: KubeQuery;
  readonly body?: unknown;
}

const METHODS: Readonly<Record<KubeRequest['method'], HttpMethod>> = {
  GET: HttpMethod.GET,
  POST: HttpMethod.POST,
  PUT: HttpMethod.PUT,
  PATCH: HttpMethod.PATCH,
  DELETE: HttpMethod.DELETE,
};

const HTTP = new IsomorphicFetchHttpLibrary();

/** Sends JSON requests to the API server the `KubeConfig` names. */
export class KubeRest {
  constructor(private readonly kubeConfig: KubeConfig) {}

  /** Sends `request`; resolves with the parsed JSON answer, throws {@link KubeApiError} on non-2xx. */
  async call(request: KubeRequest, options: KubeCallOptions): Promise<unknown> {
    const server = this.kubeConfig.getCurrentCluster()?.server;
    if (server === undefined) throw new Error('kubeconfig has no current cluster');
    const url = new URL(server.replace(/\/+$/, '') + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const context = new RequestContext(url.toString(), METHODS[request.method]);
    context.setHeaderParam('Accept', 'application/json');
    if (request.body !== undefined) {
      context.setHeaderParam('Content-Type', options.contentType ?? 'application/json');
      context.setBody(JSON.stringify(request.body));
    }
    await this.kubeConfig.applySecurityAuthentication(context);
    const timeout = AbortSignal.timeout(options.timeoutMs);
    context.setSignal(options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]));
    const response = await HTTP.send(context).toPromise();
    const text = await response.body.text();
    const body = parseJson(text);
    if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
      throw new KubeApiError(
        response.httpStatusCode,
        body ?? text,
        response.headers,
        request.method,
        request.path,
      );
    }
    return body;
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
