import { describe, expect, it } from 'vitest';
import { FINALIZER } from './api-group.js';
import { hasOurFinalizer, KindObjects, visitRoute } from './kind-objects.js';
import { FakeObjectStore } from './task-definition/testing/fake-kube.js';
import type { EcsTaskDefinition } from './task-definition/types.js';

function copy(metadata: Partial<EcsTaskDefinition['metadata']> = {}): EcsTaskDefinition {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsTaskDefinition',
    metadata: { name: 'web', namespace: 'prod', uid: 'u1', resourceVersion: '3', ...metadata },
    spec: { containerDefinitions: [] },
  };
}

const deleted = { deletionTimestamp: '2026-01-01T00:00:00Z' };

describe('visitRoute', () => {
  it.each([
    { what: 'a live object without our finalizer', metadata: {}, route: 'converge', ours: false },
    {
      what: 'a live object with our finalizer',
      metadata: { finalizers: [FINALIZER] },
      route: 'converge',
      ours: true,
    },
    {
      what: 'a deleted object with our finalizer',
      metadata: { ...deleted, finalizers: ['x', FINALIZER] },
      route: 'finalize',
      ours: true,
    },
    {
      what: "a deleted object with only others' finalizers",
      metadata: { ...deleted, finalizers: ['x'] },
      route: 'released',
      ours: false,
    },
    { what: 'a deleted object without finalizers', metadata: deleted, route: 'released', ours: false },
  ] as const)('$what: $route', ({ metadata, route, ours }) => {
    expect(visitRoute(copy(metadata))).toBe(route);
    expect(hasOurFinalizer(copy(metadata))).toBe(ours);
  });
});

describe('KindObjects', () => {
  it('starts a visit from its own last write while the informer still delivers the older copy', async () => {
    const store = new FakeObjectStore(copy());
    const stale = store.obj;
    const objects = new KindObjects(store);
    const written = await objects.writer.addFinalizer(stale, FINALIZER, new AbortController().signal);
    expect(written.metadata.resourceVersion).not.toBe(stale.metadata.resourceVersion);
    expect(objects.start(stale)).toEqual({ obj: written, route: 'converge' });
  });

  it('works from a write it was told of (an annotation) the same way', () => {
    const objects = new KindObjects(new FakeObjectStore(copy()));
    const after = copy({ resourceVersion: '4', annotations: { a: 'b' } });
    objects.record(copy(), after);
    expect(objects.start(copy()).obj).toBe(after);
    expect(objects.start(copy({ resourceVersion: '9' })).obj.metadata.resourceVersion).toBe('9');
  });

  it('lets a deletion write to AWS only while the live object still carries our finalizer', async () => {
    const store = new FakeObjectStore(copy({ ...deleted, finalizers: [FINALIZER] }));
    const objects = new KindObjects(store);
    const visited = store.obj;
    await expect(objects.stillFinalizing(visited)).resolves.toBe(true);
    // The same name recreated: another object, whose finalizer is not this visit's to act on.
    store.obj = { ...store.obj, metadata: { ...store.obj.metadata, uid: 'u2' } };
    await expect(objects.stillFinalizing(visited)).resolves.toBe(false);
    store.obj = { ...store.obj, metadata: { ...store.obj.metadata, uid: 'u1' } };
    store.dropFinalizersByHand();
    await expect(objects.stillFinalizing(visited)).resolves.toBe(false);
  });

  it('lets go of our remembered write once the cache takes it in, before any visit', async () => {
    const store = new FakeObjectStore(copy());
    const objects = new KindObjects(store);
    const stale = store.obj;
    const written = await objects.writer.addFinalizer(stale, FINALIZER, new AbortController().signal);
    // An intermediate copy our write replaced keeps it; the copy our write left drops it.
    objects.cached(stale);
    expect(objects.start(stale).obj).toEqual(written);
    objects.cached(written);
    expect(objects.start(stale).obj).toBe(stale);
  });
});
