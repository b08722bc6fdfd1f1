/**
 * The one path every AWS call of this folder takes: wait for a client-side token in the call's
 * throttling category, send under the call's deadline (`call-timeout.ts`), time it, tell the
 * observer how it ended, and tell the rate limiter when AWS throttled it. Errors pass through
 * unchanged, except a deadline passed, which becomes an {@link AwsCallTimeoutError}; callers
 * classify them with `errors.ts`.
 */
import { linkSignals, withSignal } from './abort.js';
import type { AwsCallObserver, AwsServiceName } from './call-observer.js';
import {
  AwsCallTimeoutError,
  callTimeoutFor,
  DEFAULT_CALL_TIMEOUTS,
  type AwsCallTimeouts,
} from './call-timeout.js';
import { backgroundClock, startTimer, type Clock } from '../shared/clock.js';
import { awsResponseOf, classifyAwsError } from './errors.js';
import type { AwsRateLimiter } from './rate-limiter.js';

/** Per-call options every narrow AWS API method accepts as its last, optional argument. */
export interface AwsCallOptions {
  /** Withdraws the call from the token queue, or aborts it in flight (e.g. the reconcile's signal). */
  readonly signal?: AbortSignal;
  /**
   * A shared listing (shared-listing.ts) answers this read by the key's own call, never from a
   * Region listing: for what others may have just made and the spec now names.
   */
  readonly ownRead?: boolean;
}

/** What every narrow AWS API factory (`createEcsApi`, …) needs beside its SDK client. */
export interface AwsApiOptions {
  /** The limiter shared by every client of the process. */
  readonly rateLimiter: AwsRateLimiter;
  /** The account id the buckets are keyed by (see `clients.ts` for where it comes from). */
  readonly account: string;
  /** The Region of the SDK client; part of the bucket key. */
  readonly region: string;
  /** Receives one record per call; nothing is recorded when absent. */
  readonly observer?: AwsCallObserver;
  /** Times calls and waits; the system clock when absent. */
  readonly clock?: Clock;
  /** Aborts every waiting and in-flight call of this API, e.g. at shutdown. */
  readonly signal?: AbortSignal;
  /** Per-call deadlines from sending to answer; {@link DEFAULT_CALL_TIMEOUTS} when absent. */
  readonly timeouts?: AwsCallTimeouts;
}

/** The options a runner hands to `client.send(command, options)`. */
export interface SdkSendOptions {
  readonly abortSignal?: AbortSignal;
}

/** Options for {@link AwsCallRunner}. */
export interface AwsCallRunnerOptions<Action extends string> extends AwsApiOptions {
  readonly service: AwsServiceName;
  /** The throttling category (a key of the limiter's `limits`) of each action. */
  readonly categoryOf: (action: Action) => string;
}

/** Runs calls of one AWS service in one account and Region through the limiter and the observer. */
export class AwsCallRunner<Action extends string> {
  private readonly options: AwsCallRunnerOptions<Action>;
  private readonly clock: Clock;

  constructor(options: AwsCallRunnerOptions<Action>) {
    this.options = options;
    this.clock = options.clock ?? backgroundClock;
  }

  /**
   * Waits for a token for `action`, then runs `send` with SDK send options carrying the combined
   * abort signal (the API's, the call's and the call's deadline). Resolves or rejects as `send`
   * does; an abort while waiting rejects with the signal's reason and sends nothing. At the
   * deadline the request is aborted and the call rejects with {@link AwsCallTimeoutError} at once,
   * even if the transport ignores the abort: a hung connection never holds the caller.
   */
  async run<T>(
    action: Action,
    send: (httpOptions: SdkSendOptions) => Promise<T>,
    callOptions?: AwsCallOptions,
  ): Promise<T> {
    const { rateLimiter, observer, service } = this.options;
    const linked = linkSignals(this.options.signal, callOptions?.signal);
    const signal = linked.signal;
    const key = this.keyFor(action);
    const ended = observer?.callStarted?.(service, action, callOptions?.signal);
    try {
      const waitStart = this.clock.now();
      await rateLimiter.acquire(key, signal);
      const start = this.clock.now();
      observer?.observeRateLimitWait?.(service, key.category, (start - waitStart) / 1000);

      const deadline = this.deadline(action);
      const sendSignal = linkSignals(signal, deadline?.signal);
      try {
        const sent = send(sendSignal.signal !== undefined ? { abortSignal: sendSignal.signal } : {});
        const result = await withSignal(sent, deadline?.signal);
        observer?.observeCall(service, action, 'success', (this.clock.now() - start) / 1000);
        return result;
      } catch (caught) {
        // The SDK rejects an aborted request with its own AbortError; say which deadline passed.
        const err: unknown =
          deadline?.signal.aborted === true && signal?.aborted !== true ? deadline.signal.reason : caught;
        const { kind, code } = classifyAwsError(err);
        // Idempotent with the SDK middleware's report of the same attempt (see throttle-reporter.ts).
        if (kind === 'throttled') rateLimiter.reportThrottle(key);
        observer?.observeCall(service, action, kind, (this.clock.now() - start) / 1000);
        observer?.observeFailure?.({
          service,
          operation: action,
          outcome: kind,
          errorCode: code,
          ...awsResponseOf(err),
        });
        throw err;
      } finally {
        deadline?.cancel();
        sendSignal.release();
      }
    } finally {
      ended?.();
      linked.release();
    }
  }

  /** A signal that aborts with an {@link AwsCallTimeoutError} at `action`'s deadline, if it has one. */
  private deadline(action: Action): { signal: AbortSignal; cancel: () => void } | undefined {
    const ms = callTimeoutFor(action, this.options.timeouts ?? DEFAULT_CALL_TIMEOUTS);
    if (ms === undefined) return undefined;
    const controller = new AbortController();
    const cancel = startTimer(this.clock, ms, () =>
      controller.abort(new AwsCallTimeoutError(this.options.service, action, ms)),
    );
    return { signal: controller.signal, cancel };
  }

  /**
   * Reports a throttle seen outside {@link run} (by the SDK middleware, on an attempt the SDK
   * retried) to the bucket of `action`; ignores actions this runner has no category for.
   */
  reportThrottle(action: string, isAction: (a: string) => a is Action): void {
    if (isAction(action)) this.options.rateLimiter.reportThrottle(this.keyFor(action));
  }

  private keyFor(action: Action): { account: string; region: string; category: string } {
    return {
      account: this.options.account,
      region: this.options.region,
      category: this.options.categoryOf(action),
    };
  }
}
