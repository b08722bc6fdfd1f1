/**
 * Leader election of whole operator processes (`ecs-bridge run`), against the world's API server
 * and the AWS proxy: of two processes on one Lease exactly one reconciles; when the leader is killed
 * (SIGKILL) the other takes over after about one lease duration (the figures are printed, for short
 * timings and for the defaults); a standby that gets SIGTERM leaves at once and leaves the Lease be;
 * a leader whose Lease another holder takes stops reconciling at once and resumes once it is free.
 *
 * Who reconciled is told by the proxy's RegisterTaskDefinition calls per family and by each
 * process's own metrics.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { CoordinationV1Api, V1MicroTime } from '@kubernetes/client-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installCrds } from '../support/crds.js';
import { apply, getResource, waitForReady } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import {
  DEFAULT_ELECTION,
  OperatorPool,
  SHORT_ELECTION,
  leaseHolder,
  leadingIdentity,
  logTails,
  masterStatus,
  readyzVerbose,
  reconcileCount,
  registeredCount,
  registrations,
  roles,
  simpleTaskDefinition,
  uniqueSuffix,
  type ElectionTiming,
} from '../support/operator-runtime.js';
import { freshNamespace, kubeConfig, worldControl } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';

const pool = new OperatorPool();

/**
 * Kills the leader of `operators` (SIGKILL), applies a new object at once, and measures how long
 * until the standby holds the Lease and until the object is Ready; prints both and checks them
 * against the timing: the standby waits out the dead leader's lease by its own clock (one lease
 * duration after it last saw the Lease change), then takes it on its next try (up to 2.2 jittered
 * retry periods later).
 */
async function killLeaderAndMeasure(
  operators: readonly OperatorProcess[],
  namespace: string,
  leaseId: string,
  timing: ElectionTiming,
): Promise<void> {
  const { leader, standbys } = await roles(operators, namespace, leaseId);
  const [standby] = standbys;
  if (standby === undefined) throw new Error('no standby');
  const name = `after-failover-${uniqueSuffix()}`;
  const family = `rt-${name}`;
  const boundMs = timing.leaseDurationMs + 3 * timing.retryPeriodMs + 6_000;

  const killedAt = Date.now();
  await leader.kill();
  await apply(namespace, simpleTaskDefinition(name, family));
  const newIdentity = await waitFor(() => leadingIdentity(standby), {
    timeoutMs: boundMs + 10_000,
    intervalMs: 50,
    what: 'the standby to lead',
  });
  await waitFor(async () => ((await leaseHolder(namespace, leaseId)) === newIdentity ? true : undefined), {
    timeoutMs: 10_000,
    intervalMs: 50,
    what: 'the Lease to name the new leader',
  });
  const leaseTakenMs = Date.now() - killedAt;
  await waitForReady('ecstaskdefinitions', namespace, name, 30_000);
  const failoverMs = Date.now() - killedAt;
  console.log(
    `failover: Lease held by the standby ${(leaseTakenMs / 1000).toFixed(1)} s and a new object reconciled ${(failoverMs / 1000).toFixed(1)} s after SIGKILL of the leader (lease duration ${timing.leaseDurationMs / 1000} s, retry period ${timing.retryPeriodMs} ms)`,
  );

  expect(leaseTakenMs).toBeGreaterThanOrEqual(timing.leaseDurationMs - 1_000);
  expect(failoverMs).toBeLessThan(boundMs);
  expect(await registrations(family)).toHaveLength(1);
  const metrics = await standby.metrics();
  expect(registeredCount(metrics)).toBeGreaterThanOrEqual(1);
  expect(masterStatus(metrics, leaseId)).toBe(1);
  expect(standby.process.isRunning()).toBe(true);
}

beforeAll(async () => {
  await worldControl('reset-aws');
  await installCrds();
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(async () => console.log(await logTails(pool.all)));
});

afterAll(() => pool.stopAll());

