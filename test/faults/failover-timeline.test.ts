/**
 * The detectors the crash and failover scenarios rely on must be able to fail: conflicting writes
 * (overlap, interleaving, no Lease), second creates of one service, second registrations of one
 * spec. Pure functions on hand-made call records; no world needed.
 */
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../world/aws-proxy/index.js';
import { duplicateCreates, duplicateRegistrations } from './crash-call-log.js';
import type { RelayedCall } from './failover-relay.js';
import { conflictingWrites, holderAt, median, tenures, type LeaseSample } from './failover-timeline.js';

const write = (replica: string, start: number, end: number): RelayedCall => ({
  replica,
  service: 'ecs',
  action: 'UpdateService',
  write: true,
  start,
  end,
  status: 200,
});

const samples: LeaseSample[] = [
  { at: 5, holder: 'id-a', acquiredAt: 0, transitions: 0 },
  { at: 6, holder: 'id-a', acquiredAt: 0, transitions: 0 },
  { at: 105, holder: 'id-b', acquiredAt: 100, transitions: 1 },
];
const replicas = new Map([
  ['id-a', 'a'],
  ['id-b', 'b'],
]);

describe('conflictingWrites', () => {
  it('finds nothing in a clean handover', () => {
    const list = tenures(samples);
    expect(list.map((t) => [t.holder, t.from])).toEqual([
      ['id-a', 0],
      ['id-b', 100],
    ]);
    expect(holderAt(list, 99)).toBe('id-a');
    expect(holderAt(list, 100)).toBe('id-b');
    expect(
      conflictingWrites([write('a', 1, 10), write('a', 20, 30), write('b', 101, 110)], list, replicas),
    ).toEqual({
      overlapping: [],
      interleaved: [],
      withoutLease: [],
    });
  });

  it('finds overlapping, interleaved and unleased writes', () => {
    const found = conflictingWrites(
      [write('a', 1, 10), write('b', 5, 30), write('a', 40, 50), write('b', 90, 95)],
      tenures(samples),
      replicas,
    );
    expect(found.overlapping).toHaveLength(1);
    expect(found.interleaved).toHaveLength(2);
    expect(found.withoutLease).toHaveLength(2);
  });

  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

const call = (seq: number, time: number, action: string, params: Record<string, unknown>): CallRecord => ({
  seq,
  time,
  durationMs: 5,
  service: 'ecs',
  action,
  outcome: 'forwarded',
  status: 200,
  ruleIds: [],
  params: params as NonNullable<CallRecord['params']>,
});

describe('duplicateCreates', () => {
  const create = (seq: number, time: number, token: string, cluster = 'c'): CallRecord =>
    call(seq, time, 'CreateService', { cluster, serviceName: 'web', clientToken: token });

  it('counts a same-token repeat racing the first create as idempotent', () => {
    expect(duplicateCreates([create(1, 100, 't'), create(2, 102, 't')])).toEqual({
      creates: 2,
      duplicates: [],
      idempotentRepeats: 1,
    });
  });

  it('flags another token, and a create after a describe that saw the service', () => {
    expect(duplicateCreates([create(1, 100, 't'), create(2, 130, 'u')]).duplicates).toHaveLength(1);
    const seen = call(2, 120, 'DescribeServices', { cluster: 'c', services: ['web'] });
    const found = duplicateCreates([
      create(1, 100, 't'),
      seen,
      create(3, 140, 't', 'arn:aws:ecs:r:1:cluster/c'),
    ]);
    expect(found.duplicates).toHaveLength(1);
  });
});

describe('duplicateRegistrations', () => {
  const register = (seq: number, hash: string): CallRecord =>
    call(seq, seq, 'RegisterTaskDefinition', {
      family: 'f',
      tags: [{ key: 'ecs-bridge.dev/spec-hash', value: hash }],
    });

  it('flags a second registration of one spec hash only', () => {
    expect(duplicateRegistrations([register(1, 'v1:a'), register(2, 'v1:b')]).duplicates).toEqual([]);
    expect(duplicateRegistrations([register(1, 'v1:a'), register(2, 'v1:a')]).duplicates).toHaveLength(1);
  });
});
