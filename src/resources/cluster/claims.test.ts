import { describe, expect, it } from 'vitest';
import { claimedByAnother, claimRefusal, earlierClaimant, type ClusterClaimant } from './claims.js';

const claimant = (name: string, creationTimestamp: string, namespace = 'team'): ClusterClaimant => ({
  namespace,
  name,
  uid: `uid-${namespace}-${name}`,
  creationTimestamp,
});

describe('earlierClaimant', () => {
  const self = claimant('b', '2026-12-05T10:00:05Z');

  it('is the oldest other object naming the cluster', () => {
    const older = claimant('z', '2026-12-05T10:00:01Z');
    const oldest = claimant('y', '2026-12-05T09:00:00Z', 'other');
    expect(earlierClaimant(self, [self, older, oldest])).toEqual(oldest);
  });

  it('is none when this object is the oldest, or alone', () => {
    expect(earlierClaimant(self, [self, claimant('a', '2026-12-05T10:00:06Z')])).toBeUndefined();
    expect(earlierClaimant(self, [self])).toBeUndefined();
  });

  it('breaks a tie of creation times by namespace/name, so exactly one of two wins', () => {
    const a = claimant('a', '2026-12-05T10:00:05Z');
    expect(earlierClaimant(self, [a, self])).toEqual(a);
    expect(earlierClaimant(a, [a, self])).toBeUndefined();
  });
});

describe('claimRefusal', () => {
  it('names the older object, the cluster, the Region and the fix', () => {
    const r = claimRefusal('prod', 'eu-west-1', claimant('first', '2026-12-05T10:00:00Z'));
    expect(r.reason).toBe('ClusterClaimed');
    expect(r.message).toBe(
      'EcsCluster team/first (created earlier) already manages ECS cluster prod in eu-west-1: one ECS cluster is managed by one object; delete this object, or give it another spec.clusterName',
    );
  });
});

describe('claimedByAnother', () => {
  const self = claimant('b', '2026-12-05T10:00:05Z');
  const metadata = {
    namespace: self.namespace,
    name: self.name,
    uid: self.uid,
    creationTimestamp: self.creationTimestamp,
  };

  it('refuses a younger object, naming the older one; asks for the cluster in its Region and namespace', () => {
    const older = claimant('a', '2026-12-05T10:00:01Z', 'other');
    const asked: unknown[] = [];
    const refusal = claimedByAnother(metadata, 'shared', 'eu-west-1', (...args) => {
      asked.push(args);
      return [self, older];
    });
    expect(asked).toEqual([['shared', 'eu-west-1', 'team']]);
    expect(refusal).toEqual(claimRefusal('shared', 'eu-west-1', older));
  });

  it('is none for the oldest object, or when the claimants are not known', () => {
    const younger = claimant('c', '2026-12-05T10:00:09Z');
    expect(claimedByAnother(metadata, 'shared', undefined, () => [self, younger])).toBeUndefined();
    expect(claimedByAnother(metadata, 'shared', undefined, undefined)).toBeUndefined();
  });
});
