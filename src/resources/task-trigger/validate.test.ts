import { describe, expect, it } from 'vitest';
import { scheduleExpressionProblem } from './schedule-expression.js';
import type { EcsTaskTriggerSpec } from './types.js';
import { validateTaskTrigger } from './validate.js';

const base: EcsTaskTriggerSpec = {
  template: { cluster: 'jobs', taskDefinition: 'thumbnail', launchType: 'FARGATE' },
  event: { s3: { bucket: 'uploads', keyPrefix: 'incoming/' } },
  inputTransformer: { containerName: 'app', environment: [{ name: 'KEY', path: '$.detail.object.key' }] },
  roleArn: 'arn:aws:iam::123456789012:role/events-run-task',
};

describe('scheduleExpressionProblem', () => {
  it.each([
    ['rate(5 minutes)', 'rule'],
    ['rate(1 hour)', 'rule'],
    ['cron(0 3 * * ? *)', 'rule'],
    ['cron(0/15 8-17 ? * MON-FRI *)', 'scheduler'],
    ['cron(0 10 ? * 6L 2030)', 'scheduler'],
    ['cron(0 12 ? * 2#1 *)', 'scheduler'],
    ['at(2030-01-01T03:00:00)', 'scheduler'],
  ] as const)('accepts %s', (expression, service) => {
    expect(scheduleExpressionProblem(expression, service)).toBeUndefined();
  });

  it.each([
    ['rate(0 minutes)', 'rule', /positive/],
    ['rate(1 minutes)', 'rule', /"1 minute"/],
    ['rate(5 minute)', 'rule', /"5 minutes"/],
    ['cron(0 3 * * *)', 'rule', /has 5 fields/],
    ['cron(0 3 * * * *)', 'rule', /exactly one of day-of-month/],
    ['cron(0 3 ? * ? *)', 'rule', /exactly one of day-of-month/],
    ['cron(61 3 * * ? *)', 'rule', /minutes field value 61/],
    ['cron(0 3 * 13 ? *)', 'rule', /month field value 13/],
    ['at(2030-01-01T03:00:00)', 'rule', /schedules only/],
    ['at(2030-02-30T03:00:00)', 'scheduler', /not a valid date/],
    ['every day', 'scheduler', /not a schedule expression/],
  ] as const)('refuses %s', (expression, service, message) => {
    expect(scheduleExpressionProblem(expression, service)).toMatch(message);
  });
});

describe('validateTaskTrigger', () => {
  it('accepts the seed scenario', () => {
    expect(validateTaskTrigger(base)).toBeUndefined();
  });

  it.each([
    ['no source', { ...base, event: undefined }, /exactly one of spec.event/],
    ['both sources', { ...base, schedule: { expression: 'rate(1 hour)' } }, /exactly one of spec.event/],
    [
      'pattern and s3',
      { ...base, event: { pattern: '{}', s3: { bucket: 'uploads' } } },
      /spec.event.pattern .* or spec.event.s3/,
    ],
    [
      'pattern not JSON',
      { ...base, inputTransformer: undefined, event: { pattern: '{source: x}' } },
      /spec.event.pattern is not a JSON object/,
    ],
    [
      'pattern an array',
      { ...base, inputTransformer: undefined, event: { pattern: '["x"]' } },
      /not a JSON object/,
    ],
    [
      'bad bucket',
      { ...base, event: { s3: { bucket: 'Uploads_1' } } },
      /spec.event.s3.bucket \("Uploads_1"\)/,
    ],
    ['bad role', { ...base, roleArn: 'events-run-task' }, /spec.roleArn \("events-run-task"\)/],
    [
      'bad cron',
      {
        ...base,
        event: undefined,
        inputTransformer: undefined,
        schedule: { expression: 'cron(0 3 * * * *)' },
      },
      /spec.schedule.expression: cron\(0 3 \* \* \* \*\)/,
    ],
    [
      'dates in the wrong order',
      {
        ...base,
        event: undefined,
        inputTransformer: undefined,
        schedule: {
          expression: 'rate(1 day)',
          startDate: '2031-01-01T00:00:00Z',
          endDate: '2030-01-01T00:00:00Z',
        },
      },
      /startDate .* must be before/,
    ],
    [
      'a path EventBridge does not follow',
      {
        ...base,
        inputTransformer: { containerName: 'app', environment: [{ name: 'KEY', path: 'detail.object.key' }] },
      },
      /environment\[0\].path \("detail.object.key"\) is not a path/,
    ],
    [
      'a path S3 events do not have',
      {
        ...base,
        inputTransformer: {
          containerName: 'app',
          environment: [{ name: 'KEY', path: '$.detail.object.name' }],
        },
      },
      /\$.detail.object.name\) does not exist in S3's event/,
    ],
    [
      'a transformer on a schedule',
      { ...base, event: undefined, schedule: { expression: 'rate(1 day)' } },
      /a schedule has no event/,
    ],
    [
      'a bad variable name',
      {
        ...base,
        inputTransformer: {
          containerName: 'app',
          environment: [{ name: 'OBJECT-KEY', path: '$.detail.object.key' }],
        },
      },
      /name \("OBJECT-KEY"\)/,
    ],
    ['a bad template', { ...base, template: { taskDefinition: 'thumbnail' } }, /spec.template.cluster/],
  ] as const)('refuses %s, naming the field', (_name, spec, message) => {
    expect(validateTaskTrigger(spec as EcsTaskTriggerSpec)).toMatch(message);
  });
});
