import { describe, expect, it } from 'vitest';
import { parseFaultRuleSpec } from './fault-rule-spec.js';
import { describeServicesPatch, resetRule, serverErrorRule, throttleRule } from './rule-builders.js';

describe('rule builders', () => {
  it('build valid rules', () => {
    const built = [
      describeServicesPatch('web', { runningCount: 1 }, { times: 2 }),
      throttleRule({ service: 'ecs', action: 'UpdateService', times: 3 }),
      serverErrorRule({ service: 'elasticloadbalancing' }),
      serverErrorRule({ action: 'DescribeServices' }, 500),
      resetRule({ probability: 0.2 }),
    ];
    for (const rule of built) expect(parseFaultRuleSpec(rule)).toEqual(rule);
  });

  it('describeServicesPatch targets one service of ECS DescribeServices', () => {
    expect(describeServicesPatch('web', { deployments: [] })).toEqual({
      service: 'ecs',
      action: 'DescribeServices',
      fault: {
        kind: 'patch',
        patches: [{ path: 'services', where: { serviceName: 'web' }, merge: { deployments: [] } }],
      },
    });
  });
});
