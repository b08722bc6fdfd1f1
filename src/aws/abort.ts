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

/** A signal that aborts when either input does, and the function that unlinks it again. */
export interface LinkedSignal {
  readonly signal: AbortSignal | undefined;
  /** Removes the listeners this link added to the inputs; call it when the operation ends. */
  readonly release: () => void;
}

/**
 * Links two optional signals into one. Unlike `AbortSignal.any()`, whose results stay attached to a
 * long-lived input (the process-wide shutdown signal) and leak on Node 20-22
 * (https://github.com/nodejs/node/issues/55351), the link is removed by `release()`.
 */
export function linkSignals(a: AbortSignal | undefined, b: AbortSignal | undefined): LinkedSignal {
  if (a === undefined) return { signal: b, release: () => undefined };
  if (b === undefined) return { signal: a, release: () => undefined };
  const controller = new AbortController();
  const onA = (): void => controller.abort(a.reason);
  const onB = (): void => controller.abort(b.reason);
  if (a.aborted) onA();
  else if (b.aborted) onB();
  a.addEventListener('abort', onA, { once: true });
  b.addEventListener('abort', onB, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      a.removeEventListener('abort', onA);
      b.removeEventListener('abort', onB);
    },
  };
}

/**
 * `promise`, or a rejection as soon as `signal` aborts: one waiter of a call shared with others
 * (batched or read once for many) withdraws while the call goes on for the others.
 */
export function withSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    // Aborted already: reject, but still settle `promise` here, so its own rejection is handled.
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err), { cause: err }));
      },
    );
  });
}
