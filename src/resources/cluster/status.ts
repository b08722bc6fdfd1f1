/**
 * The EcsCluster status as a pure function of the object, ECS's latest answer about the cluster,
 * the outcome of the reconcile and the time. Conditions follow kstatus (Ready, Reconciling,
 * Stalled) with a PascalCase reason and a message naming the value and the fix, as the other kinds.
 *
 * "Ready" means ECS reports the cluster ACTIVE after this generation's writes (ADR 0019).
 */
import type { CapacityProvider, Cluster } from '@aws-sdk/client-ecs';
import { keptReady, no, statusStep, yes } from '../condition-values.js';
import { isSameReportedStatus } from '../status-compare.js';
import { ClusterReason as R } from './reasons.js';
import {
  MAX_STATUS_SERVICES,
  type CapacityProviderStatus,
  type EcsCluster,
  type EcsClusterStatus,
} from './types.js';

/** How a reconcile ended, as far as status is concerned. */
export type ClusterOutcome =
  | { readonly kind: 'progressing' }
  /** Converged: `cluster` is ECS's latest answer after the writes. */
  | {
      readonly kind: 'synced';
      readonly cluster: Cluster;
      readonly services?: readonly string[];
      /** ECS's latest answer about each declared Auto Scaling group capacity provider. */
      readonly providers?: readonly CapacityProvider[];
    }
  | { readonly kind: 'invalid'; readonly message: string }
  /** The planner refused (the cluster is not ours), or a terminal AWS error. */
  | { readonly kind: 'failed'; readonly reason: string; readonly message: string; readonly cluster?: Cluster }
  | { readonly kind: 'retrying'; readonly reason: string; readonly message: string }
  /** Deletion waits for the services named in `message`. */
  | { readonly kind: 'deletionBlocked'; readonly message: string; readonly cluster?: Cluster }
  | { readonly kind: 'deleting'; readonly message: string };

/** Computes the status to write. Pure. */
export function clusterStatus(obj: EcsCluster, outcome: ClusterOutcome, now: Date): EcsClusterStatus {
  const base = obj.status ?? {};
  const { generation, gen, conditions, progressing } = statusStep(obj, now);

  switch (outcome.kind) {
    case 'progressing':
      return {
        ...base,
        conditions: progressing({ reason: R.Progressing, message: 'reconciling the cluster with ECS' }),
      };
    case 'synced': {
      const services = [...(outcome.services ?? [])].sort().slice(0, MAX_STATUS_SERVICES);
      const providers = outcome.providers ?? [];
      const providerStatuses = capacityProviderStatuses(outcome.cluster, providers);
      const fields = {
        ...clusterFields(outcome.cluster),
        ...(providerStatuses.length === 0 ? {} : { capacityProviderStatuses: providerStatuses }),
        ...(services.length === 0 ? {} : { services }),
      };
      const status = outcome.cluster.status ?? 'ACTIVE';
      const failed = providers.find((p) => p.updateStatus === 'UPDATE_FAILED');
      if (failed !== undefined) {
        const c = {
          reason: R.CapacityProviderUpdateFailed,
          message: `ECS could not update capacity provider ${failed.name ?? ''}: ${failed.updateStatusReason ?? 'no reason given'}; fix the Auto Scaling group or the spec (the update is sent again at the next resync)`,
        };
        return { ...base, ...gen, ...fields, conditions: conditions(no(c), no(c), yes(c)) };
      }
      const settling = providers.find((p) => !isSettled(p));
      if (settling !== undefined && status === 'ACTIVE') {
        const c = {
          reason: R.CapacityProviderNotActive,
          message: `ECS reports capacity provider ${settling.name ?? ''} as ${settling.status ?? ''}${settling.updateStatus === undefined ? '' : ` (${settling.updateStatus})`}; waiting`,
        };
        return { ...base, ...gen, ...fields, conditions: conditions(no(c), yes(c), no(c)) };
      }
      if (status !== 'ACTIVE') {
        const c = {
          reason: R.ClusterNotActive,
          message: `ECS reports cluster ${fields.clusterName ?? ''} as ${status}; waiting for ACTIVE`,
        };
        return { ...base, ...gen, ...fields, conditions: conditions(no(c), yes(c), no(c)) };
      }
      const c = {
        reason: R.UpToDate,
        message: `ECS cluster ${fields.clusterName ?? ''} is ACTIVE and matches the spec`,
      };
      const { services: _previous, capacityProviderStatuses: _before, ...rest } = base;
      return { ...rest, ...gen, ...fields, conditions: conditions(yes(c), no(c), no(c)) };
    }
    case 'invalid': {
      const c = { reason: R.InvalidSpec, message: outcome.message };
      return { ...base, ...gen, conditions: conditions(no(c), no(c), yes(c)) };
    }
    case 'failed': {
      const c = { reason: outcome.reason, message: outcome.message };
      const fields = outcome.cluster === undefined ? {} : clusterFields(outcome.cluster);
      return { ...base, ...gen, ...fields, conditions: conditions(no(c), no(c), yes(c)) };
    }
    case 'retrying': {
      const c = { reason: outcome.reason, message: `retrying: ${outcome.message}` };
      const fresh = (base.conditions ?? []).length === 0;
      const changeWaiting = generation !== undefined && generation !== base.observedGeneration;
      // A passing throttle on a converged object writes nothing (no status churn per resync).
      if (!fresh && !changeWaiting) return base;
      return { ...base, conditions: conditions(keptReady(base.conditions, c), yes(c), no(c), true) };
    }
    case 'deletionBlocked': {
      const c = { reason: R.ServicesRemain, message: outcome.message };
      const fields = outcome.cluster === undefined ? {} : clusterFields(outcome.cluster);
      return { ...base, ...fields, conditions: conditions(no(c), no(c), yes(c), true) };
    }
    case 'deleting': {
      const c = { reason: R.Deleting, message: outcome.message };
      return { ...base, conditions: conditions(keptReady(base.conditions, c), yes(c), no(c), true) };
    }
  }
}

