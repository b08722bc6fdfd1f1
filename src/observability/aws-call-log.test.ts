import { describe, expect, it } from 'vitest';
import { AwsCallRunner } from '../aws/call-runner.js';
import type { AwsCallFailure } from '../aws/call-observer.js';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { AwsRateLimiter } from '../aws/rate-limiter.js';
import { logAwsFailures } from './aws-call-log.js';
import { createLogger } from './logger.js';

const REQUEST_ID = '8f2b6a1c-1111-2222-3333-444455556666';

function sdkError(name: string, status: number): Error {
  return Object.assign(new Error(`${name}: no (Request ID: ${REQUEST_ID})`), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: REQUEST_ID },
  });
}

async function failOnce(err: Error): Promise<AwsCallFailure[]> {
  const failures: AwsCallFailure[] = [];
  const clock = new FakeClock();
  const runner = new AwsCallRunner<'DescribeServices'>({
    service: 'ecs',
    categoryOf: () => 'describe',
    rateLimiter: new AwsRateLimiter({
      limits: { describe: { burst: 10, sustained: 10 } },
      budgetFraction: 1,
      clock,
    }),
    account: '123456789012',
    region: 'us-east-1',
    clock,
    observer: { observeCall: () => undefined, observeFailure: (f) => void failures.push(f) },
  });
  await expect(runner.run('DescribeServices', () => Promise.reject(err))).rejects.toBe(err);
  return failures;
}

describe('failed AWS calls in the log', () => {
  it('the call runner reports the error code, HTTP status and AWS request id of a failure', async () => {
    expect(await failOnce(sdkError('ServerException', 500))).toEqual([
      {
        service: 'ecs',
        operation: 'DescribeServices',
        outcome: 'transient',
        errorCode: 'ServerException',
        httpStatus: 500,
        requestId: REQUEST_ID,
      },
    ]);
  });

  it('logs one warn line with awsRequestId (not redacted), and not-found at debug', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', destination: { write: (l: string) => lines.push(l) } });
    const hook = logAwsFailures(log);
    for (const f of await failOnce(sdkError('ServerException', 500))) hook(f);
    for (const f of await failOnce(sdkError('ServiceNotFoundException', 400))) hook(f);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records[0]).toMatchObject({
      level: 'warn',
      msg: 'aws call failed',
      service: 'ecs',
      operation: 'DescribeServices',
      outcome: 'transient',
      errorCode: 'ServerException',
      httpStatus: 500,
      awsRequestId: REQUEST_ID,
    });
    expect(records[1]).toMatchObject({ level: 'debug', outcome: 'notFound', awsRequestId: REQUEST_ID });
  });
});
