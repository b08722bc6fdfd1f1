/**
 * Names a custom resource type for the API calls that need it (list, watch, patch): the group,
 * version and plural of its CRD, and the URL paths they make.
 */

/** A namespaced custom resource type, as its CRD names it. */
export interface CustomResourceType {
  /** API group, e.g. `ecs-bridge.dev`. */
  readonly group: string;
  /** Served version, e.g. `v1alpha1`. */
  readonly version: string;
  /** Lower-case plural, e.g. `ecsservices`. */
  readonly plural: string;
}

/**
 * The collection path of `type`: in one namespace, or across all namespaces when `namespace` is
 * undefined.
 */
export function collectionPath(type: CustomResourceType, namespace?: string): string {
  const prefix = `/apis/${type.group}/${type.version}`;
  return namespace === undefined
    ? `${prefix}/${type.plural}`
    : `${prefix}/namespaces/${encodeURIComponent(namespace)}/${type.plural}`;
}

/** `plural.group`, the name a CRD has and log lines use. */
export function resourceName(type: CustomResourceType): string {
  return `${type.plural}.${type.group}`;
}
