import { describe, expect, it } from 'vitest';
import { orphanScanPlaces } from './scan-places.js';

const A = 'arn:aws:iam::111111111111:role/team-a';
const B = 'arn:aws:iam::222222222222:role/team-b';

describe('the places the orphan scan reads', () => {
  it('every Region in the own account and in each role’s account, each role once', () => {
    const places = orphanScanPlaces(
      ['us-east-1', 'eu-west-1', 'us-east-1'],
      [
        { roleArn: A, policy: 'a' },
        { roleArn: B, externalId: 'x' },
        { roleArn: A, policy: 'a-too' },
      ],
    );
    expect(places.map((p) => p.label)).toEqual([
      'eu-west-1',
      `eu-west-1 as ${A}`,
      `eu-west-1 as ${B}`,
      'us-east-1',
      `us-east-1 as ${A}`,
      `us-east-1 as ${B}`,
    ]);
    expect(places[2]).toEqual({
      label: `eu-west-1 as ${B}`,
      region: 'eu-west-1',
      role: { roleArn: B, externalId: 'x' },
    });
    expect(places[0]?.role).toBeUndefined();
  });

  it('no roles: the Regions alone, as before policies named roles', () => {
    expect(orphanScanPlaces(['us-east-1'], [])).toEqual([{ label: 'us-east-1', region: 'us-east-1' }]);
  });
});
