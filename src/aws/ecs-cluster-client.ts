/**
 * The real {@link EcsClusterApi}: one ECS SDK command per call, each through the shared rate
 * limiter in its throttling category and recorded by the call observer, like `ecs-client.ts`.
 */
import {
  CreateCapacityProviderCommand,
  CreateClusterCommand,
  DeleteCapacityProviderCommand,
  DeleteClusterCommand,
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ListServicesCommand,
  PutClusterCapacityProvidersCommand,
  UpdateCapacityProviderCommand,
  UpdateClusterCommand,
} from '@aws-sdk/client-ecs';
import type { EcsClusterApi } from './ecs-cluster-api.js';
import { ECS_MAX_BATCH, ecsSender, type EcsApiOptions } from './ecs-client.js';
import { operations } from './operations.js';
import { readAllPages, readInChunks } from './pages.js';

/** Builds the real {@link EcsClusterApi} over `options.client`. */
export function createEcsClusterApi(options: EcsApiOptions): EcsClusterApi {
  const { send } = ecsSender(options);
  const ops = operations(send);
  const answeringCluster = ops.answering('cluster', 'cluster');
  const answeringProvider = ops.answering('capacityProvider', 'capacity provider');
  return {
    async describeCluster(cluster, callOptions) {
      const out = await send(
        'DescribeClusters',
        new DescribeClustersCommand({
          clusters: [cluster],
          include: ['TAGS', 'SETTINGS', 'CONFIGURATIONS'],
        }),
        callOptions,
      );
      return { clusters: out.clusters ?? [], failures: out.failures ?? [] };
    },

    createCluster: answeringCluster('CreateCluster', CreateClusterCommand),
    updateCluster: answeringCluster('UpdateCluster', UpdateClusterCommand),
    putClusterCapacityProviders: answeringCluster(
      'PutClusterCapacityProviders',
      PutClusterCapacityProvidersCommand,
    ),
    deleteCluster: ops.call(
      'DeleteCluster',
      DeleteClusterCommand,
      (cluster: string) => ({ cluster }),
      (out) => out.cluster,
    ),

    async servicesIn(cluster, callOptions) {
      const arns = await readAllPages(async (nextToken) => {
        const page = await send(
          'ListServices',
          new ListServicesCommand({
            cluster,
            maxResults: 100,
            ...(nextToken === undefined ? {} : { nextToken }),
          }),
          callOptions,
        );
        return { items: page.serviceArns ?? [], next: page.nextToken };
      });
      const services = await readInChunks(arns, ECS_MAX_BATCH, async (batch) => {
        const out = await send(
          'DescribeServices',
          new DescribeServicesCommand({ cluster, services: batch }),
          callOptions,
        );
        return out.services ?? [];
      });
      // A deleted service stays describable (and, in emulators, listed) as INACTIVE for a while;
      // only ACTIVE and DRAINING ones keep DeleteCluster from succeeding.
      return services.filter((s) => s.status !== 'INACTIVE');
    },

    async describeCapacityProviders(names, callOptions) {
      const out = await send(
        'DescribeCapacityProviders',
        new DescribeCapacityProvidersCommand({ capacityProviders: [...names], include: ['TAGS'] }),
        callOptions,
      );
      return { capacityProviders: out.capacityProviders ?? [], failures: out.failures ?? [] };
    },

    createCapacityProvider: answeringProvider('CreateCapacityProvider', CreateCapacityProviderCommand),
    updateCapacityProvider: answeringProvider('UpdateCapacityProvider', UpdateCapacityProviderCommand),
    deleteCapacityProvider: ops.call(
      'DeleteCapacityProvider',
      DeleteCapacityProviderCommand,
      (capacityProvider: string) => ({ capacityProvider }),
      (out) => out.capacityProvider,
    ),
  };
}
