/**
 * JSON merge patch (RFC 7386) computed from two documents, pure. Sending the difference, not the
 * whole desired status, keeps a status write small, lets a field we dropped actually disappear
 * (a key present before and absent now becomes `null`), and tells the caller when there is nothing
 * to write at all (write status only when it changed: kubernetes-facts.md, "Writing").
 *
 * Arrays are atomic in a merge patch: a changed array is sent whole.
 */

/** A JSON value as it travels on the wire. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The merge patch that turns `from` into `to`, or `undefined` when they are equal. `undefined`
 * members of `to` count as absent.
 */
export function createMergePatch(from: unknown, to: unknown): JsonValue | undefined {
  if (isPlainObject(from) && isPlainObject(to)) {
    // Own members only, and the patch built with Object.fromEntries: a key such as `__proto__` (a
    // tag key may be anything) is data, never the prototype.
    const patch: [string, JsonValue][] = [];
    for (const key of Object.keys(from)) {
      if (from[key] !== undefined && own(to, key) === undefined) patch.push([key, null]);
    }
    for (const [key, value] of Object.entries(to)) {
      if (value === undefined) continue;
      const inner = createMergePatch(own(from, key), value);
      if (inner !== undefined) patch.push([key, inner]);
    }
    return patch.length === 0 ? undefined : Object.fromEntries(patch);
  }
  if (jsonEqual(from, to)) return undefined;
  // A merge patch cannot say "this object, exactly": an object replacing a non-object is sent
  // with its undefined members dropped, which is what applying it yields.
  return toJson(to);
}

/** Deep equality of two JSON-like values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
    const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
    return keysA.length === keysB.length && keysA.every((k) => jsonEqual(a[k], own(b, k)));
  }
  return false;
}

/** `obj[key]` when it is the object's own member; never a member of its prototype. */
function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}
