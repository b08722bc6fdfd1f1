import { describe, expect, it } from 'vitest';
import type { ObjectSource, SourceEvent } from '../../controller/controller.js';
import { staticSource } from '../../controller/testing/static-source.js';
import {
  accessSnapshotFrom,
  objectsAffectedByNamespace,
  objectsAffectedByPolicy,
  type GuardedObject,
  type NamespaceLike,
} from './snapshot.js';
import { accessPolicyStatus, selectedNamespaces } from './status.js';
import type { EcsAccessPolicy } from './types.js';

function source<T extends { metadata: { name: string; namespace?: string } }>(items: T[]): ObjectSource<T> {
  return staticSource('test', items);
}

const ns = (name: string, labels: Record<string, string> = {}): NamespaceLike => ({
  metadata: { name, labels },
});
const obj = (namespace: string, name: string, deniedReason?: string): GuardedObject => ({
  metadata: { name, namespace },
  ...(deniedReason === undefined
    ? {}
    : { status: { conditions: [{ type: 'Stalled', status: 'True', reason: deniedReason }] } }),
});
const policy = (name: string, spec: EcsAccessPolicy['spec']): EcsAccessPolicy => ({
  apiVersion: 'ecs-bridge.dev/v1alpha1',
  kind: 'EcsAccessPolicy',
  metadata: { name, generation: 3 },
  spec,
});

describe('re-queueing on policy and namespace changes', () => {
  const namespaces = source([ns('a'), ns('b', { team: 'b' }), ns('c')]);
  const objects = source([
    obj('a', 'x'),
    obj('b', 'y'),
    obj('c', 'refused', 'AccessDenied'),
    obj('c', 'other', 'InvalidSpec'),
  ]);

  it('wakes the objects in namespaces the policy selects or selected, and every access refusal', () => {
    const before = policy('p', { namespaces: { names: ['a'] } });
    const after = policy('p', { namespaces: { selector: { matchLabels: { team: 'b' } } } });
    const event: SourceEvent<EcsAccessPolicy> = { type: 'updated', object: after, oldObject: before };
    expect(objectsAffectedByPolicy(objects, namespaces, event).sort()).toEqual(['a/x', 'b/y', 'c/refused']);
  });

  it('wakes the objects of a namespace whose labels changed, and none when they did not', () => {
    const changed: SourceEvent<NamespaceLike> = {
      type: 'updated',
      object: ns('b', { team: 'x' }),
      oldObject: ns('b', { team: 'b' }),
    };
    expect(objectsAffectedByNamespace(objects, changed)).toEqual(['b/y']);
    const same: SourceEvent<NamespaceLike> = {
      type: 'updated',
      object: ns('b', { team: 'b' }),
      oldObject: ns('b', { team: 'b' }),
    };
    expect(objectsAffectedByNamespace(objects, same)).toEqual([]);
  });

  it('reads labels from the namespace cache into the snapshot', () => {
    const snapshot = accessSnapshotFrom('required', source<EcsAccessPolicy>([]), namespaces)();
    expect(snapshot.namespaceLabels('b')).toEqual({ team: 'b' });
    expect(snapshot.namespaceLabels('gone')).toBeUndefined();
  });
});

describe('policy status', () => {
  const p = policy('p', { namespaces: { names: ['named'], selector: { matchLabels: { team: 'b' } } } });

  it('lists the named and label-selected namespaces, sorted, with the generation read', () => {
    const selected = selectedNamespaces(p, [
      { name: 'z-b', labels: { team: 'b' } },
      { name: 'other', labels: {} },
    ]);
    expect(selected).toEqual(['named', 'z-b']);
    const status = accessPolicyStatus(p, selected, 'required', new Date('2026-01-01T00:00:00Z'));
    expect(status.namespaces).toBe('named,z-b');
    expect(status.observedGeneration).toBe(3);
    expect(status.conditions?.[0]).toMatchObject({ type: 'Ready', status: 'True', reason: 'Enforced' });
  });

  it('says Ready=False NotEnforced while the operator runs with policies off', () => {
    const status = accessPolicyStatus(p, [], 'off', new Date());
    expect(status.conditions?.[0]).toMatchObject({ status: 'False', reason: 'NotEnforced' });
  });
});
