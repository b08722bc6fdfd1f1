/**
 * A builder of objects of ecs-bridge's kinds for tests that need one only as a name, a namespace
 * and a spec. Test-only.
 */
import type { KubeObject, ObjectMeta } from '../../k8s/object.js';
import { API_GROUP_VERSION } from '../api-group.js';

/** An object of `kind` (ecs-bridge's API group) with `metadata` and `spec`, no status. */
export function kindObject<Spec>(kind: string, metadata: ObjectMeta, spec: Spec): KubeObject<Spec, never> {
  return { apiVersion: API_GROUP_VERSION, kind, metadata, spec };
}
