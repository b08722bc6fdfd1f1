/**
 * The hook through which every AWS call made by this folder is counted and timed. The
 * observability layer implements it (prom-client counters such as
 * `ecs_bridge_aws_calls_total{service,operation,outcome}`); this folder never imports prom-client.
 */
import type { AwsErrorKind } from './errors.js';

/** The AWS services this folder calls, as metric label values. */
export type AwsServiceName =
  | 'ecs'
  | 'application-autoscaling'
  | 'elasticloadbalancing'
  | 'sts'
  | 'events'
  | 'scheduler'
  | 's3'
  | 'cloudwatch'
  | 'tagging';

/**
 * How a call ended, as the caller saw it (after the SDK's own retries): `success`, or the kind
 * `classifyAwsError` gives the final error (`throttled`, `notFound`, `invalid`, …): a closed set of
 * nine values, so it is safe as a metric label.
 */
export type AwsCallOutcome = 'success' | AwsErrorKind;

/** One call that ended in an error, after the SDK's own retries. */
export interface AwsCallFailure {
  readonly service: AwsServiceName;
  readonly operation: string;
  readonly outcome: Exclude<AwsCallOutcome, 'success'>;
  /** The AWS error code (`ThrottlingException`) or the network error's. */
  readonly errorCode: string;
  readonly httpStatus?: number;
  /** AWS's request id, when AWS answered: what AWS support asks for. For logs only, never status. */
  readonly requestId?: string;
}

/** Receives one record per AWS call; implementations must be cheap and must not throw. */
export interface AwsCallObserver {
  /**
   * One finished call. `operation` is the AWS action name (`DescribeServices`); `seconds` is the
   * time spent in the SDK (its retries included), not the time spent waiting for a token.
   */
  observeCall(service: AwsServiceName, operation: string, outcome: AwsCallOutcome, seconds: number): void;
  /**
   * Optional: how long a call waited for a client-side token before being sent (0 when a token was
   * free). Not called for a wait that was aborted.
   */
  observeRateLimitWait?(service: AwsServiceName, category: string, seconds: number): void;
  /**
   * Optional: a call made on behalf of the holder of `signal` (the caller's own signal, e.g. a
   * reconcile's; undefined for a caller without one) begins, waiting for a token first. The
   * returned function is called once when the call ends, however it ends. Lets the process say
   * which AWS operation a stuck reconcile is waiting on.
   */
  callStarted?(service: AwsServiceName, operation: string, signal: AbortSignal | undefined): () => void;
  /** Optional: the details of a call that failed (after {@link observeCall} counted it). */
  observeFailure?(failure: AwsCallFailure): void;
}
