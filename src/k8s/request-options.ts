/**
 * Per-call options for the operator's Kubernetes API calls (kube-apis.ts): a request timeout and,
 * for patches, the patch content type.
 *
 * Every call is bounded: a half-open connection must not hang a renew or a status write for
 * minutes. Custom resources reject strategic merge patch, so every patch says it is a JSON merge
 * patch explicitly (kubernetes-facts.md, "Writing").
 */
import { MERGE_PATCH, type KubeCallOptions } from './kube-rest.js';

/** What {@link requestOptions} builds. */
export interface RequestOptionsInput {
  /** Abort the call after this many milliseconds. */
  readonly timeoutMs: number;
  /** Cancels the call early (shutdown); combined with the timeout. */
  readonly signal?: AbortSignal;
  /** The `Content-Type` of a patch body; only for patch calls. */
  readonly contentType?: string;
}

/** The options object every API method of kube-apis.ts takes as its second argument. */
export type ApiCallOptions = KubeCallOptions;

/** Builds per-call options: a timeout (and signal) and, for patches, the patch content type. */
export function requestOptions(input: RequestOptionsInput): ApiCallOptions {
  return {
    timeoutMs: input.timeoutMs,
    ...(input.signal === undefined ? {} : { signal: input.signal }),
    ...(input.contentType === undefined ? {} : { contentType: input.contentType }),
  };
}

/** Merge patch options, the patch strategy every write of ours uses. */
export function mergePatchOptions(timeoutMs: number, signal?: AbortSignal): ApiCallOptions {
  return requestOptions({ timeoutMs, contentType: MERGE_PATCH, ...(signal === undefined ? {} : { signal }) });
}
