/**
 * Leader election of whole operator processes (`ecs-bridge run`), against the world's API server
 * and the AWS proxy: of two processes on one Lease exactly one reconciles; when the leader is killed
 * (SIGKILL) the other takes over after about one lease duration (the figure is printed); SIGTERM
 * during a slow reconcile lets it finish, writes its status, releases the Lease and exits 0.
 *
 * Who reconciled is told by the proxy's RegisterTaskDefinition calls per family and by each
 * process's own metrics. Short election timings keep the file quick.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installCrds } from '../support/crds.js';
import { apply, condition, getResource, waitForReady } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import {
  leaseHolder,
  leadingIdentity,
  logTails,
  metricSum,
  registrations,
  simpleTaskDefinition,
  uniqueSuffix,
} from '../support/operator-runtime.js';
import { freshNamespace, proxyControl, worldControl } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';

const LEASE_DURATION_MS = 4_000;
const RETRY_PERIOD_MS = 500;
const ELECTION_FLAGS = ['--lease-duration=4s', '--renew-deadline=3s', '--retry-period=500ms'];

const running: OperatorProcess[] = [];

function start(namespace: string, leaseId: string, extra: readonly string[] = []): Promise<OperatorProcess> {
  return startOperator({
    args: [
      `--namespaces=${namespace}`,
      `--leader-election-namespace=${namespace}`,
      `--leader-election-id=${leaseId}`,
      ...ELECTION_FLAGS,
      ...extra,
    ],
  }).then((operator) => {
    running.push(operator);
    return operator;
  });
}

/** Waits until exactly one of `operators` leads and the Lease names it; resolves with both roles. */
async function roles(
  operators: readonly OperatorProcess[],
  namespace: string,
  leaseId: string,
): Promise<{ leader: OperatorProcess; identity: string; standbys: OperatorProcess[] }> {
  return waitFor(
    async () => {
      const identities = await Promise.all(operators.map((op) => leadingIdentity(op)));
      const leaders = operators.filter((_, i) => identities[i] !== undefined);
      if (leaders.length !== 1) return undefined;
      const identity = identities.find((id) => id !== undefined) ?? '';
      if ((await leaseHolder(namespace, leaseId)) !== identity) return undefined;
      const leader = leaders[0];
      if (leader === undefined) return undefined;
      return { leader, identity, standbys: operators.filter((op) => op !== leader) };
    },
    { timeoutMs: 30_000, intervalMs: 100, what: `one leader of ${namespace}/${leaseId}` },
  );
}

const reconciles = (metrics: string): number => metricSum(metrics, 'controller_runtime_reconcile_total');
const registered = (metrics: string): number =>
  metricSum(metrics, 'ecs_bridge_aws_calls_total', {
    service: 'ecs',
    operation: 'RegisterTaskDefinition',
    outcome: 'success',
  });
const masterStatus = (metrics: string, leaseId: string): number =>
  metricSum(metrics, 'leader_election_master_status', { name: leaseId });

beforeAll(async () => {
  await worldControl('reset-aws');
  await installCrds();
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(async () => console.log(await logTails(running)));
});

afterAll(async () => {
  await Promise.all(running.filter((op) => op.process.isRunning()).map((op) => op.stop()));
});

