/**
 * Graceful shutdown of the operator process (`ecs-bridge run`): SIGTERM during a slow reconcile
 * lets it finish (alive but not ready meanwhile), writes its status, releases the Lease and exits 0;
 * a reconcile that outlives `--shutdown-timeout` is aborted, the process still releases and exits
 * 0, and the next leader adopts the revision the abandoned call registered instead of registering
 * another.
 *
 * A proxy `latency` rule on RegisterTaskDefinition makes the reconcile slow; the rule's hit count
 * (taken when the call arrives, before the latency) says the call is in flight.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installCrds } from '../support/crds.js';
import { apply, condition, getResource, waitForReady } from '../support/manifests.js';
import {
  OperatorPool,
  SHORT_ELECTION,
  leaseHolder,
  logTails,
  metricSum,
  readyzVerbose,
  registrations,
  roles,
  simpleTaskDefinition,
  uniqueSuffix,
  untilRuleHit,
} from '../support/operator-runtime.js';
import { freshNamespace, proxyControl, worldControl } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';

const pool = new OperatorPool();

beforeAll(async () => {
  await worldControl('reset-aws');
  await installCrds();
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(async () => console.log(await logTails(pool.all)));
});

afterAll(() => pool.stopAll());

describe('SIGTERM during a slow reconcile', () => {
  const ruleIds: string[] = [];

  afterEach(async () => {
    const proxy = proxyControl();
    for (const id of ruleIds.splice(0)) await proxy.removeRule(id);
  });

  it('finishes the reconcile (alive, not ready meanwhile), writes its status, releases the Lease and exits 0', async () => {
    const namespace = await freshNamespace('rt-sigterm');
    const leaseId = `ecs-bridge-rt-${uniqueSuffix()}`;
    const family = `rt-slow-${uniqueSuffix()}`;
    const operator = await pool.start(namespace, leaseId);
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
    await untilRuleHit(rule.id);
    expect(await registrations(family)).toHaveLength(0);
    expect(metricSum(await operator.metrics(), 'controller_runtime_active_workers')).toBe(1);

    const termAt = Date.now();
    operator.process.child.kill('SIGTERM');
    // While it drains, it is alive but no longer ready (so a Service stops routing to it).
    const probes = await waitFor(
      async () => {
        const [readyz, healthz] = await Promise.all([
          operator.readyz(),
          fetch(`${operator.metricsUrl}/healthz`).then((r) => r.status),
        ]);
        return readyz === 503 ? { readyz, healthz } : undefined;
      },
      { timeoutMs: 2_000, intervalMs: 50, what: '/readyz to fail while draining' },
    );
    expect(probes).toEqual({ readyz: 503, healthz: 200 });
    expect((await readyzVerbose(operator)).body).toContain('[-]manager failed: shutting down');
    const { code } = await operator.process.exited;
    const stoppedMs = Date.now() - termAt;
    const holder = await leaseHolder(namespace, leaseId);
    await operator.process.stop();
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

  it('aborts a reconcile that outlives --shutdown-timeout, still exits 0 and releases; the next leader adopts the revision', async () => {
    const namespace = await freshNamespace('rt-deadline');
    const leaseId = `ecs-bridge-rt-${uniqueSuffix()}`;
    const family = `rt-deadline-${uniqueSuffix()}`;
    const operator = await pool.start(namespace, leaseId, SHORT_ELECTION, ['--shutdown-timeout=1s']);
    await roles([operator], namespace, leaseId);

    const proxy = proxyControl();
    const latencyMs = 8_000;
    const rule = await proxy.addRule({
      service: 'ecs',
      action: 'RegisterTaskDefinition',
      bodyContains: `"${family}"`,
      times: 1,
      fault: { kind: 'latency', ms: latencyMs },
      description: 'a registration slower than the shutdown timeout',
    });
    ruleIds.push(rule.id);
    await apply(namespace, simpleTaskDefinition('late', family));
    await untilRuleHit(rule.id);

    const termAt = Date.now();
    const code = await operator.stop();
    const stoppedMs = Date.now() - termAt;
    const holder = await leaseHolder(namespace, leaseId);
    console.log(
      `SIGTERM with --shutdown-timeout=1s during a ${latencyMs} ms registration: exited ${code} after ${stoppedMs} ms`,
    );
    expect(code).toBe(0);
    expect(stoppedMs).toBeLessThan(latencyMs - 2_000);
    expect(holder).toBe('');

    // The abandoned call still reaches ECS (the proxy forwards it after its latency): a revision the
    // status never recorded. The next leader finds it by its tags and adopts it.
    await waitFor(async () => ((await registrations(family)).length === 1 ? true : undefined), {
      timeoutMs: latencyMs + 10_000,
      what: 'the abandoned registration to land',
    });
    await pool.start(namespace, leaseId);
    const late = await waitForReady('ecstaskdefinitions', namespace, 'late');
    expect(await registrations(family)).toHaveLength(1);
    expect(late.status?.taskDefinitionArn).toMatch(new RegExp(`:task-definition/${family}:1$`));
  });
});
