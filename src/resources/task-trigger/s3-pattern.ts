/**
 * The `s3` shorthand as an EventBridge event pattern, and the shape of S3's event it matches
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html). Pure.
 */
import type { TriggerS3Source } from './types.js';

/** The fields of S3's "Object Created" event for EventBridge (values are examples). */
export const S3_OBJECT_EVENT_SAMPLE = {
  version: '0',
  id: '17793124-05d4-b198-2fde-7ededc63b103',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '111122223333',
  time: '2021-11-12T00:00:00Z',
  region: 'ca-central-1',
  resources: ['arn:aws:s3:::amzn-s3-demo-bucket1'],
  detail: {
    version: '0',
    bucket: { name: 'amzn-s3-demo-bucket1' },
    object: {
      key: 'example-key',
      size: 5,
      etag: 'b1946ac92492d2347c6235b4d2611184',
      'version-id': 'x',
      sequencer: '617f08299329d189',
    },
    'request-id': 'N4N7GDK58NMKJ12R',
    requester: '123456789012',
    'source-ip-address': '1.2.3.4',
    reason: 'PutObject',
  },
} as const;

// EventBridge's wildcard operator escapes '*' and '\' with a backslash.
const escapeWildcard = (text: string): string => text.replace(/[\\*]/g, (c) => `\\${c}`);

/** The event pattern (an object) the shorthand stands for. */
export function s3EventPattern(s3: TriggerS3Source): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  if (s3.keyPrefix !== undefined && s3.keySuffix !== undefined) {
    // Matchers of one field are OR'ed, so prefix AND suffix is one wildcard.
    object.key = [{ wildcard: `${escapeWildcard(s3.keyPrefix)}*${escapeWildcard(s3.keySuffix)}` }];
  } else if (s3.keyPrefix !== undefined) {
    object.key = [{ prefix: s3.keyPrefix }];
  } else if (s3.keySuffix !== undefined) {
    object.key = [{ suffix: s3.keySuffix }];
  }
  return {
    source: ['aws.s3'],
    'detail-type': [...(s3.eventTypes ?? ['Object Created'])],
    detail: { bucket: { name: [s3.bucket] }, ...(Object.keys(object).length > 0 ? { object } : {}) },
  };
}
