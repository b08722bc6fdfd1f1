import { describe, expect, it } from 'vitest';
import { ReleaseReasons, releaseWithoutAws } from './release-without-aws.js';

const base = { kind: 'EcsService', manages: 'ECS service web in cluster prod' } as const;

describe('releaseWithoutAws', () => {
  it('runs the normal deletion for a managed object whose CRD stays', () => {
    expect(releaseWithoutAws({ ...base, crdTerminating: false, managementPolicy: 'Manage' })).toBeUndefined();
  });

  it('releases every object, managed or observed, while its CRD is being deleted', () => {
    for (const managementPolicy of ['Manage', 'Observe'] as const) {
      const release = releaseWithoutAws({ ...base, crdTerminating: true, managementPolicy });
      expect(release?.reason).toBe(ReleaseReasons.CrdDeleting);
      expect(release?.message).toContain('EcsService CustomResourceDefinition is being deleted');
      expect(release?.message).toContain('ECS service web in cluster prod is left in AWS');
    }
  });

  it('releases an observed object without touching AWS', () => {
    const release = releaseWithoutAws({ ...base, crdTerminating: false, managementPolicy: 'Observe' });
    expect(release).toEqual({
      reason: ReleaseReasons.ObservedOnly,
      message: 'managementPolicy Observe: ECS service web in cluster prod is left in AWS as it is',
    });
  });
});
