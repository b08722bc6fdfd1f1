/**
 * Which task definition revision an EcsService runs: `spec.taskDefinition` as written, or the
 * current revision of the referenced EcsTaskDefinition (same namespace only) once it is Ready.
 */
import type { DeclaredContainer } from './declared-ports.js';
import type { TaskDefinitionLookup } from './ports.js';
import type { EcsService } from './types.js';

/** The revision to run, or why there is none yet. */
export type ResolvedRevision =
  | {
      arn: string;
      message?: never;
      pending?: never;
      /** For a taskDefinitionRef: what the referenced object declares, and how to name it. */
      declared?: { readonly containers: readonly DeclaredContainer[]; readonly source: string };
    }
  /** `pending`: this process has not derived the referenced object's revision yet. */
  | { arn?: undefined; message: string; pending?: boolean };

/** Resolves the revision `obj` runs through `lookup`. */
export async function resolveTaskDefinition(
  lookup: TaskDefinitionLookup,
  obj: EcsService,
  namespace: string,
): Promise<ResolvedRevision> {
  const ref = obj.spec.taskDefinitionRef;
  if (ref === undefined) return { arn: obj.spec.taskDefinition ?? '' };
  const td = await lookup.get(namespace, ref.name);
  if (td === undefined) {
    return {
      message: `EcsTaskDefinition ${ref.name} does not exist in namespace ${namespace}; create it (references never cross namespaces)`,
    };
  }
  if (!td.ready || td.taskDefinitionArn === undefined) {
    return {
      message: `EcsTaskDefinition ${namespace}/${ref.name} has no ready revision yet; waiting for it`,
      pending: td.pending === true,
    };
  }
  return {
    arn: td.taskDefinitionArn,
    ...(td.containers === undefined
      ? {}
      : { declared: { containers: td.containers, source: `EcsTaskDefinition ${namespace}/${ref.name}` } }),
  };
}
