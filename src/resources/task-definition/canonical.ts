/**
 * The canonical form of a task definition: one JSON document per meaning, so that two documents that
 * ECS would treat the same hash the same, whether they come from our spec or from AWS's echo of a
 * registered revision (DescribeTaskDefinition), and whatever order keys and set-like lists are in.
 *
 * The rules, applied the same way to both sides:
 * - Only RegisterTaskDefinition's own fields are kept: our fields (`revisionHistoryLimit`,
 *   `deletionPolicy`, `region`), `tags` (synced by TagResource, not a new revision) and AWS's
 *   server-only fields (`taskDefinitionArn`, `revision`, `status`, `registeredAt`, `registeredBy`,
 *   `requiresAttributes`, `compatibilities`, …) are dropped.
 * - Defaults AWS fills are filled: `essential: true`, `protocol: "tcp"`, `hostPort = containerPort`
 *   under `awsvpc` and `host`, `networkMode: "bridge"` on Linux when absent, health-check
 *   `interval 30 / timeout 5 / retries 3`, EFS `rootDirectory: "/"`.
 * - Values equal to "absent" are dropped: `hostPort: 0` under `bridge` (dynamic port), container
 *   `cpu: 0`, health-check `startPeriod: 0`, EFS `iam`/`transitEncryption: "DISABLED"`,
 *   `versionConsistency: "enabled"`, `trustedExecutionConfiguration: {isolationMode: "SHARED"}`
 *   (ECS's default isolation), every `false` except `essential` (every other ECS boolean defaults to
 *   false), empty strings, empty lists and empty objects.
 * - Task-level `cpu`/`memory` unit forms are normalised: "1 vCPU" → "1024", "0.25 vcpu" → "256",
 *   "2 GB" → "2048", "0512" → "512". (The CRD accepts integer strings only, so the Fargate table can
 *   be checked in CEL; the normalisation covers AWS's side and older revisions.)
 * - Set-like lists are sorted by their elements' canonical JSON: `environment`, `secrets`,
 *   `logConfiguration.secretOptions`, `ulimits`, `systemControls`, `resourceRequirements`,
 *   `dependsOn`, `volumes`, `placementConstraints`, `proxyConfiguration.properties`,
 *   `inferenceAccelerators`; string sets (`requiresCompatibilities`, capabilities) are also
 *   de-duplicated. Ordered lists (`command`, `entryPoint`, `portMappings`, `environmentFiles`,
 *   `mountPoints`, `links`, DNS lists, …) keep their order.
 * - Object keys are sorted (maps such as `dockerLabels` and log `options` included).
 *
 * Changing any rule changes hashes: bump {@link CANONICAL_FORMAT_VERSION} (hash.ts) when you do, so
 * old and new hashes never compare equal by accident.
 */
