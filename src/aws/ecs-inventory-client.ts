/**
 * The ECS list calls of the orphan scan, which reconciles never make: every cluster, every service
 * of a cluster, every task definition revision of the account (all families) with a status. Each
 * call goes through the same rate limiter, metrics and error handling as {@link EcsApi}'s; pages of
 * 100 (the most ECS returns) so a scan costs as few calls as it can.
 */
import {
  ListClustersCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  type TaskDefinitionStatus,
} from '@aws-sdk/client-ecs';
import type { AwsCallOptions } from './call-runner.js';
import { ecsSender, type EcsApiOptions } from './ecs-client.js';
import { readAllPages, readPagesUpTo, type PageReader } from './pages.js';

/** The listing calls the orphan scan makes, all pages each. */
export interface EcsInventory {
  /** ListClusters: every cluster ARN of the Region. */
  listClusters(options?: AwsCallOptions): Promise<string[]>;
  /** ListServices: every service ARN of `cluster`. */
  listServices(cluster: string, options?: AwsCallOptions): Promise<string[]>;
  /** ListTaskDefinitions without a family: every revision ARN of the Region with `status`. */
  listTaskDefinitions(status: TaskDefinitionStatus, options?: AwsCallOptions): Promise<string[]>;
  /**
   * As {@link EcsInventory.listTaskDefinitions}, reading at most `maxPages` pages; `complete` says
   * whether that was all of them.
   */
  listTaskDefinitionsUpTo(
    status: TaskDefinitionStatus,
    maxPages: number,
    options?: AwsCallOptions,
  ): Promise<{ arns: string[]; complete: boolean }>;
}

/** Builds the real {@link EcsInventory} over `options.client`. */
export function createEcsInventory(options: EcsApiOptions): EcsInventory {
  const { send } = ecsSender(options);
  const token = (nextToken: string | undefined) => (nextToken === undefined ? {} : { nextToken });
  return {
    listClusters: (callOptions) =>
      readAllPages(async (nextToken) => {
        const out = await send(
          'ListClusters',
          new ListClustersCommand({ maxResults: 100, ...token(nextToken) }),
          callOptions,
        );
        return { items: out.clusterArns ?? [], next: out.nextToken };
      }),
    listServices: (cluster, callOptions) =>
      readAllPages(async (nextToken) => {
        const out = await send(
          'ListServices',
          new ListServicesCommand({ cluster, maxResults: 100, ...token(nextToken) }),
          callOptions,
        );
        return { items: out.serviceArns ?? [], next: out.nextToken };
      }),
    listTaskDefinitions: (status, callOptions) => readAllPages(taskDefinitionPage(status, callOptions)),
    listTaskDefinitionsUpTo: async (status, maxPages, callOptions) => {
      const { items, complete } = await readPagesUpTo(maxPages, taskDefinitionPage(status, callOptions));
      return { arns: items, complete };
    },
  };

  function taskDefinitionPage(
    status: TaskDefinitionStatus,
    callOptions: AwsCallOptions | undefined,
  ): PageReader<string> {
    return async (nextToken) => {
      const out = await send(
        'ListTaskDefinitions',
        new ListTaskDefinitionsCommand({ status, maxResults: 100, ...token(nextToken) }),
        callOptions,
      );
      return { items: out.taskDefinitionArns ?? [], next: out.nextToken };
    };
  }
}
