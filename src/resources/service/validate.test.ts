import { describe, expect, it } from 'vitest';
import type { EcsServiceSpec } from './types.js';
import { validateService } from './validate.js';

const spec: EcsServiceSpec = { cluster: 'demo', taskDefinition: 'web:1' };

function obj(name: string, extra: Partial<EcsServiceSpec> = {}) {
  return { metadata: { name }, spec: { ...spec, ...extra } };
}

describe('validateService', () => {
  it('accepts a name ECS accepts', () => {
    expect(validateService(obj('web-v2'))).toBeUndefined();
  });

  it('refuses a metadata.name ECS would refuse when spec.serviceName is unset, and says to set it', () => {
    const message = validateService(obj('web.v2'));
    expect(message).toContain('metadata.name "web.v2"');
    expect(message).toContain('set spec.serviceName explicitly');
  });

  it('accepts such a metadata.name once spec.serviceName is set', () => {
    expect(validateService(obj('web.v2', { serviceName: 'web-v2' }))).toBeUndefined();
  });

  it('refuses an explicit spec.serviceName ECS would refuse', () => {
    expect(validateService(obj('web', { serviceName: 'web.v2' }))).toContain('spec.serviceName "web.v2"');
  });

  it('still reports spec problems', () => {
    expect(validateService(obj('web', { taskDefinitionRef: { name: 'x' } }))).toContain(
      'set exactly one of spec.taskDefinitionRef',
    );
  });
});
