import { describe, expect, it } from 'vitest';
import type { JsonValue } from './json.js';
import { applyResponsePatch, applyResponsePatches, jsonEquals, mergePatch } from './response-patch.js';

const describeServices: JsonValue = {
  services: [
    { serviceName: 'web', desiredCount: 3, runningCount: 3, deployments: [{ id: 'd-1', status: 'PRIMARY' }] },
    { serviceName: 'api', desiredCount: 2, runningCount: 2, deployments: [{ id: 'd-9', status: 'PRIMARY' }] },
  ],
  failures: [],
};

describe('mergePatch (RFC 7386)', () => {
  it.each<{ target: JsonValue; patch: JsonValue; expected: JsonValue }>([
    { target: { a: 'b' }, patch: { a: 'c' }, expected: { a: 'c' } },
    { target: { a: 'b' }, patch: { b: 'c' }, expected: { a: 'b', b: 'c' } },
    { target: { a: 'b' }, patch: { a: null }, expected: {} },
    { target: { a: [{ b: 'c' }] }, patch: { a: [1] }, expected: { a: [1] } },
    { target: { a: { b: 'c' } }, patch: { a: { b: 'd', c: null } }, expected: { a: { b: 'd' } } },
    { target: ['a'], patch: { a: 'b' }, expected: { a: 'b' } },
    { target: { a: 'foo' }, patch: 'bar', expected: 'bar' },
    { target: {}, patch: { a: { bb: { ccc: null } } }, expected: { a: { bb: {} } } },
  ])('merge $patch into $target', ({ target, patch, expected }) => {
    expect(mergePatch(target, patch)).toEqual(expected);
  });
});

describe('applyResponsePatch', () => {
  it('patches only the element of a batched answer that matches `where`', () => {
    const deployments = [
      { id: 'd-2', status: 'PRIMARY', rolloutState: 'IN_PROGRESS' },
      { id: 'd-1', status: 'ACTIVE' },
    ];
    const result = applyResponsePatch(describeServices, {
      path: 'services',
      where: { serviceName: 'web' },
      merge: { runningCount: 1, deployments },
    });
    expect(result.applied).toBe(1);
    expect(result.document).toEqual({
      services: [
        { serviceName: 'web', desiredCount: 3, runningCount: 1, deployments },
        {
          serviceName: 'api',
          desiredCount: 2,
          runningCount: 2,
          deployments: [{ id: 'd-9', status: 'PRIMARY' }],
        },
      ],
      failures: [],
    });
  });

  it('never modifies its input', () => {
    const before = structuredClone(describeServices);
    applyResponsePatch(describeServices, { path: 'services', merge: { runningCount: 0 } });
    expect(describeServices).toEqual(before);
  });

  it('patches every element when `where` is absent', () => {
    const result = applyResponsePatch(describeServices, { path: 'services', merge: { runningCount: 0 } });
    expect(result.applied).toBe(2);
  });

  it.each([
    { name: 'a missing path', patch: { path: 'nope', merge: { a: 1 } } },
    { name: 'a path through a scalar', patch: { path: 'failures.x', merge: { a: 1 } } },
    { name: 'an index out of range', patch: { path: 'services.7', merge: { a: 1 } } },
    {
      name: 'no element matching',
      patch: { path: 'services', where: { serviceName: 'db' }, merge: { a: 1 } },
    },
  ])('leaves the document alone for $name', ({ patch }) => {
    const result = applyResponsePatch(describeServices, patch);
    expect(result.applied).toBe(0);
    expect(result.document).toBe(describeServices);
  });

  it('follows numeric path segments into arrays and patches the root when no path is given', () => {
    expect(
      applyResponsePatch(describeServices, { path: 'services.1', merge: { status: 'DRAINING' } }).document,
    ).toMatchObject({
      services: [{ serviceName: 'web' }, { serviceName: 'api', status: 'DRAINING' }],
    });
    expect(applyResponsePatch({ a: 1 }, { merge: { b: 2 } }).document).toEqual({ a: 1, b: 2 });
  });

  it('applies several patches in order and adds up where they applied', () => {
    const result = applyResponsePatches(describeServices, [
      { path: 'services', where: { serviceName: 'web' }, merge: { runningCount: 1 } },
      { path: 'services', where: { runningCount: 1 }, merge: { pendingCount: 2 } },
    ]);
    expect(result.applied).toBe(2);
    expect(result.document).toMatchObject({
      services: [{ runningCount: 1, pendingCount: 2 }, { runningCount: 2 }],
    });
  });
});

describe('jsonEquals', () => {
  it.each<[JsonValue, JsonValue, boolean]>([
    [{ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined as unknown as JsonValue }, false],
    [[1, 2], [2, 1], false],
    ['1', 1, false],
    [null, {}, false],
  ])('%j equals %j is %s', (a, b, expected) => {
    expect(jsonEquals(a, b)).toBe(expected);
  });
});
