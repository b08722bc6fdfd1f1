import { describe, expect, it } from 'vitest';
import {
  decideRestart,
  RESTART_MARKER_TAG,
  type RestartDecision,
  type RestartInput,
} from './restart-marker.js';

const marked = (token: string) => ({ [RESTART_MARKER_TAG]: token, team: 'x' });

describe('decideRestart', () => {
  it.each<[string, RestartInput, RestartDecision]>([
    [
      'no token in the spec: nothing',
      { wanted: undefined, tags: marked('r1'), hold: false },
      { restart: false, marker: undefined },
    ],
    [
      'the marker carries the token: nothing',
      { wanted: 'r1', tags: marked('r1'), hold: false },
      { restart: false, marker: undefined },
    ],
    [
      'a new token: restart, then mark',
      { wanted: 'r2', tags: marked('r1'), hold: false },
      { restart: true, marker: 'r2' },
    ],
    [
      'first token on an unmarked service: restart, then mark',
      { wanted: 'r1', tags: {}, hold: false },
      { restart: true, marker: 'r1' },
    ],
    [
      'a status lie never suppresses a restart a marker asks for',
      { wanted: 'r2', tags: marked('r1'), legacyApplied: 'r2', hold: false },
      { restart: true, marker: 'r2' },
    ],
    [
      'upgrade path: unmarked, old status acted on the token: mark only',
      { wanted: 'r1', tags: {}, legacyApplied: 'r1', hold: false },
      { restart: false, marker: 'r1' },
    ],
    [
      'upgrade path: unmarked, old status acted on another token: restart',
      { wanted: 'r2', tags: {}, legacyApplied: 'r1', hold: false },
      { restart: true, marker: 'r2' },
    ],
    [
      'held rollout: no restart, no mark',
      { wanted: 'r2', tags: marked('r1'), hold: true },
      { restart: false, marker: undefined },
    ],
  ])('%s', (_name, input, expected) => {
    expect(decideRestart(input)).toEqual(expected);
  });
});
