/**
 * Test support for the EcsCluster unit tests: the object `team/prod` (uid `u1`) and the ownership
 * tags ecs-bridge puts on its ECS cluster. Test-only.
 */
import type { Cluster } from '@aws-sdk/client-ecs';
import { TAG_KEYS } from '../../api-group.js';
import type { EcsCluster, EcsClusterSpec } from '../types.js';

/** The EcsCluster `team/prod` with `spec`, as the API server hands it over. */
export const clusterObject = (spec: EcsClusterSpec): EcsCluster => ({
  apiVersion: 'ecs-bridge.dev/v1alpha1',
  kind: 'EcsCluster',
  metadata: { namespace: 'team', name: 'prod', uid: 'u1', generation: 1 },
  spec,
});

/** The ownership tags of {@link clusterObject}'s cluster, operator instance `default`. */
export const clusterOwnershipTags = [
  { key: TAG_KEYS.owner, value: 'team/prod' },
  { key: TAG_KEYS.instance, value: 'default' },
  { key: TAG_KEYS.ownerUid, value: 'u1' },
];

/**
 * DescribeClusters' answer for the ACTIVE cluster `name` in `region` with the settings most tests
 * use (Container Insights enhanced, ECS Exec logging DEFAULT, a Service Connect namespace, which ECS
 * reports by ARN), and `more` for what a test needs besides: providers, strategy, tags.
 */
export function describedCluster(name: string, region: string, more: Partial<Cluster> = {}): Cluster {
  return {
    clusterArn: `arn:aws:ecs:${region}:123456789012:cluster/${name}`,
    clusterName: name,
    status: 'ACTIVE',
    settings: [{ name: 'containerInsights', value: 'enhanced' }],
    configuration: { executeCommandConfiguration: { logging: 'DEFAULT' } },
    serviceConnectDefaults: { namespace: `arn:aws:servicediscovery:${region}:123456789012:namespace/ns-1` },
    ...more,
  };
}
