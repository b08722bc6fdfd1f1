import { describe, expect, it } from 'vitest';
import { diffFields, formatValue, type FieldChange } from './field-diff.js';

describe('diffFields', () => {
  it.each<{ name: string; before: unknown; after: unknown; changes: FieldChange[] }>([
    { name: 'equal values', before: { a: 1, b: [1, 2] }, after: { b: [1, 2], a: 1 }, changes: [] },
    {
      name: 'a scalar',
      before: { desiredCount: 1 },
      after: { desiredCount: 3 },
      changes: [{ path: 'desiredCount', before: 1, after: 3 }],
    },
    { name: 'an added field', before: {}, after: { cpu: '256' }, changes: [{ path: 'cpu', after: '256' }] },
    { name: 'a removed field', before: { cpu: '256' }, after: {}, changes: [{ path: 'cpu', before: '256' }] },
    {
      name: 'a nested field',
      before: { deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200 } },
      after: { deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200 } },
      changes: [{ path: 'deploymentConfiguration.minimumHealthyPercent', before: 100, after: 50 }],
    },
    {
      name: 'named items matched by name, not position',
      before: {
        containerDefinitions: [
          { name: 'app', image: 'a:1' },
          { name: 'log', image: 'l:1' },
        ],
      },
      after: {
        containerDefinitions: [
          { name: 'init', image: 'i:1' },
          { name: 'app', image: 'a:2' },
          { name: 'log', image: 'l:1' },
        ],
      },
      changes: [
        { path: 'containerDefinitions[init]', after: { name: 'init', image: 'i:1' } },
        { path: 'containerDefinitions[app].image', before: 'a:1', after: 'a:2' },
      ],
    },
    {
      name: 'a removed named item',
      before: {
        environment: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      },
      after: { environment: [{ name: 'A', value: '1' }] },
      changes: [{ path: 'environment[B]', before: { name: 'B', value: '2' } }],
    },
    {
      name: 'unnamed lists of the same length, by position',
      before: { subnets: ['a', 'b'] },
      after: { subnets: ['a', 'c'] },
      changes: [{ path: 'subnets[1]', before: 'b', after: 'c' }],
    },
    {
      name: 'unnamed lists of different lengths, whole',
      before: { subnets: ['a'] },
      after: { subnets: ['a', 'b'] },
      changes: [{ path: 'subnets', before: ['a'], after: ['a', 'b'] }],
    },
    {
      name: 'a type change',
      before: { x: [1] },
      after: { x: 'one' },
      changes: [{ path: 'x', before: [1], after: 'one' }],
    },
    { name: 'top-level scalars', before: 1, after: 2, changes: [{ path: '', before: 1, after: 2 }] },
  ])('$name', ({ before, after, changes }) => {
    expect(diffFields(before, after)).toEqual(changes);
  });

  it('puts a prefix before every path', () => {
    expect(diffFields(1, 2, 'desiredCount')).toEqual([{ path: 'desiredCount', before: 1, after: 2 }]);
    expect(diffFields({ a: 1 }, { a: 2 }, 'x')).toEqual([{ path: 'x.a', before: 1, after: 2 }]);
  });
});

describe('formatValue', () => {
  it.each([
    { value: 'httpd:2.4', text: '"httpd:2.4"' },
    { value: 3, text: '3' },
    { value: false, text: 'false' },
    { value: undefined, text: '(none)' },
    { value: ['a', 'b'], text: '["a","b"]' },
  ])('$value', ({ value, text }) => {
    expect(formatValue(value)).toBe(text);
  });

  it('cuts long values with an ellipsis', () => {
    const text = formatValue('x'.repeat(500), 20);
    expect(text).toHaveLength(20);
    expect(text.endsWith('…')).toBe(true);
  });
});
