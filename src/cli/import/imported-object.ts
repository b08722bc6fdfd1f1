/**
 * The object an import writes for one AWS resource: our API group, the kind, a name and namespace
 * (and annotations where the kind needs one to adopt), and the spec; never a status or anything
 * the cluster fills in.
 */
import { API_GROUP_VERSION } from '../../resources/api-group.js';

/** The metadata an imported object carries. */
export interface ImportedMetadata {
  readonly name: string;
  readonly namespace: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The imported object of `kind`, ready to be written as YAML (members in kubectl's usual order). */
export function importedObject<K extends string, S>(
  kind: K,
  metadata: ImportedMetadata,
  spec: S,
): { apiVersion: string; kind: K; metadata: ImportedMetadata; spec: S } {
  return { apiVersion: API_GROUP_VERSION, kind, metadata, spec };
}
