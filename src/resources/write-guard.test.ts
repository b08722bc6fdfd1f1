import { describe, expect, it } from 'vitest';
import { evaluateWriteGuards, type WriteGuard, type WriteVerdict } from './write-guard.js';

type Guard = WriteGuard<{ name: string }, string>;

function guard(name: string, verdict: WriteVerdict, seen: string[] = []): Guard {
  return {
    name,
    check: () => {
      seen.push(name);
      return verdict;
    },
  };
}

const input = { obj: { name: 'x' }, actions: ['create'], region: 'us-east-1' };

describe('evaluateWriteGuards', () => {
  it('allows a plan when there are no guards', () => {
    expect(evaluateWriteGuards([], input)).toEqual({ kind: 'allow' });
  });

  it('runs guards in order and stops at the first that does not allow', () => {
    const seen: string[] = [];
    const refuse: WriteVerdict = { kind: 'refuse', guard: 'b', reason: 'AccessDenied', message: 'no' };
    const verdict = evaluateWriteGuards(
      [
        guard('a', { kind: 'allow' }, seen),
        guard('b', refuse, seen),
        guard('c', { kind: 'suppress', guard: 'c', reason: 'Drift', message: 'm' }, seen),
      ],
      input,
    );
    expect(verdict).toBe(refuse);
    expect(seen).toEqual(['a', 'b']);
  });

  it('hands every guard the object, the planned actions and the Region', () => {
    const inputs: unknown[] = [];
    evaluateWriteGuards([{ name: 'spy', check: (i) => (inputs.push(i), { kind: 'allow' }) }], input);
    expect(inputs).toEqual([input]);
  });
});
