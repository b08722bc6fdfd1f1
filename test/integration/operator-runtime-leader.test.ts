/**
 * Leader election of whole operator processes (`ecs-bridge run`), against the world's API server
 * and the AWS proxy: of two processes on one Lease exactly one reconciles; when the leader is killed
 * (SIGKILL) the other takes over after about one lease duration (the figures are printed, for short
 * timings and for the defaults); a standby that gets SIGTERM leaves at once and leaves the Lease be.
 *
 * Who reconciled is told by the proxy's RegisterTaskDefinition calls per family and by each
 * process's own metrics.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installCrds } from '../support/crds.js';
import { apply, waitForReady } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import {
  DEFAULT_ELECTION,
  OperatorPool,
  SHORT_ELECTION,
  leaseHolder,
  leadingIdentity,
  logTails,
  masterStatus,
  reconcileCount,
  registeredCount,
  registrations,
  roles,
  simpleTaskDefinition,
  uniqueSuffix,
  type ElectionTiming,
} from '../support/operator-runtime.js';
import { freshNamespace, worldControl } from '../support/world-client.js';
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
