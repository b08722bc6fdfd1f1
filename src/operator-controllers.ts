/**
 * The controllers of every kind: each reconciler behind its informer, and the other sources whose
 * changes wake its objects (references between kinds, the access policies and namespace labels
 * that judge them, the in-memory records kinds tell each other through).
 */
import { Controller, type ControllerOptions } from './controller/controller.js';
import type { ManagedController } from './controller/manager.js';
import type { Reconciler } from './controller/reconciler.js';
import { ClusterStatusWriter } from './k8s/cluster-status-writer.js';
import { ObjectWriter } from './k8s/object-writer.js';
import type { InFlightCalls } from './observability/in-flight-calls.js';
import { KIND_KEYS, OPERATOR_KINDS, perKind, type KindKey, type KindObjectTypes } from './operator-kinds.js';
import type { KindInformers } from './operator-informers.js';
import type { OperatorParts } from './operator-parts.js';
import { templateLookups } from './operator-reconcilers.js';
import type { TemplateLookups } from './resources/task-template/template-placement.js';
import { AccessPolicyReconciler } from './resources/access-policy/reconciler.js';
import {
  objectsAffectedByNamespace,
  objectsAffectedByPolicy,
  policiesWithSelector,
} from './resources/access-policy/snapshot.js';
import type { EcsAccessPolicy } from './resources/access-policy/types.js';
import { ACCESS_POLICY_TYPE } from './resources/kinds.js';
import type { EcsTaskDefinition } from './resources/task-definition/types.js';
import { roleProbeFrom } from './wiring.js';

/** One reconciler per kind of the table (access policies excepted: see their controller). */
export type OperatorReconcilers = { readonly [K in KindKey]: Reconciler<KindObjectTypes[K]> };

/** Builds the reconcilers, in the table's order. */
export function operatorReconcilers(parts: OperatorParts): OperatorReconcilers {
  const lookups = templateLookups(parts);
  return perKind<OperatorReconcilers>((key) => kindReconciler(key, parts, lookups));
}

/** One kind's reconciler, handed what every kind gets alike: its resource, its writer, the template lookups. */
function kindReconciler<K extends KindKey>(
  key: K,
  parts: OperatorParts,
  lookups: TemplateLookups,
): Reconciler<KindObjectTypes[K]> {
  const { type, reconciler } = OPERATOR_KINDS[key];
  return reconciler(parts, {
    type,
    writer: new ObjectWriter<KindObjectTypes[K]>({ type, kubeConfig: parts.kc }),
    lookups,
  });
}

/** What every controller shares: logging, metrics, workers, resync and reconcile deadlines. */
type CommonOptions = Pick<
  ControllerOptions<EcsTaskDefinition>,
  'log' | 'metrics' | 'workers' | 'resyncPeriodMs' | 'reconcileTimeoutMs' | 'stuck' | 'activityOf'
>;

/** Builds the controllers, in the order the manager starts them. */
export function operatorControllers(
  parts: OperatorParts,
  reconcilers: OperatorReconcilers,
  inFlight: InFlightCalls,
): readonly ManagedController[] {
  const { config, log, metrics } = parts;
  const common: CommonOptions = {
    log,
    metrics,
    workers: config.workers,
    resyncPeriodMs: config.resyncPeriodMs,
    reconcileTimeoutMs: config.reconcileTimeoutMs,
    stuck: config.stuck,
    activityOf: (signal: AbortSignal) => inFlight.of(signal),
  };
  return [
    ...KIND_KEYS.map((key) => kindController(key, parts, reconcilers[key], common)),
    accessPolicyController(parts, common),
  ];
}

/**
 * One kind's controller: its reconciler behind its informer, woken by what its entry watches, then
 * by the access policies and namespace labels that judge its objects.
 */
function kindController<K extends KindKey>(
  key: K,
  parts: OperatorParts,
  reconciler: Reconciler<KindObjectTypes[K]>,
  common: CommonOptions,
): Controller<KindObjectTypes[K]> {
  const { policies, namespaceObjects } = parts.informers;
  const informers: KindInformers = parts.informers;
  const source = informers[key];
  const entry = OPERATOR_KINDS[key];
  return entry
    .watches(
      new Controller<KindObjectTypes[K]>({ ...common, name: entry.controllerName, source, reconciler }),
      parts,
    )
    .watches(policies, (_p, event) => objectsAffectedByPolicy(source, namespaceObjects, event))
    .watches(namespaceObjects, (_ns, event) => objectsAffectedByNamespace(source, event));
}

/** EcsAccessPolicy: woken when a namespace's labels change what a selector selects. */
function accessPolicyController(parts: OperatorParts, common: CommonOptions): Controller<EcsAccessPolicy> {
  const { config, kc, aws } = parts;
  const { policies, namespaceObjects } = parts.informers;
  // Each policy's status: the namespaces it selects, and whether it is enforced.
  return new Controller<EcsAccessPolicy>({
    ...common,
    name: 'ecsaccesspolicy',
    source: policies,
    reconciler: new AccessPolicyReconciler({
      mode: config.accessPolicies,
      namespaces: namespaceObjects,
      writer: new ClusterStatusWriter(kc, ACCESS_POLICY_TYPE),
      probeRole: roleProbeFrom(aws),
    }),
  }).watches(namespaceObjects, (_ns, event) => policiesWithSelector(policies, event));
}
