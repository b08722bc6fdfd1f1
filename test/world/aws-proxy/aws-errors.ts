/**
 * AWS-shaped answers the proxy makes up itself: errors (throttling, 5xx, any coded error) and
 * scripted responses, each in the wire format of the caller's protocol, so the SDK parses them
 * exactly as it parses the real service.
 *
 * - awsJson1_1 (ECS, Application Auto Scaling): `Content-Type: application/x-amz-json-1.1`,
 *   body `{"__type":"<Code>","message":"..."}`, header `x-amzn-RequestId`.
 * - awsQuery (ELBv2): `Content-Type: text/xml`, body
 *   `<ErrorResponse><Error><Type>Sender|Receiver</Type><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 */
import { randomUUID } from 'node:crypto';
import { AwsServices, type AwsProtocol } from './actions.js';
import type { JsonValue } from './json.js';

/** A complete HTTP answer, ready to write. */
export interface AwsResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What an error answer needs to know about the call and the error. */
export interface AwsErrorSpec {
  readonly protocol: AwsProtocol;
  readonly service: string;
  readonly status: number;
  /** The AWS error code (`ThrottlingException`, `ServerException`, ...). */
  readonly code: string;
  readonly message: string;
  /** Defaults to a fresh UUID, as AWS sends one with every answer. */
  readonly requestId?: string;
}

/** The content type AWS answers awsJson1_1 calls with. */
export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

// The xmlns of awsQuery answers, per service (the client's `xmlNamespace` setting).
const QUERY_XML_NAMESPACES: Readonly<Record<string, string>> = {
  [AwsServices.elasticLoadBalancing]: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  // STS answers its errors in this namespace (an error of a role that cannot be assumed is played
  // through a fault rule, see test/integration/multi-account.test.ts).
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};

/** The message AWS sends with a throttling error. */
export const THROTTLING_MESSAGE = 'Rate exceeded';

/** The throttling error code of a protocol: `Throttling` for awsQuery, `ThrottlingException` otherwise. */
export function throttlingCode(protocol: AwsProtocol): string {
  return protocol === 'awsQuery' ? 'Throttling' : 'ThrottlingException';
}

/**
 * The error code a service uses for a server-side status when the rule names none: ECS's modeled
 * server error `ServerException` (a 5xx in ECS's model) for a 500, otherwise AWS's common
 * `InternalFailure` (500) and `ServiceUnavailable` (503) from "Common Errors"
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/CommonErrors.html). Application Auto
 * Scaling's `InternalServiceException` is an HTTP 400 in its model, so it is not a 500's code.
 */
export function defaultServerErrorCode(service: string, _protocol: AwsProtocol, status: number): string {
  if (status === 503) return 'ServiceUnavailable';
  if (service === AwsServices.ecs) return 'ServerException';
  return 'InternalFailure';
}

// Application Auto Scaling's modeled errors spell their member `Message`; ECS's `message`.
function messageMember(service: string): string {
  return service === AwsServices.applicationAutoScaling ? 'Message' : 'message';
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** Builds an AWS error answer in the caller's protocol. */
export function awsErrorResponse(spec: AwsErrorSpec): AwsResponse {
  const requestId = spec.requestId ?? randomUUID();
  if (spec.protocol === 'awsQuery') {
    const namespace = QUERY_XML_NAMESPACES[spec.service];
    const xmlns = namespace === undefined ? '' : ` xmlns="${namespace}"`;
    const type = spec.status >= 500 ? 'Receiver' : 'Sender';
    const body =
      `<ErrorResponse${xmlns}><Error><Type>${type}</Type><Code>${escapeXml(spec.code)}</Code>` +
      `<Message>${escapeXml(spec.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    return {
      status: spec.status,
      headers: { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId },
      body,
    };
  }
  return {
    status: spec.status,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-RequestId': requestId },
    body: JSON.stringify({ __type: spec.code, [messageMember(spec.service)]: spec.message }),
  };
}

/** The answer ECS gives when a token bucket is empty: HTTP 400 `ThrottlingException`, "Rate exceeded". */
export function throttlingResponse(protocol: AwsProtocol, service: string, requestId?: string): AwsResponse {
  return awsErrorResponse({
    protocol,
    service,
    status: 400,
    code: throttlingCode(protocol),
    message: THROTTLING_MESSAGE,
    ...(requestId === undefined ? {} : { requestId }),
  });
}

/** A scripted answer: an object body is sent as JSON, a string body as it is. */
export function scriptedResponse(options: {
  readonly protocol: AwsProtocol;
  readonly status: number;
  readonly body: JsonValue;
  readonly headers?: Readonly<Record<string, string>>;
  readonly requestId?: string;
}): AwsResponse {
  const requestId = options.requestId ?? randomUUID();
  const isText = typeof options.body === 'string';
  const contentType = isText && options.protocol === 'awsQuery' ? 'text/xml' : JSON_CONTENT_TYPE;
  const headers: Record<string, string> = { 'content-type': contentType, 'x-amzn-RequestId': requestId };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    // A rule's header replaces ours whatever its case (HTTP header names are case-insensitive).
    for (const existing of Object.keys(headers)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    }
    headers[name] = value;
  }
  return {
    status: options.status,
    headers,
    body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  };
}
