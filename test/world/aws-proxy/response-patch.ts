/**
 * Patches of upstream JSON answers: the way tests play what moto does not simulate (deployments
 * IN_PROGRESS / COMPLETED / FAILED, running counts), while keeping every other field moto returned.
 *
 * A patch selects a place in the document with `path`, narrows it with `where`, and applies
 * `merge` there as a JSON Merge Patch (RFC 7386: objects merge key by key, `null` deletes a key,
 * anything else replaces). When the selected place is an array, every element matching `where`
 * is patched, so one element of a batched answer changes and its siblings stay as they were:
 *
 * ```ts
 * { path: 'services', where: { serviceName: 'web' }, merge: { runningCount: 1, deployments: [...] } }
 * ```
 */
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';

/** One patch of a JSON response document. */
export interface ResponsePatch {
  /**
   * Dot-separated keys from the document root to the place to patch (`services`,
   * `taskDefinition.containerDefinitions`, `services.0`); the root when absent or empty.
   */
  readonly path?: string;
  /** Only objects whose fields equal all of these (deep equality) are patched. */
  readonly where?: JsonObject;
  /** The merge patch applied to each selected value. */
  readonly merge: JsonValue;
}

/** The patched document and how many places the patch changed. */
export interface PatchResult {
  readonly document: JsonValue;
  /** Places the patch applied to; 0 means nothing matched and the document is unchanged. */
  readonly applied: number;
}

/** Applies RFC 7386 JSON Merge Patch: returns a new value, never modifies its arguments. */
export function mergePatch(target: JsonValue, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return structuredClone(patch);
  const result: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = mergePatch(result[key] ?? null, value);
    }
  }
  return result;
}

/** Deep equality of JSON values (object key order does not matter). */
export function jsonEquals(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEquals(x, b[i]!))
    );
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && jsonEquals(a[key]!, b[key]!))
    );
  }
  return false;
}

/** True when `value` is an object whose fields equal every field of `where`. */
export function matchesWhere(value: JsonValue, where: JsonObject | undefined): boolean {
  if (where === undefined) return true;
  if (!isJsonObject(value)) return false;
  return Object.entries(where).every(
    ([key, expected]) => Object.hasOwn(value, key) && jsonEquals(value[key]!, expected),
  );
}

/**
 * Applies one patch to a document. Returns the document unchanged (and `applied: 0`) when the
 * path does not exist or nothing matches `where`; the input is never modified.
 */
export function applyResponsePatch(document: JsonValue, patch: ResponsePatch): PatchResult {
  const keys = patch.path === undefined || patch.path === '' ? [] : patch.path.split('.');
  return patchAt(document, keys, patch);
}

/** Applies patches in order, each to the result of the one before. */
export function applyResponsePatches(document: JsonValue, patches: readonly ResponsePatch[]): PatchResult {
  let current = document;
  let applied = 0;
  for (const patch of patches) {
    const result = applyResponsePatch(current, patch);
    current = result.document;
    applied += result.applied;
  }
  return { document: current, applied };
}

function patchAt(node: JsonValue, keys: readonly string[], patch: ResponsePatch): PatchResult {
  const [key, ...rest] = keys;
  if (key === undefined) return patchSelected(node, patch);
  if (Array.isArray(node)) {
    const index = Number(key);
    const child = Number.isInteger(index) ? node[index] : undefined;
    if (child === undefined) return { document: node, applied: 0 };
    const result = patchAt(child, rest, patch);
    if (result.applied === 0) return { document: node, applied: 0 };
    const copy = [...node];
    copy[index] = result.document;
    return { document: copy, applied: result.applied };
  }
  if (isJsonObject(node) && Object.hasOwn(node, key)) {
    const result = patchAt(node[key]!, rest, patch);
    if (result.applied === 0) return { document: node, applied: 0 };
    return { document: { ...node, [key]: result.document }, applied: result.applied };
  }
  return { document: node, applied: 0 };
}

function patchSelected(node: JsonValue, patch: ResponsePatch): PatchResult {
  if (Array.isArray(node)) {
    let applied = 0;
    const copy = node.map((element) => {
      if (!matchesWhere(element, patch.where)) return element;
      applied += 1;
      return mergePatch(element, patch.merge);
    });
    return applied === 0 ? { document: node, applied: 0 } : { document: copy, applied };
  }
  if (!matchesWhere(node, patch.where)) return { document: node, applied: 0 };
  return { document: mergePatch(node, patch.merge), applied: 1 };
}
