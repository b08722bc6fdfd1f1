/**
 * Identifies an AWS API call from its raw HTTP request: which service, which action, which wire
 * protocol, and the request parameters as JSON.
 *
 * The SDK v3 clients this project pins (3.1141.0) speak two protocols, checked in their
 * `runtimeConfig.shared.js`: ECS and Application Auto Scaling use awsJson1_1 (`POST /`,
 * `X-Amz-Target: <Prefix>.<Action>`, JSON body); ELBv2 uses awsQuery (`POST /`, form body
 * `Action=<Action>&Version=2015-12-01&...`). Smithy RPCv2 CBOR is not used by them, so it is not
 * decoded here; such a request is forwarded as an `unknown` call.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { tryParseJson, type JsonObject, type JsonValue } from './json.js';

/** SigV4 signing names of the services the operator calls, as the proxy reports them. */
export const AwsServices = {
  ecs: 'ecs',
  applicationAutoScaling: 'application-autoscaling',
  elasticLoadBalancing: 'elasticloadbalancing',
  tagging: 'tagging',
} as const;

/** The wire protocol a call was made with; `unknown` when neither could be recognised. */
export type AwsProtocol = 'awsJson1_1' | 'awsQuery' | 'unknown';

/** What the proxy knows about one call: enough to match rules, pick a bucket and log it. */
export interface AwsCall {
  /** SigV4 signing name (`ecs`, `application-autoscaling`, `elasticloadbalancing`, ...) or `unknown`. */
  readonly service: string;
  /** The operation name, e.g. `DescribeServices`, or `unknown`. */
  readonly action: string;
  readonly protocol: AwsProtocol;
  /** The request parameters: the JSON document, or the form fields as an object; absent if unparsable. */
  readonly params: JsonValue | undefined;
}

/** The parts of an HTTP request that identification needs. */
export interface RawRequest {
  readonly method: string;
  /** Path and query string, as in `IncomingMessage.url`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

// X-Amz-Target prefixes of the awsJson services we call (the `serviceTarget` in each client).
const JSON_TARGET_SERVICES: Readonly<Record<string, string>> = {
  AmazonEC2ContainerServiceV20141113: AwsServices.ecs,
  AnyScaleFrontendService: AwsServices.applicationAutoScaling,
  ResourceGroupsTaggingAPI_20170126: AwsServices.tagging,
};

// awsQuery carries no service name in the body; the API version tells ours apart when the
// Authorization header is missing (it never is for the SDK, but curl users forget it).
const QUERY_VERSION_SERVICES: Readonly<Record<string, string>> = {
  '2015-12-01': AwsServices.elasticLoadBalancing,
};

const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/([^/,\s]+)\/aws4_request/;

/** The service from the SigV4 credential scope of the Authorization header, if any. */
export function signingServiceOf(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (authorization === undefined) return undefined;
  return CREDENTIAL_SCOPE.exec(authorization)?.[1];
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function formToObject(params: URLSearchParams): JsonObject {
  const fields: JsonObject = {};
  for (const [key, value] of params) fields[key] = value;
  return fields;
}

/**
 * Identifies the service, action and protocol of a request. Never throws: whatever cannot be
 * recognised comes back as `unknown` so the proxy still forwards and counts it.
 */
export function identifyCall(request: RawRequest): AwsCall {
  const signing = signingServiceOf(request.headers);
  const target = headerValue(request.headers, 'x-amz-target');
  if (target !== undefined) {
    const dot = target.lastIndexOf('.');
    const prefix = dot === -1 ? '' : target.slice(0, dot);
    const action = dot === -1 ? target : target.slice(dot + 1);
    return {
      service: JSON_TARGET_SERVICES[prefix] ?? signing ?? 'unknown',
      action: action === '' ? 'unknown' : action,
      protocol: 'awsJson1_1',
      params: request.body === '' ? {} : tryParseJson(request.body),
    };
  }

  const contentType = headerValue(request.headers, 'content-type') ?? '';
  const queryString = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  const form = contentType.startsWith('application/x-www-form-urlencoded')
    ? new URLSearchParams(request.body)
    : new URLSearchParams(queryString);
  const action = form.get('Action');
  if (action !== null && action !== '') {
    const version = form.get('Version') ?? '';
    return {
      service: signing ?? QUERY_VERSION_SERVICES[version] ?? 'unknown',
      action,
      protocol: 'awsQuery',
      params: formToObject(form),
    };
  }

  return {
    service: signing ?? 'unknown',
    action: 'unknown',
    protocol: 'unknown',
    params: tryParseJson(request.body) ?? (request.body === '' ? undefined : request.body),
  };
}
