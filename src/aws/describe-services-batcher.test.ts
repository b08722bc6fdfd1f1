import type { Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { DescribeServicesBatcher, type DescribeServicesBatcherOptions } from './describe-services-batcher.js';
import type { DescribeServicesResult, EcsApi } from './ecs-api.js';
import { FakeClock, settle } from '../shared/testing/fake-clock.js';

const REGION_ARN = 'arn:aws:ecs:eu-west-1:111111111111';

interface Call {
  readonly cluster: string;
  readonly services: readonly string[];
  readonly release: (result?: DescribeServicesResult) => void;
  readonly fail: (err: unknown) => void;
}

/**
 * A fake `describeServices` over a set of existing services per cluster. Each call is recorded and
 * answered at once (`auto`) or held until the test releases it.
 */
function fakeEcs(existing: Record<string, string[]>, auto = true) {
  const calls: Call[] = [];
  const answer = (cluster: string, names: readonly string[]): DescribeServicesResult => {
    const clusterName = cluster.slice(cluster.lastIndexOf('/') + 1);
    const known = new Set(existing[clusterName] ?? []);
    const services: Service[] = [];
    const failures = [];
    for (const id of names) {
      const name = id.slice(id.lastIndexOf('/') + 1);
      const arn = `${REGION_ARN}:service/${clusterName}/${name}`;
      if (known.has(name)) services.push({ serviceName: name, serviceArn: arn, status: 'ACTIVE' });
      else failures.push({ arn, reason: 'MISSING' });
    }
    return { services, failures };
  };
  const ecs: Pick<EcsApi, 'describeServices'> = {
    describeServices(cluster, services) {
      return new Promise((resolve, reject) => {
        const call: Call = {
          cluster,
          services: [...services],
          release: (result) => resolve(result ?? answer(cluster, services)),
          fail: reject,
        };
        calls.push(call);
        if (auto) call.release();
      });
    },
  };
  return { ecs, calls };
}

/**
 * A batcher with `options` over a fake ECS holding `existing`, on its own fake clock; `auto: false`
 * holds each call until the test releases it.
 */
function batcherOver(
  existing: Record<string, string[]>,
  {
    auto = true,
    ...options
  }: Omit<DescribeServicesBatcherOptions, 'ecs' | 'clock'> & { auto?: boolean } = {},
) {
  const clock = new FakeClock();
  const { ecs, calls } = fakeEcs(existing, auto);
  return { clock, calls, batcher: new DescribeServicesBatcher({ ecs, clock, ...options }) };
}

const names = (n: number, prefix = 'svc'): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe('DescribeServicesBatcher', () => {
  it('merges 25 concurrent asks for one cluster into 3 calls of at most 10', async () => {
    const { clock, calls, batcher } = batcherOver({ prod: names(25) });
    const answers = Promise.all(names(25).map((n) => batcher.describeService('prod', n)));
    await settle();
    // The two full batches go at once; the last five wait for the window.
    expect(calls.map((c) => c.services.length)).toEqual([10, 10]);
    await clock.tickAsync(5);
    expect(calls.map((c) => c.services.length)).toEqual([10, 10, 5]);
    const services = await answers;
    expect(services.map((s) => s?.serviceName)).toEqual(names(25));
    expect(new Set(calls.flatMap((c) => c.services)).size).toBe(25);
  });

  it('never puts two clusters in one call, and treats a cluster ARN as its name', async () => {
    const { clock, calls, batcher } = batcherOver({ a: ['x', 'y'], b: ['x'] });
    const asks = Promise.all([
      batcher.describeService('a', 'x'),
      batcher.describeService('b', 'x'),
      batcher.describeService(`${REGION_ARN}:cluster/a`, 'y'),
    ]);
    await clock.tickAsync(5);
    const [ax, bx, ay] = await asks;
    expect(calls.map((c) => [c.cluster, c.services])).toEqual([
      ['a', ['x', 'y']],
      ['b', ['x']],
    ]);
    expect([ax?.serviceArn, bx?.serviceArn, ay?.serviceArn]).toEqual([
      `${REGION_ARN}:service/a/x`,
      `${REGION_ARN}:service/b/x`,
      `${REGION_ARN}:service/a/y`,
    ]);
  });

  it('answers undefined for a MISSING service and the service for the others of the batch', async () => {
    const { clock, batcher } = batcherOver({ prod: ['there'] });
    const asks = Promise.all([
      batcher.describeService('prod', 'there'),
      batcher.describeService('prod', 'gone'),
    ]);
    await clock.tickAsync(5);
    const [there, gone] = await asks;
    expect(there?.serviceName).toBe('there');
    expect(gone).toBeUndefined();
  });

  it('matches services asked for by ARN', async () => {
    const { clock, calls, batcher } = batcherOver({ prod: ['web'] });
    const ask = batcher.describeService('prod', `${REGION_ARN}:service/prod/web`);
    await clock.tickAsync(5);
    expect((await ask)?.serviceName).toBe('web');
    expect(calls[0]?.services).toEqual([`${REGION_ARN}:service/prod/web`]);
  });

  it('sends a name asked for twice once, and answers both askers', async () => {
    const { clock, calls, batcher } = batcherOver({ prod: ['web'] });
    const asks = Promise.all([
      batcher.describeService('prod', 'web'),
      batcher.describeService('prod', 'web'),
    ]);
    await clock.tickAsync(5);
    const [a, b] = await asks;
    expect(calls.map((c) => c.services)).toEqual([['web']]);
    expect(a?.serviceName).toBe('web');
    expect(b).toBe(a);
  });

  it('fails every caller of a batch whose call fails, and no caller of another batch', async () => {
    const { clock, calls, batcher } = batcherOver({ a: ['x', 'y'], b: ['z'] }, { auto: false });
    const x = batcher.describeService('a', 'x');
    const y = batcher.describeService('a', 'y');
    const z = batcher.describeService('b', 'z');
    await clock.tickAsync(5);
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    calls[0]?.fail(throttled);
    calls[1]?.release();
    await expect(x).rejects.toBe(throttled);
    await expect(y).rejects.toBe(throttled);
    expect((await z)?.serviceName).toBe('z');
  });

  it('rejects a caller whose service failed for a reason other than MISSING', async () => {
    const { clock, calls, batcher } = batcherOver({}, { auto: false });
    const ask = batcher.describeService('prod', 'web');
    await clock.tickAsync(5);
    calls[0]?.release({
      services: [],
      failures: [{ arn: `${REGION_ARN}:service/prod/web`, reason: 'AccessDenied', detail: 'no' }],
    });
    await expect(ask).rejects.toMatchObject({ name: 'DescribeServiceFailureError', reason: 'AccessDenied' });
  });

  it('keeps asks within the window together and starts a new batch after it', async () => {
    const { clock, calls, batcher } = batcherOver({ prod: ['a', 'b', 'c'] }, { windowMs: 5 });
    const a = batcher.describeService('prod', 'a');
    await clock.tickAsync(3);
    const b = batcher.describeService('prod', 'b');
    await clock.tickAsync(2);
    expect(calls.map((c) => c.services)).toEqual([['a', 'b']]);
    const c = batcher.describeService('prod', 'c');
    await clock.tickAsync(4);
    expect(calls).toHaveLength(1);
    await clock.tickAsync(1);
    expect(calls.map((call) => call.services)).toEqual([['a', 'b'], ['c']]);
    await Promise.all([a, b, c]);
  });

  it('waits the busy window for a batch opening within a second of the previous one, per cluster', async () => {
    const services = { prod: ['a', 'b', 'c', 'd'], test: ['x'] };
    const { clock, calls, batcher } = batcherOver(services, { windowMs: 5, busyWindowMs: 100 });
    // A lone ask on a quiet cluster: the short window.
    const a = batcher.describeService('prod', 'a');
    await clock.tickAsync(5);
    expect(calls.map((c) => c.services)).toEqual([['a']]);
    // The next batch opens 0.5 s later: it waits 100 ms and takes what comes meanwhile.
    await clock.tickAsync(495);
    const b = batcher.describeService('prod', 'b');
    await clock.tickAsync(60);
    const c = batcher.describeService('prod', 'c');
    // Another cluster's first ask is not busy: it goes after the short window.
    const x = batcher.describeService('test', 'x');
    await clock.tickAsync(5);
    expect(calls.map((call) => call.services)).toEqual([['a'], ['x']]);
    await clock.tickAsync(35);
    expect(calls.map((call) => call.services)).toEqual([['a'], ['x'], ['b', 'c']]);
    // More than a second after the last batch opened, the short window again.
    await clock.tickAsync(1_000);
    const d = batcher.describeService('prod', 'd');
    await clock.tickAsync(5);
    expect(calls.map((call) => call.services)).toEqual([['a'], ['x'], ['b', 'c'], ['d']]);
    await Promise.all([a, b, c, d, x]);
  });

  it('keeps filling the open batch while the cluster is at its in-flight limit', async () => {
    const { clock, calls, batcher } = batcherOver(
      { prod: names(8) },
      { auto: false, maxInFlightPerCluster: 1 },
    );
    const first = batcher.describeService('prod', 'svc-0');
    await clock.tickAsync(5);
    expect(calls).toHaveLength(1);
    const rest = names(8)
      .slice(1)
      .map((n) => batcher.describeService('prod', n));
    await clock.tickAsync(50);
    expect(calls).toHaveLength(1);
    calls[0]?.release();
    await settle();
    expect(calls.map((c) => c.services.length)).toEqual([1, 7]);
    calls[1]?.release();
    expect((await Promise.all([first, ...rest])).every((s) => s !== undefined)).toBe(true);
  });

  it('lets an aborted caller go without failing the rest of its batch', async () => {
    const { clock, calls, batcher } = batcherOver({ prod: ['a', 'b'] });
    const controller = new AbortController();
    const a = batcher.describeService('prod', 'a', { signal: controller.signal });
    const b = batcher.describeService('prod', 'b');
    controller.abort(new Error('reconcile cancelled'));
    await expect(a).rejects.toThrow('reconcile cancelled');
    await clock.tickAsync(5);
    expect((await b)?.serviceName).toBe('b');
    expect(calls).toHaveLength(1);
  });
});

describe('DescribeServicesBatcher read-ahead', () => {
  /** A fake over settled services (one completed deployment, all running), held or answered at once. */
  function settledEcs(existing: string[], auto = true) {
    const fake = fakeEcs({ prod: existing }, auto);
    const settle = (s: Service): Service => ({
      ...s,
      desiredCount: 1,
      runningCount: 1,
      pendingCount: 0,
      deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', rolloutState: 'COMPLETED' }],
    });
    const ecs: Pick<EcsApi, 'describeServices'> = {
      describeServices: async (cluster, services) => {
        const out = await fake.ecs.describeServices(cluster, services);
        return { ...out, services: out.services.map(settle) };
      },
    };
    return { ecs, calls: fake.calls };
  }

  /** Asks for every name once, each in its own call, `gapMs` apart: the batcher learns the fleet. */
  async function learnOneByOne(
    batcher: DescribeServicesBatcher,
    clock: FakeClock,
    all: string[],
    gapMs = 10,
  ) {
    for (const name of all) {
      const ask = batcher.describeService('prod', name);
      await clock.tickAsync(gapMs);
      await ask;
    }
  }

  it('fills each call with the services asked for longest ago: a resync costs a call per ten', async () => {
    const clock = new FakeClock();
    const { ecs, calls } = settledEcs(names(20));
    const batcher = new DescribeServicesBatcher({ ecs, clock, readAhead: { maxAgeMs: 60_000 } });
    // Two passes learn the fleet and reach the steady pattern; the third is measured.
    await learnOneByOne(batcher, clock, names(20));
    await learnOneByOne(batcher, clock, names(20));
    const before = calls.length;
    const hits = batcher.readAheadStats().hits;
    for (const name of names(20)) {
      const ask = batcher.describeService('prod', name);
      await clock.tickAsync(10);
      expect((await ask)?.serviceName).toBe(name);
    }
    expect(calls.slice(before).map((c) => c.services.length)).toEqual([10, 10]);
    expect(batcher.readAheadStats().hits - hits).toBe(18);
  });

  it('sends one name per call and nothing more without read-ahead', async () => {
    const clock = new FakeClock();
    const { ecs, calls } = settledEcs(names(5));
    const batcher = new DescribeServicesBatcher({ ecs, clock });
    await learnOneByOne(batcher, clock, names(5));
    await learnOneByOne(batcher, clock, names(5));
    expect(calls.map((c) => c.services.length)).toEqual(new Array<number>(10).fill(1));
  });

  it('reads again a service the operator wrote to', async () => {
    const clock = new FakeClock();
    const { ecs, calls } = settledEcs(names(2));
    const batcher = new DescribeServicesBatcher({ ecs, clock, readAhead: { maxAgeMs: 60_000 } });
    // svc-1's call reads svc-0 ahead.
    await learnOneByOne(batcher, clock, names(2));
    expect(calls.at(-1)?.services).toEqual(['svc-1', 'svc-0']);
    batcher.invalidate(`${REGION_ARN}:cluster/prod`, `${REGION_ARN}:service/prod/svc-0`);
    const before = calls.length;
    await learnOneByOne(batcher, clock, ['svc-0']);
    expect(calls.length).toBe(before + 1);
    expect(calls.at(-1)?.services[0]).toBe('svc-0');
    expect(batcher.readAheadStats()).toMatchObject({ hits: 0, dropped: 1 });
  });

  it('serves an answer read ahead within maxAgeMs, and nothing older', async () => {
    const clock = new FakeClock();
    const { ecs, calls } = settledEcs(names(3));
    const batcher = new DescribeServicesBatcher({ ecs, clock, readAhead: { maxAgeMs: 1_000 } });
    // svc-1's call reads svc-0 ahead, svc-2's reads svc-1 ahead.
    await learnOneByOne(batcher, clock, names(3));
    const before = calls.length;
    await learnOneByOne(batcher, clock, ['svc-0']);
    expect(calls.length).toBe(before);
    await clock.tickAsync(1_000);
    await learnOneByOne(batcher, clock, ['svc-1']);
    expect(calls.length).toBe(before + 1);
  });

  it('lets an ask join the call that is reading its service ahead', async () => {
    const clock = new FakeClock();
    const { ecs, calls } = settledEcs(names(2), false);
    const batcher = new DescribeServicesBatcher({ ecs, clock, readAhead: { maxAgeMs: 100 } });
    for (const name of names(2)) {
      const ask = batcher.describeService('prod', name);
      await clock.tickAsync(5);
      calls.at(-1)?.release();
      await ask;
    }
    await clock.tickAsync(200); // what was read ahead is too old now
    const first = batcher.describeService('prod', 'svc-1');
    await clock.tickAsync(5);
    expect(calls.at(-1)?.services).toEqual(['svc-1', 'svc-0']);
    const joined = batcher.describeService('prod', 'svc-0');
    await clock.tickAsync(50);
    const count = calls.length;
    calls.at(-1)?.release();
    expect((await first)?.serviceName).toBe('svc-1');
    expect((await joined)?.serviceName).toBe('svc-0');
    expect(calls.length).toBe(count);
  });
});
