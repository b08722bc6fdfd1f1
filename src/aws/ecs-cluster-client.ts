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
  type Service,
} from '@aws-sdk/client-ecs';
import type { EcsClusterApi } from './ecs-cluster-api.js';
import { ECS_MAX_BATCH, ecsSender, type EcsApiOptions } from './ecs-client.js';
import { readAllPages } from './pages.js';

/** Builds the real {@link EcsClusterApi} over `options.client`. */
export function createEcsClusterApi(options: EcsApiOptions): EcsClusterApi {
  const { send } = ecsSender(options);
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

    async createCluster(input, callOptions) {
      const out = await send('CreateCluster', new CreateClusterCommand(input), callOptions);
      if (out.cluster === undefined) throw new Error('CreateCluster returned no cluster');
      return out.cluster;
    },

    async updateCluster(input, callOptions) {
      const out = await send('UpdateCluster', new UpdateClusterCommand(input), callOptions);
      if (out.cluster === undefined) throw new Error('UpdateCluster returned no cluster');
      return out.cluster;
    },

    async putClusterCapacityProviders(input, callOptions) {
      const out = await send(
        'PutClusterCapacityProviders',
        new PutClusterCapacityProvidersCommand(input),
        callOptions,
      );
      if (out.cluster === undefined) throw new Error('PutClusterCapacityProviders returned no cluster');
      return out.cluster;
    },

    async deleteCluster(cluster, callOptions) {
      const out = await send('DeleteCluster', new DeleteClusterCommand({ cluster }), callOptions);
      return out.cluster;
    },

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
      const services: Service[] = [];
      for (let i = 0; i < arns.length; i += ECS_MAX_BATCH) {
        const batch = arns.slice(i, i + ECS_MAX_BATCH);
        const out = await send(
          'DescribeServices',
          new DescribeServicesCommand({ cluster, services: batch }),
          callOptions,
        );
        services.push(...(out.services ?? []));
      }
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

    async createCapacityProvider(input, callOptions) {
      const out = await send('CreateCapacityProvider', new CreateCapacityProviderCommand(input), callOptions);
      if (out.capacityProvider === undefined)
        throw new Error('CreateCapacityProvider returned no capacity provider');
      return out.capacityProvider;
    },

    async updateCapacityProvider(input, callOptions) {
      const out = await send('UpdateCapacityProvider', new UpdateCapacityProviderCommand(input), callOptions);
      if (out.capacityProvider === undefined)
        throw new Error('UpdateCapacityProvider returned no capacity provider');
      return out.capacityProvider;
    },

    async deleteCapacityProvider(name, callOptions) {
      const out = await send(
        'DeleteCapacityProvider',
        new DeleteCapacityProviderCommand({ capacityProvider: name }),
        callOptions,
      );
      return out.capacityProvider;
    },
  };
}
