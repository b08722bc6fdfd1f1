import { describe, expect, it } from 'vitest';
import { isTerminalError } from '../../controller/reconciler.js';
import { judgeAwsFailure } from './aws-failure.js';
import { awsErrorReason } from './status.js';
import { awsError } from './testing/fake-ecs-api.js';

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
