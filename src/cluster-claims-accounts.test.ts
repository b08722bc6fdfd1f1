import { describe, expect, it } from 'vitest';
import type { ObjectSource } from './controller/controller.js';
import { knownAccountOf } from './resources/access-policy/account.js';
import type { AccessSnapshot } from './resources/access-policy/rules.js';
import type { EcsAccessPolicy } from './resources/access-policy/types.js';
import type { EcsCluster } from './resources/cluster/types.js';
import { clusterClaimantsFrom } from './wiring.js';

function cluster(namespace: string, created: string): EcsCluster {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsCluster',
    metadata: { name: 'web', namespace, uid: `uid-${namespace}`, creationTimestamp: created },
    spec: {},
  };
}

function policy(name: string, namespaces: string[], roleArn?: string): EcsAccessPolicy {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsAccessPolicy',
    metadata: { name },
    spec: { namespaces: { names: namespaces }, ...(roleArn === undefined ? {} : { roleArn }) },
  };
}

const snapshot: AccessSnapshot = {
  mode: 'required',
  policies: [
    policy('a', ['team-a'], 'arn:aws:iam::111111111111:role/ecs-bridge-team-a'),
    policy('b', ['team-b'], 'arn:aws:iam::222222222222:role/ecs-bridge-team-b'),
    policy('a2', ['team-a2'], 'arn:aws:iam::111111111111:role/other-role'),
    policy('own', ['platform']),
  ],
  namespaceLabels: () => ({}),
};

const source = (items: EcsCluster[]): ObjectSource<EcsCluster> =>
  ({ list: () => items }) as unknown as ObjectSource<EcsCluster>;

describe('cluster claims across AWS accounts', () => {
  it("knows a namespace's account from its policy's role only", () => {
    expect(knownAccountOf(snapshot, 'team-a')).toBe('111111111111');
    expect(knownAccountOf(snapshot, 'platform')).toBeUndefined();
    expect(knownAccountOf(snapshot, 'nobody')).toBeUndefined();
    expect(knownAccountOf({ ...snapshot, mode: 'off' }, 'team-a')).toBeUndefined();
  });

  it('leaves out objects known to be in another account, keeps the same or an unknown one', () => {
    const claimants = clusterClaimantsFrom(
      source([
        cluster('team-a', '2026-01-01T00:00:00Z'),
        cluster('team-b', '2026-01-02T00:00:00Z'),
        cluster('team-a2', '2026-01-03T00:00:00Z'),
        cluster('platform', '2026-01-04T00:00:00Z'),
      ]),
      'us-east-1',
      (ns) => knownAccountOf(snapshot, ns),
    );
    const names = (ns?: string): string[] => claimants('web', undefined, ns).map((c) => c.namespace);
    // team-b's `web` is in account 222222222222: team-a's is not a rival.
    expect(names('team-b')).toEqual(['team-b', 'platform']);
    // Same account through another role: one cluster, rivals.
    expect(names('team-a2')).toEqual(['team-a', 'team-a2', 'platform']);
    // The operator's own account is not known here: maybe the same, so every object stays a rival.
    expect(names('platform')).toEqual(['team-a', 'team-b', 'team-a2', 'platform']);
    expect(names(undefined)).toHaveLength(4);
  });
});
