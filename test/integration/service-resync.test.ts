/**
 * Many resyncs of converged EcsServices under `ecs-bridge run` cost reads only: twelve services in
 * one cluster, a short resync period, and the proxy's log shows no ECS write, DescribeServices calls
 * of up to 10 services each and at most ceil(12 / 10) of them per round, and a round of concurrent reconciles (a restarted operator's first
 * list) described in ceil(12 / 10) calls rather than one per service. A change made in ECS just
 * after a DescribeServices call read the services ahead is reverted within one resync period.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { apply, waitForReady } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import {
  callMark,
  ec2ServiceManifest,
  paramsOf,
  serviceWritesAfter,
  startServiceOperator,
} from '../support/service-fixtures.js';
import { serviceWorld, stopServiceOperator } from '../support/service-world.js';
import { awsClients, proxyControl } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';

const CLUSTER = 'fleet';
const N = 12;
const ROUNDS = 4;
const PERIOD_MS = 4_000;
/** A resync's own time from its start to its UpdateService, on a loaded test machine. */
const REVERT_SLACK_MS = 1_000;
const names = Array.from({ length: N }, (_, i) => `svc-${String(i).padStart(2, '0')}`);

describe('resyncs of converged services under ecs-bridge run', () => {
  let operator: OperatorProcess | undefined;
  let namespace: string;

  beforeAll(async () => {
    ({ namespace, operator } = await serviceWorld({
      clusters: [CLUSTER],
      taskDefinitions: [['fleet', 'fleet:1']],
      namespace: 'svc-resync',
      resyncPeriod: `${PERIOD_MS / 1000}s`,
    }));
    await apply(
      namespace,
      ...names.map((name) => ec2ServiceManifest(name, { cluster: CLUSTER, taskDefinition: 'fleet:1' })),
    );
    for (const name of names) await waitForReady('ecsservices', namespace, name, 90_000);
  });

  afterAll(async () => {
    await stopServiceOperator(operator, 'service-resync');
  });

  it('makes no ECS write and describes the services in batches of up to 10', async () => {
    const mark = await callMark();
    // Every service described at least ROUNDS more times: that many resync rounds have passed.
    const describes = await waitFor(
      async () => {
        const calls = await proxyControl().calls({
          service: 'ecs',
          action: 'DescribeServices',
          afterSeq: mark,
        });
        const seen = new Map<string, number>();
        for (const c of calls) {
          for (const s of (paramsOf(c).services as string[] | undefined) ?? [])
            seen.set(s, (seen.get(s) ?? 0) + 1);
        }
        return names.every((n) => (seen.get(n) ?? 0) >= ROUNDS) ? calls : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: `${ROUNDS} resync rounds of ${N} services` },
    );

    expect(await serviceWritesAfter(mark)).toEqual([]);

    const sizes = describes.map((c) => ((paramsOf(c).services as string[] | undefined) ?? []).length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(N * ROUNDS);
    // Batched across reconciles (and read ahead): at most ceil(N / 10) calls per round, where one
    // call per service would be N per round. Measured: 8 calls for 4 rounds of 12 (the read-ahead
    // serves answers up to a fifth of the period old, ADR 0049).
    expect(describes.length).toBeLessThanOrEqual(ROUNDS * Math.ceil(N / 10) + 1);
  });

  it('reverts a change made just after a read-ahead read within one resync period', async () => {
    // Wait for a DescribeServices call, so the change lands just after it read up to nine of the
    // services ahead of their resync: the case where a kept answer predates the change.
    const before = await callMark();
    await waitFor(
      async () =>
        (await proxyControl().calls({ service: 'ecs', action: 'DescribeServices', afterSeq: before }))
          .length > 0 || undefined,
      { timeoutMs: 10_000, intervalMs: 20, what: 'a DescribeServices call' },
    );
    const mark = await callMark();
    const moto = awsClients('moto').ecs;
    const changedAt = new Map<string, number>();
    await Promise.all(
      names.map(async (name) => {
        changedAt.set(name, Date.now());
        await moto.send(new UpdateServiceCommand({ cluster: CLUSTER, service: name, desiredCount: 3 }));
      }),
    );
    moto.destroy();
    const reverted = await waitFor(
      async () => {
        const calls = await proxyControl().calls({ service: 'ecs', action: 'UpdateService', afterSeq: mark });
        const at = new Map<string, number>();
        for (const c of calls) {
          const p = paramsOf(c);
          const name = typeof p.service === 'string' ? p.service : '';
          if (p.desiredCount === 1 && !at.has(name)) at.set(name, c.time);
        }
        return names.every((n) => at.has(n)) ? at : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: `the drift of all ${N} services to be reverted` },
    );
    const latencies = names.map((n) => (reverted.get(n) ?? Infinity) - (changedAt.get(n) ?? 0));
    // One period (4 s) from the change to the resync that saw it, plus the time that resync takes to
    // send its UpdateService. Without the anchor a change just after a read-ahead read waited for
    // the resync after next: up to a period plus the age of the answer served.
    expect(Math.max(...latencies)).toBeLessThanOrEqual(PERIOD_MS + REVERT_SLACK_MS);
  });

  it('describes the services of a round of concurrent reconciles in ceil(N / 10) calls', async () => {
    // A restarted operator lists every object at once: one round of concurrent reconciles. A batch
    // holds at most as many services as reconciles run at once, hence ten workers.
    await stopServiceOperator(operator, 'service-resync-first');
    const mark = await callMark();
    operator = await startServiceOperator(namespace, { extraArgs: ['--workers=10'] });
    const describes = await waitFor(
      async () => {
        const calls = await proxyControl().calls({
          service: 'ecs',
          action: 'DescribeServices',
          afterSeq: mark,
        });
        const seen = new Set(calls.flatMap((c) => (paramsOf(c).services as string[] | undefined) ?? []));
        return names.every((n) => seen.has(n)) ? calls : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: `the restarted operator to describe all ${N} services` },
    );
    const sizes = describes.map((c) => ((paramsOf(c).services as string[] | undefined) ?? []).length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
    // ceil(12 / 10) = 2 calls when batched, 12 when not; one more for a round split across windows.
    expect(describes.length).toBeLessThanOrEqual(Math.ceil(N / 10) + 1);
    expect(await serviceWritesAfter(mark)).toEqual([]);
  });
});
