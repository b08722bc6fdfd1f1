import { describe, expect, it } from 'vitest';
import { desiredTaskDefinition } from './desired.js';
import { loadTaskDefinitionExamples } from './testing/examples.js';
import { validateSpec } from './validate.js';

const examples = loadTaskDefinitionExamples();

describe('examples/task-definitions', () => {
  it('has the scenarios 1, 2 and 7 task definitions', () => {
    expect(examples.map((e) => e.file)).toEqual(['api-ec2.yaml', 'full-app.yaml', 'sample-fargate.yaml']);
  });

  it.each(examples)('$file is an EcsTaskDefinition the operator accepts', ({ obj }) => {
    expect(obj.apiVersion).toBe('ecs-bridge.dev/v1alpha1');
    expect(obj.kind).toBe('EcsTaskDefinition');
    expect(validateSpec(obj.spec)).toEqual([]);
    expect(desiredTaskDefinition(obj, 'x').specHash).toMatch(/^v1:[0-9a-f]{64}$/);
  });

  it('scenario 2 uses a dynamic host port under bridge on EC2', () => {
    const api = examples.find((e) => e.file === 'api-ec2.yaml')?.obj;
    expect(api?.spec).toMatchObject({ networkMode: 'bridge', requiresCompatibilities: ['EC2'] });
    expect(api?.spec.containerDefinitions[0]).toMatchObject({
      name: 'api',
      cpu: 256,
      memory: 256,
      portMappings: [{ containerPort: 3000, hostPort: 0 }],
    });
  });
});
