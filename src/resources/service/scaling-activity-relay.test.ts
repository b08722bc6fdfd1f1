import { describe, expect, it } from 'vitest';
import type { ScalingActivityNoticeView } from './ports.js';
import { scalingActivityRelay } from './scaling-activity-relay.js';

const at = (minute: number): string => new Date(Date.UTC(2026, 11, 6, 3, minute)).toISOString();
const notice = (id: string, minute: number): ScalingActivityNoticeView => ({
  id,
  at: at(minute),
  type: 'Normal',
  message: `activity ${id}`,
});
const START = new Date(at(10));

describe('scalingActivityRelay', () => {
  it('relays an activity that ended after the start once, oldest first, whatever the visits', () => {
    const relay = scalingActivityRelay(START);
    const seen = [notice('b', 12), notice('a', 11)];
    expect(relay.relay('uid', seen).map((n) => n.id)).toEqual(['a', 'b']);
    expect(relay.relay('uid', seen)).toEqual([]);
    expect(relay.relay('uid', [notice('c', 12), ...seen]).map((n) => n.id)).toEqual(['c']);
    // An answer without activities keeps what was relayed.
    expect(relay.relay('uid', [])).toEqual([]);
    expect(relay.relay('uid', [notice('c', 12), ...seen])).toEqual([]);
  });

  it('relays nothing that ended before the process started, so a restart repeats no Event', () => {
    const before = [notice('old', 9), notice('older', 5)];
    const restarted = scalingActivityRelay(START);
    expect(restarted.relay('uid', before)).toEqual([]);
    expect(restarted.relay('uid', [notice('new', 10), ...before]).map((n) => n.id)).toEqual(['new']);
  });

  it('keeps a cursor per object, and a forgotten object starts again from the process start', () => {
    const relay = scalingActivityRelay(START);
    expect(relay.relay('one', [notice('a', 11)]).map((n) => n.id)).toEqual(['a']);
    expect(relay.relay('two', [notice('a', 11)]).map((n) => n.id)).toEqual(['a']);
    relay.forget('one');
    expect(relay.relay('one', [notice('a', 11)]).map((n) => n.id)).toEqual(['a']);
  });
});
