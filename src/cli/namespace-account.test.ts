import { describe, expect, it } from 'vitest';
import type { KubeConfig } from '@kubernetes/client-node';
import type { EcsAccessPolicy } from '../resources/access-policy/types.js';
import { CliError } from './cli-errors.js';
import { identityFor, resolveReadIdentity, type PolicyView } from './namespace-account.js';

function policy(name: string, spec: Partial<EcsAccessPolicy['spec']>): EcsAccessPolicy {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsAccessPolicy',
    metadata: { name },
    spec: { namespaces: {}, ...spec },
  };
}

const ROLE_A = 'arn:aws:iam::111111111111:role/team-a';
const ROLE_B = 'arn:aws:iam::222222222222:role/team-b';

const view: PolicyView = {
  policies: [
    policy('a', { namespaces: { names: ['team-a'] }, roleArn: ROLE_A, externalId: 'x-1' }),
    policy('b', { namespaces: { selector: { matchLabels: { team: 'b' } } }, roleArn: ROLE_B }),
    policy('plain', { namespaces: { names: ['plain'] } }),
    policy('other-a', { namespaces: { names: ['mixed'] }, roleArn: ROLE_A }),
    policy('other-b', { namespaces: { names: ['mixed'] }, roleArn: ROLE_B }),
  ],
  labels: new Map([
    ['team-a', {}],
    ['team-b', { team: 'b' }],
    ['plain', {}],
  ]),
};

describe('the identity plan and import read as', () => {
  it('is, per namespace, the role of the policy selecting it, by name or by labels', () => {
    const id = identityFor(view, ['team-a', 'team-b', 'team-b', 'plain']);
    expect(id.roleFor('team-a')).toEqual({ roleArn: ROLE_A, externalId: 'x-1', policy: 'a' });
    expect(id.roleFor('team-b')).toEqual({ roleArn: ROLE_B, policy: 'b' });
    expect(id.notes).toEqual([
      `reading namespace team-a as ${ROLE_A} (EcsAccessPolicy a)`,
      `reading namespace team-b as ${ROLE_B} (EcsAccessPolicy b)`,
      'reading namespace plain as your own AWS identity (no EcsAccessPolicy names a role)',
    ]);
  });

  it('is the own identity when no policy names a role, or none selects the namespace', () => {
    const id = identityFor(view, ['plain', 'nobody']);
    expect(id.roleFor('plain')).toBeUndefined();
    expect(id.roleFor('nobody')).toBeUndefined();
    expect(id.roleFor(undefined)).toBeUndefined();
  });

  it('refuses a namespace whose policies name different roles, as the operator does', () => {
    expect(() => identityFor(view, ['team-a', 'mixed'])).toThrow(CliError);
    expect(() => identityFor(view, ['mixed'])).toThrow('name different AWS identities');
  });

  it('takes --role-arn without reading the cluster, and falls back with a note when it cannot read it', async () => {
    const unreachable = (): KubeConfig => {
      throw new Error('no kubeconfig found');
    };
    const given = await resolveReadIdentity({
      roleArn: ROLE_B,
      externalId: 'e-2',
      namespaces: ['team-a'],
      kubeConfig: unreachable,
    });
    expect(given.roleFor('team-a')).toEqual({ roleArn: ROLE_B, externalId: 'e-2' });
    const fallback = await resolveReadIdentity({
      roleArn: undefined,
      externalId: undefined,
      namespaces: ['team-a'],
      kubeConfig: unreachable,
    });
    expect(fallback.roleFor('team-a')).toBeUndefined();
    expect(fallback.notes[0]).toContain('could not read the EcsAccessPolicies (no kubeconfig found)');
    await expect(
      resolveReadIdentity({
        roleArn: undefined,
        externalId: 'e',
        namespaces: ['x'],
        kubeConfig: unreachable,
      }),
    ).rejects.toThrow('--external-id applies to a role');
  });
});
