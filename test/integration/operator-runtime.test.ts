/**
 * The operator process (`ecs-bridge run`) as an operator of clusters sees it: its probes and
 * metrics answer with the names Kubernetes users know; it rides out an API server restart without
 * exiting and without missing a change made during it; `--namespaces` and `--selector` split a
 * fleet between deployments with their own Leases; and a bad flag stops it at start with a message
 * quoting the value (exit code 2).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TAG_KEYS } from '../../src/resources/api-group.js';
import { installCrds } from '../support/crds.js';
import { apply, getResource, waitForReady, waitForResource } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import {
  OperatorPool,
  SHORT_ELECTION,
  hasSample,
  logTails,
  roles,
  metricSum,
  readyzVerbose,
  registrations,
  requestTag,
  simpleTaskDefinition,
  uniqueSuffix,
} from '../support/operator-runtime.js';
import { freshNamespace, worldControl } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';

const pool = new OperatorPool();

/** Starts `ecs-bridge run` with short leader election timings and `args`. */
async function start(args: readonly string[]): Promise<OperatorProcess> {
  return pool.add(await startOperator({ args: [...SHORT_ELECTION.flags, ...args] }));
}

/** Waits until `operator` leads its Lease (read back from the API server). */
async function untilLeading(operator: OperatorProcess, namespace: string, leaseId: string): Promise<void> {
  await roles([operator], namespace, leaseId);
}

beforeAll(async () => {
  await worldControl('reset-aws');
  await installCrds();
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(async () => console.log(await logTails(pool.all)));
});

afterAll(() => pool.stopAll());

