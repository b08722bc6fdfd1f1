/**
 * The real {@link EcsTaskApi}: one ECS SDK command per call, each through the shared rate limiter
 * in its throttling category and recorded by the call observer, like `ecs-cluster-client.ts`.
 */
import { DescribeTasksCommand, ListTasksCommand, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { ecsSender, type EcsApiOptions } from './ecs-client.js';
import type { EcsTaskApi } from './ecs-task-api.js';
import { readAllPages, readInChunks } from './pages.js';

/** DescribeTasks takes at most 100 tasks a call. */
const DESCRIBE_TASKS_MAX = 100;

/** Builds the real {@link EcsTaskApi} over `options.client`. */
export function createEcsTaskApi(options: EcsApiOptions): EcsTaskApi {
  const { send } = ecsSender(options);
  return {
    async runTask(input, callOptions) {
      const out = await send('RunTask', new RunTaskCommand(input), callOptions);
      return { tasks: out.tasks ?? [], failures: out.failures ?? [] };
    },

    listTaskArns: ({ cluster, startedBy, family, desiredStatus }, callOptions) =>
      readAllPages(async (nextToken) => {
        const page = await send(
          'ListTasks',
          new ListTasksCommand({
            cluster,
            ...(startedBy === undefined ? {} : { startedBy }),
            ...(family === undefined ? {} : { family }),
            desiredStatus,
            maxResults: 100,
            ...(nextToken === undefined ? {} : { nextToken }),
          }),
          callOptions,
        );
        return { items: page.taskArns ?? [], next: page.nextToken };
      }),

    describeTasks: (cluster, taskArns, callOptions) =>
      readInChunks(taskArns, DESCRIBE_TASKS_MAX, async (batch) => {
        const out = await send(
          'DescribeTasks',
          new DescribeTasksCommand({ cluster, tasks: batch }),
          callOptions,
        );
        return out.tasks ?? [];
      }),

    async stopTask(cluster, taskArn, reason, callOptions) {
      await send('StopTask', new StopTaskCommand({ cluster, task: taskArn, reason }), callOptions);
    },
  };
}
