import { describe, expect, it } from 'vitest';
import { createdObjectOf, objectCreatedEvent } from './s3-event.js';

describe('createdObjectOf', () => {
  it.each([
    [
      'SDK PutObject',
      'PUT',
      '/uploads/in/a%20b.txt?x-id=PutObject',
      {},
      { bucket: 'uploads', key: 'in/a b.txt', reason: 'PutObject' },
    ],
    ['CLI PutObject', 'PUT', '/uploads/k', {}, { bucket: 'uploads', key: 'k', reason: 'PutObject' }],
    [
      'CopyObject',
      'PUT',
      '/uploads/k',
      { 'x-amz-copy-source': 'other/k' },
      { bucket: 'uploads', key: 'k', reason: 'CopyObject' },
    ],
    [
      'CompleteMultipartUpload',
      'POST',
      '/uploads/k?uploadId=1',
      {},
      { bucket: 'uploads', key: 'k', reason: 'CompleteMultipartUpload' },
    ],
    ['an upload part', 'PUT', '/uploads/k?partNumber=1&uploadId=1', {}, undefined],
    ['PutObjectTagging', 'PUT', '/uploads/k?tagging', {}, undefined],
    ['GetObject', 'GET', '/uploads/k?x-id=GetObject', {}, undefined],
    ['CreateBucket', 'PUT', '/uploads', {}, undefined],
    ['PutBucketNotificationConfiguration', 'PUT', '/uploads?notification', {}, undefined],
  ])('%s', (_name, method, url, headers, expected) => {
    expect(createdObjectOf({ method, url, headers })).toEqual(expected);
  });
});

describe('objectCreatedEvent', () => {
  it('has the fields S3 documents for "Object Created"', () => {
    const event = objectCreatedEvent(
      { bucket: 'uploads', key: 'k', size: 5, etag: '"abc"', reason: 'PutObject' },
      { region: 'us-east-1', now: new Date('2026-12-05T20:00:00.123Z') },
    );
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: '123456789012',
      time: '2026-12-05T20:00:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:s3:::uploads'],
      detail: {
        version: '0',
        bucket: { name: 'uploads' },
        object: { key: 'k', size: 5, etag: 'abc' },
        reason: 'PutObject',
      },
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
