import { describe, expect, it } from 'vitest';
import { entryName } from './entry-name.js';

const STEP = { refused: /[^A-Za-z0-9-]+/g, maxLength: 56 };
const CUSTOM = { refused: /[^A-Za-z0-9._-]+/g, maxLength: 190 };

describe('entryName', () => {
  it.each([
    ['cpu steps', 'step', STEP, 'cpu-steps'],
    ['SQS backlog/task', 'custom', CUSTOM, 'SQS-backlog-task'],
    ['queue.depth_v2', 'custom', CUSTOM, 'queue.depth_v2'],
    ['queue.depth_v2', 'step', STEP, 'queue-depth-v2'],
    ['--/lead', 'step', STEP, 'lead'],
    ['///', 'step', STEP, 'policy'],
    ['x'.repeat(80), 'step', STEP, 'x'.repeat(56)],
  ])('names %j as a %s entry', (awsName, _kind, pattern, expected) => {
    expect(entryName(awsName, new Set(), pattern)).toBe(expected);
  });

  it('counts up past the names already taken', () => {
    expect(entryName('cpu steps', new Set(['cpu-steps', 'cpu-steps-2']), STEP)).toBe('cpu-steps-3');
  });
});
