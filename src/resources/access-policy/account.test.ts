import { describe, expect, it } from 'vitest';
import { accountFor } from './account.js';
import { judgeAccess, type AccessSnapshot } from './rules.js';
import type { EcsAccessPolicy, EcsAccessPolicySpec } from './types.js';

function policy(name: string, spec: Partial<EcsAccessPolicySpec>): EcsAccessPolicy {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsAccessPolicy',
    metadata: { name },
    spec: { namespaces: { names: ['team-b'] }, ...spec },
  };
}

function snapshot(policies: EcsAccessPolicy[], mode: 'required' | 'off' = 'required'): AccessSnapshot {
  return { mode, policies, namespaceLabels: () => ({}) };
}

const ROLE_B = 'arn:aws:iam::222222222222:role/team-b';

describe('accountFor', () => {
  it('is the role a selecting policy names, with its external id, length and policy', () => {
    const choice = accountFor(
      snapshot([policy('b', { roleArn: ROLE_B, externalId: 'e', sessionDurationSeconds: 900 })]),
      'team-b',
    );
    expect(choice).toEqual({
      kind: 'role',
      role: { roleArn: ROLE_B, externalId: 'e', durationSeconds: 900, policy: 'b' },
    });
  });

  it("is the operator's own identity with no role, no selecting policy, or policies off", () => {
    expect(accountFor(snapshot([policy('b', {})]), 'team-b')).toEqual({ kind: 'own' });
    expect(accountFor(snapshot([policy('b', { roleArn: ROLE_B })]), 'team-a')).toEqual({ kind: 'own' });
    expect(accountFor(snapshot([policy('b', { roleArn: ROLE_B })], 'off'), 'team-b')).toEqual({
      kind: 'own',
    });
  });

  it('is ambiguous when selecting policies disagree, and the guard then refuses every write', () => {
    const s = snapshot([policy('b', { roleArn: ROLE_B }), policy('a', {})]);
    const choice = accountFor(s, 'team-b');
    expect(choice).toEqual({
      kind: 'ambiguous',
      message: `the EcsAccessPolicies selecting namespace team-b name different AWS identities: a (the operator's own identity) and b (${ROLE_B}); have the platform team make spec.roleArn and spec.externalId agree, or select the namespace with one of them only`,
    });
    const verdict = judgeAccess(s, 'EcsService', 'team-b', []);
    expect(verdict).toMatchObject({ kind: 'refuse', reason: 'AccessDenied' });
    // Agreeing policies choose one role, and the write is judged by the rules as before.
    const agreed = snapshot([policy('b', { roleArn: ROLE_B }), policy('a', { roleArn: ROLE_B })]);
    expect(accountFor(agreed, 'team-b')).toMatchObject({ kind: 'role', role: { policy: 'a' } });
    expect(judgeAccess(agreed, 'EcsService', 'team-b', []).kind).toBe('allow');
  });
});
