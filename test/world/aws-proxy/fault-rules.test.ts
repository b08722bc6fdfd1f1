import { describe, expect, it } from 'vitest';
import { FaultRuleSet, ruleMatches } from './fault-rules.js';

const describeWeb = {
  service: 'ecs',
  action: 'DescribeServices',
  body: '{"cluster":"c","services":["web"]}',
};

describe('ruleMatches', () => {
  it.each([
    [{}, true],
    [{ service: 'ecs' }, true],
    [{ service: 'elasticloadbalancing' }, false],
    [{ action: 'DescribeServices' }, true],
    [{ action: 'UpdateService' }, false],
    [{ bodyContains: '"web"' }, true],
    [{ bodyContains: '"api"' }, false],
    [{ service: 'ecs', action: 'DescribeServices', bodyContains: 'web' }, true],
  ])('%o matches: %s', (filters, expected) => {
    expect(ruleMatches({ ...filters, fault: { kind: 'throttle' } }, describeWeb)).toBe(expected);
  });
});

describe('FaultRuleSet', () => {
  it('gives each rule an id and lists rules in order', () => {
    const rules = new FaultRuleSet();
    const a = rules.add({ action: 'A', fault: { kind: 'reset' } });
    const b = rules.add({ action: 'B', fault: { kind: 'throttle' }, times: 2 });
    expect(a.id).not.toBe(b.id);
    expect(rules.list()).toEqual([
      { id: a.id, action: 'A', fault: { kind: 'reset' }, hits: 0 },
      { id: b.id, action: 'B', fault: { kind: 'throttle' }, times: 2, remaining: 2, hits: 0 },
    ]);
  });

  it('applies a `times` rule to the next N matching calls only', () => {
    const rules = new FaultRuleSet();
    const rule = rules.add({ action: 'DescribeServices', fault: { kind: 'error', status: 503 }, times: 2 });
    expect(rules.selectAnswer(describeWeb)?.id).toBe(rule.id);
    expect(rules.selectAnswer({ ...describeWeb, action: 'ListServices' })).toBeUndefined();
    expect(rules.selectAnswer(describeWeb)?.remaining).toBe(0);
    expect(rules.selectAnswer(describeWeb)).toBeUndefined();
    expect(rules.list()[0]).toMatchObject({ remaining: 0, hits: 2 });
  });

  it('fires a probability rule when the draw is below the probability', () => {
    const draws = [0.1, 0.9, 0.29, 0.3];
    const rules = new FaultRuleSet({ random: () => draws.shift()! });
    rules.add({ fault: { kind: 'throttle' }, probability: 0.3 });
    const fired = [1, 2, 3, 4].map(() => rules.selectAnswer(describeWeb) !== undefined);
    expect(fired).toEqual([true, false, true, false]);
  });

  it('lets the first answering rule win and keeps rules until removed', () => {
    const rules = new FaultRuleSet();
    const first = rules.add({ action: 'DescribeServices', fault: { kind: 'reset' } });
    const second = rules.add({ fault: { kind: 'throttle' } });
    expect(rules.selectAnswer(describeWeb)?.id).toBe(first.id);
    expect(rules.selectAnswer(describeWeb)?.id).toBe(first.id);
    expect(rules.remove(first.id)).toBe(true);
    expect(rules.remove(first.id)).toBe(false);
    expect(rules.selectAnswer(describeWeb)?.id).toBe(second.id);
    rules.clear();
    expect(rules.list()).toEqual([]);
    expect(rules.add({ fault: { kind: 'reset' } }).id).not.toBe(first.id);
  });

  it('keeps shaping rules apart from answering ones and applies every shaper that fires', () => {
    const rules = new FaultRuleSet();
    const latency = rules.add({ fault: { kind: 'latency', ms: 5 } });
    const patch = rules.add({
      action: 'DescribeServices',
      fault: { kind: 'patch', patches: [{ merge: {} }] },
    });
    rules.add({ action: 'UpdateService', fault: { kind: 'latency', ms: 7 } });
    expect(rules.selectAnswer(describeWeb)).toBeUndefined();
    expect(rules.selectShapers(describeWeb).map((rule) => rule.id)).toEqual([latency.id, patch.id]);
    expect(rules.list().map((rule) => rule.hits)).toEqual([1, 1, 0]);
  });

  it('refuses an invalid rule', () => {
    expect(() => new FaultRuleSet().add({ fault: { kind: 'explode' } })).toThrow(TypeError);
  });
});
