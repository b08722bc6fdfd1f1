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

/**
 * Every metric the operator exports, bound to one registry. Controllers and the work queue write
 * them; the probe server serves `registry`.
 */
export interface Metrics {
  readonly registry: Registry;
  /** `controller_runtime_reconcile_total{controller,result}`. */
  readonly reconcileTotal: Counter<'controller' | 'result'>;
  /** `controller_runtime_reconcile_errors_total{controller}`: thrown errors, terminal ones included. */
  readonly reconcileErrors: Counter<'controller'>;
  /** `controller_runtime_terminal_reconcile_errors_total{controller}`: `TerminalError`s only. */
  readonly terminalReconcileErrors: Counter<'controller'>;
  /** `controller_runtime_reconcile_time_seconds{controller}`. */
  readonly reconcileTime: Histogram<'controller'>;
  /** `controller_runtime_active_workers{controller}`: reconciles running now. */
  readonly activeWorkers: Gauge<'controller'>;
  /** `controller_runtime_max_concurrent_reconciles{controller}`: the configured worker count. */
  readonly maxConcurrentReconciles: Gauge<'controller'>;
  /**
   * `ecs_bridge_stuck_workers{controller}`: reconciles running past the readiness threshold (held
   * by a worker or abandoned at their deadline); readiness fails when it reaches the worker count.
   */
  readonly stuckWorkers: Gauge<'controller'>;
  /** `workqueue_longest_running_processor_seconds{name}`: age of the oldest running reconcile. */
  readonly longestRunningProcessor: Gauge<'name'>;
  /** `workqueue_depth{name}`. */
  readonly workQueueDepth: Gauge<'name'>;
  /** `workqueue_adds_total{name}`. */
  readonly workQueueAdds: Counter<'name'>;
  /** `workqueue_queue_duration_seconds{name}`: from add to hand-out. */
  readonly workQueueQueueDuration: Histogram<'name'>;
  /** `workqueue_work_duration_seconds{name}`: from hand-out to done. */
  readonly workQueueWorkDuration: Histogram<'name'>;
  /** `workqueue_retries_total{name}`. */
  readonly workQueueRetries: Counter<'name'>;
  /** `leader_election_master_status{name}`: 1 while this process holds the named lease. */
  readonly leaderElectionStatus: Gauge<'name'>;
  /**
   * `ecs_bridge_objects{kind,condition,status}`: objects of each kind by the status of each of
   * their conditions, as the informer cache last saw them (object-conditions.ts keeps it current).
   */
  readonly objects: Gauge<'kind' | 'condition' | 'status'>;
  /** `ecs_bridge_aws_calls_total{service,operation,outcome}`. */
  readonly awsCalls: Counter<'service' | 'operation' | 'outcome'>;
  /** `ecs_bridge_aws_call_duration_seconds{service,operation}`. */
  readonly awsCallDuration: Histogram<'service' | 'operation'>;
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

// controller-runtime's reconcile-time buckets (pkg/internal/controller/metrics).
const RECONCILE_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5,
  1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];
