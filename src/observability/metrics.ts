/**
 * The operator's Prometheus metrics: the names Kubernetes users know from controller-runtime and
 * client-go, plus AWS calls by service, operation and outcome.
 *
 * Everything lives in a registry created by {@link createMetrics}; importing this module registers
 * nothing in prom-client's global default registry.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, exponentialBuckets } from 'prom-client';
import type { AwsCallOutcome } from '../aws/call-observer.js';
import type { WorkQueueMetrics } from '../controller/work-queue.js';

/** The `result` label of `controller_runtime_reconcile_total`, as controller-runtime spells it. */
export type ReconcileResultLabel = 'success' | 'error' | 'requeue_after';

/** One AWS call, as {@link Metrics.observeAwsCall} records it. */
export interface AwsCallObservation {
  /** The SDK service, e.g. `ecs`, `application-auto-scaling`, `elasticloadbalancing`. */
  readonly service: string;
  /** The API operation, e.g. `DescribeServices`. */
  readonly operation: string;
  readonly outcome: AwsCallOutcome;
  /** Wall time of the call including SDK retries. */
  readonly seconds: number;
}

// controller-runtime's reconcile-time buckets (pkg/internal/controller/metrics).
const RECONCILE_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5,
  1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];
// client-go's workqueue buckets: 10 ns to 1,000 s by decades.
const QUEUE_BUCKETS = exponentialBuckets(1e-8, 10, 12);
const AWS_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** How one metric is declared: its prom-client type, Prometheus name, help text, labels and buckets. */
interface MetricDefinition {
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  /** Histograms only: the bucket upper bounds, in seconds. */
  readonly buckets?: readonly number[];
}

const CONTROLLER = ['controller'] as const;
const NAME = ['name'] as const;

/**
 * Every metric the operator exports, in the order they are registered. The help texts of the
 * controller-runtime and client-go metrics are theirs, word for word, so dashboards built for them match.
 */
const METRIC_DEFINITIONS = {
  /** `workqueue_depth{name}`. */
  workQueueDepth: {
    type: 'gauge',
    name: 'workqueue_depth',
    help: 'Current depth of workqueue',
    labelNames: NAME,
  },
  /** `workqueue_adds_total{name}`. */
  workQueueAdds: {
    type: 'counter',
    name: 'workqueue_adds_total',
    help: 'Total number of adds handled by workqueue',
    labelNames: NAME,
  },
  /** `workqueue_queue_duration_seconds{name}`: from add to hand-out. */
  workQueueQueueDuration: {
    type: 'histogram',
    name: 'workqueue_queue_duration_seconds',
    help: 'How long in seconds an item stays in workqueue before being requested',
    labelNames: NAME,
    buckets: QUEUE_BUCKETS,
  },
  /** `workqueue_work_duration_seconds{name}`: from hand-out to done. */
  workQueueWorkDuration: {
    type: 'histogram',
    name: 'workqueue_work_duration_seconds',
    help: 'How long in seconds processing an item from workqueue takes',
    labelNames: NAME,
    buckets: QUEUE_BUCKETS,
  },
  /** `workqueue_retries_total{name}`. */
  workQueueRetries: {
    type: 'counter',
    name: 'workqueue_retries_total',
    help: 'Total number of retries handled by workqueue',
    labelNames: NAME,
  },
  /** `ecs_bridge_aws_calls_total{service,operation,outcome}`. */
  awsCalls: {
    type: 'counter',
    name: 'ecs_bridge_aws_calls_total',
    help: 'AWS API calls by service, operation and outcome (success or the classified error kind)',
    labelNames: ['service', 'operation', 'outcome'],
  },
  /** `ecs_bridge_aws_call_duration_seconds{service,operation}`. */
  awsCallDuration: {
    type: 'histogram',
    name: 'ecs_bridge_aws_call_duration_seconds',
    help: 'Duration of AWS API calls in seconds, SDK retries included',
    labelNames: ['service', 'operation'],
    buckets: AWS_BUCKETS,
  },
  /** `controller_runtime_reconcile_total{controller,result}`. */
  reconcileTotal: {
    type: 'counter',
    name: 'controller_runtime_reconcile_total',
    help: 'Total number of reconciliations per controller',
    labelNames: ['controller', 'result'],
  },
  /** `controller_runtime_reconcile_errors_total{controller}`: thrown errors, terminal ones included. */
  reconcileErrors: {
    type: 'counter',
    name: 'controller_runtime_reconcile_errors_total',
    help: 'Total number of reconciliation errors per controller',
    labelNames: CONTROLLER,
  },
  /** `controller_runtime_terminal_reconcile_errors_total{controller}`: `TerminalError`s only. */
  terminalReconcileErrors: {
    type: 'counter',
    name: 'controller_runtime_terminal_reconcile_errors_total',
    help: 'Total number of terminal reconciliation errors per controller',
    labelNames: CONTROLLER,
  },
  /** `controller_runtime_reconcile_time_seconds{controller}`. */
  reconcileTime: {
    type: 'histogram',
    name: 'controller_runtime_reconcile_time_seconds',
    help: 'Length of time per reconciliation per controller',
    labelNames: CONTROLLER,
    buckets: RECONCILE_BUCKETS,
  },
  /** `controller_runtime_active_workers{controller}`: reconciles running now. */
  activeWorkers: {
    type: 'gauge',
    name: 'controller_runtime_active_workers',
    help: 'Number of currently used workers per controller',
    labelNames: CONTROLLER,
  },
  /** `controller_runtime_max_concurrent_reconciles{controller}`: the configured worker count. */
  maxConcurrentReconciles: {
    type: 'gauge',
    name: 'controller_runtime_max_concurrent_reconciles',
    help: 'Maximum number of concurrent reconciles per controller',
    labelNames: CONTROLLER,
  },
  /**
   * `ecs_bridge_stuck_workers{controller}`: reconciles running past the readiness threshold (held
   * by a worker or abandoned at their deadline); readiness fails when it reaches the worker count.
   */
  stuckWorkers: {
    type: 'gauge',
    name: 'ecs_bridge_stuck_workers',
    help: 'Reconciles running longer than the readiness threshold per controller (readiness fails at the worker count)',
    labelNames: CONTROLLER,
  },
  /** `workqueue_longest_running_processor_seconds{name}`: age of the oldest running reconcile. */
  longestRunningProcessor: {
    type: 'gauge',
    name: 'workqueue_longest_running_processor_seconds',
    help: 'How many seconds has the longest running processor for workqueue been running.',
    labelNames: NAME,
  },
  /** `leader_election_master_status{name}`: 1 while this process holds the named lease. */
  leaderElectionStatus: {
    type: 'gauge',
    name: 'leader_election_master_status',
    help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master',
    labelNames: NAME,
  },
  /**
   * `ecs_bridge_objects{kind,condition,status}`: objects of each kind by the status of each of
   * their conditions, as the informer cache last saw them (object-conditions.ts keeps it current).
   */
  objects: {
    type: 'gauge',
    name: 'ecs_bridge_objects',
    help: 'Objects by kind and by the status (True, False, Unknown) of each condition type',
    labelNames: ['kind', 'condition', 'status'],
  },
} as const satisfies Record<string, MetricDefinition>;

