/**
 * The error a withdrawn wait rejects with: the signal's own reason when it is an Error (as
 * `AbortController.abort()` makes it), otherwise an `AbortError` carrying the reason as its cause.
 */
export function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('The operation was aborted.', { cause: reason });
  err.name = 'AbortError';
  return err;
}