/** True when ECS is done with a provider: ACTIVE and no update in progress. */
export function isSettled(provider: CapacityProvider): boolean {
  return (
    (provider.status ?? 'ACTIVE') === 'ACTIVE' && !(provider.updateStatus ?? '').endsWith('_IN_PROGRESS')
  );
}

/** Every provider the cluster has attached or the spec declares, sorted, with what ECS said of it. */
function capacityProviderStatuses(
  cluster: Cluster,
  providers: readonly CapacityProvider[],
): CapacityProviderStatus[] {
  const attached = new Set(cluster.capacityProviders ?? []);
  const described = new Map(providers.flatMap((p) => (p.name === undefined ? [] : [[p.name, p]])));
  const names = [...new Set([...attached, ...described.keys()])].sort();
  return names.map((name) => {
    const p = described.get(name);
    const out: Record<string, unknown> = {
      name,
      attached: attached.has(name),
      status: p?.status,
      updateStatus: p?.updateStatus,
      updateStatusReason: p?.updateStatusReason,
      capacityProviderArn: p?.capacityProviderArn,
    };
    return Object.fromEntries(
      Object.entries(out).filter(([, v]) => v !== undefined),
    ) as unknown as CapacityProviderStatus;
  });
}

/** The status fields ECS reports about a cluster. */
function clusterFields(cluster: Cluster): EcsClusterStatus {
  const out: Record<string, unknown> = {
    clusterArn: cluster.clusterArn,
    clusterName: cluster.clusterName,
    status: cluster.status,
    registeredContainerInstancesCount: cluster.registeredContainerInstancesCount,
    runningTasksCount: cluster.runningTasksCount,
    pendingTasksCount: cluster.pendingTasksCount,
    activeServicesCount: cluster.activeServicesCount,
    capacityProviders:
      cluster.capacityProviders === undefined ? undefined : [...cluster.capacityProviders].sort(),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** True when writing `next` over `previous` changes nothing a reader cares about. */
export function isSameClusterStatus(previous: EcsClusterStatus | undefined, next: EcsClusterStatus): boolean {
  return isSameReportedStatus(previous, next);
}
