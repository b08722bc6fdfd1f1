import { describe, expect, it } from 'vitest';
import { isManagementPolicy, managementPolicyOf } from './management-policy.js';

describe('managementPolicyOf', () => {
  it("takes the object's own policy over the installation's default", () => {
    expect(managementPolicyOf({ managementPolicy: 'Observe' }, 'Manage')).toBe('Observe');
    expect(managementPolicyOf({ managementPolicy: 'Manage' }, 'Observe')).toBe('Manage');
  });

  it("falls back to the installation's default", () => {
    expect(managementPolicyOf({}, 'Observe')).toBe('Observe');
    expect(managementPolicyOf({ managementPolicy: undefined }, 'Manage')).toBe('Manage');
  });

  it('knows the policies by their exact spelling', () => {
    expect(isManagementPolicy('Observe')).toBe(true);
    expect(isManagementPolicy('observe')).toBe(false);
    expect(isManagementPolicy(undefined)).toBe(false);
  });
});