describe('two operator processes on one Lease', () => {
  let namespace: string;
  let leaseId: string;
  let operators: OperatorProcess[];

  beforeAll(async () => {
    namespace = await freshNamespace('rt-leader');
    leaseId = `ecs-bridge-rt-${uniqueSuffix()}`;
    operators = await Promise.all([pool.start(namespace, leaseId), pool.start(namespace, leaseId)]);
  });

  it('lets exactly one reconcile: only the leader registers, and its metrics and the Lease say so', async () => {
    const { leader, identity, standbys } = await roles(operators, namespace, leaseId);
    const suffix = uniqueSuffix();
    const families = [1, 2, 3].map((i) => `rt-one-${suffix}-${i}`);
    await apply(namespace, ...families.map((family, i) => simpleTaskDefinition(`td-${i + 1}`, family)));
    for (const i of [1, 2, 3]) await waitForReady('ecstaskdefinitions', namespace, `td-${i}`);

    for (const family of families) expect(await registrations(family)).toHaveLength(1);
    const leaderMetrics = await leader.metrics();
    expect(reconcileCount(leaderMetrics)).toBeGreaterThanOrEqual(3);
    expect(registeredCount(leaderMetrics)).toBe(3);
    expect(masterStatus(leaderMetrics, leaseId)).toBe(1);
    for (const standby of standbys) {
      const metrics = await standby.metrics();
      expect(reconcileCount(metrics)).toBe(0);
      expect(registeredCount(metrics)).toBe(0);
      expect(masterStatus(metrics, leaseId)).toBe(0);
      expect(await standby.readyz()).toBe(200);
    }
    // Still one leader after the work: nobody took over in the meantime.
    expect(await leaseHolder(namespace, leaseId)).toBe(identity);
  });

  it('hands over to the other process after the leader is killed (SIGKILL), within a lease duration and a few retries', async () => {
    await killLeaderAndMeasure(operators, namespace, leaseId, SHORT_ELECTION);
  });

  it('lets a standby that gets SIGTERM exit 0 promptly without touching the Lease', async () => {
    const { identity } = await roles(
      operators.filter((op) => op.process.isRunning()),
      namespace,
      leaseId,
    );
    const late = await pool.start(namespace, leaseId);
    expect(await leadingIdentity(late)).toBeUndefined();
    expect(masterStatus(await late.metrics(), leaseId)).toBe(0);

    const termAt = Date.now();
    const code = await late.stop();
    const stoppedMs = Date.now() - termAt;
    expect(code).toBe(0);
    // Nothing to drain and nothing to release: well under the shutdown timeout.
    expect(stoppedMs).toBeLessThan(5_000);
    expect(await leaseHolder(namespace, leaseId)).toBe(identity);
  });
});

describe('a leader whose Lease another holder takes', () => {
  it('stops reconciling at once, and resumes when the Lease is free again', async () => {
    const namespace = await freshNamespace('rt-deposed');
    const leaseId = `ecs-bridge-rt-${uniqueSuffix()}`;
    const family = `rt-deposed-${uniqueSuffix()}`;
    const operator = await pool.start(namespace, leaseId);
    await roles([operator], namespace, leaseId);

    // Someone else writes itself in as holder for an hour (as a second installation misconfigured
    // onto the same Lease would).
    const coordination = kubeConfig().makeApiClient(CoordinationV1Api);
    const writeHolder = async (holderIdentity: string): Promise<void> => {
      const current = await coordination.readNamespacedLease({ namespace, name: leaseId });
      const now = new V1MicroTime();
      await coordination.replaceNamespacedLease({
        namespace,
        name: leaseId,
        body: {
          ...current,
          spec: {
            ...current.spec,
            holderIdentity,
            leaseDurationSeconds: 3_600,
            renewTime: now,
            acquireTime: now,
          },
        },
      });
    };
    await waitFor(() => writeHolder('intruder').then(() => true), {
      timeoutMs: 10_000,
      what: 'the intruder to write the Lease',
    });
    const deposedAt = Date.now();
    await waitFor(async () => (masterStatus(await operator.metrics(), leaseId) === 0 ? true : undefined), {
      timeoutMs: 10_000,
      intervalMs: 50,
      what: 'the operator to stop leading',
    });
    const stoppedMs = Date.now() - deposedAt;
    // It notices at its next renewal and gives up once the renew deadline has passed.
    expect(stoppedMs).toBeLessThan(SHORT_ELECTION.retryPeriodMs + 3_000 + 2_000);
    expect((await readyzVerbose(operator)).body).toContain('standing by; leader is intruder');

    await apply(namespace, simpleTaskDefinition('while-deposed', family));
    // For a few retry periods, the object is not touched (no finalizer, no status, no call).
    const watchUntil = Date.now() + 3_000;
    while (Date.now() < watchUntil) {
      const object = await getResource('ecstaskdefinitions', namespace, 'while-deposed');
      expect(object?.metadata.finalizers ?? []).toEqual([]);
      expect(object?.status).toBeUndefined();
      await delay(200);
    }
    expect(await registrations(family)).toHaveLength(0);

    // The intruder steps down (an empty holder, as a release writes): the operator takes over on
    // its next try and reconciles what it missed.
    await writeHolder('');
    await waitForReady('ecstaskdefinitions', namespace, 'while-deposed', 20_000);
    expect(await registrations(family)).toHaveLength(1);
    expect(masterStatus(await operator.metrics(), leaseId)).toBe(1);
    expect(operator.process.isRunning()).toBe(true);
  });
});

describe('failover with the default timings (15 s / 10 s / 2 s)', () => {
  it('hands over after about one lease duration', async () => {
    const namespace = await freshNamespace('rt-failover');
    const leaseId = `ecs-bridge-rt-${uniqueSuffix()}`;
    const operators = await Promise.all([
      pool.start(namespace, leaseId, DEFAULT_ELECTION),
      pool.start(namespace, leaseId, DEFAULT_ELECTION),
    ]);
    await killLeaderAndMeasure(operators, namespace, leaseId, DEFAULT_ELECTION);
  });
});
