/**
 * `ecs_bridge_orphaned_resources{kind}`: AWS resources tagged as owned by an object of this
 * installation that no longer exists, as the last orphan scan found them (ADR 0012). A gauge of its
 * own file so the scan's metric is registered only where the scan runs.
 */
import { Gauge, type Registry } from 'prom-client';

/** Registers the gauge in `registry` and returns a setter per kind. */
export function orphanGauge(registry: Registry): (kind: string, count: number) => void {
  const gauge = new Gauge({
    name: 'ecs_bridge_orphaned_resources',
    help: 'AWS resources tagged as owned by an object that no longer exists, by kind, at the last orphan scan',
    labelNames: ['kind'],
    registers: [registry],
  });
  return (kind, count) => gauge.set({ kind }, count);
}
