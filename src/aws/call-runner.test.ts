import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AwsCallOutcome } from './call-observer.js';
import { AwsCallRunner, type SdkSendOptions } from './call-runner.js';
import { AwsCallTimeoutError, DEFAULT_READ_TIMEOUT_MS, type AwsCallTimeouts } from './call-timeout.js';
import { classifyAwsError, isRetryableAwsError } from './errors.js';
import { FakeClock, settle } from '../shared/testing/fake-clock.js';
import { AwsRateLimiter } from './rate-limiter.js';

type Action = 'DescribeServices' | 'UpdateService';

/** A send that never answers and ignores its abort signal: the worst a transport can do. */
function hangingSend(seen: SdkSendOptions[]): (options: SdkSendOptions) => Promise<never> {
  return (options) => {
    seen.push(options);
    return new Promise<never>(() => undefined);
  };
}

describe('AwsCallRunner deadlines', () => {
  let clock: FakeClock;
  let outcomes: [string, AwsCallOutcome][];
  let started: { operation: string; signal: AbortSignal | undefined; ended: number }[];

  const runner = (timeouts?: AwsCallTimeouts): AwsCallRunner<Action> =>
    new AwsCallRunner<Action>({
      service: 'ecs',
      categoryOf: () => 'ecs:test',
      rateLimiter: new AwsRateLimiter({ limits: { 'ecs:test': { burst: 100, sustained: 100 } }, clock }),
      account: 'a',
      region: 'eu-west-1',
      clock,
      ...(timeouts === undefined ? {} : { timeouts }),
      observer: {
        observeCall: (_service, operation, outcome) => void outcomes.push([operation, outcome]),
        callStarted: (_service, operation, signal) => {
          const entry = { operation, signal, ended: 0 };
          started.push(entry);
          return () => void entry.ended++;
        },
      },
    });

  beforeEach(() => {
    clock = new FakeClock();
    outcomes = [];
    started = [];
  });

  afterEach(() => {
    expect(clock.pendingTimers()).toBe(0);
  });

  it('abandons a read that never answers at the read deadline, with a retryable, named error', async () => {
    const seen: SdkSendOptions[] = [];
    const call = runner({ readMs: 2_000, writeMs: 9_000 }).run('DescribeServices', hangingSend(seen));
    const settled = call.then(
      () => 'resolved',
      (err: unknown) => err,
    );
    await clock.tickAsync(1_999);
    expect(await Promise.race([settled, settle().then(() => 'pending')])).toBe('pending');
    expect(seen[0]?.abortSignal?.aborted).toBe(false);
    await clock.tickAsync(1);
    const err = await settled;
    expect(err).toBeInstanceOf(AwsCallTimeoutError);
    expect((err as Error).message).toBe(
      'ecs DescribeServices got no answer within 2s; abandoned, will retry',
    );
    // The request itself is aborted, so the SDK destroys its socket.
    expect(seen[0]?.abortSignal?.aborted).toBe(true);
    const classified = classifyAwsError(err);
    expect(classified.kind).toBe('transient');
    expect(isRetryableAwsError(classified.kind)).toBe(true);
    expect(outcomes).toEqual([['DescribeServices', 'transient']]);
  });

  it('gives a write its own, longer deadline', async () => {
    const call = runner({ readMs: 2_000, writeMs: 9_000 }).run('UpdateService', hangingSend([]));
    const settled = call.catch((err: unknown) => err);
    await clock.tickAsync(8_999);
    expect(await Promise.race([settled, settle().then(() => 'pending')])).toBe('pending');
    await clock.tickAsync(1);
    expect(await settled).toMatchObject({
      name: 'AwsCallTimeoutError',
      operation: 'UpdateService',
      timeoutMs: 9_000,
    });
  });

  it('applies the default deadlines when none are configured', async () => {
    const settled = runner()
      .run('DescribeServices', hangingSend([]))
      .catch((err: unknown) => err);
    await clock.tickAsync(DEFAULT_READ_TIMEOUT_MS);
    expect(await settled).toBeInstanceOf(AwsCallTimeoutError);
  });

  it('keeps the caller’s abort reason when the caller, not the deadline, gave up', async () => {
    const caller = new AbortController();
    const sdkAbort = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    const send = (options: SdkSendOptions): Promise<never> =>
      new Promise<never>((_resolve, reject) => {
        options.abortSignal?.addEventListener('abort', () => reject(sdkAbort));
      });
    const call = runner({ readMs: 2_000, writeMs: 2_000 }).run('DescribeServices', send, {
      signal: caller.signal,
    });
    await settle(); // in flight
    caller.abort(new Error('reconcile deadline'));
    await expect(call).rejects.toBe(sdkAbort);
  });

  it('cancels the deadline once the call answers', async () => {
    const result = await runner({ readMs: 2_000, writeMs: 2_000 }).run('DescribeServices', () =>
      Promise.resolve('answer'),
    );
    expect(result).toBe('answer');
    expect(outcomes).toEqual([['DescribeServices', 'success']]);
  });

  it('sets no deadline when it is 0', async () => {
    const settled = runner({ readMs: 0, writeMs: 0 })
      .run('DescribeServices', (options) => {
        expect(options.abortSignal).toBeUndefined();
        return Promise.resolve('late');
      })
      .catch((err: unknown) => err);
    await clock.tickAsync(DEFAULT_READ_TIMEOUT_MS * 10);
    expect(await settled).toBe('late');
  });

  it('tells the observer which operation runs for which caller, and when it ends', async () => {
    const caller = new AbortController();
    const settled = runner({ readMs: 1_000, writeMs: 1_000 })
      .run('DescribeServices', hangingSend([]), { signal: caller.signal })
      .catch(() => undefined);
    expect(started).toEqual([{ operation: 'DescribeServices', signal: caller.signal, ended: 0 }]);
    await clock.tickAsync(1_000);
    await settled;
    expect(started[0]?.ended).toBe(1);
  });
});
