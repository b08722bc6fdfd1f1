/**
 * Reads our objects from manifest files the way `kubectl apply -f` does: files or folders (folders
 * recursively, `.yaml`, `.yml` and `.json`), several YAML documents per file, `kind: List` items.
 * Objects of other kinds (a Namespace, a ConfigMap) are skipped and reported, and so are kustomize
 * folders (their files are a build's inputs, not objects: patches, a base meant for overlays); an object without a
 * namespace gets the default one. Parsing is pure ({@link parseManifestText}); only
 * {@link readManifests} touches the file system.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { API_GROUP } from '../resources/api-group.js';
import { ECS_CLUSTER_KIND, type EcsCluster } from '../resources/cluster/types.js';
import { ECS_SERVICE_KIND, type EcsService } from '../resources/service/types.js';
import { TASK_DEFINITION_KIND, type EcsTaskDefinition } from '../resources/task-definition/types.js';
import { ECS_TASK_TRIGGER_KIND, type EcsTaskTrigger } from '../resources/task-trigger/types.js';
import { ECS_TASK_RUN_KIND, type EcsTaskRun } from '../resources/task-run/types.js';
import { compareStrings } from '../shared/compare-strings.js';

/** An EcsTaskDefinition read from a manifest, with where it came from. */
export interface TaskDefinitionManifest {
  readonly kind: typeof TASK_DEFINITION_KIND;
  readonly obj: EcsTaskDefinition;
  /** `path#<document number>`. */
  readonly source: string;
}

/** An EcsService read from a manifest, with where it came from. */
export interface ServiceManifest {
  readonly kind: typeof ECS_SERVICE_KIND;
  readonly obj: EcsService;
  readonly source: string;
}

/** An EcsCluster read from a manifest. */
export interface ClusterManifest {
  readonly kind: typeof ECS_CLUSTER_KIND;
  readonly obj: EcsCluster;
  readonly source: string;
}

/** An EcsTaskTrigger read from a manifest. */
export interface TaskTriggerManifest {
  readonly kind: typeof ECS_TASK_TRIGGER_KIND;
  readonly obj: EcsTaskTrigger;
  readonly source: string;
}

/** An EcsTaskRun read from a manifest. */
export interface TaskRunManifest {
  readonly kind: typeof ECS_TASK_RUN_KIND;
  readonly obj: EcsTaskRun;
  readonly source: string;
}

/** One of our objects read from a manifest. */
export type OurManifest =
  TaskDefinitionManifest | ServiceManifest | ClusterManifest | TaskTriggerManifest | TaskRunManifest;

/** The Region a manifest names: `spec.region`, or a trigger's `spec.template.region`. */
export function regionOfManifest(m: OurManifest): string | undefined {
  return m.kind === ECS_TASK_TRIGGER_KIND ? m.obj.spec.template.region : m.obj.spec.region;
}

/** What a set of manifests holds. */
export interface ManifestSet {
  readonly objects: readonly OurManifest[];
  /** Documents of other kinds, skipped: `source` and `apiVersion/kind`. */
  readonly skipped: readonly { readonly source: string; readonly kind: string }[];
}

/** A manifest that cannot be read or is not a Kubernetes object; the message names file and document. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** The names kustomize looks for in a folder. */
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** The `kind` a skipped kustomize folder is reported with. */
export const KUSTOMIZE_FOLDER = 'kustomization';

/** The manifest files under `paths`, and the kustomize folders not read. */
export interface ManifestSources {
  readonly files: readonly string[];
  readonly kustomizations: readonly string[];
}

/** Every manifest file under `paths` (folders walked recursively, hidden entries skipped), sorted per path. */
export function manifestFiles(paths: readonly string[]): string[] {
  return [...manifestSources(paths).files];
}