describe('two operator processes on one Lease', () => {
  let namespace: string;
  let leaseId: string;
  let operators: OperatorProcess[];

  beforeAll(async () => {
    namespace = await freshNamespace('rt-leader');
    leaseId = `ecs-bridge-rt-${uniqueSuffix()}`;
    operators = await Promise.all([start(namespace, leaseId), start(namespace, leaseId)]);
  });

  it('lets exactly one reconcile: only the leader registers, and its metrics and the Lease say so', async () => {
    const { leader, identity, standbys } = await roles(operators, namespace, leaseId);
    const suffix = uniqueSuffix();
    const families = [1, 2, 3].map((i) => `rt-one-${suffix}-${i}`);
    await apply(namespace, ...families.map((family, i) => simpleTaskDefinition(`td-${i + 1}`, family)));
    for (const i of [1, 2, 3]) await waitForReady('ecstaskdefinitions', namespace, `td-${i}`);

    for (const family of families) expect(await registrations(family)).toHaveLength(1);
    const leaderMetrics = await leader.metrics();
    expect(reconciles(leaderMetrics)).toBeGreaterThanOrEqual(3);
    expect(registered(leaderMetrics)).toBe(3);
    expect(masterStatus(leaderMetrics, leaseId)).toBe(1);
    for (const standby of standbys) {
      const metrics = await standby.metrics();
      expect(reconciles(metrics)).toBe(0);
      expect(registered(metrics)).toBe(0);
      expect(masterStatus(metrics, leaseId)).toBe(0);
      expect(await standby.readyz()).toBe(200);
    }
    // Still one leader after the work: nobody took over in the meantime.
    expect(await leaseHolder(namespace, leaseId)).toBe(identity);
  });

  it('hands over to the other process after the leader is killed (SIGKILL), within a lease duration and a few retries', async () => {
    const { leader, standbys } = await roles(operators, namespace, leaseId);
    const [standby] = standbys;
    if (standby === undefined) throw new Error('no standby');
    const family = `rt-failover-${uniqueSuffix()}`;

    const killedAt = Date.now();
    await leader.kill();
    await apply(namespace, simpleTaskDefinition('td-after-failover', family));
    const newIdentity = await waitFor(() => leadingIdentity(standby), {
      timeoutMs: 30_000,
      intervalMs: 50,
      what: 'the standby to lead',
    });
    await waitFor(async () => ((await leaseHolder(namespace, leaseId)) === newIdentity ? true : undefined), {
      timeoutMs: 10_000,
      intervalMs: 50,
      what: 'the Lease to name the new leader',
    });
    const leaseTakenMs = Date.now() - killedAt;
    await waitForReady('ecstaskdefinitions', namespace, 'td-after-failover', 30_000);
    const failoverMs = Date.now() - killedAt;
    console.log(
      `failover: Lease held by the standby ${(leaseTakenMs / 1000).toFixed(1)} s and a new object reconciled ${(failoverMs / 1000).toFixed(1)} s after SIGKILL of the leader (lease duration ${LEASE_DURATION_MS / 1000} s, retry period ${RETRY_PERIOD_MS} ms)`,
    );

    // The standby waits out the dead leader's lease (by its own clock), then takes it on its next
    // try: about one lease duration plus up to two jittered retry periods.
    expect(leaseTakenMs).toBeGreaterThanOrEqual(LEASE_DURATION_MS - 1_000);
    expect(failoverMs).toBeLessThan(LEASE_DURATION_MS + 3 * RETRY_PERIOD_MS + 6_000);
    expect(await registrations(family)).toHaveLength(1);
    const metrics = await standby.metrics();
    expect(registered(metrics)).toBe(1);
    expect(masterStatus(metrics, leaseId)).toBe(1);
    expect(standby.process.isRunning()).toBe(true);
  });

  it('lets a standby that gets SIGTERM exit 0 promptly without touching the Lease', async () => {
    const { identity } = await roles(
      operators.filter((op) => op.process.isRunning()),
      namespace,
      leaseId,
    );
    const late = await start(namespace, leaseId);
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

describe('SIGTERM during a slow reconcile', () => {
  const ruleIds: string[] = [];

  afterEach(async () => {
    const proxy = proxyControl();
    for (const id of ruleIds.splice(0)) await proxy.removeRule(id);
  });

  it('finishes the reconcile, writes its status, releases the Lease and exits 0', async () => {
    const namespace = await freshNamespace('rt-sigterm');
    const leaseId = `ecs-bridge-rt-${uniqueSuffix()}`;
    const family = `rt-slow-${uniqueSuffix()}`;
    const operator = await start(namespace, leaseId);
    await roles([operator], namespace, leaseId);

    const proxy = proxyControl();
    const latencyMs = 4_000;
    const rule = await proxy.addRule({
      service: 'ecs',
      action: 'RegisterTaskDefinition',
      bodyContains: `"${family}"`,
      fault: { kind: 'latency', ms: latencyMs },
      description: 'a slow registration to shut down in the middle of',
    });
    ruleIds.push(rule.id);
    await apply(namespace, simpleTaskDefinition('slow', family));
    // The proxy counts a rule's hit when the call arrives, before the latency: the registration is
    // in flight from here on for about `latencyMs`.
    await waitFor(
      async () => ((await proxy.listRules()).find((r) => r.id === rule.id)?.hits ?? 0) > 0 || undefined,
      { timeoutMs: 30_000, intervalMs: 50, what: 'the registration to be in flight' },
    );
    expect(await registrations(family)).toHaveLength(0);
    expect(metricSum(await operator.metrics(), 'controller_runtime_active_workers')).toBe(1);

    const termAt = Date.now();
    const code = await operator.stop();
    const stoppedMs = Date.now() - termAt;
    const holder = await leaseHolder(namespace, leaseId);
    console.log(`SIGTERM during a ${latencyMs} ms registration: exited ${code} after ${stoppedMs} ms`);

    expect(code).toBe(0);
    expect(holder).toBe('');
    const calls = await registrations(family);
    expect(calls).toHaveLength(1);
    const slow = await getResource('ecstaskdefinitions', namespace, 'slow');
    expect(condition(slow, 'Ready')?.status).toBe('True');
    expect(slow?.status?.observedGeneration).toBe(slow?.metadata.generation);
    // It waited for the registration rather than exiting at once.
    expect(stoppedMs).toBeGreaterThan(latencyMs / 4);
  });
});
