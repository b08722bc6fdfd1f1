/**
 * Scenario 1, throttling storm: 100 EcsTaskDefinitions and 100 EcsServices (each service on its own
 * task definition, so RegisterTaskDefinition's 1/s bucket is the bottleneck) are applied at once
 * with the proxy enforcing ECS's token buckets sped up K times. Three times: with the operator's
 * client-side buckets a copy of the proxy's (`--aws-rate-scale=K`); refilling twice as fast
 * (`2K`), so the proxy really throttles; and ten times as fast with one SDK attempt per call
 * (`10K`, `--aws-max-attempts=1`), so throttles reach reconciles and conditions. Every object must
 * become Ready; no version of any object may say Stalled=True or Ready=False because of throttling
 * (a watch judges every status written); ECS ends with each service once and each family registered
 * once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../world/wait.js';
import { createCluster } from '../support/aws-fixtures.js';
import { apply } from '../support/manifests.js';
import { installCrds } from '../support/crds.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { keepOperatorLog } from '../support/service-fixtures.js';
import { taskDefinition } from '../support/task-definitions.js';
import { freshNamespace, proxyControl, worldControl } from '../support/world-client.js';
import { writeFigures } from './figures.js';
import { mapLimit } from './fault-support.js';
import { revisionsByFamily, servicesInMoto } from './storm-aws-state.js';
import { StormConditionWatch } from './storm-condition-watch.js';

/** Proxy speed-up: ECS's refill rates × K (bursts as published). */
const K = 5;
const PAIRS = 100;
/** From the first apply to the last object Ready, per run (the task-definition floor is 16 s). */
const CONVERGE_MS = 150_000;

interface StormRun {
  readonly label: string;
  readonly rateScale: number;
  readonly readyCount: number;
  readonly worstReadyMs: number;
  readonly applyMs: number;
  readonly throttled: number;
  readonly throttledByAction: Readonly<Record<string, number>>;
  readonly ecsCalls: number;
  readonly watch: StormConditionWatch;
  readonly operator: OperatorProcess;
}

/**
 * The runs: the operator's client-side buckets a copy of the proxy's; refilling twice as fast; and
 * ten times as fast with one SDK attempt per call, so every throttle reaches a reconcile.
 */
const RUNS = [
  { label: 'matched', rateScale: K, extraArgs: [] },
  { label: 'double', rateScale: 2 * K, extraArgs: [] },
  { label: 'flood', rateScale: 10 * K, extraArgs: ['--aws-max-attempts=1'] },
] as const;

/** Every operator started, so afterAll stops one whose run failed half-way. */
const operators: OperatorProcess[] = [];

function manifests(label: string, cluster: string): { objects: object[]; keys: string[] } {
  const objects: object[] = [];
  const keys: string[] = [];
  for (let i = 0; i < PAIRS; i++) {
    objects.push(
      taskDefinition(`td-${i}`, {
        family: `faults-storm-${label}-${i}`,
        requiresCompatibilities: ['EC2'],
        networkMode: 'bridge',
        containerDefinitions: [{ name: 'app', image: 'busybox:1', memory: 64 }],
      }),
      {
        apiVersion: 'ecs-bridge.dev/v1alpha1',
        kind: 'EcsService',
        metadata: { name: `svc-${i}` },
        spec: { cluster, taskDefinitionRef: { name: `td-${i}` }, desiredCount: 1, launchType: 'EC2' },
      },
    );
    keys.push(`ecstaskdefinitions/td-${i}`, `ecsservices/svc-${i}`);
  }
  return { objects, keys };
}

/** Applies 200 objects at once against a fresh operator and waits until every one is Ready. */
async function storm(label: string, rateScale: number, extraArgs: readonly string[]): Promise<StormRun> {
  const proxy = proxyControl();
  const cluster = `faults-storm-${label}`;
  await createCluster(cluster);
  const namespace = await freshNamespace(`faults-storm-${label}`);
  await proxy.refillBuckets();
  await proxy.resetCalls();
  const operator = await startOperator({
    name: `storm-${label}`,
    args: [
      `--namespaces=${namespace}`,
      '--leader-elect=false',
      `--aws-rate-scale=${rateScale}`,
      '--aws-rate-budget=1',
      '--log-level=info',
      ...extraArgs,
    ],
  });
  operators.push(operator);
  const { objects, keys } = manifests(label, cluster);
  const t0 = Date.now();
  const watch = await StormConditionWatch.start(namespace, ['ecstaskdefinitions', 'ecsservices'], t0);
  // Four kubectl applies of 50 objects each at once: one apply of 200 takes kubectl ~2 requests
  // per object in sequence, which would spread the "storm" over many seconds.
  const chunks = [0, 1, 2, 3].map((c) => objects.filter((_, i) => i % 4 === c));
  await mapLimit(chunks, 4, (chunk) => apply(namespace, ...chunk));
  const applyMs = Date.now() - t0;
  await waitFor(() => (watch.notReady(keys).length === 0 ? true : undefined), {
    timeoutMs: CONVERGE_MS,
    intervalMs: 500,
    what: () => `every object Ready (${label}); not yet: ${watch.notReady(keys).slice(0, 20).join(', ')}`,
    abortIf: () => (operator.process.isRunning() ? undefined : 'the operator exited'),
  });
  const rows = await proxy.counts();
  const throttledByAction: Record<string, number> = {};
  let throttled = 0;
  let ecsCalls = 0;
  for (const r of rows) {
    if (r.service !== 'ecs') continue;
    ecsCalls += r.count;
    if (r.outcome !== 'throttled') continue;
    throttled += r.count;
    throttledByAction[r.action] = (throttledByAction[r.action] ?? 0) + r.count;
  }
  return {
    label,
    rateScale,
    readyCount: keys.length - watch.notReady(keys).length,
    worstReadyMs: Math.max(...watch.readyAtMs.values()),
    applyMs,
    throttled,
    throttledByAction,
    ecsCalls,
    watch,
    operator,
  };
}

