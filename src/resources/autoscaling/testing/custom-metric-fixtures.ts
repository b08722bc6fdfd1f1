/**
 * The customized-metric policy the autoscaling tests share: the SQS queue worker's backlog per task
 * (examples/services/scenario-4-sqs-worker.yaml), visible messages divided by running tasks. One
 * builder, so the desired, plan, import and plan-CLI tests read the same metric math.
 */
import type { CustomMetricPolicySpec, CustomMetricQuerySpec } from '../../service/types.js';

/** The messages waiting in the `jobs` queue (summed), a query that returns no data itself. */
export const VISIBLE_MESSAGES: CustomMetricQuerySpec = {
  id: 'visible',
  returnData: false,
  metricStat: {
    namespace: 'AWS/SQS',
    metricName: 'ApproximateNumberOfMessagesVisible',
    dimensions: [{ name: 'QueueName', value: 'jobs' }],
    stat: 'Sum',
  },
};

/** The service's running tasks as Container Insights reports them (averaged), returning no data. */
export function runningTasksQuery(service: {
  readonly cluster: string;
  readonly serviceName: string;
}): CustomMetricQuerySpec {
  return {
    id: 'tasks',
    returnData: false,
    metricStat: {
      namespace: 'ECS/ContainerInsights',
      metricName: 'RunningTaskCount',
      dimensions: [
        { name: 'ServiceName', value: service.serviceName },
        { name: 'ClusterName', value: service.cluster },
      ],
      stat: 'Average',
    },
  };
}

/** The `backlog` policy: keeps visible messages per running task of `service` at 100. */
export function backlogPerTaskPolicy(service: {
  readonly cluster: string;
  readonly serviceName: string;
}): CustomMetricPolicySpec {
  return {
    name: 'backlog',
    targetValue: 100,
    metrics: [
      VISIBLE_MESSAGES,
      runningTasksQuery(service),
      { id: 'backlog', expression: 'visible / tasks', label: 'backlog per task' },
    ],
  };
}
