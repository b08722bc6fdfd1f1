/** Thin apply: one EcsClusterApi call per {@link ClusterAction}; what ECS answered, when it answers a resource. */
import type { CapacityProvider, Cluster } from '@aws-sdk/client-ecs';
import type { AwsCallOptions } from '../../aws/call-runner.js';
import type { EcsClusterApi } from '../../aws/ecs-cluster-api.js';
import { assertNever } from '../../shared/assert-never.js';
import { applyEcsTagAction, type EcsTagging } from '../ecs-tag-actions.js';
import type { ClusterAction } from './actions.js';

/** ECS's answer to one write: the cluster or the capacity provider it wrote, or nothing (TagResource). */
export type ClusterAnswer =
  | { readonly kind: 'cluster'; readonly cluster: Cluster }
  | { readonly kind: 'provider'; readonly provider: CapacityProvider }
  | undefined;

/** Sends `action`; returns what ECS answered with. */
export async function applyClusterAction(
  api: EcsClusterApi,
  tagging: EcsTagging,
  action: ClusterAction,
  options: AwsCallOptions,
): Promise<ClusterAnswer> {
  switch (action.type) {
    case 'create':
      return cluster(await api.createCluster(action.input, options));
    case 'update':
      return cluster(await api.updateCluster(action.input, options));
    case 'putCapacityProviders':
      return cluster(await api.putClusterCapacityProviders(action.input, options));
    case 'tag':
    case 'tagCapacityProvider':
    case 'untag':
      return applyEcsTagAction(tagging, action, options);
    case 'delete':
      return cluster(await api.deleteCluster(action.cluster, options));
    case 'createCapacityProvider':
      return provider(await api.createCapacityProvider(action.input, options));
    case 'updateCapacityProvider':
      return provider(await api.updateCapacityProvider(action.input, options));
    case 'deleteCapacityProvider':
      return provider(await api.deleteCapacityProvider(action.name, options));
    default:
      return assertNever(action);
  }
}

const cluster = (c: Cluster | undefined): ClusterAnswer =>
  c === undefined ? undefined : { kind: 'cluster', cluster: c };
const provider = (p: CapacityProvider | undefined): ClusterAnswer =>
  p === undefined ? undefined : { kind: 'provider', provider: p };
