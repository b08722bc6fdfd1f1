import { describe, expect, it } from 'vitest';
import { resolveCurrentRevision } from './current-revision.js';
import type { ObservedTaskDefinition } from './observe.js';
import type { ObservedRevision } from './revision.js';

const HASH = 'v1:' + 'a'.repeat(64);
const OTHER = 'v1:' + 'b'.repeat(64);

function rev(revision: number, extra: Partial<ObservedRevision> = {}): ObservedRevision {
  return {
    arn: `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`,
    family: 'web',
    revision,
    status: 'ACTIVE',
    userTags: [],
    ...extra,
  };
}

function observed(
  owned: ObservedRevision[],
  adoptable: ObservedRevision[] = [],
  inUse: string[] = [],
): ObservedTaskDefinition {
  return { family: 'web', owned, inUse: new Set(inUse), foreignActive: adoptable.length, adoptable };
}

const pick = (o: ObservedTaskDefinition, adopt: boolean, prefer?: number): string =>
  ((r) => (r === undefined ? 'none' : `${r.revision.revision}${r.adopted ? ' adopted' : ''}`))(
    resolveCurrentRevision(o, HASH, adopt, prefer),
  );

describe('resolveCurrentRevision', () => {
  it.each([
    ['nothing at all', observed([]), true, 'none'],
    [
      'the newest ACTIVE owned revision with the hash',
      observed([
        rev(5, { specHash: HASH }),
        rev(7, { specHash: HASH }),
        rev(9, { specHash: HASH, status: 'INACTIVE' }),
      ]),
      false,
      '7',
    ],
    ['an owned revision with another hash only', observed([rev(5, { specHash: OTHER })]), true, 'none'],
    [
      'an outside revision with the content, adopt unset',
      observed([], [rev(3, { contentHash: HASH })]),
      false,
      'none',
    ],
    [
      'an outside revision with the content, adopt set',
      observed([], [rev(3, { contentHash: HASH }), rev(4, { contentHash: OTHER })]),
      true,
      '3 adopted',
    ],
    [
      'the newest of two outside revisions with the content',
      observed([], [rev(3, { contentHash: HASH }), rev(6, { contentHash: HASH })]),
      true,
      '6 adopted',
    ],
    [
      'of two outside twins, the one a service runs',
      observed([], [rev(3, { contentHash: HASH }), rev(6, { contentHash: HASH })], ['web:3']),
      true,
      '3 adopted',
    ],
    [
      'an owned revision wins over an outside one',
      observed([rev(2, { specHash: HASH })], [rev(8, { contentHash: HASH })]),
      true,
      '2',
    ],
    [
      'outside revisions with other content only',
      observed([], [rev(3, { contentHash: OTHER })]),
      true,
      'none',
    ],
  ])('%s', (_label, o, adopt, expected) => {
    expect(pick(o, adopt)).toBe(expected);
  });
});

describe('resolveCurrentRevision: the adopt-revision annotation', () => {
  const twins = observed(
    [],
    [rev(3, { contentHash: HASH }), rev(6, { contentHash: HASH }), rev(7, { contentHash: OTHER })],
    ['web:6'],
  );
  it.each([
    ['names one of the twins: that one', 3, '3 adopted'],
    ['names a revision with other content: ignored, the one in use', 7, '6 adopted'],
    ['names none: the one in use', undefined, '6 adopted'],
  ])('%s', (_label, prefer, expected) => {
    expect(pick(twins, true, prefer)).toBe(expected);
  });
});
