/**
 * The event Amazon S3 sends to EventBridge when an object is created, in the shape S3 documents
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html, "Object created"), and
 * how the test world recognises, from a request the AWS proxy answered, that an object was created.
 */
import { randomUUID } from 'node:crypto';
import type { JsonObject } from './event-pattern.js';

/** The account moto plays (its default account id). */
export const WORLD_ACCOUNT_ID = '123456789012';

/** An object S3 reports as created. */
export interface CreatedObject {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly versionId?: string;
  /** The API that created it: `PutObject`, `CopyObject` or `CompleteMultipartUpload`. */
  readonly reason: string;
}

// The SDK names the operation in the query (`x-id=PutObject`); the AWS CLI and curl do not, and a
// bare PUT of /bucket/key is PutObject then (a copy carries x-amz-copy-source).
const CREATING_OPERATIONS = new Set(['PutObject', 'CopyObject', 'CompleteMultipartUpload']);
const SUBRESOURCES = ['acl', 'tagging', 'retention', 'legal-hold', 'uploadId', 'partNumber', 'restore'];

/**
 * The bucket, key and S3 operation of a path-style request that creates an object, or undefined.
 * Only the request line and headers are read; the caller checks that S3 answered 2xx.
 */
export function createdObjectOf(request: {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}): { bucket: string; key: string; reason: string } | undefined {
  const url = new URL(request.url, 'http://s3.local');
  const [, bucket, ...rest] = url.pathname.split('/');
  if (bucket === undefined || bucket === '' || rest.length === 0 || rest.join('/') === '') return undefined;
  const key = decodeURIComponent(rest.join('/'));
  const named = url.searchParams.get('x-id');
  let reason: string;
  if (named !== null) {
    if (!CREATING_OPERATIONS.has(named)) return undefined;
    reason = named;
  } else if (request.method === 'PUT' && !SUBRESOURCES.some((name) => url.searchParams.has(name))) {
    reason = request.headers['x-amz-copy-source'] === undefined ? 'PutObject' : 'CopyObject';
  } else if (request.method === 'POST' && url.searchParams.has('uploadId')) {
    reason = 'CompleteMultipartUpload';
  } else {
    return undefined;
  }
  if (named === 'CompleteMultipartUpload' && request.method !== 'POST') return undefined;
  return { bucket, key, reason };
}

/** The "Object Created" event S3 sends to the default bus for `object`. */
export function objectCreatedEvent(
  object: CreatedObject,
  options: { region: string; now: Date },
): JsonObject {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: WORLD_ACCOUNT_ID,
    time: options.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: options.region,
    resources: [`arn:aws:s3:::${object.bucket}`],
    detail: {
      version: '0',
      bucket: { name: object.bucket },
      object: {
        key: object.key,
        size: object.size,
        etag: object.etag.replace(/"/g, ''),
        ...(object.versionId === undefined ? {} : { 'version-id': object.versionId }),
        sequencer: options.now.getTime().toString(16).toUpperCase().padStart(18, '0'),
      },
      'request-id': randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase(),
      requester: WORLD_ACCOUNT_ID,
      'source-ip-address': '127.0.0.1',
      reason: object.reason,
    },
  };
}
