/**
 * Per-call options for client-node's generated API methods: a request timeout and, for patches, the
 * patch content type.
 *
 * client-node 1.4.0 sets no timeout on API calls, so a half-open connection can hang a renew or a
 * status write for minutes; a middleware that sets an `AbortSignal` on the request bounds every
 * call. Custom resources reject strategic merge patch and client-node's patch calls default to
 * JSON patch, so patches pass the content type explicitly (kubernetes-facts.md, "Writing").
 * Middleware here is Observable-style: that is what the generated promise API accepts in 1.4.0
 * (a promise-returning middleware fails inside its rxjs stub).
 */
import {
  Observable,
  PatchStrategy,
  setHeaderOptions,
  type ConfigurationOptions,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';

/** What {@link requestOptions} builds. */
export interface RequestOptionsInput {
  /** Abort the call after this many milliseconds. */
  readonly timeoutMs: number;
  /** Cancels the call early (shutdown); combined with the timeout. */
  readonly signal?: AbortSignal;
  /** The `Content-Type` of a patch body; only for patch calls. */
  readonly patchStrategy?: PatchStrategy;
}

/** The options object the generated API methods take as their second argument. */
export type ApiCallOptions = ConfigurationOptions<ObservableMiddleware>;

/** Builds per-call options: a timeout (and signal) and, for patches, the patch content type. */
export function requestOptions(input: RequestOptionsInput): ApiCallOptions {
  const signalMiddleware: ObservableMiddleware = {
    pre: (context: RequestContext) => {
      const timeout = AbortSignal.timeout(input.timeoutMs);
      context.setSignal(input.signal === undefined ? timeout : AbortSignal.any([timeout, input.signal]));
      return new Observable(Promise.resolve(context));
    },
    post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
  };
  const base: ApiCallOptions = { middleware: [signalMiddleware], middlewareMergeStrategy: 'append' };
  return input.patchStrategy === undefined
    ? base
    : setHeaderOptions('Content-Type', input.patchStrategy, base);
}

/** Merge patch options, the patch strategy every write of ours uses. */
export function mergePatchOptions(timeoutMs: number, signal?: AbortSignal): ApiCallOptions {
  return requestOptions({
    timeoutMs,
    patchStrategy: PatchStrategy.MergePatch,
    ...(signal === undefined ? {} : { signal }),
  });
}
