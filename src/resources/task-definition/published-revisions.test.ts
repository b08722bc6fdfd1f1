import { describe, expect, it } from 'vitest';
import type { SourceEvent } from '../../controller/controller.js';
import type { ObservedTaskDefinition } from './observe.js';
import { PublishedRevisions, publishedRevisionOf, type PublishedRevision } from './published-revisions.js';
import type { ObservedRevision } from './revision.js';
import type { EcsTaskDefinition } from './types.js';

const ARN = (rev: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${rev}`;

function entry(over: Partial<PublishedRevision> = {}): PublishedRevision {
  return {
    namespace: 'shop',
    name: 'web',
    uid: 'u1',
    generation: 2,
    taskDefinitionArn: ARN(3),
    ready: true,
    ...over,
  };
}

function obj(over: { deleting?: boolean; status?: EcsTaskDefinition['status'] } = {}): EcsTaskDefinition {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsTaskDefinition',
    metadata: {
      name: 'web',
      namespace: 'shop',
      uid: 'u1',
      generation: 2,
      ...(over.deleting === true ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { containerDefinitions: [{ name: 'app', image: 'x' }] },
    ...(over.status === undefined ? {} : { status: over.status }),
  };
}

function revision(rev: number, specHash: string, status: 'ACTIVE' | 'INACTIVE' = 'ACTIVE'): ObservedRevision {
  return { arn: ARN(rev), family: 'web', revision: rev, status, specHash } as ObservedRevision;
}

function observed(owned: ObservedRevision[]): ObservedTaskDefinition {
  return { family: 'web', owned, inUse: new Set<string>() } as unknown as ObservedTaskDefinition;
}

describe('PublishedRevisions', () => {
  it('answers undefined until a verdict is recorded, then the verdict for that uid and generation', () => {
    const p = new PublishedRevisions();
    expect(p.lookup('shop', 'web', { uid: 'u1', generation: 2 })).toBeUndefined();
    p.record(entry());
    expect(p.lookup('shop', 'web', { uid: 'u1', generation: 2 })).toEqual(entry());
  });

  it('a re-created object (another uid) starts afresh', () => {
    const p = new PublishedRevisions();
    p.record(entry());
    expect(p.lookup('shop', 'web', { uid: 'u2', generation: 2 })).toBeUndefined();
  });

  it('a verdict about an older generation names the revision but is not ready', () => {
    const p = new PublishedRevisions();
    p.record(entry());
    expect(p.lookup('shop', 'web', { uid: 'u1', generation: 3 })).toEqual(entry({ ready: false }));
  });

  it('announces changes (for Controller.watches) and nothing when a verdict repeats', () => {
    const p = new PublishedRevisions();
    const events: SourceEvent<PublishedRevision>['type'][] = [];
    p.onEvent((e) => events.push(e.type));
    p.record(entry());
    p.record(entry());
    p.record(entry({ taskDefinitionArn: ARN(4) }));
    p.forget('shop', 'web');
    p.forget('shop', 'web');
    expect(events).toEqual(['added', 'updated', 'deleted']);
    expect(p.list()).toEqual([]);
  });
});

describe('publishedRevisionOf', () => {
  it('synced: the newest ACTIVE revision of ours with the spec hash, whatever status says', () => {
    const lie = obj({
      status: { taskDefinitionArn: 'arn:aws:ecs:us-east-1:999999999999:task-definition/admin:1' },
    });
    const seen = observed([
      revision(1, 'h'),
      revision(2, 'h'),
      revision(3, 'other'),
      revision(4, 'h', 'INACTIVE'),
    ]);
    expect(publishedRevisionOf(lie, seen, { kind: 'synced', specHash: 'h' })).toEqual(
      entry({ taskDefinitionArn: ARN(2), ready: true }),
    );
  });

  it('synced without a revision carrying the spec: nothing to deploy yet', () => {
    expect(
      publishedRevisionOf(obj(), observed([revision(1, 'old')]), { kind: 'synced', specHash: 'h' }),
    ).toEqual(entry({ taskDefinitionArn: undefined, ready: false }));
  });

  it('an object being deleted is never ready', () => {
    const seen = observed([revision(1, 'h')]);
    expect(publishedRevisionOf(obj({ deleting: true }), seen, { kind: 'synced', specHash: 'h' })?.ready).toBe(
      false,
    );
  });

  it('invalid and failed say not ready; retrying and progressing leave the verdict as it was', () => {
    expect(publishedRevisionOf(obj(), undefined, { kind: 'invalid', message: 'm' })).toEqual(
      entry({ taskDefinitionArn: undefined, ready: false }),
    );
    expect(
      publishedRevisionOf(obj(), undefined, { kind: 'failed', reason: 'AccessDenied', message: 'm' })?.ready,
    ).toBe(false);
    expect(
      publishedRevisionOf(obj(), undefined, { kind: 'retrying', reason: 'Throttled', message: 'm' }),
    ).toBeUndefined();
    expect(publishedRevisionOf(obj(), undefined, { kind: 'progressing' })).toBeUndefined();
  });
});
