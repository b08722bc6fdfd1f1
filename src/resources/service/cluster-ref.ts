/**
 * Where an EcsService runs: `spec.cluster` as written, or, with `spec.clusterRef`, the ECS cluster
 * name and Region of an EcsCluster in the same namespace (ADR 0019). Kept apart from the rest of the
 * service kind so the reference is resolved in one place, before anything else reads the cluster.
 */
import type { EcsService } from './types.js';

/** An EcsCluster as a service sees it, usually read from the informer cache. */
export interface ResolvedCluster {
  /** The ECS cluster name the object manages (`spec.clusterName`, else its name). */
  readonly clusterName: string;
  /** The object's `spec.region`; undefined means the operator's default Region. */
  readonly region?: string | undefined;
  /** True when the object is Ready for its current generation and not being deleted. */
  readonly ready: boolean;
}

/** Reads EcsClusters. */
export interface ClusterLookup {
  /** The EcsCluster `namespace/name`, or undefined when it does not exist. */
  get(namespace: string, name: string): Promise<ResolvedCluster | undefined>;
}

/** A lookup that knows no EcsCluster: for reconcilers built without the cluster kind. */
export const NO_CLUSTERS: ClusterLookup = { get: () => Promise.resolve(undefined) };

/** The cluster and Region a service runs in, or why it must wait. */
export type ClusterPlacement =
  | { readonly cluster: string; readonly region: string | undefined; readonly waiting?: never }
  | { readonly waiting: string; readonly cluster?: never; readonly region?: never };

/** Resolves `spec.cluster` / `spec.clusterRef` for converging: a reference must be Ready. */
export async function placeService(obj: EcsService, clusters: ClusterLookup): Promise<ClusterPlacement> {
  const { spec } = obj;
  const ref = spec.clusterRef;
  if (ref === undefined) return { cluster: spec.cluster ?? '', region: spec.region };
  const namespace = obj.metadata.namespace ?? '';
  const found = await clusters.get(namespace, ref.name);
  if (found === undefined) {
    return {
      waiting: `EcsCluster ${ref.name} does not exist in namespace ${namespace}; create it (references never cross namespaces)`,
    };
  }
  if (!found.ready)
    return { waiting: `EcsCluster ${namespace}/${ref.name} is not Ready yet; waiting for it` };
  return { cluster: found.clusterName, region: found.region ?? spec.region };
}

/**
 * Resolves the cluster for deleting the service, Ready or not: the EcsCluster while it exists,
 * else what the status last reported (the cluster's ARN and Region), else the referenced name.
 */
export async function placeServiceForDeletion(
  obj: EcsService,
  clusters: ClusterLookup,
): Promise<{ cluster: string; region: string | undefined }> {
  const { spec } = obj;
  const ref = spec.clusterRef;
  if (ref === undefined) return { cluster: spec.cluster ?? '', region: spec.region };
  const found = await clusters.get(obj.metadata.namespace ?? '', ref.name);
  if (found !== undefined) return { cluster: found.clusterName, region: found.region ?? spec.region };
  return { cluster: obj.status?.cluster ?? ref.name, region: obj.status?.region ?? spec.region };
}

/**
 * The cluster a spec names without reading any EcsCluster: `spec.cluster`, else the referenced
 * object's name (an EcsCluster's default cluster name). For places that cannot reach the
 * EcsCluster (the CLI reading manifests, a described service's fallback).
 */
export function clusterNamedBy(spec: Pick<EcsService['spec'], 'cluster' | 'clusterRef'>): string {
  return spec.cluster ?? spec.clusterRef?.name ?? '';
}
