/**
 * The shape of the Kubernetes objects our controllers handle. client-node types custom resources as
 * `object`; these are the few metadata fields we read, typed as they arrive on the wire (dates are
 * strings there, whatever client-node's typings say).
 */

/** The metadata fields ecs-bridge reads or writes. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly generation?: number;
  readonly resourceVersion?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly finalizers?: readonly string[];
  /** RFC 3339, set once deletion has been requested. */
  readonly deletionTimestamp?: string;
  readonly creationTimestamp?: string;
}

/** A namespaced custom resource with a spec and a status. */
export interface KubeObject<Spec = unknown, Status = unknown> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly spec: Spec;
  readonly status?: Status;
}

/** The `namespace/name` key the work queue holds for an object. */
export function objectKey(obj: { readonly metadata: Pick<ObjectMeta, 'name' | 'namespace'> }): string {
  return obj.metadata.namespace === undefined || obj.metadata.namespace === ''
    ? obj.metadata.name
    : `${obj.metadata.namespace}/${obj.metadata.name}`;
}

/** Splits a `namespace/name` key. */
export function parseObjectKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0
    ? { namespace: '', name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
