/**
 * What the EcsCluster reconciler needs from the rest of the operator, as small ports the
 * composition root wires: Kubernetes writes (status, finalizers), Events, and the AWS calls per
 * Region. Only types are imported, so the reconciler is tested with in-memory implementations.
 */
import type { EcsApi } from '../../aws/ecs-api.js';
import type { EcsClusterApi } from '../../aws/ecs-cluster-api.js';
import type { KindWriter } from '../recording-writer.js';
import type { EcsCluster } from './types.js';

/** The writes the reconciler makes to its own object: the k8s edge's `ObjectWriter<EcsCluster>`. */
export type ClusterWriter = KindWriter<EcsCluster>;

/** Events on the object: the k8s edge's recorder. */
export type { EventRecorder } from '../../k8s/event-recorder.js';

/** The AWS calls of one Region the cluster kind makes. */
export interface ClusterApis {
  readonly clusters: EcsClusterApi;
  /** TagResource and UntagResource, shared with the other kinds (one tag-modify bucket). */
  readonly ecs: Pick<EcsApi, 'tagResource' | 'untagResource'>;
}

/**
 * The EcsServices (`namespace/name`) ecs-bridge runs in the ECS cluster `clusterName` of `region`
 * (undefined: the default Region), read from the EcsService informer's cache. A report for status.
 */
export type ManagedServicesIn = (clusterName: string, region: string | undefined) => string[];

/** The {@link ClusterApis} of a Region; `undefined` means the operator's default Region. */
export type ClusterApisForRegion = (region: string | undefined, namespace?: string) => ClusterApis;
