import { describe, expect, it } from 'vitest';
import { clusterNamedBy, placeService, placeServiceForDeletion, type ClusterLookup } from './cluster-ref.js';
import type { EcsService } from './types.js';

const svc = (spec: Partial<EcsService['spec']>, status?: EcsService['status']): EcsService => ({
  apiVersion: 'ecs-bridge.dev/v1alpha1',
  kind: 'EcsService',
  metadata: { namespace: 'shop', name: 'web' },
  spec: { taskDefinition: 'app:1', ...spec },
  ...(status === undefined ? {} : { status }),
});

const lookup = (
  found: Record<string, { clusterName: string; region?: string; ready: boolean }>,
): ClusterLookup => ({
  get: (namespace, name) => Promise.resolve(found[`${namespace}/${name}`]),
});

describe('placeService', () => {
  it('takes spec.cluster and spec.region as written', async () => {
    expect(await placeService(svc({ cluster: 'prod', region: 'eu-west-1' }), lookup({}))).toEqual({
      cluster: 'prod',
      region: 'eu-west-1',
    });
  });

  it('waits, naming the object and namespace, while the EcsCluster does not exist', async () => {
    expect(await placeService(svc({ clusterRef: { name: 'env' } }), lookup({}))).toEqual({
      waiting:
        'EcsCluster env does not exist in namespace shop; create it (references never cross namespaces)',
    });
  });

  it('waits while the EcsCluster is not Ready', async () => {
    const found = lookup({ 'shop/env': { clusterName: 'prod-eu', ready: false } });
    expect((await placeService(svc({ clusterRef: { name: 'env' } }), found)).waiting).toContain(
      'not Ready yet',
    );
  });

  it('resolves the cluster name and Region of a Ready EcsCluster', async () => {
    const found = lookup({ 'shop/env': { clusterName: 'prod-eu', region: 'eu-central-1', ready: true } });
    expect(await placeService(svc({ clusterRef: { name: 'env' } }), found)).toEqual({
      cluster: 'prod-eu',
      region: 'eu-central-1',
    });
  });
});

describe('placeServiceForDeletion', () => {
  it('uses the EcsCluster while it exists, Ready or not', async () => {
    const found = lookup({ 'shop/env': { clusterName: 'prod-eu', ready: false } });
    expect(await placeServiceForDeletion(svc({ clusterRef: { name: 'env' } }), found)).toEqual({
      cluster: 'prod-eu',
      region: undefined,
    });
  });

  it('falls back to the status, then to the referenced name', async () => {
    const arn = 'arn:aws:ecs:eu-west-1:1:cluster/prod-eu';
    expect(
      await placeServiceForDeletion(
        svc({ clusterRef: { name: 'env' } }, { cluster: arn, region: 'eu-west-1' }),
        lookup({}),
      ),
    ).toEqual({ cluster: arn, region: 'eu-west-1' });
    expect(await placeServiceForDeletion(svc({ clusterRef: { name: 'env' } }), lookup({}))).toEqual({
      cluster: 'env',
      region: undefined,
    });
  });

  it('clusterNamedBy: spec.cluster, else the referenced name', () => {
    expect(clusterNamedBy({ cluster: 'a' })).toBe('a');
    expect(clusterNamedBy({ clusterRef: { name: 'env' } })).toBe('env');
  });
});
