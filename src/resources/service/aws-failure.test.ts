import { describe, expect, it } from 'vitest';
import { isTerminalError } from '../../controller/reconciler.js';
import { isSettled, judgeAwsFailure } from './aws-failure.js';
import { awsErrorReason } from './status.js';
import { awsError } from '../../aws/testing/fake-ecs.js';

const where = { cluster: 'demo', region: 'eu-west-1' };

describe('judgeAwsFailure', () => {
  it.each([
    ['ThrottlingException', 400, 'throw', false, 'Throttled'],
    ['ServiceUnavailableException', 503, 'throw', false, 'AwsUnavailable'],
    ['ConcurrentUpdateException', 400, 'throw', false, 'AwsConflict'],
    ['InvalidParameterException', 400, 'throw', true, 'InvalidParameter'],
    ['AccessDeniedException', 400, 'throw', true, 'AccessDenied'],
    ['LimitExceededException', 400, 'throw', true, 'QuotaExceeded'],
    ['ClusterNotFoundException', 400, 'wait', false, 'ClusterNotFound'],
  ])('%s → %s (terminal %s, %s)', (name, status, then, terminal, reason) => {
    const f = judgeAwsFailure(
      awsError(name, `${name} happened (Request ID: 0a1b2c3d-0000-1111-2222-333344445555)`, status),
      'creating the ECS service',
      where,
    );
    expect(f.then.kind).toBe(then);
    if (f.then.kind === 'throw') expect(isTerminalError(f.then.error)).toBe(terminal);
    const actual =
      f.outcome.kind === 'awsError'
        ? awsErrorReason(f.outcome.error)
        : f.outcome.kind === 'waiting'
          ? f.outcome.reason
          : 'none';
    expect(actual).toBe(reason);
    expect(JSON.stringify(f.outcome)).not.toContain('0a1b2c3d-0000');
  });
});

describe('which failures write a status', () => {
  const throttled = awsError('ThrottlingException', 'Rate exceeded');
  const unavailable = awsError('ServiceUnavailableException', 'down', 503);
  it.each([
    ['throttled, settled', throttled, true, false],
    ['throttled, not settled', throttled, false, true],
    ['503, settled', unavailable, true, true],
    ['503, not settled', unavailable, false, true],
  ])('%s → write %s', (_label, err, settled, write) => {
    expect(judgeAwsFailure(err, 'describing the ECS service', where, settled).writeStatus).toBe(write);
  });

  const ready = (status: string) => [{ type: 'Ready', status }];
  it.each([
    [
      'Ready at the current generation',
      { generation: 3 },
      { observedGeneration: 3, conditions: ready('True') },
      true,
    ],
    [
      'Ready at an older generation',
      { generation: 4 },
      { observedGeneration: 3, conditions: ready('True') },
      false,
    ],
    ['not Ready', { generation: 3 }, { observedGeneration: 3, conditions: ready('False') }, false],
    ['no status', { generation: 1 }, undefined, false],
  ])('isSettled: %s → %s', (_label, metadata, status, expected) => {
    expect(isSettled(status === undefined ? { metadata } : { metadata, status })).toBe(expected);
  });
});
