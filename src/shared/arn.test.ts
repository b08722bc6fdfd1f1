import { describe, expect, it } from 'vitest';
import { nameOfArn, parseTaskDefinitionArn, serviceOfArn, taskDefinitionNameOfArn } from './arn.js';

const SERVICE_ARN = 'arn:aws:ecs:eu-west-1:111111111111:service/prod/web';

/** One case per row, titled by its input: `parse(input)` answers `expected`. */
function answers<T>(parse: (input: string) => T, rows: readonly (readonly [string, T])[]): void {
  it.each(rows)('%s', (input, expected) => {
    expect(parse(input)).toEqual(expected);
  });
}

describe('nameOfArn', () => {
  answers(nameOfArn, [
    [SERVICE_ARN, 'web'],
    ['arn:aws:ecs:eu-west-1:111111111111:cluster/prod', 'prod'],
    ['arn:aws:ecs:eu-west-1:111111111111:service/web', 'web'],
    ['web', 'web'],
    ['', ''],
  ]);
});

describe('serviceOfArn', () => {
  answers(serviceOfArn, [
    [SERVICE_ARN, { cluster: 'prod', service: 'web' }],
    ['arn:aws-cn:ecs:cn-north-1:111111111111:service/prod/web', { cluster: 'prod', service: 'web' }],
    ['arn:aws:ecs:eu-west-1:111111111111:service/web', undefined],
    ['arn:aws:ecs:eu-west-1:111111111111:cluster/prod', undefined],
    ['web', undefined],
  ]);
});

describe('parseTaskDefinitionArn', () => {
  answers(parseTaskDefinitionArn, [
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/api:12', { family: 'api', revision: 12 }],
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/my_app-2:1', { family: 'my_app-2', revision: 1 }],
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/api', undefined],
    ['api:12', undefined],
    [SERVICE_ARN, undefined],
  ]);

  it('names a revision family:revision, and leaves anything else as it is', () => {
    expect(taskDefinitionNameOfArn('arn:aws:ecs:us-east-1:123456789012:task-definition/api:12')).toBe(
      'api:12',
    );
    expect(taskDefinitionNameOfArn('not-an-arn')).toBe('not-an-arn');
  });
});
