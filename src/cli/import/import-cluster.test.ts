import { describe, expect, it } from 'vitest';
import type { Cluster } from '@aws-sdk/client-ecs';
import { clusterImportProblem, importCluster } from './import-cluster.js';
import { desiredCluster } from '../../resources/cluster/desired.js';
import { toObserved } from '../../resources/cluster/observe.js';
import { planCluster } from '../../resources/cluster/plan.js';
import { TAG_KEYS } from '../../resources/api-group.js';
import { describedCluster } from '../../resources/cluster/testing/fixtures.js';

const CLUSTER: Cluster = describedCluster('Shop_Prod', 'us-east-1', {
  capacityProviders: ['FARGATE_SPOT', 'FARGATE'],
  defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
  tags: [
    { key: 'team', value: 'shop' },
    { key: 'aws:cloudformation:stack-name', value: 'shop' },
  ],
  registeredContainerInstancesCount: 2,
});

describe('importCluster', () => {
  it('writes an adopting EcsCluster with what ECS has, that the planner takes over with no write', () => {
    const { manifest, notes } = importCluster({ cluster: CLUSTER, region: 'us-east-1', namespace: 'shop' });
    expect(manifest.metadata).toEqual({ name: 'shop-prod', namespace: 'shop' });
    expect(manifest.spec).toEqual({
      clusterName: 'Shop_Prod',
      region: 'us-east-1',
      adopt: true,
      deletionPolicy: 'Retain',
      settings: [{ name: 'containerInsights', value: 'enhanced' }],
      configuration: { executeCommandConfiguration: { logging: 'DEFAULT' } },
      serviceConnectDefaults: { namespace: 'arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1' },
      capacityProviders: ['FARGATE_SPOT', 'FARGATE'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
      tags: [{ key: 'team', value: 'shop' }],
    });
    expect(notes.map((n) => n.field)).toEqual([
      'adopt',
      'deletionPolicy',
      'tags.aws:cloudformation:stack-name',
      'containerInstances',
    ]);
    // The operator's own planner: adopting it as it is writes nothing.
    const desired = desiredCluster({ ...manifest, metadata: { ...manifest.metadata, uid: 'u1' } }, 'default');
    const plan = planCluster(desired, toObserved(CLUSTER, desired));
    expect(plan).toEqual({ actions: [], adopting: true });
  });

  it('leaves out what ECS does not report, and keeps a name Kubernetes accepts as it is', () => {
    const { manifest } = importCluster({
      cluster: { clusterName: 'demo', clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/demo' },
      region: 'us-east-1',
      namespace: 'default',
    });
    expect(manifest.spec).toEqual({ region: 'us-east-1', adopt: true, deletionPolicy: 'Retain' });
  });

  it('writes no EcsCluster for a cluster that is missing or that ecs-bridge already manages', () => {
    expect(clusterImportProblem(undefined, 'demo')).toContain('not found');
    expect(clusterImportProblem({ ...CLUSTER, status: 'INACTIVE' }, 'demo')).toContain('not found');
    expect(
      clusterImportProblem({ ...CLUSTER, tags: [{ key: TAG_KEYS.owner, value: 'prod/web' }] }, 'Shop_Prod'),
    ).toBe(
      'cluster Shop_Prod: already managed by ecs-bridge (object prod/web); no EcsCluster written, the services name it with spec.cluster',
    );
    expect(clusterImportProblem(CLUSTER, 'Shop_Prod')).toBeUndefined();
  });
});
