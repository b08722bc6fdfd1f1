import { describe, expect, it } from 'vitest';
import { internString, internStrings } from './intern-strings.js';

describe('internStrings', () => {
  it('gives back an equal string, whatever it looks like', () => {
    for (const value of [
      '',
      'RolloutComplete',
      '200',
      '01',
      '__proto__',
      'constructor',
      'ümlaut ✓',
      'x'.repeat(5000),
    ]) {
      expect(internString(value)).toBe(value);
    }
  });

  it('copies plain objects and arrays with equal content, leaving the input as it was', () => {
    const input = {
      apiVersion: 'ecs-bridge.dev/v1alpha1',
      status: { conditions: [{ type: 'Ready', status: 'True', observedGeneration: 3, message: null }] },
      spec: { list: ['a', 2, true, undefined], nested: [[{ deep: 'value' }]] },
    };
    const before = structuredClone(input);
    const copy = internStrings(input);
    expect(copy).toStrictEqual(input);
    expect(input).toStrictEqual(before);
    expect(copy).not.toBe(input);
    expect(copy.status.conditions[0]).not.toBe(input.status.conditions[0]);
  });

  it('keeps a Date, a byte array and a class instance as they are', () => {
    class Opaque {
      constructor(readonly name: string) {}
    }
    const at = new Date('2026-12-07T15:00:00Z');
    const bytes = new Uint8Array([1, 2, 3]);
    const opaque = new Opaque('kept');
    const copy = internStrings({ at, bytes, opaque, items: [at] });
    expect(copy.at).toBe(at);
    expect(copy.bytes).toBe(bytes);
    expect(copy.opaque).toBe(opaque);
    expect(copy.items[0]).toBe(at);
  });

  it('keeps a parsed "__proto__" member as an own member, not as the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": "yes"}, "name": "x"}') as Record<string, unknown>;
    const copy = internStrings(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'name']);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: 'yes' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('passes numbers, booleans, null and undefined through', () => {
    expect(internStrings(42)).toBe(42);
    expect(internStrings(false)).toBe(false);
    expect(internStrings(null)).toBeNull();
    expect(internStrings(undefined)).toBeUndefined();
  });
});
