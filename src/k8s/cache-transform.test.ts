import { describe, expect, it } from 'vitest';
import {
  keepForCache,
  LAST_APPLIED_ANNOTATION,
  stripUnreadMetadata,
  transformingClient,
} from './cache-transform.js';
import type { ListWatchClient, RawWatchEvent, WatchRequest } from './list-watch-client.js';

const managedFields = [
  { manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } },
];

const full = {
  apiVersion: 'ecs-bridge.dev/v1alpha1',
  kind: 'EcsService',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'u-1',
    generation: 3,
    resourceVersion: '42',
    labels: { team: 'a' },
    annotations: { [LAST_APPLIED_ANNOTATION]: '{"spec":{}}', 'example.dev/keep': 'yes' },
    finalizers: ['ecs-bridge.dev/finalizer'],
    managedFields,
  },
  spec: { cluster: 'c' },
  status: { observedGeneration: 3 },
};

describe('stripUnreadMetadata', () => {
  // What a reconcile reads of `full`'s metadata: all but managedFields and the annotations.
  const { managedFields: _unread, annotations: _some, ...read } = full.metadata;

  it.each([
    [
      'drops managedFields and the last-applied annotation, keeps everything else',
      full,
      { ...full, metadata: { ...read, annotations: { 'example.dev/keep': 'yes' } } },
    ],
    [
      'drops an annotations map left empty',
      { metadata: { name: 'a', annotations: { [LAST_APPLIED_ANNOTATION]: '{}' } }, spec: {} },
      { metadata: { name: 'a' }, spec: {} },
    ],
    [
      'drops managedFields alone',
      { metadata: { name: 'a', managedFields }, spec: {} },
      { metadata: { name: 'a' }, spec: {} },
    ],
    ['leaves a Status alone', { kind: 'Status', code: 410 }, { kind: 'Status', code: 410 }],
    ['leaves null alone', null, null],
  ])('%s', (_name, input, expected) => {
    const before = structuredClone(input);
    expect(stripUnreadMetadata(input)).toEqual(expected);
    expect(input).toEqual(before); // the input is not mutated
  });

  it('returns the object itself when there is nothing to drop', () => {
    const lean = { metadata: { name: 'a', annotations: { other: 'x' } }, spec: {} };
    expect(stripUnreadMetadata(lean)).toBe(lean);
  });
});

describe('keepForCache', () => {
  it('keeps what stripUnreadMetadata keeps, in a copy of its own, and leaves the input alone', () => {
    const before = structuredClone(full);
    const kept = keepForCache(full) as typeof full;
    expect(kept).toStrictEqual(stripUnreadMetadata(full));
    expect(full).toStrictEqual(before);
    // A new object all the way down, so the cache shares nothing with the parsed event.
    expect(kept.spec).not.toBe(full.spec);
    expect(kept.metadata.labels).not.toBe(full.metadata.labels);
  });
});

describe('transformingClient', () => {
  const watchRequest: WatchRequest = {
    resourceVersion: '1',
    timeoutSeconds: 300,
    allowWatchBookmarks: true,
  };

  it('transforms listed items and watched objects, not bookmarks or errors', async () => {
    let send: (event: RawWatchEvent) => void = () => undefined;
    const inner: ListWatchClient = {
      list: () => Promise.resolve({ items: [full], resourceVersion: '7' }),
      watch: (_request, onEvent) => {
        send = onEvent;
        return Promise.resolve({ stop: () => undefined });
      },
    };
    const client = transformingClient(inner, stripUnreadMetadata);
    const page = await client.list({ limit: 500 });
    expect(page.resourceVersion).toBe('7');
    expect(page.items).toEqual([stripUnreadMetadata(full)]);

    const seen: RawWatchEvent[] = [];
    await client.watch(
      watchRequest,
      (e) => seen.push(e),
      () => undefined,
    );
    const bookmark = { type: 'BOOKMARK', object: { metadata: { resourceVersion: '9', managedFields } } };
    const error = { type: 'ERROR', object: { kind: 'Status', code: 410 } };
    for (const type of ['ADDED', 'MODIFIED', 'DELETED']) send({ type, object: full });
    send(bookmark);
    send(error);
    expect(seen.slice(0, 3).map((e) => e.object)).toEqual([
      stripUnreadMetadata(full),
      stripUnreadMetadata(full),
      stripUnreadMetadata(full),
    ]);
    expect(seen.slice(0, 3).every((e) => !('managedFields' in (e.object as typeof full).metadata))).toBe(
      true,
    );
    expect(seen[3]).toBe(bookmark);
    expect(seen[4]).toBe(error);
  });
});
