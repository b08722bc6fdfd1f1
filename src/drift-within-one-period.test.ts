/**
 * The drift bound of the steady state, end to end between the resync schedule and the
 * DescribeServices batcher with its read-ahead (ADR 0049): a change made to a service just after
 * its state was read ahead is seen by a resync that starts within one period of the change, and the
 * calls per service per period do not grow for it.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { DescribeServicesBatcher } from './aws/describe-services-batcher.js';
import { readAheadAgeForPeriod } from './aws/describe-services-read-ahead.js';
import type { EcsApi } from './aws/ecs-api.js';
import { ResyncSchedule } from './controller/resync-schedule.js';
import { observing } from './shared/observed-at.js';
import { FakeClock, settle } from './shared/testing/fake-clock.js';

const PERIOD_MS = 60_000;
const READ_AHEAD_MAX_AGE_MS = 12_000;
const SERVICES = 200;
const PERIODS = 12;
const WARM_UP_PERIODS = 2;

/** A seeded uniform [0, 1) source (mulberry32), so every run draws the same fleet. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Outcome {
  /** DescribeServices calls after the warm-up, per service per period. */
  readonly callsPerServicePerPeriod: number;
  /** DescribeServices calls after the warm-up, per resync of a service. */
  readonly callsPerResync: number;
  /** The longest time from a change to the start of the first resync that saw it, ms. */
  readonly worstLatencyMs: number;
  /** Changes made (each just after a call read its service) and found. */
  readonly changes: number;
  readonly found: number;
}

/**
 * Runs a fleet of settled services resynced every period through one batcher with read-ahead.
 * Right after every `changeEvery`-th call, one service that call read (a read-ahead one when there
 * is one) has its desired count changed outside the operator.
 */
async function run(
  anchored: boolean,
  changeEvery = 3,
  readAheadMaxAgeMs = READ_AHEAD_MAX_AGE_MS,
): Promise<Outcome> {
  const clock = new FakeClock();
  const random = seeded(23);
  const desired = new Map<string, number>();
  const names = Array.from({ length: SERVICES }, (_, i) => `svc-${i}`);
  for (const n of names) desired.set(n, 1);
  const changedAt = new Map<string, number>();
  const latencies: number[] = [];
  let calls = 0;
  let callsAfterWarmUp = 0;
  let visitsAfterWarmUp = 0;
  const warmUpEnd = WARM_UP_PERIODS * PERIOD_MS;
  const end = (WARM_UP_PERIODS + PERIODS) * PERIOD_MS;

  const ecs: Pick<EcsApi, 'describeServices'> = {
    describeServices(_cluster, ids) {
      calls++;
      if (clock.now() >= warmUpEnd) callsAfterWarmUp++;
      const services: Service[] = ids.map((id) => ({
        serviceName: id,
        status: 'ACTIVE',
        desiredCount: desired.get(id),
        runningCount: desired.get(id),
        pendingCount: 0,
        deployments: [{ status: 'PRIMARY', rolloutState: 'COMPLETED' }],
      }));
      const target = ids.at(-1);
      if (
        calls % changeEvery === 0 &&
        target !== undefined &&
        !changedAt.has(target) &&
        clock.now() < end - 2 * PERIOD_MS
      ) {
        // The change lands 1 ms after this read: only a later read can see it.
        clock.setTimeout(() => {
          desired.set(target, (desired.get(target) ?? 1) + 1);
          changedAt.set(target, clock.now());
        }, 1);
      }
      return Promise.resolve({ services, failures: [] });
    },
  };
  const batcher = new DescribeServicesBatcher({ ecs, clock, readAhead: { maxAgeMs: readAheadMaxAgeMs } });
  const schedule = new ResyncSchedule({ periodMs: PERIOD_MS, jitter: 0.1, clock, random });
  const seen = new Map<string, number>();

  const visit = async (name: string, due: number | undefined): Promise<void> => {
    const startedAt = clock.now();
    if (startedAt >= warmUpEnd) visitsAfterWarmUp++;
    const { result, oldestAt } = await observing(() => batcher.describeService('prod', name));
    const count = result?.desiredCount ?? 0;
    const change = changedAt.get(name);
    if (change !== undefined && count !== seen.get(name)) {
      latencies.push(startedAt - change);
      changedAt.delete(name);
    }
    seen.set(name, count);
    const delay = schedule.next(name, due, anchored ? oldestAt : undefined) ?? PERIOD_MS;
    const nextDue = clock.now() + delay;
    clock.setTimeout(() => void visit(name, nextDue), delay);
  };
  // Each service first appears at a random moment of the first period (a fresh start).
  for (const name of names) clock.setTimeout(() => void visit(name, undefined), random() * PERIOD_MS);
  for (let t = 0; t < end; t += 1_000) await clock.tickAsync(1_000);
  await settle();
  const made = latencies.length + changedAt.size;
  return {
    callsPerServicePerPeriod: callsAfterWarmUp / SERVICES / PERIODS,
    callsPerResync: callsAfterWarmUp / visitsAfterWarmUp,
    worstLatencyMs: Math.max(...latencies),
    changes: made,
    found: latencies.length,
  };
}

describe('drift within one resync period with the DescribeServices read-ahead', () => {
  it('finds every change made just after a read by a resync starting within one period, at 0.1 call per service resync', async () => {
    const outcome = await run(true);
    expect(outcome.changes).toBeGreaterThan(20);
    expect(outcome.found).toBe(outcome.changes);
    expect(outcome.worstLatencyMs).toBeLessThanOrEqual(PERIOD_MS);
    // ECS's 10 services per call: the read-ahead's budget is kept.
    expect(outcome.callsPerResync).toBeLessThanOrEqual(0.101);
  });

  it('without the anchor a change just after a read-ahead waits longer than a period, for the same calls', async () => {
    const anchored = await run(true);
    const plain = await run(false);
    expect(plain.worstLatencyMs).toBeGreaterThan(PERIOD_MS);
    // The anchor costs no call per resync; resyncs come a little sooner (by the age of the answer
    // served, a few per cent of the period on average), hence a few per cent more per period.
    expect(anchored.callsPerResync).toBeLessThanOrEqual(plain.callsPerResync * 1.01);
    expect(anchored.callsPerServicePerPeriod).toBeLessThanOrEqual(plain.callsPerServicePerPeriod * 1.06);
  });

  it('with an age longer than the period would make anchored resyncs immediate and unbatched; the cap keeps the budget', async () => {
    // The age the operator used for any period before the cap: 120 s, against a 60 s period.
    const uncapped = await run(true, 3, 120_000);
    const capped = await run(true, 3, readAheadAgeForPeriod(120_000, PERIOD_MS));
    expect(readAheadAgeForPeriod(120_000, PERIOD_MS)).toBe(READ_AHEAD_MAX_AGE_MS);
    expect(capped.worstLatencyMs).toBeLessThanOrEqual(PERIOD_MS);
    expect(capped.callsPerResync).toBeLessThanOrEqual(0.101);
    // Uncapped, an answer older than the period anchors the next resync in the past: resyncs
    // repeat at once, each with a call of its own.
    expect(uncapped.callsPerServicePerPeriod).toBeGreaterThan(capped.callsPerServicePerPeriod * 1.2);
  });
});
