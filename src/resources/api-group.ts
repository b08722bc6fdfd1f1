/**
 * Our identifiers, all derived from the API group so nothing of ours can be mistaken for someone
 * else's: the CRD group and version, the finalizer, and the tag keys written on AWS resources.
 */
import { createHash } from 'node:crypto';

/** The API group of our kinds. */
export const API_GROUP = 'ecs-bridge.dev';
/** The one served and stored version. */
export const API_VERSION = 'v1alpha1';
/** `apiVersion` as written in manifests. */
export const API_GROUP_VERSION = `${API_GROUP}/${API_VERSION}`;

/** The finalizer our controllers put on objects whose AWS resources they must clean up. */
export const FINALIZER = `${API_GROUP}/finalizer`;

/**
 * Annotation on an EcsTaskDefinition with `spec.adopt`: the revision number to adopt when several
 * revisions of the family carry the spec's content (one per environment). `ecs-bridge import` writes
 * the revision the service runs, so adopting never moves a service onto a twin.
 */
export const ADOPT_REVISION_ANNOTATION = `${API_GROUP}/adopt-revision`;

/** Tag keys written on every AWS resource ecs-bridge creates. */
export const TAG_KEYS = {
  /** `<namespace>/<name>` of the owning object (hashed when longer than a tag value allows). */
  owner: `${API_GROUP}/owner`,
  /** The operator instance that manages the resource, so two installations never touch each other's. */
  instance: `${API_GROUP}/instance`,
  /**
   * `metadata.uid` of the owning object. The owner tag names `<namespace>/<name>`, which a later
   * object can take again; the uid says which object it was, so resources left behind by a gone
   * object are recognised as orphans and never taken over without `spec.adopt` (ADR 0012).
   * Resources tagged before this tag existed carry none and are judged by the owner tag alone.
   */
  ownerUid: `${API_GROUP}/owner-uid`,
  /** The canonical hash of the desired spec, `v<format>:<hex>` (task definitions). */
  specHash: `${API_GROUP}/spec-hash`,
  /** The `spec.restartAt` token last acted on (services; see service/restart-marker.ts). */
  restartAt: `${API_GROUP}/restart-at`,
  /** The `spec.deploymentControl` request last acted on (services; service/deployment-control.ts). */
  deploymentControl: `${API_GROUP}/deployment-control`,
  /** The task definition a rollback request was made against, held while the spec names it. */
  rolledBackFrom: `${API_GROUP}/rolled-back-from`,
} as const;

/** AWS allows tag values of at most 256 characters. */
const MAX_TAG_VALUE = 256;

/**
 * The owner tag value for an object: `<namespace>/<name>`, or, when that is longer than a tag value
 * may be, a prefix and a hash of the whole (still unique, still stable).
 */
export function ownerTagValue(namespace: string, name: string): string {
  const full = `${namespace}/${name}`;
  if (full.length <= MAX_TAG_VALUE) return full;
  const digest = createHash('sha256').update(full).digest('hex').slice(0, 32);
  return `${full.slice(0, MAX_TAG_VALUE - digest.length - 1)}~${digest}`;
}
