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
import { AwsCallRunner } from './call-runner.js';
import type { EcsClusterApi } from './ecs-cluster-api.js';
import { ECS_MAX_BATCH, type EcsApiOptions } from './ecs-client.js';
import { ecsCategoryOf } from './ecs-categories.js';
import { readAllPages } from './pages.js';

/** Builds the real {@link EcsClusterApi} over `options.client`. */
export function createEcsClusterApi(options: EcsApiOptions): EcsClusterApi {
  const { client } = options;
  const runner = new AwsCallRunner({ ...options, service: 'ecs', categoryOf: ecsCategoryOf });
  return {
    async describeCluster(cluster, callOptions) {
      const out = await runner.run(
        'DescribeClusters',
        (http) =>
          client.send(
            new DescribeClustersCommand({
              clusters: [cluster],
              include: ['TAGS', 'SETTINGS', 'CONFIGURATIONS'],
            }),
            http,
          ),
        callOptions,
      );
      return { clusters: out.clusters ?? [], failures: out.failures ?? [] };
    },

    async createCluster(input, callOptions) {
      const out = await runner.run(
        'CreateCluster',
        (http) => client.send(new CreateClusterCommand(input), http),
        callOptions,
      );
      if (out.cluster === undefined) throw new Error('CreateCluster returned no cluster');
      return out.cluster;
    },

    async updateCluster(input, callOptions) {
      const out = await runner.run(
        'UpdateCluster',
        (http) => client.send(new UpdateClusterCommand(input), http),
        callOptions,
      );
      if (out.cluster === undefined) throw new Error('UpdateCluster returned no cluster');
      return out.cluster;
    },

    async putClusterCapacityProviders(input, callOptions) {
      const out = await runner.run(
        'PutClusterCapacityProviders',
        (http) => client.send(new PutClusterCapacityProvidersCommand(input), http),
        callOptions,
      );
      if (out.cluster === undefined) throw new Error('PutClusterCapacityProviders returned no cluster');
      return out.cluster;
    },

    async deleteCluster(cluster, callOptions) {
      const out = await runner.run(
        'DeleteCluster',
        (http) => client.send(new DeleteClusterCommand({ cluster }), http),
        callOptions,
      );
      return out.cluster;
    },

    async servicesIn(cluster, callOptions) {
      const arns = await readAllPages(async (nextToken) => {
        const page = await runner.run(
          'ListServices',
          (http) =>
            client.send(
              new ListServicesCommand({
                cluster,
                maxResults: 100,
                ...(nextToken === undefined ? {} : { nextToken }),
              }),
              http,
            ),
          callOptions,
        );
        return { items: page.serviceArns ?? [], next: page.nextToken };
      });
      const services: Service[] = [];
      for (let i = 0; i < arns.length; i += ECS_MAX_BATCH) {
        const batch = arns.slice(i, i + ECS_MAX_BATCH);
        const out = await runner.run(
          'DescribeServices',
          (http) => client.send(new DescribeServicesCommand({ cluster, services: batch }), http),
          callOptions,
        );
        services.push(...(out.services ?? []));
      }
      // A deleted service stays describable (and, in emulators, listed) as INACTIVE for a while;
      // only ACTIVE and DRAINING ones keep DeleteCluster from succeeding.
      return services.filter((s) => s.status !== 'INACTIVE');
    },

    async describeCapacityProviders(names, callOptions) {
      const out = await runner.run(
        'DescribeCapacityProviders',
        (http) =>
          client.send(
            new DescribeCapacityProvidersCommand({ capacityProviders: [...names], include: ['TAGS'] }),
            http,
          ),
        callOptions,
      );
      return { capacityProviders: out.capacityProviders ?? [], failures: out.failures ?? [] };
    },

    async createCapacityProvider(input, callOptions) {
      const out = await runner.run(
        'CreateCapacityProvider',
        (http) => client.send(new CreateCapacityProviderCommand(input), http),
        callOptions,
      );
      if (out.capacityProvider === undefined)
        throw new Error('CreateCapacityProvider returned no capacity provider');
      return out.capacityProvider;
    },

    async updateCapacityProvider(input, callOptions) {
      const out = await runner.run(
        'UpdateCapacityProvider',
        (http) => client.send(new UpdateCapacityProviderCommand(input), http),
        callOptions,
      );
      if (out.capacityProvider === undefined)
        throw new Error('UpdateCapacityProvider returned no capacity provider');
      return out.capacityProvider;
    },

    async deleteCapacityProvider(name, callOptions) {
      const out = await runner.run(
        'DeleteCapacityProvider',
        (http) => client.send(new DeleteCapacityProviderCommand({ capacityProvider: name }), http),
        callOptions,
      );
      return out.capacityProvider;
    },
  };
}
