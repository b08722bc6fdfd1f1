import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMergePatch, jsonEqual, type JsonValue } from './merge-patch.js';

/** RFC 7386 MergePatch(target, patch), to check that applying the computed patch yields `to`. */
function applyMergePatch(target: unknown, patch: JsonValue): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else {
      // defineProperty: a `__proto__` key is a member like any other, as JSON.parse makes it.
      const current = Object.hasOwn(result, key) ? result[key] : undefined;
      Object.defineProperty(result, key, {
        value: applyMergePatch(current, value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return result;
}

describe('createMergePatch', () => {
  it.each([
    ['equal documents', { a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, undefined],
    ['a changed scalar', { a: 1, b: 2 }, { a: 1, b: 3 }, { b: 3 }],
    ['a dropped key becomes null', { a: 1, b: 2 }, { a: 1 }, { b: null }],
    ['an undefined member counts as absent', { a: 1, b: 2 }, { a: 1, b: undefined }, { b: null }],
    ['nested change only', { c: { x: 1, y: 2 } }, { c: { x: 1, y: 3 } }, { c: { y: 3 } }],
    ['arrays are sent whole', { l: [1, 2, 3] }, { l: [1, 2] }, { l: [1, 2] }],
    ['a new object', {}, { o: { p: 1 } }, { o: { p: 1 } }],
  ])('%s', (_name, from, to, expected) => {
    expect(createMergePatch(from, to)).toEqual(expected);
  });

  it('treats a __proto__ key as data, never as the prototype (a tag key may be anything)', () => {
    const to = JSON.parse('{"tags":{"__proto__":["x"]}}') as JsonValue;
    const patch = createMergePatch({}, to);
    expect(JSON.stringify(patch)).toBe('{"tags":{"__proto__":["x"]}}');
    expect(createMergePatch(JSON.parse('{"__proto__":1}'), {})).toEqual({ ['__proto__']: null });
    expect(createMergePatch(to, JSON.parse(JSON.stringify(to)))).toBeUndefined();
  });

  it('is undefined exactly when the documents are equal, and applying it yields the target', () => {
    const json = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue>;
    const doc = fc.dictionary(fc.string({ maxLength: 3 }), json, { maxKeys: 5 });
    fc.assert(
      fc.property(doc, doc, (from, to) => {
        // A null member in `to` cannot be expressed by a merge patch (null means delete): drop them.
        const target = JSON.parse(
          JSON.stringify(to, (_k, v: unknown) => (v === null ? undefined : v)),
        ) as unknown;
        const patch = createMergePatch(from, target);
        if (patch === undefined) return jsonEqual(from, target);
        return jsonEqual(applyMergePatch(from, patch), target) && !jsonEqual(from, target);
      }),
      // Found by a Node 26 run: a `__proto__` key below the top level.
      { examples: [[{}, JSON.parse('{"":{"":{"__proto__":[]}}}') as Record<string, JsonValue>]] },
    );
  });
});