/** What ECS holds for a run: each service exactly once, on revision 1 of its own family. */
async function ecsProblems(label: string): Promise<string[]> {
  const problems: string[] = [];
  const services = await servicesInMoto(`faults-storm-${label}`);
  const byName = new Map<string, number>();
  for (const s of services) byName.set(s.serviceName ?? '', (byName.get(s.serviceName ?? '') ?? 0) + 1);
  const families = await revisionsByFamily(`faults-storm-${label}-`);
  for (let i = 0; i < PAIRS; i++) {
    const copies = byName.get(`svc-${i}`) ?? 0;
    if (copies !== 1) problems.push(`svc-${i}: ${copies} ECS services`);
    const revisions = families.get(`faults-storm-${label}-${i}`) ?? [];
    if (revisions.length !== 1) problems.push(`family ${i}: ${revisions.length} revisions`);
    const svc = services.find((s) => s.serviceName === `svc-${i}`);
    if (svc !== undefined && svc.taskDefinition !== revisions[0])
      problems.push(`svc-${i} runs ${svc.taskDefinition}, not ${revisions[0]}`);
  }
  if (services.length !== PAIRS) problems.push(`${services.length} services in the cluster`);
  return problems;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

describe('throttling storm (scenario 1)', () => {
  const runs: StormRun[] = [];

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    await proxyControl().configureBuckets({ enabled: true, speedup: K });
  });

  afterAll(async () => {
    for (const r of runs) r.watch.stop();
    for (const o of operators) if (o.process.isRunning()) await o.stop();
  });

  it.each(RUNS)(
    '$label: --aws-rate-scale=$rateScale against buckets × 5, 200 objects Ready, none failed for throttling',
    async ({ label, rateScale, extraArgs }) => {
      const run = await storm(label, rateScale, extraArgs);
      runs.push(run);
      run.watch.stop();
      keepOperatorLog(run.operator, `faults-storm-${label}`);
      expect(run.readyCount).toBe(2 * PAIRS);
      // Throttling is progress (Reconciling=True, reason Throttled), never a failure.
      expect(run.watch.forbidden).toEqual([]);
      expect(await ecsProblems(label)).toEqual([]);
      expect(run.operator.process.isRunning()).toBe(true);
      expect((await fetch(`${run.operator.metricsUrl}/healthz`)).status).toBe(200);
      // The next run gets the machine to itself.
      await run.operator.stop();
      // The point of the over-budget runs: the proxy did throttle, and it changed nothing above;
      // in the flood, throttles got past the SDK's retries into reconciles and onto conditions.
      if (label !== 'matched') expect(run.throttled).toBeGreaterThan(0);
      if (label === 'flood') expect(run.watch.throttledProgress).toBeGreaterThan(0);
    },
    220_000,
  );

  it('writes the figures', () => {
    expect(runs.map((r) => r.label)).toEqual(RUNS.map((r) => r.label));
    const line = (r: StormRun): string =>
      `${r.label} (--aws-rate-scale=${r.rateScale}${r.label === 'flood' ? ', 1 SDK attempt' : ''}): ${r.readyCount}/${2 * PAIRS} Ready, worst ${seconds(r.worstReadyMs)} s after the first apply (applies took ${seconds(r.applyMs)} s); ${r.throttled} throttled of ${r.ecsCalls} ECS calls (${
        Object.entries(r.throttledByAction)
          .map(([a, n]) => `${a} ${n}`)
          .join(', ') || 'none'
      }); Reconciling=Throttled in ${r.watch.throttledProgress} of ${r.watch.versions} statuses watched; ${r.watch.failures.length} Ready=False or Stalled`;
    writeFigures({
      id: '01-throttling-storm',
      scenario: '1. Throttling storm',
      injected: `ECS token buckets (published bursts, refill × ${K}); 100 EcsTaskDefinitions + 100 EcsServices (each on its own task definition) applied at once, three times: operator's client-side refill equal to the proxy's (matched), twice it (double), and ten times it with one SDK attempt per call (flood)`,
      times: runs.reduce((sum, r) => sum + r.throttled, 0),
      outcome: `${runs.map(line).join('; ')}; each run: every service once in ECS, one revision per family, 0 restarts`,
    });
  });
});
