/**
 * One ECS cluster, one EcsCluster object. Adoption writes nothing until there is something to
 * change (ADR 0007), so an adopted cluster may carry no owner tag for a long time, and nothing in
 * AWS then stops a second object with `spec.adopt` from managing it too, or two objects racing to
 * create one name. The operator sees every EcsCluster it serves, so it settles that itself: of the
 * objects that name the same cluster in the same Region, the oldest manages it; the others may
 * report it (teams sharing a cluster each import it into their namespace) but any write they would
 * make is refused, and their deletion releases without touching the cluster. An object whose owner
 * tags are on the cluster keeps it whatever the others claim.
 */
import { ClusterReason as R } from './reasons.js';

/** An EcsCluster object that names an ECS cluster, as the informer cache has it. */
export interface ClusterClaimant {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  /** RFC 3339, as the API server writes `metadata.creationTimestamp`. */
  readonly creationTimestamp: string;
}

/**
 * The EcsCluster objects naming ECS cluster `clusterName` in `region` (undefined: the default) that
 * may be in the same AWS account as an object of `namespace`: objects known to act in another
 * account (their policies' roles, ADR 0030) name another cluster, however alike the names.
 */
export type ClusterClaimants = (
  clusterName: string,
  region: string | undefined,
  namespace?: string,
) => readonly ClusterClaimant[];

/** Whether `a` claimed first: older creation time, then namespace/name as the tie-break. Pure. */
function claimedBefore(a: ClusterClaimant, b: ClusterClaimant): boolean {
  const ta = Date.parse(a.creationTimestamp);
  const tb = Date.parse(b.creationTimestamp);
  if (ta !== tb) return ta < tb;
  return `${a.namespace}/${a.name}` < `${b.namespace}/${b.name}`;
}

/** The claimant that manages the cluster instead of `self`, if any. Pure. */
export function earlierClaimant(
  self: ClusterClaimant,
  claimants: readonly ClusterClaimant[],
): ClusterClaimant | undefined {
  return claimants
    .filter((c) => c.uid !== self.uid && claimedBefore(c, self))
    .sort((a, b) => (claimedBefore(a, b) ? -1 : 1))[0];
}

/** The refusal of a younger claimant: names the older object and the fix. Pure. */
export function claimRefusal(
  clusterName: string,
  region: string,
  other: ClusterClaimant,
): { readonly reason: string; readonly message: string } {
  return {
    reason: R.ClusterClaimed,
    message: `EcsCluster ${other.namespace}/${other.name} (created earlier) already manages ECS cluster ${clusterName} in ${region}: one ECS cluster is managed by one object; delete this object, or give it another spec.clusterName`,
  };
}

/**
 * The refusal of an object's writes when an older object claims the same ECS cluster
 * (`clusterName` in `region`, undefined: the default), or undefined when none does or the claimants
 * are not known. The caller skips it when the cluster carries the object's owner tags. Pure.
 */
export function claimedByAnother(
  metadata: {
    readonly namespace?: string | undefined;
    readonly name: string;
    readonly uid?: string | undefined;
    readonly creationTimestamp?: string | undefined;
  },
  clusterName: string,
  region: string | undefined,
  claimants: ClusterClaimants | undefined,
): { readonly reason: string; readonly message: string } | undefined {
  if (claimants === undefined) return undefined;
  const self = {
    namespace: metadata.namespace ?? '',
    name: metadata.name,
    uid: metadata.uid ?? '',
    creationTimestamp: metadata.creationTimestamp ?? '',
  };
  const other = earlierClaimant(self, claimants(clusterName, region, self.namespace));
  if (other === undefined) return undefined;
  return claimRefusal(clusterName, region ?? 'the default Region', other);
}
