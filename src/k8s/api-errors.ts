/**
 * Predicates over the errors the Kubernetes API answers with.
 *
 * client-node 1.x throws `ApiException` (`.code` is the HTTP status, `.body` the `Status` object,
 * usually as a JSON string); its `Watch` reports a failed watch with an `Error` carrying
 * `statusCode`; a watch `ERROR` event carries a `Status` object with `code`. The predicates accept
 * all three and follow the `cause` chain, so `throw new Error('adding finalizer', { cause })` keeps
 * `isConflict` true for the caller.
 */

/** The HTTP status carried by an error from the Kubernetes API (or its causes), if any. */
export function apiStatusCode(err: unknown): number | undefined {
  let current: unknown = err;
  // Bounded walk: a cause cycle must not hang the caller.
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth += 1) {
    const record = current as { code?: unknown; statusCode?: unknown; cause?: unknown };
    if (typeof record.code === 'number') return record.code;
    if (typeof record.statusCode === 'number') return record.statusCode;
    current = record.cause;
  }
  return undefined;
}

/** True for 404 Not Found: the object (or its namespace, or its kind) does not exist. */
export function isNotFound(err: unknown): boolean {
  return apiStatusCode(err) === 404;
}

/** True for 409 Conflict: a stale `resourceVersion` precondition, or a create that already exists. */
export function isConflict(err: unknown): boolean {
  return apiStatusCode(err) === 409;
}

/** True for 410 Gone: a resourceVersion (or list continue token) older than the server keeps. */
export function isGone(err: unknown): boolean {
  return apiStatusCode(err) === 410;
}

/**
 * The `reason` of the `Status` object an API error carries (`AlreadyExists`, `Conflict`, `NotFound`,
 * `Expired`, ...), when the body holds one.
 */
export function apiStatusReason(err: unknown): string | undefined {
  const body = (err as { body?: unknown } | null | undefined)?.body;
  const status = typeof body === 'string' ? parseJson(body) : body;
  const reason = (status as { reason?: unknown } | null | undefined)?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

/** True for 409 with reason `AlreadyExists`: a create whose name is taken. */
export function isAlreadyExists(err: unknown): boolean {
  return isConflict(err) && apiStatusReason(err) === 'AlreadyExists';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
