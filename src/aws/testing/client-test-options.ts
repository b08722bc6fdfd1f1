/**
 * What a client's unit test builds the client with: account 111111111111 in eu-west-1, a fake
 * clock, a rate limiter over the client's limits on that clock, and an observer recording every
 * call. Test-only.
 */
import type { AwsApiOptions } from '../call-runner.js';
import type { CategoryLimit } from '../ecs-categories.js';
import { AwsRateLimiter, type RateLimiterOptions } from '../rate-limiter.js';
import { FakeClock } from '../../shared/testing/fake-clock.js';
import { type ObservedCall, recordingCallObserver } from './recording-call-observer.js';

/** A client's test options, and what the test reads back: the calls observed and the limiter. */
export interface ClientTestOptions {
  readonly options: AwsApiOptions;
  readonly observed: ObservedCall[];
  readonly limiter: AwsRateLimiter;
}

/**
 * Fresh options over `limits`; `budgetFraction` as the limiter takes it (its default when absent,
 * 1 to test at AWS's full limits).
 */
export function clientTestOptions(
  limits: Readonly<Record<string, CategoryLimit>>,
  budgetFraction?: RateLimiterOptions['budgetFraction'],
): ClientTestOptions {
  const clock = new FakeClock();
  const limiter = new AwsRateLimiter({
    limits,
    clock,
    ...(budgetFraction === undefined ? {} : { budgetFraction }),
  });
  const { observer, observed } = recordingCallObserver();
  return {
    options: { rateLimiter: limiter, account: '111111111111', region: 'eu-west-1', clock, observer },
    observed,
    limiter,
  };
}
