import { describe, expect, it } from 'vitest';
import { identifyCall, signingServiceOf, type RawRequest } from './actions.js';

const auth = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=abc`;

function request(partial: Partial<RawRequest>): RawRequest {
  return { method: 'POST', url: '/', headers: {}, body: '', ...partial };
}

describe('identifyCall', () => {
  it.each([
    {
      name: 'ECS awsJson1_1 by X-Amz-Target',
      req: request({
        headers: {
          'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DescribeServices',
          'content-type': 'application/x-amz-json-1.1',
          authorization: auth('ecs'),
        },
        body: '{"cluster":"c","services":["web"]}',
      }),
      expected: {
        service: 'ecs',
        action: 'DescribeServices',
        protocol: 'awsJson1_1',
        params: { cluster: 'c', services: ['web'] },
      },
    },
    {
      name: 'Application Auto Scaling by X-Amz-Target, even without Authorization',
      req: request({
        headers: { 'x-amz-target': 'AnyScaleFrontendService.RegisterScalableTarget' },
        body: '{}',
      }),
      expected: {
        service: 'application-autoscaling',
        action: 'RegisterScalableTarget',
        protocol: 'awsJson1_1',
        params: {},
      },
    },
    {
      name: 'an unknown JSON target prefix falls back to the credential scope',
      req: request({
        headers: { 'x-amz-target': 'Logs_20140328.PutLogEvents', authorization: auth('logs') },
      }),
      expected: { service: 'logs', action: 'PutLogEvents', protocol: 'awsJson1_1', params: {} },
    },
    {
      name: 'ELBv2 awsQuery by form Action, service from the credential scope',
      req: request({
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: auth('elasticloadbalancing'),
        },
        body: 'Action=DescribeTargetGroups&Version=2015-12-01&TargetGroupArns.member.1=arn%3Atg',
      }),
      expected: {
        service: 'elasticloadbalancing',
        action: 'DescribeTargetGroups',
        protocol: 'awsQuery',
        params: {
          Action: 'DescribeTargetGroups',
          Version: '2015-12-01',
          'TargetGroupArns.member.1': 'arn:tg',
        },
      },
    },
    {
      name: 'ELBv2 awsQuery without Authorization, service from the API version',
      req: request({
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: 'Action=CreateLoadBalancer&Version=2015-12-01',
      }),
      expected: { service: 'elasticloadbalancing', action: 'CreateLoadBalancer', protocol: 'awsQuery' },
    },
    {
      name: 'awsQuery with the action in the query string',
      req: request({ method: 'GET', url: '/?Action=DescribeLoadBalancers&Version=2015-12-01' }),
      expected: { service: 'elasticloadbalancing', action: 'DescribeLoadBalancers', protocol: 'awsQuery' },
    },
    {
      name: 'an unrecognisable request',
      req: request({ body: 'hello' }),
      expected: { service: 'unknown', action: 'unknown', protocol: 'unknown', params: 'hello' },
    },
    {
      name: 'a JSON body that is not JSON keeps params undefined',
      req: request({
        headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' },
        body: '{oops',
      }),
      expected: { service: 'ecs', action: 'ListClusters', protocol: 'awsJson1_1', params: undefined },
    },
  ])('$name', ({ req, expected }) => {
    expect(identifyCall(req)).toMatchObject(expected);
  });
});

describe('signingServiceOf', () => {
  it('reads the service from a SigV4 credential scope', () => {
    expect(signingServiceOf({ authorization: auth('application-autoscaling') })).toBe(
      'application-autoscaling',
    );
  });

  it('is undefined without an Authorization header or scope', () => {
    expect(signingServiceOf({})).toBeUndefined();
    expect(signingServiceOf({ authorization: 'Bearer x' })).toBeUndefined();
  });
});
