import { describe, expect, it } from 'vitest';
import { familiesReleased, revisionsInUseFrom, type RevisionUser } from './revisions-in-use.js';

const ARN = (fr: string) => `arn:aws:ecs:us-east-1:123456789012:task-definition/${fr}`;

const service = (spec?: string, current?: string, ...deployments: string[]): RevisionUser => ({
  spec: spec === undefined ? {} : { taskDefinition: spec },
  status: {
    taskDefinitionArn: current,
    deployments: deployments.map((taskDefinition) => ({ taskDefinition })),
  },
});

describe('revisionsInUseFrom', () => {
  it('counts spec, status and every deployment of every service, in both forms, for the family asked', async () => {
    const users = [service('web:1', ARN('web:2'), ARN('web:3'), ARN('api:9')), service(undefined, undefined)];
    const inUse = await revisionsInUseFrom({ list: () => users })({ namespace: 'prod', family: 'web' });
    expect([...inUse].sort()).toEqual([ARN('web:2'), ARN('web:3'), 'web:1', 'web:2', 'web:3'].sort());
  });

  it('does not mistake a family for one whose name it starts', async () => {
    const inUse = await revisionsInUseFrom({ list: () => [service('web-api:1')] })({
      namespace: 'p',
      family: 'web',
    });
    expect([...inUse]).toEqual([]);
  });
});

describe('familiesReleased', () => {
  it('names the families a service stopped naming or running', () => {
    expect([...familiesReleased(service('web:1', ARN('api:2')), service('web:1'))]).toEqual(['api']);
    expect([...familiesReleased(service('web:1'), undefined)]).toEqual(['web']);
    expect([...familiesReleased(undefined, service('web:1'))]).toEqual([]);
  });
});
