import { describe, expect, it } from 'vitest';
import { parseFaultRuleSpec } from './fault-rule-spec.js';

describe('parseFaultRuleSpec', () => {
  it.each([
    { service: 'ecs', action: 'UpdateService', fault: { kind: 'throttle' }, times: 3 },
    { fault: { kind: 'error', status: 503 }, probability: 0.5, description: 'flaky' },
    { fault: { kind: 'error', status: 400, code: 'ServiceNotActiveException', message: 'gone' } },
    { bodyContains: '"web"', fault: { kind: 'reset' } },
    { fault: { kind: 'latency', ms: 250 } },
    { fault: { kind: 'respond', status: 200, body: { services: [] }, headers: { 'x-extra': '1' } } },
    { fault: { kind: 'respond', status: 200, body: '<DescribeLoadBalancersResponse/>' } },
    {
      action: 'DescribeServices',
      fault: {
        kind: 'patch',
        patches: [{ path: 'services', where: { serviceName: 'web' }, merge: { runningCount: 1 } }],
      },
    },
  ])('accepts %j unchanged', (spec) => {
    expect(parseFaultRuleSpec(spec)).toEqual(spec);
  });

  it.each([
    ['not an object', 'throttle', /rule must be an object/],
    ['no fault', {}, /fault must be an object/],
    ['an unknown kind', { fault: { kind: 'boom' } }, /fault.kind must be one of/],
    ['a typo in a rule field', { fault: { kind: 'throttle' }, time: 3 }, /unknown field\(s\) time/],
    ['a typo in a fault field', { fault: { kind: 'latency', millis: 3 } }, /unknown field\(s\) millis/],
    ['zero times', { fault: { kind: 'throttle' }, times: 0 }, /times must be an integer/],
    ['fractional times', { fault: { kind: 'throttle' }, times: 1.5 }, /times must be an integer/],
    ['probability 0', { fault: { kind: 'throttle' }, probability: 0 }, /probability/],
    ['probability above 1', { fault: { kind: 'throttle' }, probability: 1.5 }, /probability/],
    ['an empty action', { action: '', fault: { kind: 'throttle' } }, /action must be a non-empty string/],
    ['a 4xx error without code', { fault: { kind: 'error', status: 400 } }, /code is required/],
    [
      'an error status of 200',
      { fault: { kind: 'error', status: 200 } },
      /status must be an integer from 400/,
    ],
    ['a negative latency', { fault: { kind: 'latency', ms: -1 } }, /fault.ms/],
    ['a respond without body', { fault: { kind: 'respond', status: 200 } }, /fault.body/],
    [
      'a non-string header',
      { fault: { kind: 'respond', status: 200, body: {}, headers: { a: 1 } } },
      /headers.a/,
    ],
    ['no patches', { fault: { kind: 'patch', patches: [] } }, /non-empty array/],
    ['a patch without merge', { fault: { kind: 'patch', patches: [{ path: 'x' }] } }, /patches\[0\].merge/],
    [
      'a patch with a list as where',
      { fault: { kind: 'patch', patches: [{ where: [], merge: {} }] } },
      /where/,
    ],
  ])('refuses %s', (_name, spec, message) => {
    expect(() => parseFaultRuleSpec(spec)).toThrow(message);
  });
});
