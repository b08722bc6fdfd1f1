/**
 * Whether each EcsCluster is Ready, as this process last concluded it from ECS: what a `clusterRef`
 * (EcsService, EcsTaskRun, EcsTaskTrigger) waits for. Status is a report and never an input (a user
 * with status rights could otherwise write `Ready=True` and let dependants act on the cluster
 * early), so the lookup reads this instead of the EcsCluster's conditions.
 *
 * The cluster reconciler records a verdict after every visit that reached one: ready when ECS
 * reports the cluster ACTIVE and matching this generation's spec, not ready for an invalid spec, a
 * failure or a cluster still settling. A retryable error or a deletion in progress leaves the entry
 * as it was, like status keeps Ready. After a restart the memory is empty until the cluster
 * reconciler has visited the object once (every cached object is queued at start); dependants wait
 * until then. Each change is announced, so the dependants are queued at once (an `ObjectSource` for
 * `Controller.watches`).
 */
import { isConditionTrue } from '../../k8s/conditions.js';
import { ObjectVerdicts, type ObjectVerdict, type VerdictSubject } from '../object-verdicts.js';
import type { ClusterOutcome } from './status.js';
import type { EcsCluster, EcsClusterStatus } from './types.js';

/** One EcsCluster's readiness, as last concluded. */
export interface ClusterReadyVerdict extends ObjectVerdict {
  readonly ready: boolean;
}

/** The readiness of every EcsCluster this process has visited; see the file header. */
export class ClusterReadiness extends ObjectVerdicts<ClusterReadyVerdict> {
  constructor() {
    super('ecs-cluster-readiness', isSame);
  }

  /**
   * True only when this process concluded the object with `uid` Ready at `generation`: a verdict
   * about another object or an older generation is not Ready.
   */
  isReady(namespace: string, name: string, object: VerdictSubject): boolean {
    const entry = this.verdictOf(namespace, name, object);
    return entry !== undefined && entry.generation === object.generation && entry.ready;
  }
}

/**
 * The Ready verdict of one visit, from its outcome and the status it computed, never from the
 * object's status: a synced outcome computes Ready afresh from ECS; a retry or a deletion in
 * progress concludes nothing new (undefined: the verdict stays as it was); every other outcome is
 * not Ready.
 */
export function readyVerdictOf(
  obj: EcsCluster,
  outcome: ClusterOutcome,
  next: EcsClusterStatus,
): ClusterReadyVerdict | undefined {
  if (outcome.kind === 'retrying' || outcome.kind === 'deleting') return undefined;
  return {
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name,
    uid: obj.metadata.uid,
    generation: obj.metadata.generation,
    ready: outcome.kind === 'synced' && isConditionTrue(next.conditions, 'Ready'),
  };
}

function isSame(a: ClusterReadyVerdict, b: ClusterReadyVerdict): boolean {
  return a.uid === b.uid && a.generation === b.generation && a.ready === b.ready;
}
