import { describe, expect, it } from 'vitest';
import {
  awsErrorResponse,
  defaultServerErrorCode,
  scriptedResponse,
  throttlingResponse,
} from './aws-errors.js';

describe('AWS error answers', () => {
  it('answers an awsJson throttle as ECS does', () => {
    const answer = throttlingResponse('awsJson1_1', 'ecs', 'req-1');
    expect(answer).toEqual({
      status: 400,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': 'req-1' },
      body: '{"__type":"ThrottlingException","message":"Rate exceeded"}',
    });
  });

  it('answers an awsQuery throttle with the XML ErrorResponse and code Throttling', () => {
    const answer = throttlingResponse('awsQuery', 'elasticloadbalancing', 'req-2');
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('text/xml');
    expect(answer.body).toBe(
      '<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><Error><Type>Sender</Type>' +
        '<Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>req-2</RequestId></ErrorResponse>',
    );
  });

  it('marks 5xx query errors as Receiver and escapes XML', () => {
    const answer = awsErrorResponse({
      protocol: 'awsQuery',
      service: 'elasticloadbalancing',
      status: 500,
      code: 'InternalFailure',
      message: 'a < b & "c"',
    });
    expect(answer.body).toContain('<Type>Receiver</Type>');
    expect(answer.body).toContain('<Message>a &lt; b &amp; &quot;c&quot;</Message>');
    expect(answer.headers['x-amzn-RequestId']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['ecs', 'awsJson1_1', 500, 'ServerException'],
    ['application-autoscaling', 'awsJson1_1', 500, 'InternalFailure'],
    ['elasticloadbalancing', 'awsQuery', 500, 'InternalFailure'],
    ['ecs', 'awsJson1_1', 503, 'ServiceUnavailable'],
    ['application-autoscaling', 'awsJson1_1', 503, 'ServiceUnavailable'],
    ['elasticloadbalancing', 'awsQuery', 503, 'ServiceUnavailable'],
    ['unknown', 'unknown', 502, 'InternalFailure'],
  ] as const)('%s %s %i defaults to %s', (service, protocol, status, code) => {
    expect(defaultServerErrorCode(service, protocol, status)).toBe(code);
  });

  it('sends an object body as JSON and a string body as it is', () => {
    const json = scriptedResponse({
      protocol: 'awsJson1_1',
      status: 200,
      body: { a: 1 },
      headers: { 'X-Extra': 'y' },
    });
    expect(json).toMatchObject({
      status: 200,
      body: '{"a":1}',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'X-Extra': 'y' },
    });
    const xml = scriptedResponse({ protocol: 'awsQuery', status: 200, body: '<X/>' });
    expect(xml).toMatchObject({ body: '<X/>', headers: { 'content-type': 'text/xml' } });
  });
});