/** {@link manifestFiles}, and the kustomize folders (a kustomization file inside) left unread. */
export function manifestSources(paths: readonly string[]): ManifestSources {
  const files: string[] = [];
  const kustomizations: string[] = [];
  const walk = (dir: string): void => {
    if (KUSTOMIZATION_FILES.some((f) => existsSync(join(dir, f)))) {
      kustomizations.push(dir);
      return;
    }
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      compareStrings(a.name, b.name),
    )) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (EXTENSIONS.has(extname(entry.name).toLowerCase())) files.push(full);
    }
  };
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new ManifestError(`${path}: no such file or folder`);
    }
    if (isDir) walk(path);
    else files.push(path);
  }
  return { files: [...new Set(files)], kustomizations: [...new Set(kustomizations)] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses one file's text; `file` names it in sources and errors. */
export function parseManifestText(text: string, file: string, defaultNamespace: string): ManifestSet {
  const objects: OurManifest[] = [];
  const skipped: { source: string; kind: string }[] = [];
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, i) => {
    const source = `${file}#${i + 1}`;
    if (doc.errors.length > 0) {
      throw new ManifestError(`${source}: not valid YAML: ${doc.errors[0]?.message ?? 'parse error'}`);
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return; // an empty document (a trailing `---`)
    const items =
      isObject(value) && value.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
    items.forEach((item: unknown, j) => {
      const where = items.length > 1 || items[0] !== value ? `${source}[${j}]` : source;
      const obj = toObject(item, where, defaultNamespace);
      if ('skipped' in obj) skipped.push({ source: where, kind: obj.skipped });
      else objects.push(obj);
    });
  });
  return { objects, skipped };
}

function toObject(
  item: unknown,
  source: string,
  defaultNamespace: string,
): OurManifest | { readonly skipped: string } {
  if (!isObject(item) || typeof item.kind !== 'string' || typeof item.apiVersion !== 'string') {
    throw new ManifestError(`${source}: not a Kubernetes object (it needs apiVersion and kind)`);
  }
  const group = item.apiVersion.includes('/') ? item.apiVersion.slice(0, item.apiVersion.indexOf('/')) : '';
  const ours =
    group === API_GROUP &&
    (item.kind === TASK_DEFINITION_KIND ||
      item.kind === ECS_SERVICE_KIND ||
      item.kind === ECS_CLUSTER_KIND ||
      item.kind === ECS_TASK_TRIGGER_KIND ||
      item.kind === ECS_TASK_RUN_KIND);
  if (!ours) return { skipped: `${item.apiVersion}/${item.kind}` };
  const metadata = item.metadata;
  if (!isObject(metadata) || typeof metadata.name !== 'string' || metadata.name === '') {
    throw new ManifestError(`${source}: ${item.kind} has no metadata.name`);
  }
  if (!isObject(item.spec)) {
    throw new ManifestError(`${source}: ${item.kind} ${metadata.name} has no spec`);
  }
  const namespace =
    typeof metadata.namespace === 'string' && metadata.namespace !== ''
      ? metadata.namespace
      : defaultNamespace;
  const obj = { ...item, metadata: { ...metadata, namespace } };
  if (item.kind === TASK_DEFINITION_KIND) {
    return { kind: TASK_DEFINITION_KIND, obj: obj as unknown as EcsTaskDefinition, source };
  }
  if (item.kind === ECS_TASK_TRIGGER_KIND) {
    return { kind: ECS_TASK_TRIGGER_KIND, obj: obj as unknown as EcsTaskTrigger, source };
  }
  if (item.kind === ECS_TASK_RUN_KIND) {
    return { kind: ECS_TASK_RUN_KIND, obj: obj as unknown as EcsTaskRun, source };
  }
  return item.kind === ECS_CLUSTER_KIND
    ? { kind: ECS_CLUSTER_KIND, obj: obj as unknown as EcsCluster, source }
    : { kind: ECS_SERVICE_KIND, obj: obj as unknown as EcsService, source };
}

/** Reads every manifest under `paths`; throws {@link ManifestError} on an unreadable file or a duplicate object. */
export function readManifests(paths: readonly string[], defaultNamespace: string): ManifestSet {
  const objects: OurManifest[] = [];
  const sources = manifestSources(paths);
  const skipped: { source: string; kind: string }[] = sources.kustomizations.map((dir) => ({
    source: dir,
    kind: KUSTOMIZE_FOLDER,
  }));
  for (const file of sources.files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ManifestError(
        `${file}: cannot read it (${err instanceof Error ? err.message : String(err)})`,
      );
    }
    const set = parseManifestText(text, file, defaultNamespace);
    objects.push(...set.objects);
    skipped.push(...set.skipped);
  }
  const seen = new Map<string, string>();
  for (const o of objects) {
    const key = `${o.kind} ${o.obj.metadata.namespace ?? ''}/${o.obj.metadata.name}`;
    const first = seen.get(key);
    if (first !== undefined) throw new ManifestError(`${o.source}: ${key} is also defined in ${first}`);
    seen.set(key, o.source);
  }
  return { objects, skipped };
}
