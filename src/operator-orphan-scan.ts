/**
 * The orphan scan the operator runs (ADR 0030): every Region in use, in its own account and in the
 * account of every role a policy names, looked through for resources carrying this installation's
 * tags whose object is gone. None with a label selector: objects of the other shards are invisible
 * here, not gone.
 */
import type { OperatorParts } from './operator-parts.js';
import { orphanGauge } from './observability/orphan-metrics.js';
import { roleOfPolicy } from './resources/access-policy/account.js';
import { OrphanScan } from './resources/orphans/orphan-scan.js';
import { orphanScanPlaces, type ScanPlace } from './resources/orphans/scan-places.js';
import { ownersFrom, regionsInUse } from './wiring.js';

/** The scan the config asks for, or undefined (period 0, or a label selector). */
export function operatorOrphanScan(parts: OperatorParts): OrphanScan | undefined {
  const { config, aws, defaultRegion, events, metrics, log } = parts;
  const { taskDefinitions, services, policies } = parts.informers;
  // With a label selector, objects of the other shards are invisible here, not gone: no scan.
  if (!(config.orphanScanPeriodMs > 0 && config.labelSelector === undefined)) return undefined;
  // Every Region in use, in the own account and in the account of every role a policy names
  // (ADR 0030): objects of a namespace with a role own resources in that role's account.
  let places = new Map<string, ScanPlace>();
  return new OrphanScan({
    instanceId: config.instanceId,
    regions: () => {
      const roles =
        config.accessPolicies === 'off' ? [] : policies.list().flatMap((p) => roleOfPolicy(p) ?? []);
      const found = orphanScanPlaces(regionsInUse(defaultRegion, taskDefinitions, services), roles);
      places = new Map(found.map((p) => [p.label, p]));
      return found.map((p) => p.label);
    },
    awsFor: (label) => {
      const place = places.get(label);
      return place === undefined ? aws.forRegion(label) : aws.forRole(place.role, place.region);
    },
    objects: () => ownersFrom(taskDefinitions, services),
    sources: [taskDefinitions, services],
    ...(config.namespaces.length === 0 ? {} : { namespaces: config.namespaces }),
    periodMs: config.orphanScanPeriodMs,
    events,
    setGauge: orphanGauge(metrics.registry),
    log: log.child({ component: 'orphan-scan' }),
  });
}
