import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../observability/logger.js';
import { classifyAwsError, stripSdkAdvice, UNREADABLE_ANSWER } from './errors.js';

const REQUEST_ID = '4c1c2f8e-7d55-4e0b-9e6e-0a8f2d1b9c33';

/** A loopback stand-in for ECS that answers every call with `status` and `body`. */
function fakeEcs(status: number, body: string, contentType: string): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': REQUEST_ID });
      res.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** What the real SDK client throws for a DescribeServices answered by `server`. */
async function thrownBy(server: Server): Promise<unknown> {
  const ecs = new ECSClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  try {
    await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['web'] }));
    throw new Error('expected the call to fail');
  } catch (err) {
    return err;
  } finally {
    ecs.destroy();
  }
}

describe('classifyAwsError: messages a user can act on', () => {
  let garbled: Server;
  let refused: Server;

  beforeAll(async () => {
    garbled = await fakeEcs(
      200,
      '<html><body>gateway says hello</body></html>',
      'application/x-amz-json-1.1',
    );
    refused = await fakeEcs(
      400,
      JSON.stringify({
        __type: 'InvalidParameterException',
        message: `Creation of service was not idempotent. (Request ID: ${REQUEST_ID})`,
      }),
      'application/x-amz-json-1.1',
    );
  });

  afterAll(() => {
    garbled.close();
    refused.close();
  });

  it('an answer the SDK cannot read: no SDK advice, says what happened, retried', async () => {
    const err = await thrownBy(garbled);
    // The SDK's own message carries its debugging advice: that is what must not reach a condition.
    expect(String((err as Error).message)).toContain('inspect the hidden field');
    const c = classifyAwsError(err);
    expect(c.kind).toBe('transient');
    expect(c.code).toBe(UNREADABLE_ANSWER);
    expect(c.message).toMatch(/^AWS sent an answer that could not be read \(HTTP 200\)/);
    expect(c.message).not.toMatch(/\$response|hidden field|Deserialization/);
    expect(c.message).not.toContain(REQUEST_ID);
  });

  it('an AWS error keeps its message without the request id', async () => {
    const c = classifyAwsError(await thrownBy(refused));
    expect(c).toMatchObject({ kind: 'invalid', code: 'InvalidParameterException' });
    expect(c.message).toBe('Creation of service was not idempotent.');
  });

  it('keeps the request id in the log line of a wrapped error', async () => {
    const err = new Error('describing the ECS service', { cause: await thrownBy(refused) });
    const lines: string[] = [];
    const log = createLogger({
      level: 'info',
      destination: { write: (line: string) => lines.push(line) },
    });
    log.error({ err }, 'reconcile failed');
    const entry = JSON.parse(lines[0] ?? '{}') as { err?: { awsRequestIds?: string[] } };
    expect(entry.err?.awsRequestIds).toEqual([REQUEST_ID]);
  });

  it('stripSdkAdvice leaves other messages alone', () => {
    expect(stripSdkAdvice('Rate exceeded')).toBe('Rate exceeded');
    expect(
      stripSdkAdvice(
        'Unexpected token\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
      ),
    ).toBe('Unexpected token');
  });
});
