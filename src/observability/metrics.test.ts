import { register } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.js';

describe('createMetrics', () => {
  it('registers nothing in the global default registry', () => {
    createMetrics({ processMetrics: false });
    createMetrics();
    expect(register.getMetricsAsArray()).toHaveLength(0);
  });

  it('can be created twice in one process (one registry each)', async () => {
    const a = createMetrics({ processMetrics: false });
    const b = createMetrics({ processMetrics: false });
    a.reconcileErrors.inc({ controller: 'x' });
    expect(await a.registry.getSingleMetricAsString('controller_runtime_reconcile_errors_total')).toContain(
      'controller_runtime_reconcile_errors_total{controller="x"} 1',
    );
    expect(
      await b.registry.getSingleMetricAsString('controller_runtime_reconcile_errors_total'),
    ).not.toContain('controller="x"');
  });

  it('exports the names Kubernetes users know', () => {
    const names = createMetrics({ processMetrics: false })
      .registry.getMetricsAsArray()
      .map((m) => m.name)
      .sort();
    expect(names).toEqual([
      'controller_runtime_active_workers',
      'controller_runtime_max_concurrent_reconciles',
      'controller_runtime_reconcile_errors_total',
      'controller_runtime_reconcile_time_seconds',
      'controller_runtime_reconcile_total',
      'controller_runtime_terminal_reconcile_errors_total',
      'ecs_bridge_aws_call_duration_seconds',
      'ecs_bridge_aws_calls_total',
      'ecs_bridge_objects',
      'ecs_bridge_stuck_workers',
      'leader_election_master_status',
      'workqueue_adds_total',
      'workqueue_depth',
      'workqueue_longest_running_processor_seconds',
      'workqueue_queue_duration_seconds',
      'workqueue_retries_total',
      'workqueue_work_duration_seconds',
    ]);
  });

  it('adds process metrics by default', () => {
    const names = createMetrics()
      .registry.getMetricsAsArray()
      .map((m) => m.name);
    expect(names).toContain('process_cpu_seconds_total');
    expect(names).toContain('nodejs_eventloop_lag_seconds');
  });

  it('writes workqueue metrics through the queue hooks, labelled by name', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const hooks = metrics.workQueue('ecsservice');
    hooks.added();
    hooks.added();
    hooks.depth(2);
    hooks.queued(0.25);
    hooks.worked(1.5);
    hooks.retried();
    const text = await metrics.registry.metrics();
    expect(text).toContain('workqueue_adds_total{name="ecsservice"} 2');
    expect(text).toContain('workqueue_depth{name="ecsservice"} 2');
    expect(text).toContain('workqueue_queue_duration_seconds_sum{name="ecsservice"} 0.25');
    expect(text).toContain('workqueue_work_duration_seconds_count{name="ecsservice"} 1');
    expect(text).toContain('workqueue_retries_total{name="ecsservice"} 1');
  });

  it('counts AWS calls by service, operation and outcome', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.observeAwsCall({
      service: 'ecs',
      operation: 'DescribeServices',
      outcome: 'success',
      seconds: 0.05,
    });
    metrics.observeAwsCall({
      service: 'ecs',
      operation: 'DescribeServices',
      outcome: 'throttled',
      seconds: 0.2,
    });
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'ecs_bridge_aws_calls_total{service="ecs",operation="DescribeServices",outcome="success"} 1',
    );
    expect(text).toContain(
      'ecs_bridge_aws_calls_total{service="ecs",operation="DescribeServices",outcome="throttled"} 1',
    );
    expect(text).toContain(
      'ecs_bridge_aws_call_duration_seconds_count{service="ecs",operation="DescribeServices"} 2',
    );
  });
});