type MetricDefinitions = typeof METRIC_DEFINITIONS;

/** The prom-client metric a definition builds, typed by its labels. */
type MetricOf<D extends MetricDefinition> = D extends { readonly type: 'counter' }
  ? Counter<D['labelNames'][number]>
  : D extends { readonly type: 'gauge' }
    ? Gauge<D['labelNames'][number]>
    : Histogram<D['labelNames'][number]>;

/** One field per entry of the definitions table, each the metric it declares. */
export type OperatorMetrics = { readonly [K in keyof MetricDefinitions]: MetricOf<MetricDefinitions[K]> };

/**
 * Every metric the operator exports, bound to one registry. Controllers and the work queue write
 * them; the probe server serves `registry`.
 */
export interface Metrics extends OperatorMetrics {
  readonly registry: Registry;
  /** The work-queue hooks for the queue called `name`, writing the `workqueue_*` metrics. */
  workQueue(name: string): WorkQueueMetrics;
  /** Counts one AWS call and records its duration. */
  observeAwsCall(call: AwsCallObservation): void;
}

/** Options for {@link createMetrics}. */
export interface MetricsOptions {
  /**
   * Also export Node process metrics (CPU, memory, event-loop lag, GC) into the registry. Default
   * true; tests turn it off.
   */
  readonly processMetrics?: boolean;
}

/** Registers the metric `definition` declares in `registry`. */
function registerMetric(definition: MetricDefinition, registry: Registry): Counter | Gauge | Histogram {
  const { type, name, help, labelNames, buckets } = definition;
  const common = { name, help, labelNames, registers: [registry] };
  switch (type) {
    case 'counter':
      return new Counter(common);
    case 'gauge':
      return new Gauge(common);
    case 'histogram':
      return new Histogram({ ...common, ...(buckets === undefined ? {} : { buckets: [...buckets] }) });
  }
}

/** Builds a fresh registry holding every operator metric. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  // Each entry builds the prom-client type its `type` names, which is what MetricOf says it is.
  const metrics = Object.fromEntries(
    Object.entries(METRIC_DEFINITIONS).map(([key, definition]) => [
      key,
      registerMetric(definition, registry),
    ]),
  ) as unknown as OperatorMetrics;

  return {
    ...metrics,
    registry,
    workQueue(name: string): WorkQueueMetrics {
      const labels = { name };
      // Children bound once: the queue calls these on every add and get.
      const depth = metrics.workQueueDepth.labels(labels);
      const adds = metrics.workQueueAdds.labels(labels);
      const queued = metrics.workQueueQueueDuration.labels(labels);
      const worked = metrics.workQueueWorkDuration.labels(labels);
      const retries = metrics.workQueueRetries.labels(labels);
      depth.set(0);
      return {
        added: () => adds.inc(),
        depth: (value) => depth.set(value),
        queued: (seconds) => queued.observe(seconds),
        worked: (seconds) => worked.observe(seconds),
        retried: () => retries.inc(),
      };
    },
    observeAwsCall(call: AwsCallObservation): void {
      metrics.awsCalls.inc({ service: call.service, operation: call.operation, outcome: call.outcome });
      metrics.awsCallDuration.observe({ service: call.service, operation: call.operation }, call.seconds);
    },
  };
}
