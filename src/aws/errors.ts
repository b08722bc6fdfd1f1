/**
 * Classifies AWS SDK errors once, into a closed union, so that behaviour follows the kind and never
 * a string match scattered through the resources.
 *
 * - `throttled`, `transient`, `conflict`: retry (the work queue backs off).
 * - `invalid`, `accessDenied`, `quota`: terminal; the object gets a condition with a PascalCase reason.
 * - `notFound`: the caller decides (usually: create, or treat as gone).
 */

/** What went wrong, as far as behaviour is concerned. */
export type AwsErrorKind =
  'notFound' | 'throttled' | 'conflict' | 'invalid' | 'quota' | 'accessDenied' | 'transient' | 'unknown';

/** A classified AWS error: the kind, the AWS error name and a message fit for status. */
export interface AwsErrorClass {
  readonly kind: AwsErrorKind;
  /** The AWS error code, e.g. `ThrottlingException`, or the Node error code for network errors. */
  readonly code: string;
  /** The AWS message with request ids removed, so a status written from it stays stable. */
  readonly message: string;
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
]);

// The SDK's generic retry list counts LimitExceededException as throttling; for ECS and Application
// Auto Scaling it means a quota is used up (too many services, policies, targets), which waiting
// does not fix.
const QUOTA = new Set(['LimitExceededException', 'ServiceQuotaExceededException', 'TooManyTargetsException']);

const ACCESS = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'ExpiredToken',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
]);

const NOT_FOUND = new Set([
  'ServiceNotFoundException',
  'ClusterNotFoundException',
  'ObjectNotFoundException',
  'ResourceNotFoundException',
  'TargetGroupNotFound',
  'TargetGroupNotFoundException',
  'LoadBalancerNotFound',
  'LoadBalancerNotFoundException',
]);

const CONFLICT = new Set([
  'ConcurrentUpdateException',
  'ServiceNotActiveException',
  'ResourceInUseException',
  'UpdateInProgressException',
  'ConflictException',
]);

const INVALID = new Set([
  'InvalidParameterException',
  'ValidationException',
  'ClientException',
  'UnsupportedFeatureException',
  'PlatformUnknownException',
  'PlatformTaskDefinitionIncompatibilityException',
  'AttributeLimitExceededException',
  'ValidationError',
  'InvalidConfigurationRequest',
]);

const TRANSIENT_CODES = new Set([
  'ServerException',
  'InternalServiceException',
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'FailedResourceAccessException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  // Ours (call-timeout.ts): a call abandoned at its deadline.
  'AwsCallTimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

interface SdkLikeError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
  cause?: unknown;
}

/**
 * The HTTP status and AWS request id of a failed call (`$metadata`), for the operator's log only:
 * AWS support asks for the request id. It never goes into status or Events (see
 * {@link stripRequestIds}).
 */
export function awsResponseOf(err: unknown): { readonly httpStatus?: number; readonly requestId?: string } {
  const meta = (typeof err === 'object' && err !== null ? (err as SdkLikeError) : {}).$metadata;
  const id = meta?.requestId;
  const status = meta?.httpStatusCode;
  return {
    ...(typeof status === 'number' ? { httpStatus: status } : {}),
    ...(typeof id === 'string' && id !== '' ? { requestId: id } : {}),
  };
}

/** Removes request ids (UUIDs and `Request ID: …` phrases) from an AWS message. */
export function stripRequestIds(message: string): string {
  return message
    .replace(
      /\s*\(?(Service: [^;)]+; )?(Status Code: \d+; )?(Error Code: [^;)]+; )?Request ?ID: [^;)\s]+[;)]?\)?/gi,
      '',
    )
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .trim();
}

/**
 * The advice the SDK appends to an error it could not deserialize (`@smithy/core`'s deserialization
 * middleware): meant for a developer at a debugger, meaningless to a user reading a condition.
 */
const SDK_ADVICE =
  /\s*Deserialization error: to see the raw response, inspect the hidden field \{error\}\.\$response on this object\.?/;

/** The code given to an answer the SDK could not read (its own error names say nothing to a user). */
export const UNREADABLE_ANSWER = 'UnreadableAnswer';

/** Removes SDK-internal advice from a message, keeping what the error itself says. */
export function stripSdkAdvice(message: string): string {
  return message.replace(SDK_ADVICE, '').trim();
}

/**
 * True when the SDK failed to read an answer (it attached the raw `$response` and its advice)
 * rather than AWS answering with an error of its own.
 */
function isUnreadableAnswer(e: SdkLikeError, rawMessage: string): boolean {
  return SDK_ADVICE.test(rawMessage) && e.$fault === undefined;
}

/** Classifies an error thrown by an AWS SDK v3 client (or by the network beneath it). */
export function classifyAwsError(err: unknown): AwsErrorClass {
  const e = (typeof err === 'object' && err !== null ? err : {}) as SdkLikeError;
  const code =
    typeof e.name === 'string' && e.name !== 'Error'
      ? e.name
      : typeof e.code === 'string'
        ? e.code
        : 'Unknown';
  const rawMessage = typeof e.message === 'string' ? e.message : String(err);
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  if (isUnreadableAnswer(e, rawMessage)) {
    // A truncated or garbled body (a proxy, a cut connection): worth a retry, and the message says
    // what happened instead of how to debug the SDK.
    const detail = stripRequestIds(stripSdkAdvice(rawMessage)).split('\n')[0]?.trim() ?? '';
    const http = status === undefined ? '' : ` (HTTP ${status})`;
    return {
      kind: 'transient',
      code: UNREADABLE_ANSWER,
      message: `AWS sent an answer that could not be read${http}${detail === '' ? '' : `: ${detail}`}; retrying`,
    };
  }
  const message = stripRequestIds(stripSdkAdvice(rawMessage));
  const nodeCode = typeof e.code === 'string' ? e.code : undefined;

  const kind = ((): AwsErrorKind => {
    if (THROTTLING.has(code) || status === 429) return 'throttled';
    if (QUOTA.has(code)) return 'quota';
    if (ACCESS.has(code) || status === 403) return 'accessDenied';
    if (NOT_FOUND.has(code)) return 'notFound';
    if (CONFLICT.has(code)) return 'conflict';
    if (INVALID.has(code)) return 'invalid';
    if (TRANSIENT_CODES.has(code) || (nodeCode !== undefined && TRANSIENT_CODES.has(nodeCode)))
      return 'transient';
    if (e.$fault === 'server' || (status !== undefined && status >= 500)) return 'transient';
    if (e.cause !== undefined && e.cause !== err) {
      const inner = classifyAwsError(e.cause);
      if (inner.kind !== 'unknown') return inner.kind;
    }
    return 'unknown';
  })();
  return { kind, code, message };
}

/** True for the kinds a retry can fix. */
export function isRetryableAwsError(kind: AwsErrorKind): boolean {
  return kind === 'throttled' || kind === 'transient' || kind === 'conflict' || kind === 'unknown';
}
