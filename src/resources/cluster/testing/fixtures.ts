/**
 * Test support for the EcsCluster unit tests: the object `team/prod` (uid `u1`) and the ownership
 * tags ecs-bridge puts on its ECS cluster. Test-only.
 */
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