// client-go's workqueue buckets: 10 ns to 1,000 s by decades.
const QUEUE_BUCKETS = exponentialBuckets(1e-8, 10, 12);
const AWS_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Builds a fresh registry holding every operator metric. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const controllerLabel = ['controller'] as const;
  const nameLabel = ['name'] as const;
  const workQueueDepth = new Gauge({
    name: 'workqueue_depth',
    help: 'Current depth of workqueue',
    labelNames: nameLabel,
    registers,
  });
  const workQueueAdds = new Counter({
    name: 'workqueue_adds_total',
    help: 'Total number of adds handled by workqueue',
    labelNames: nameLabel,
    registers,
  });
  const workQueueQueueDuration = new Histogram({
    name: 'workqueue_queue_duration_seconds',
    help: 'How long in seconds an item stays in workqueue before being requested',
    labelNames: nameLabel,
    buckets: QUEUE_BUCKETS,
    registers,
  });
  const workQueueWorkDuration = new Histogram({
    name: 'workqueue_work_duration_seconds',
    help: 'How long in seconds processing an item from workqueue takes',
    labelNames: nameLabel,
    buckets: QUEUE_BUCKETS,
    registers,
  });
  const workQueueRetries = new Counter({
    name: 'workqueue_retries_total',
    help: 'Total number of retries handled by workqueue',
    labelNames: nameLabel,
    registers,
  });
  const awsCalls = new Counter({
    name: 'ecs_bridge_aws_calls_total',
    help: 'AWS API calls by service, operation and outcome (success or the classified error kind)',
    labelNames: ['service', 'operation', 'outcome'] as const,
    registers,
  });
  const awsCallDuration = new Histogram({
    name: 'ecs_bridge_aws_call_duration_seconds',
    help: 'Duration of AWS API calls in seconds, SDK retries included',
    labelNames: ['service', 'operation'] as const,
    buckets: AWS_BUCKETS,
    registers,
  });

  return {
    registry,
    reconcileTotal: new Counter({
      name: 'controller_runtime_reconcile_total',
      help: 'Total number of reconciliations per controller',
      labelNames: ['controller', 'result'] as const,
      registers,
    }),
    reconcileErrors: new Counter({
      name: 'controller_runtime_reconcile_errors_total',
      help: 'Total number of reconciliation errors per controller',
      labelNames: controllerLabel,
      registers,
    }),
    terminalReconcileErrors: new Counter({
      name: 'controller_runtime_terminal_reconcile_errors_total',
      help: 'Total number of terminal reconciliation errors per controller',
      labelNames: controllerLabel,
      registers,
    }),
    reconcileTime: new Histogram({
      name: 'controller_runtime_reconcile_time_seconds',
      help: 'Length of time per reconciliation per controller',
      labelNames: controllerLabel,
      buckets: RECONCILE_BUCKETS,
      registers,
    }),
    activeWorkers: new Gauge({
      name: 'controller_runtime_active_workers',
      help: 'Number of currently used workers per controller',
      labelNames: controllerLabel,
      registers,
    }),
    maxConcurrentReconciles: new Gauge({
      name: 'controller_runtime_max_concurrent_reconciles',
      help: 'Maximum number of concurrent reconciles per controller',
      labelNames: controllerLabel,
      registers,
    }),
    stuckWorkers: new Gauge({
      name: 'ecs_bridge_stuck_workers',
      help: 'Reconciles running longer than the readiness threshold per controller (readiness fails at the worker count)',
      labelNames: controllerLabel,
      registers,
    }),
    longestRunningProcessor: new Gauge({
      name: 'workqueue_longest_running_processor_seconds',
      help: 'How many seconds has the longest running processor for workqueue been running.',
      labelNames: nameLabel,
      registers,
    }),
    workQueueDepth,
    workQueueAdds,
    workQueueQueueDuration,
    workQueueWorkDuration,
    workQueueRetries,
    leaderElectionStatus: new Gauge({
      name: 'leader_election_master_status',
      help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master',
      labelNames: nameLabel,
      registers,
    }),
    objects: new Gauge({
      name: 'ecs_bridge_objects',
      help: 'Objects by kind and by the status (True, False, Unknown) of each condition type',
      labelNames: ['kind', 'condition', 'status'] as const,
      registers,
    }),
    awsCalls,
    awsCallDuration,
    workQueue(name: string): WorkQueueMetrics {
      const labels = { name };
      // Children bound once: the queue calls these on every add and get.
      const depth = workQueueDepth.labels(labels);
      const adds = workQueueAdds.labels(labels);
      const queued = workQueueQueueDuration.labels(labels);
      const worked = workQueueWorkDuration.labels(labels);
      const retries = workQueueRetries.labels(labels);
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
      awsCalls.inc({ service: call.service, operation: call.operation, outcome: call.outcome });
      awsCallDuration.observe({ service: call.service, operation: call.operation }, call.seconds);
    },
  };
}
