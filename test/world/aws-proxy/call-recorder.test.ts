import { describe, expect, it } from 'vitest';
import { CallRecorder, countCalls, type CallEntry } from './call-recorder.js';

const entry = (overrides: Partial<CallEntry> = {}): CallEntry => ({
  service: 'ecs',
  action: 'DescribeServices',
  outcome: 'forwarded',
  status: 200,
  ruleIds: [],
  durationMs: 1,
  ...overrides,
});

// A call that got no answer at all (a reset connection) has no status.
const unanswered = (overrides: Partial<CallEntry>): CallEntry => {
  const { status: _status, ...rest } = entry(overrides);
  return rest;
};

describe('CallRecorder', () => {
  it('counts per service, action, outcome and status', () => {
    const recorder = new CallRecorder();
    recorder.record(entry());
    recorder.record(entry());
    recorder.record(entry({ outcome: 'throttled', status: 400 }));
    recorder.record(entry({ action: 'UpdateService', outcome: 'upstream-error', status: 400 }));
    recorder.record(unanswered({ action: 'UpdateService', outcome: 'fault-reset' }));
    const counts = recorder.counts();
    expect(counts).toContainEqual({
      service: 'ecs',
      action: 'DescribeServices',
      outcome: 'forwarded',
      status: 200,
      count: 2,
    });
    expect(counts).toContainEqual({
      service: 'ecs',
      action: 'UpdateService',
      outcome: 'fault-reset',
      count: 1,
    });
    expect(countCalls(counts)).toBe(5);
    expect(countCalls(counts, { action: 'DescribeServices' })).toBe(3);
    expect(countCalls(counts, { outcome: ['throttled', 'fault-reset'] })).toBe(2);
    expect(countCalls(counts, { status: 400 })).toBe(2);
    expect(countCalls(counts, { service: 'elasticloadbalancing' })).toBe(0);
  });

  it('keeps a bounded log, newest last, while counts keep everything', () => {
    let now = 1000;
    const recorder = new CallRecorder({ logLimit: 3, now: () => now++ });
    for (let i = 0; i < 5; i += 1) recorder.record(entry({ params: { i } }));
    const calls = recorder.calls();
    expect(calls.map((call) => call.seq)).toEqual([3, 4, 5]);
    expect(calls[0]).toMatchObject({ time: 1002, params: { i: 2 } });
    expect(countCalls(recorder.counts())).toBe(5);
  });

  it('filters the log by call, by seq and by limit', () => {
    const recorder = new CallRecorder();
    recorder.record(entry());
    const mark = recorder.lastSeq();
    recorder.record(entry({ action: 'UpdateService', params: { service: 'web', taskDefinition: 'td:2' } }));
    recorder.record(entry());
    recorder.record(entry({ action: 'UpdateService', params: { service: 'web', desiredCount: 3 } }));
    expect(recorder.calls({ action: 'UpdateService' }).map((c) => c.params)).toEqual([
      { service: 'web', taskDefinition: 'td:2' },
      { service: 'web', desiredCount: 3 },
    ]);
    expect(recorder.calls({ afterSeq: mark }).length).toBe(3);
    expect(recorder.calls({ limit: 1 })[0]?.seq).toBe(4);
  });

  it('reset forgets counts and log but seq keeps counting', () => {
    const recorder = new CallRecorder();
    recorder.record(entry());
    recorder.reset();
    expect(recorder.counts()).toEqual([]);
    expect(recorder.calls()).toEqual([]);
    expect(recorder.record(entry()).seq).toBe(2);
  });

  it('refuses a log limit below 1', () => {
    expect(() => new CallRecorder({ logLimit: 0 })).toThrow(RangeError);
  });
});
