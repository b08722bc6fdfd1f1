import { describe, expect, it } from 'vitest';
import { familyConflictMessage, foreignFamilyClaim } from './family-owner.js';
import type { ObservedRevision } from './revision.js';

function rev(
  revision: number,
  tags: { owner?: string; instance?: string; status?: 'ACTIVE' | 'INACTIVE' },
): ObservedRevision {
  return {
    arn: `arn:aws:ecs:us-east-1:123456789012:task-definition/payments:${revision}`,
    family: 'payments',
    revision,
    status: tags.status ?? 'ACTIVE',
    ...(tags.owner === undefined ? {} : { owner: tags.owner }),
    ...(tags.instance === undefined ? {} : { instance: tags.instance }),
  } as ObservedRevision;
}

const self = { owner: 'team-a/payments', instance: 'i1' };

describe('foreignFamilyClaim', () => {
  it.each<[string, ObservedRevision[], ReturnType<typeof foreignFamilyClaim>]>([
    ['an empty family is free', [], undefined],
    ['our own revisions claim nothing', [rev(1, self)], undefined],
    [
      'revisions registered outside ecs-bridge claim nothing here (the policy decides)',
      [rev(1, {})],
      undefined,
    ],
    [
      'another namespace’s object owns it',
      [rev(1, self), rev(2, { owner: 'team-b/payments', instance: 'i1' })],
      { owner: 'team-b/payments', instance: 'i1', revision: 2 },
    ],
    [
      'another installation owns it',
      [rev(3, { owner: 'team-a/payments', instance: 'i2' })],
      { owner: 'team-a/payments', instance: 'i2', revision: 3 },
    ],
    [
      'an INACTIVE revision claims nothing',
      [rev(4, { owner: 'team-b/x', instance: 'i1', status: 'INACTIVE' })],
      undefined,
    ],
  ])('%s', (_name, revisions, expected) => {
    expect(foreignFamilyClaim(revisions, self.owner, self.instance)).toEqual(expected);
  });

  it('says whose family it is, which revision shows it, and the fix', () => {
    const message = familyConflictMessage(
      'payments',
      { owner: 'team-b/payments', instance: 'i1', revision: 2 },
      'team-a/payments',
    );
    expect(message).toContain('family payments belongs to team-b/payments');
    expect(message).toContain('payments:2');
    expect(message).toContain('Set spec.family');
  });
});
