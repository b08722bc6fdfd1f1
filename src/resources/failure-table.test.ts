import { describe, expect, it } from 'vitest';
import { failureTable, judgeAwsError, judgePartAwsError } from './failure-table.js';
import { AUTOSCALING_FAILURES } from './autoscaling/failure-table.js';
import { SERVICE_FAILURES } from './service/failure-table.js';
import { TASK_DEFINITION_FAILURES } from './task-definition/failure-table.js';

function awsError(name: string, message = 'm'): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

describe('the shared failure classifier', () => {
  const table = failureTable({
    notFound: 'NF',
    throttled: 'TH',
    conflict: 'CO',
    invalid: 'IN',
    quota: 'QU',
    accessDenied: 'AD',
    transient: 'TR',
    unknown: 'UN',
  });

  it.each([
    ['InvalidParameterException', 'IN', true],
    ['AccessDeniedException', 'AD', true],
    ['LimitExceededException', 'QU', true],
    ['ThrottlingException', 'TH', false],
    ['ServerException', 'TR', false],
    ['SomethingNobodyKnows', 'UN', false],
  ])('%s is %s, terminal %s', (name, reason, terminal) => {
    const judged = judgeAwsError(awsError(name), table);
    expect({ reason: judged.reason, terminal: judged.terminal }).toEqual({ reason, terminal });
    expect(judged.error.code).toBe(name);
  });

  it('every kind of ours agrees on which errors are terminal', () => {
    for (const kind of Object.keys(SERVICE_FAILURES) as (keyof typeof SERVICE_FAILURES)[]) {
      expect(SERVICE_FAILURES[kind].terminal, kind).toBe(TASK_DEFINITION_FAILURES[kind].terminal);
      expect(SERVICE_FAILURES[kind].terminal, kind).toBe(kind in AUTOSCALING_FAILURES);
    }
  });

  it('keeps the reasons each kind has always written', () => {
    expect(SERVICE_FAILURES.conflict.reason).toBe('AwsConflict');
    expect(SERVICE_FAILURES.notFound.reason).toBe('AwsError');
    expect(TASK_DEFINITION_FAILURES.conflict.reason).toBe('Conflict');
    expect(TASK_DEFINITION_FAILURES.notFound.reason).toBe('NotFound');
  });

  it('a part keeps its own reason for a terminal error and hands every other one to its owner', () => {
    expect(judgePartAwsError(awsError('ValidationException'), AUTOSCALING_FAILURES)).toMatchObject({
      terminal: true,
      reason: 'InvalidAutoscaling',
      kind: 'invalid',
    });
    expect(judgePartAwsError(awsError('ThrottlingException'), AUTOSCALING_FAILURES)).toMatchObject({
      terminal: false,
    });
  });
});