describe('one operator process', () => {
  let namespace: string;
  let leaseId: string;
  let operator: OperatorProcess;

  beforeAll(async () => {
    namespace = await freshNamespace('rt-one');
    leaseId = `ecs-bridge-rt-${uniqueSuffix()}`;
    operator = await start([
      `--namespaces=${namespace}`,
      `--leader-election-namespace=${namespace}`,
      `--leader-election-id=${leaseId}`,
    ]);
    await untilLeading(operator, namespace, leaseId);
  });

  it('answers /healthz, /readyz and /metrics with the metric names Kubernetes users know', async () => {
    const family = `rt-probe-${uniqueSuffix()}`;
    await apply(namespace, simpleTaskDefinition('probed', family));
    await waitForReady('ecstaskdefinitions', namespace, 'probed');

    const healthz = await fetch(`${operator.metricsUrl}/healthz`);
    expect(healthz.status).toBe(200);
    expect(await healthz.text()).toBe('ok\n');
    expect(await operator.readyz()).toBe(200);
    const verbose = await readyzVerbose(operator);
    expect(verbose.status).toBe(200);
    expect(verbose.body).toContain('[+]source:ecstaskdefinitions.ecs-bridge.dev ok');
    expect(verbose.body).toContain('[+]source:ecsservices.ecs-bridge.dev ok');
    expect(verbose.body).toMatch(/\[\+\]leader-election ok: leading as \S+/);

    const res = await fetch(`${operator.metricsUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const metrics = await res.text();
    const td = { controller: 'ecstaskdefinition' };
    expect(
      metricSum(metrics, 'controller_runtime_reconcile_total', { ...td, result: 'success' }),
    ).toBeGreaterThan(0);
    expect(metricSum(metrics, 'controller_runtime_max_concurrent_reconciles', td)).toBe(4);
    expect(metricSum(metrics, 'controller_runtime_active_workers', td)).toBe(0);
    expect(hasSample(metrics, 'controller_runtime_reconcile_time_seconds_bucket')).toBe(true);
    for (const name of ['ecstaskdefinition', 'ecsservice']) {
      expect(metrics).toContain(`workqueue_depth{name="${name}"}`);
    }
    expect(metricSum(metrics, 'workqueue_adds_total', { name: 'ecstaskdefinition' })).toBeGreaterThan(0);
    expect(
      metricSum(metrics, 'ecs_bridge_aws_calls_total', {
        service: 'ecs',
        operation: 'RegisterTaskDefinition',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(metricSum(metrics, 'leader_election_master_status', { name: leaseId })).toBe(1);
    expect(hasSample(metrics, 'process_cpu_seconds_total')).toBe(true);

    expect((await fetch(`${operator.metricsUrl}/nothing-here`)).status).toBe(404);
  });

  it('rides out an API server restart: changes made as it comes back are reconciled, and the process stays up', async () => {
    const before = `rt-before-${uniqueSuffix()}`;
    const during = `rt-during-${uniqueSuffix()}`;
    await apply(namespace, simpleTaskDefinition('before-restart', before));
    const first = await waitForReady('ecstaskdefinitions', namespace, 'before-restart');

    const restartedAt = Date.now();
    const restart = worldControl('restart-apiserver');
    // Apply as soon as the API server takes writes again: likely before the operator's watches are
    // back, so only a resumed watch (or a relist) can see these changes.
    await waitFor(
      async () =>
        (await apply(
          namespace,
          simpleTaskDefinition('during-restart', during),
          simpleTaskDefinition('before-restart', before, {}, 512),
        ).then(() => true)) || undefined,
      { timeoutMs: 60_000, intervalMs: 200, what: 'the API server to take the apply again' },
    );
    const appliedMs = Date.now() - restartedAt;
    await restart;

    await waitForReady('ecstaskdefinitions', namespace, 'during-restart', 60_000);
    const updated = await waitForResource(
      'ecstaskdefinitions',
      namespace,
      'before-restart',
      (r) =>
        (r.metadata.generation ?? 0) > (first.metadata.generation ?? 0) &&
        r.status?.taskDefinitionArn !== first.status?.taskDefinitionArn,
      { timeoutMs: 60_000, what: 'to move to a new revision' },
    );
    console.log(
      `API server restart: changes applied ${(appliedMs / 1000).toFixed(1)} s after the restart began; reconciled ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after`,
    );
    expect(await registrations(during)).toHaveLength(1);
    expect(await registrations(before)).toHaveLength(2);
    expect(updated.status?.taskDefinitionArn).toMatch(new RegExp(`:task-definition/${before}:2$`));
    expect(operator.process.isRunning()).toBe(true);
    await waitFor(async () => ((await operator.readyz()) === 200 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the operator to be ready again',
    });
    await untilLeading(operator, namespace, leaseId);
  });
});

describe('--namespaces and --selector split a fleet between two deployments', () => {
  it('lets each operator reconcile only the objects its namespaces and selector take in', async () => {
    const [shared, onlyB] = await Promise.all([freshNamespace('rt-shard'), freshNamespace('rt-shard-b')]);
    const suffix = uniqueSuffix();
    const leaseA = `ecs-bridge-shard-a-${suffix}`;
    const leaseB = `ecs-bridge-shard-b-${suffix}`;
    const [a, b] = await Promise.all([
      start([
        `--namespaces=${shared}`,
        '--selector=shard=a',
        '--instance-id=shard-a',
        `--leader-election-namespace=${shared}`,
        `--leader-election-id=${leaseA}`,
      ]),
      start([
        `--namespaces=${shared},${onlyB}`,
        '--selector=shard=b',
        '--instance-id=shard-b',
        `--leader-election-namespace=${shared}`,
        `--leader-election-id=${leaseB}`,
      ]),
    ]);
    await Promise.all([untilLeading(a, shared, leaseA), untilLeading(b, shared, leaseB)]);

    const family = (what: string): string => `rt-shard-${suffix}-${what}`;
    await apply(
      shared,
      simpleTaskDefinition('unlabelled', family('none')),
      simpleTaskDefinition('shard-c', family('c'), { shard: 'c' }),
      simpleTaskDefinition('shard-a', family('a'), { shard: 'a' }),
      simpleTaskDefinition('shard-b', family('b'), { shard: 'b' }),
    );
    await apply(
      onlyB,
      simpleTaskDefinition('shard-a', family('a-elsewhere'), { shard: 'a' }),
      simpleTaskDefinition('shard-b', family('b-elsewhere'), { shard: 'b' }),
    );
    await waitForReady('ecstaskdefinitions', shared, 'shard-a');
    await waitForReady('ecstaskdefinitions', shared, 'shard-b');
    await waitForReady('ecstaskdefinitions', onlyB, 'shard-b');

    const instanceOf = async (what: string): Promise<(string | undefined)[]> =>
      (await registrations(family(what))).map((params) => requestTag(params, TAG_KEYS.instance));
    expect(await instanceOf('a')).toEqual(['shard-a']);
    expect(await instanceOf('b')).toEqual(['shard-b']);
    expect(await instanceOf('b-elsewhere')).toEqual(['shard-b']);
    // Nobody takes these in; they were applied with (or before) the ones that are Ready by now.
    for (const what of ['none', 'c', 'a-elsewhere']) expect(await instanceOf(what)).toEqual([]);
    for (const [namespace, name] of [
      [shared, 'unlabelled'],
      [shared, 'shard-c'],
      [onlyB, 'shard-a'],
    ] as const) {
      const untouched = await getResource('ecstaskdefinitions', namespace, name);
      expect(untouched?.status).toBeUndefined();
      expect(untouched?.metadata.finalizers ?? []).toEqual([]);
    }
    const registered = (metrics: string): number =>
      metricSum(metrics, 'ecs_bridge_aws_calls_total', {
        operation: 'RegisterTaskDefinition',
        outcome: 'success',
      });
    expect(registered(await a.metrics())).toBe(1);
    expect(registered(await b.metrics())).toBe(2);

    // A label is the whole coordination: moving the unlabelled object into shard a hands it to a.
    await apply(shared, simpleTaskDefinition('unlabelled', family('none'), { shard: 'a' }));
    await waitForReady('ecstaskdefinitions', shared, 'unlabelled');
    expect(await instanceOf('none')).toEqual(['shard-a']);
  });
});

describe('a bad flag value', () => {
  const cases = [
    { flag: '--workers=abc', quoted: '"abc"', allowed: '1 to 1000' },
    { flag: '--resync-period=soon', quoted: '"soon"', allowed: 'duration' },
    { flag: '--selector=sh@rd=a', quoted: '"sh@rd=a"', allowed: 'a label selector' },
    { flag: '--lease-duration=2s', quoted: '(2s)', allowed: 'must be longer than --renew-deadline (10s)' },
    { flag: '--lease-duration=15500ms', quoted: '"15500ms"', allowed: 'whole seconds' },
  ];

  // The processes run side by side: each spends most of its time loading the CLI.
  it(`fails at start with exit code 2 and a message quoting it: ${cases.map((c) => c.flag).join(', ')}`, async () => {
    const outcomes = await Promise.all(
      cases.map(async ({ flag }) => {
        const operator = pool.add(await startOperator({ args: [flag], waitReady: false }));
        await waitFor(() => (operator.process.isRunning() ? undefined : true), {
          timeoutMs: 60_000,
          what: `ecs-bridge run ${flag} to exit`,
        });
        const { code } = await operator.process.exited;
        return { code, output: await readFile(operator.logPath, 'utf8') };
      }),
    );
    cases.forEach(({ flag, quoted, allowed }, i) => {
      const { code, output } = outcomes[i] ?? { code: undefined, output: '' };
      expect({ flag, code }).toEqual({ flag, code: 2 });
      expect(output).toContain(flag.split('=')[0]);
      expect(output).toContain(quoted);
      expect(output).toContain(allowed);
      expect(output).not.toContain('operator starting');
    });
  });
});
