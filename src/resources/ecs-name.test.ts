import { describe, expect, it } from 'vitest';
import { itAnswers } from '../shared/testing/predicate-cases.js';
import { ecsNameProblem, isEcsName } from './ecs-name.js';

describe('isEcsName', () => {
  itAnswers(
    isEcsName,
    {
      accepted: ['web', 'Web_v2-blue', 'a'.repeat(255)],
      refused: ['a'.repeat(256), '', 'web.v2', 'web v2', 'web/v2', 'café'],
    },
    '%s -> %s',
  );
});

describe('ecsNameProblem', () => {
  const service = { what: 'ECS service name', field: 'spec.serviceName' } as const;
  const family = { what: 'ECS task definition family', field: 'spec.family' } as const;

  it('accepts a metadata.name ECS accepts when the field is unset', () => {
    expect(ecsNameProblem({ ...service, explicit: undefined, name: 'web-v2' })).toBeUndefined();
  });

  it('accepts a valid explicit field whatever metadata.name is', () => {
    expect(ecsNameProblem({ ...service, explicit: 'web-v2', name: 'web.v2' })).toBeUndefined();
  });

  it('names metadata.name, its value and the field to set when the derived name is refused', () => {
    const message = ecsNameProblem({ ...service, explicit: undefined, name: 'web.v2' });
    expect(message).toBe(
      'metadata.name "web.v2" cannot be an ECS service name (only letters, digits, - and _ are allowed) and spec.serviceName is not set: set spec.serviceName explicitly, for example web-v2',
    );
  });

  it('names the explicit field and its value when it is refused', () => {
    const message = ecsNameProblem({ ...family, explicit: 'a.b', name: 'fine' });
    expect(message).toContain('spec.family "a.b" is not a valid ECS task definition family');
    expect(message).toContain('for example a-b');
  });
});
