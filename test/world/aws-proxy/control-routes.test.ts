import { describe, expect, it } from 'vitest';
import { CallRecorder } from './call-recorder.js';
import { handleControlRequest, parseBucketsConfig, parseCallQuery } from './control-routes.js';
import { EcsThrottle } from './ecs-throttle.js';
import { FakeClock } from '../../../src/shared/testing/fake-clock.js';
import { FaultRuleSet } from './fault-rules.js';
import { LocalProxyControl } from './local-control.js';

function setup() {
  const recorder = new CallRecorder();
  const control = new LocalProxyControl({
    rules: new FaultRuleSet(),
    throttle: new EcsThrottle({ clock: new FakeClock() }),
    recorder,
  });
  const call = (method: string, url: string, body: unknown = undefined) =>
    handleControlRequest(control, { method, url, body: body === undefined ? '' : JSON.stringify(body) });
  return { control, recorder, call };
}

describe('control routes', () => {
  it('adds, lists, removes and clears rules', async () => {
    const { call } = setup();
    const added = await call('POST', '/__proxy/rules', {
      action: 'UpdateService',
      fault: { kind: 'throttle' },
    });
    expect(added.status).toBe(201);
    const id = (added.body as { id: string }).id;
    expect((await call('GET', '/__proxy/rules')).body).toMatchObject([{ id, action: 'UpdateService' }]);
    expect((await call('DELETE', `/__proxy/rules/${id}`)).status).toBe(204);
    expect((await call('DELETE', `/__proxy/rules/${id}`)).status).toBe(404);
    await call('POST', '/__proxy/rules', { fault: { kind: 'reset' } });
    expect((await call('DELETE', '/__proxy/rules/')).status).toBe(204);
    expect((await call('GET', '/__proxy/rules')).body).toEqual([]);
  });

  it('answers 400 with the reason for an invalid rule or body', async () => {
    const { call } = setup();
    const bad = await call('POST', '/__proxy/rules', { fault: { kind: 'throttle' }, time: 3 });
    expect(bad).toEqual({ status: 400, body: { error: expect.stringContaining('unknown field(s) time') } });
    const notJson = await handleControlRequest(setup().control, {
      method: 'POST',
      url: '/__proxy/rules',
      body: '{',
    });
    expect(notJson.status).toBe(400);
    expect((await call('PUT', '/__proxy/speedup', { speedup: -1 })).status).toBe(400);
  });

  it('serves counts and a filtered call log, and resets them', async () => {
    const { call, recorder } = setup();
    recorder.record({
      service: 'ecs',
      action: 'UpdateService',
      outcome: 'forwarded',
      status: 200,
      ruleIds: [],
      durationMs: 1,
    });
    recorder.record({
      service: 'ecs',
      action: 'ListServices',
      outcome: 'throttled',
      status: 400,
      ruleIds: [],
      durationMs: 1,
    });
    expect((await call('GET', '/__proxy/counts')).body).toHaveLength(2);
    const calls = await call('GET', '/__proxy/calls?outcome=throttled,fault-reset&limit=5');
    expect(calls.body).toMatchObject([{ action: 'ListServices' }]);
    expect((await call('GET', '/__proxy/calls?outcome=nope')).status).toBe(400);
    expect((await call('GET', '/__proxy/last-seq')).body).toEqual({ seq: 2 });
    expect((await call('DELETE', '/__proxy/counts')).status).toBe(204);
    expect((await call('GET', '/__proxy/calls')).body).toEqual([]);
    // The log is empty after a reset, the sequence is not: a mark taken now stays right.
    expect((await call('GET', '/__proxy/last-seq')).body).toEqual({ seq: 2 });
  });

  it('configures, drains and refills buckets', async () => {
    const { call } = setup();
    const configured = await call('PUT', '/__proxy/buckets', {
      enabled: false,
      limits: { 'tag-read': { burst: 3 } },
    });
    expect(configured.body).toMatchObject({ enabled: false, buckets: { 'tag-read': { burst: 3 } } });
    expect((await call('PUT', '/__proxy/speedup', { speedup: 20 })).body).toMatchObject({ speedup: 20 });
    const drained = await call('POST', '/__proxy/buckets/drain', { categories: ['service-read'] });
    expect(drained.body).toMatchObject({
      buckets: { 'service-read': { tokens: 0 }, 'cluster-read': { tokens: 50 } },
    });
    const refilled = await call('POST', '/__proxy/buckets/refill');
    expect(refilled.body).toMatchObject({ buckets: { 'service-read': { tokens: 100 } } });
    expect((await call('POST', '/__proxy/buckets/drain', { categories: ['nope'] })).status).toBe(400);
    expect((await call('POST', '/__proxy/reset')).status).toBe(204);
    expect((await call('GET', '/__proxy/buckets')).body).toMatchObject({ enabled: true, speedup: 1 });
  });

  it('configures the rollout simulator and scripts failures and holds', async () => {
    const { call } = setup();
    expect((await call('PUT', '/__proxy/rollouts', { rolloutMs: 0, drainMs: 5 })).body).toMatchObject({
      enabled: true,
      rolloutMs: 0,
      drainMs: 5,
    });
    expect(
      (await call('POST', '/__proxy/rollouts/fail', { serviceName: 'web', rollback: true })).status,
    ).toBe(204);
    expect((await call('POST', '/__proxy/rollouts/hold', { serviceName: 'web', cluster: 'c' })).status).toBe(
      204,
    );
    expect((await call('POST', '/__proxy/rollouts/hold', { serviceName: 'api' })).status).toBe(204);
    expect((await call('GET', '/__proxy/rollouts')).body).toEqual({
      enabled: true,
      rolloutMs: 0,
      drainMs: 5,
      holds: [{ serviceName: 'web', cluster: 'c' }, { serviceName: 'api' }],
      armedFailures: [{ serviceName: 'web', rollback: true }],
      services: [],
    });
    expect((await call('POST', '/__proxy/rollouts/release', { serviceName: 'web' })).status).toBe(204);
    expect((await call('GET', '/__proxy/rollouts')).body).toMatchObject({ holds: [{ serviceName: 'api' }] });
    expect((await call('POST', '/__proxy/rollouts/release')).status).toBe(204);
    expect((await call('GET', '/__proxy/rollouts')).body).toMatchObject({ holds: [] });
    expect((await call('POST', '/__proxy/reset')).status).toBe(204);
    expect((await call('GET', '/__proxy/rollouts')).body).toMatchObject({
      rolloutMs: 1000,
      armedFailures: [],
    });
  });

  it.each<[string, string, unknown, RegExp]>([
    ['PUT', '/__proxy/rollouts', { rolloutMs: -1 }, /rolloutMs must be a finite number/],
    ['PUT', '/__proxy/rollouts', { enabled: 'yes' }, /enabled must be a boolean/],
    ['PUT', '/__proxy/rollouts', { rollout: 5 }, /unknown field\(s\) rollout/],
    ['POST', '/__proxy/rollouts/fail', { serviceName: 'web' }, /rollback must be true or false/],
    ['POST', '/__proxy/rollouts/fail', { rollback: true }, /serviceName is required/],
    [
      'POST',
      '/__proxy/rollouts/fail',
      { serviceName: 'web', rollback: false, times: 2 },
      /unknown field\(s\) times/,
    ],
    ['POST', '/__proxy/rollouts/hold', {}, /serviceName is required/],
    [
      'POST',
      '/__proxy/rollouts/hold',
      { serviceName: 'web', cluster: 3 },
      /cluster must be a non-empty string/,
    ],
    ['POST', '/__proxy/rollouts/release', { cluster: 'c' }, /serviceName is required/],
  ])('answers 400 for %s %s %j', async (method, url, body, message) => {
    const answer = await setup().call(method, url, body);
    expect(answer.status).toBe(400);
    expect((answer.body as { error: string }).error).toMatch(message);
  });

  it.each([
    ['GET', '/__proxy/nope'],
    ['PATCH', '/__proxy/rules'],
    ['POST', '/__proxy/buckets/sideways'],
    ['GET', '/__proxy/rules/a/b'],
    ['POST', '/__proxy/rollouts/sideways'],
    ['DELETE', '/__proxy/rollouts'],
  ])('answers 404 for %s %s', async (method, url) => {
    expect((await setup().call(method, url)).status).toBe(404);
  });
});

describe('parseBucketsConfig', () => {
  it.each([
    [{ speedup: 'fast' }, /speedup must be a number/],
    [{ enabled: 1 }, /enabled must be a boolean/],
    [{ limits: { everything: { burst: 1 } } }, /unknown category everything/],
    [{ limits: { 'tag-read': { size: 1 } } }, /only numeric burst and ratePerSecond/],
    [{ speed: 2 }, /unknown bucket field\(s\): speed/],
  ])('refuses %j', (body, message) => {
    expect(() => parseBucketsConfig(body)).toThrow(message);
  });
});

describe('parseCallQuery', () => {
  it('reads every field', () => {
    const query = parseCallQuery(
      new URLSearchParams('service=ecs&action=UpdateService&outcome=forwarded&status=200&afterSeq=4&limit=2'),
    );
    expect(query).toEqual({
      service: 'ecs',
      action: 'UpdateService',
      outcome: ['forwarded'],
      status: 200,
      afterSeq: 4,
      limit: 2,
    });
  });
});