import type { RegisterTaskDefinitionCommandInput, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import type { EcsTaskDefinitionSpec } from './types.js';
import { compareStrings } from '../../shared/compare-strings.js';

/** The version of the canonicalisation rules; part of every hash (`v<version>:…`). */
export const CANONICAL_FORMAT_VERSION = 1;

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | JsonObject;
/** A JSON object. */
export interface JsonObject {
  [key: string]: Json;
}

/** A task definition in canonical form: the document and its canonical JSON text. */
export interface CanonicalTaskDefinition {
  /** RegisterTaskDefinition's input without tags, canonicalised. */
  readonly document: JsonObject;
  /** The document as JSON with sorted keys and no whitespace: what the hash covers. */
  readonly json: string;
}

/** The fields of RegisterTaskDefinition a canonical document keeps (tags excepted). */
const REGISTER_FIELDS: readonly string[] = [
  'family',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'containerDefinitions',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection',
  'trustedExecutionConfiguration',
];

/** Canonicalises a spec; `family` is the effective family (spec.family or the object's name). */
export function canonicalFromSpec(spec: EcsTaskDefinitionSpec, family: string): CanonicalTaskDefinition {
  return canonicalise({ ...toJsonObject(spec), family });
}

/** Canonicalises a revision as DescribeTaskDefinition returns it (defaults and server fields included). */
export function canonicalFromAws(taskDefinition: TaskDefinition): CanonicalTaskDefinition {
  return canonicalise(toJsonObject(taskDefinition));
}

/**
 * The RegisterTaskDefinition input for a canonical document, with `tags`. The canonical document is
 * a valid input: every default it fills is the one AWS would fill.
 */
export function toRegisterInput(
  canonical: CanonicalTaskDefinition,
  tags: readonly Tag[],
): RegisterTaskDefinitionCommandInput {
  // The document was built from RegisterTaskDefinition's own fields; JSON.parse gives a fresh copy
  // the SDK may mutate without touching ours.
  const input = JSON.parse(canonical.json) as RegisterTaskDefinitionCommandInput;
  return tags.length === 0 ? input : { ...input, tags: tags.map((t) => ({ ...t })) };
}

/**
 * The RegisterTaskDefinition input as the spec writes it, with `tags`: RegisterTaskDefinition's own
 * fields only, `family` the effective one, nothing filled and nothing dropped. A value equal to an
 * ECS default (`hostPort: 0`, `readOnly: false`, `host: {}`) reaches ECS as written, so the
 * revision reads like the manifest; the hash still covers the canonical form, where such values
 * and their absence are one meaning, so it is the same as before for every existing object.
 */
export function writtenRegisterInput(
  spec: EcsTaskDefinitionSpec,
  family: string,
  tags: readonly Tag[],
): RegisterTaskDefinitionCommandInput {
  const source = toJsonObject(spec);
  const doc: JsonObject = {};
  for (const key of REGISTER_FIELDS) {
    const value = source[key];
    if (value !== undefined && value !== null) doc[key] = value;
  }
  doc.family = family;
  const input = JSON.parse(canonicalJson(doc)) as RegisterTaskDefinitionCommandInput;
  return tags.length === 0 ? input : { ...input, tags: tags.map((t) => ({ ...t })) };
}

/** JSON text with object keys sorted at every level and no whitespace. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] ?? null)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Task-level cpu as CPU units: "1024" stays, "1 vCPU" / "0.25 vcpu" become "1024" / "256". Anything
 * else is returned trimmed, unchanged (validation reports it).
 */
export function normaliseCpu(value: string): string {
  return normaliseUnits(value, /^(\d+(?:\.\d+)?|\.\d+)\s*vcpus?$/i);
}

/** Task-level memory in MiB: "2048" stays, "2 GB" / "2gb" / "0.5 GB" become "2048" / "2048" / "512". */
export function normaliseMemory(value: string): string {
  return normaliseUnits(value, /^(\d+(?:\.\d+)?|\.\d+)\s*gb$/i);
}

function normaliseUnits(value: string, unitForm: RegExp): string {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return String(Number(trimmed));
  const match = unitForm.exec(trimmed);
  if (match?.[1] === undefined) return trimmed;
  const units = Number(match[1]) * 1024;
  return Number.isInteger(units) ? String(units) : trimmed;
}

function canonicalise(input: JsonObject): CanonicalTaskDefinition {
  const doc: JsonObject = {};
  for (const key of REGISTER_FIELDS) {
    const value = input[key];
    if (value !== undefined) doc[key] = value;
  }
  const networkMode = effectiveNetworkMode(doc);
  if (networkMode !== undefined) doc.networkMode = networkMode;
  if (typeof doc.cpu === 'string' || typeof doc.cpu === 'number') doc.cpu = normaliseCpu(String(doc.cpu));
  if (typeof doc.memory === 'string' || typeof doc.memory === 'number')
    doc.memory = normaliseMemory(String(doc.memory));
  setIfArray(doc, 'requiresCompatibilities', stringSet);
  setIfArray(doc, 'containerDefinitions', (list) => list.map((c) => canonicalContainer(c, networkMode)));
  setIfArray(doc, 'volumes', (list) => sortSet(list.map(canonicalVolume)));
  setIfArray(doc, 'placementConstraints', sortSet);
  setIfArray(doc, 'inferenceAccelerators', sortSet);
  const trusted = doc.trustedExecutionConfiguration;
  if (isObject(trusted) && trusted.isolationMode === 'SHARED' && trusted.attestationPolicy === undefined) {
    // "SHARED ... This is the default isolation mode" (API_TrustedExecutionConfiguration).
    delete doc.trustedExecutionConfiguration;
  }
  if (isObject(doc.proxyConfiguration)) {
    const proxy = { type: 'APPMESH', ...doc.proxyConfiguration };
    setIfArray(proxy, 'properties', sortSet);
    doc.proxyConfiguration = proxy;
  }
  const document = clean(doc);
  const cleaned = isObject(document) ? document : {};
  return { document: cleaned, json: canonicalJson(cleaned) };
}

/** networkMode as ECS applies it: `bridge` when absent on Linux (Windows has its own default). */
function effectiveNetworkMode(doc: JsonObject): string | undefined {
  if (typeof doc.networkMode === 'string' && doc.networkMode !== '') return doc.networkMode;
  const platform = doc.runtimePlatform;
  const os = isObject(platform) ? platform.operatingSystemFamily : undefined;
  if (typeof os === 'string' && os.startsWith('WINDOWS')) return undefined;
  return 'bridge';
}

function canonicalContainer(value: Json, networkMode: string | undefined): Json {
  if (!isObject(value)) return value;
  const c: JsonObject = { ...value };
  if (c.essential === undefined || c.essential === null) c.essential = true;
  if (c.cpu === 0) delete c.cpu;
  if (c.versionConsistency === 'enabled') delete c.versionConsistency;
  setIfArray(c, 'portMappings', (list) => list.map((p) => canonicalPortMapping(p, networkMode)));
  for (const key of [
    'environment',
    'secrets',
    'ulimits',
    'systemControls',
    'resourceRequirements',
    'dependsOn',
  ]) {
    setIfArray(c, key, sortSet);
  }
  if (isObject(c.healthCheck)) {
    const hc: JsonObject = { interval: 30, timeout: 5, retries: 3, ...c.healthCheck };
    if (hc.startPeriod === 0) delete hc.startPeriod;
    c.healthCheck = hc;
  }
  if (isObject(c.logConfiguration)) {
    const log: JsonObject = { ...c.logConfiguration };
    setIfArray(log, 'secretOptions', sortSet);
    c.logConfiguration = log;
  }
  if (isObject(c.linuxParameters)) {
    const linux: JsonObject = { ...c.linuxParameters };
    if (isObject(linux.capabilities)) {
      const caps: JsonObject = { ...linux.capabilities };
      setIfArray(caps, 'add', stringSet);
      setIfArray(caps, 'drop', stringSet);
      linux.capabilities = caps;
    }
    c.linuxParameters = linux;
  }
  return c;
}

function canonicalPortMapping(value: Json, networkMode: string | undefined): Json {
  if (!isObject(value)) return value;
  const p: JsonObject = { protocol: 'tcp', ...value };
  if (p.protocol === null) p.protocol = 'tcp';
  const sharesHostPorts = networkMode === 'awsvpc' || networkMode === 'host';
  if (
    sharesHostPorts &&
    (p.hostPort === undefined || p.hostPort === null) &&
    typeof p.containerPort === 'number'
  ) {
    // awsvpc/host: the host port is the container port; AWS echoes it filled in.
    p.hostPort = p.containerPort;
  }
  if (!sharesHostPorts && p.hostPort === 0) {
    // bridge: 0 and absent both mean a dynamic host port.
    delete p.hostPort;
  }
  return p;
}

function canonicalVolume(value: Json): Json {
  if (!isObject(value)) return value;
  const v: JsonObject = { ...value };
  if (isObject(v.efsVolumeConfiguration)) {
    const efs: JsonObject = { rootDirectory: '/', ...v.efsVolumeConfiguration };
    if (efs.transitEncryption === 'DISABLED') delete efs.transitEncryption;
    if (isObject(efs.authorizationConfig)) {
      const auth: JsonObject = { ...efs.authorizationConfig };
      if (auth.iam === 'DISABLED') delete auth.iam;
      efs.authorizationConfig = auth;
    }
    v.efsVolumeConfiguration = efs;
  }
  if (isObject(v.s3filesVolumeConfiguration) && v.s3filesVolumeConfiguration.rootDirectory === '/') {
    // "Specifying / will have the same effect as omitting this parameter" (API_S3FilesVolumeConfiguration).
    const s3files: JsonObject = { ...v.s3filesVolumeConfiguration };
    delete s3files.rootDirectory;
    v.s3filesVolumeConfiguration = s3files;
  }
  return v;
}

/** Drops null, empty strings, empty lists/objects and `false` (except `essential`), bottom-up. */
function clean(value: Json): Json | undefined {
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    // Positions matter in ordered lists (`command`), so only absent elements go.
    const items = value.map(clean).filter((v): v is Json => v !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [key, raw] of Object.entries(value)) {
      if (raw === false && key !== 'essential') continue;
      if (raw === '') continue;
      const v = clean(raw);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}

/** Sorts a set-like list by each element's canonical (cleaned) JSON. */
function sortSet(list: Json[]): Json[] {
  return list
    .map((item) => ({ item, key: canonicalJson(clean(item) ?? null) }))
    .sort((a, b) => compareStrings(a.key, b.key))
    .map((e) => e.item);
}

function stringSet(list: Json[]): Json[] {
  return [...new Set(list.filter((s): s is string => typeof s === 'string'))].sort();
}

function setIfArray(obj: JsonObject, key: string, fn: (list: Json[]) => Json[]): void {
  const value = obj[key];
  if (Array.isArray(value)) obj[key] = fn(value);
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Converts a typed value to plain JSON: undefined dropped, Dates as ISO strings. */
function toJson(value: unknown): Json | undefined {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson).filter((v): v is Json => v !== undefined);
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : undefined;
    case 'object': {
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value)) {
        const j = toJson(v);
        if (j !== undefined) out[k] = j;
      }
      return out;
    }
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      return undefined;
  }
}

function toJsonObject(value: object): JsonObject {
  const json = toJson(value);
  return isObject(json) ? json : {};
}
