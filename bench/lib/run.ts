/**
 * One benchmark run against a running world: sets the proxy up (buckets sped up K times, short
 * rollouts), creates the fleet's AWS side in moto, measures idle latency with one operator process,
 * then converges N task definitions and N services with a fresh operator process, watches a quiet
 * steady state over several resync periods, and reads the operator's footprint throughout.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { AwsProxyControl } from '../../test/world/aws-proxy/index.js';
import type { OperatorProcess } from '../../test/world/operator-process.js';
import type { WorldInfo } from '../../test/world/world.js';
import { measureBaseline, sampleMemory, type Baseline } from './baseline.js';
import { CallCollector } from './call-log.js';
import { convergenceFloor, minimumCalls } from './floor.js';
import { createAwsFleet, fleetManifests } from './fleet.js';
import { sampleFootprint, type FootprintSample } from './footprint.js';
import { createNamespace, createObjects, installCrds, PLURALS } from './kube.js';
import { benchKubeConfig } from './kube-client.js';
import { measureIdleLatency, type LatencySamples } from './latency.js';
import { withLocalPreload } from './jemalloc.js';
import { spawnOperator } from '../../test/world/operator-process.js';
import { buildOperator } from '../../test/world/operator-build.js';
import type { BenchOptions } from './options.js';
import { parseMetrics, sumMetric } from './prometheus.js';
import { ReadinessTracker } from './readiness.js';
import { measureRestart, type RestartInput, type RestartResult } from './restart.js';
import { isWrite } from './row-cells.js';
import { judgeTargets, type BenchResult, type MachineInfo } from './result.js';
import {
  callsByAction,
  callTotals,
  describeServicesFill,
  distribution,
  perPairCalls,
  perSecondSeries,
  upstreamLoad,
} from './summary.js';

const TYPES = [
  { group: 'ecs-bridge.dev', version: 'v1alpha1', plural: PLURALS.EcsTaskDefinition },
  { group: 'ecs-bridge.dev', version: 'v1alpha1', plural: PLURALS.EcsService },
];

/** What a run needs from its caller. */
export interface RunInput {
  readonly world: WorldInfo;
  readonly control: AwsProxyControl;
  /** Clears moto and the proxy (rules, counts, buckets, rollouts). */
  readonly resetAws: () => Promise<void>;
  readonly options: BenchOptions;
  /** Progress lines (stderr). */
  readonly log: (line: string) => void;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: resolve(import.meta.dirname, '..', '..') })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

function machine(loadStart: number): MachineInfo {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: { start: loadStart, end: loadavg()[0] ?? 0 },
  };
}

/**
 * The operator's flags. `elect`: with leader election on (a Lease in the bench's namespace), for
 * the replicas of the leader change; the fleet's own run has it off, as one replica needs none.
 */
function operatorArgs(options: BenchOptions, namespace: string, elect = false): string[] {
  return [
    `--namespaces=${namespace}`,
    `--workers=${options.workers}`,
    `--resync-period=${options.resyncPeriodMs}ms`,
    `--aws-rate-scale=${options.speedup}`,
    `--aws-rate-budget=${options.rateBudget}`,
    ...(elect
      ? [
          '--leader-elect=true',
          `--leader-election-namespace=${namespace}`,
          '--leader-election-id=bench-leader',
        ]
      : ['--leader-elect=false']),
    '--log-level=info',
    // Single-tenant, like the test world (ADR 0021): the benchmark's namespace has no EcsAccessPolicy.
    // Policies are read from an informer cache and cost no AWS call, so the figures hold for both.
    '--access-policies=off',
    ...options.operatorArgs,
  ];
}

/** Why the benchmark stops: the operator process exited, with the end of its log (an OOM says so). */
function operatorDied(operator: OperatorProcess, when: string): string {
  const tail = existsSync(operator.logPath)
    ? readFileSync(operator.logPath, 'utf8').trimEnd().split('\n').slice(-6).join('\n')
    : '(no log)';
  return `the operator exited ${when} (log: ${operator.logPath}); its last lines:\n${tail}`;
}

/** The log line of a restart or leader change: its calls per API, writes and time. */
function phaseLine(phase: string, r: RestartResult): string {
  const apis = Object.entries(r.callsByApi)
    .map(([api, count]) => `${api} ${count}`)
    .join(', ');
  const reconciled = r.seconds === undefined ? 'NOT within two periods' : `after ${r.seconds.toFixed(1)} s`;
  return `${phase}: ${r.calls} calls (${apis}), ${r.awsWrites} AWS writes, ${r.statusWrites} status writes, all reconciled ${reconciled}`;
}

function keepLog(options: BenchOptions, logPath: string): void {
  if (options.logDir === undefined) return;
  mkdirSync(options.logDir, { recursive: true });
  copyFileSync(logPath, join(options.logDir, basename(logPath)));
}

/** Samples the operator's footprint every second, keeping the peak. */
class FootprintSampler {
  peakRssMiB = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pid: number) {}

  sample(): FootprintSample {
    const s = sampleFootprint(this.pid);
    this.peakRssMiB = Math.max(this.peakRssMiB, s.rssMiB, s.peakRssMiB);
    return s;
  }

  start(): void {
    this.timer = setInterval(() => this.sample(), 1000);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

async function metricsOf(operator: OperatorProcess): Promise<ReturnType<typeof parseMetrics>> {
  return parseMetrics(await operator.metrics());
}

/** Runs the benchmark; resolves with its result (nothing but scratch files is written here). */
export async function runBenchmark(input: RunInput): Promise<Omit<BenchResult, 'chart'>> {
  const entry = input.options.operatorEntry;
  const build =
    entry === 'source'
      ? undefined
      : await buildOperator({ bundle: entry === 'bundle', warn: input.log, label: 'bench-operator' });
  if (build !== undefined) input.log(`operator compiled to ${build.cli}`);
  try {
    return await measure(input, build?.cli);
  } finally {
    build?.remove();
  }
}

async function measure(
  input: RunInput,
  compiledCli: string | undefined,
): Promise<Omit<BenchResult, 'chart'>> {
  const { world, control, options, log } = input;
  const n = options.services;
  const k = options.speedup;
  const loadStart = loadavg()[0] ?? 0;
  const startedAt = new Date().toISOString();
  const floor = convergenceFloor(n, k, options.autoscaling);
  log(`floor: ${floor.seconds.toFixed(1)} s (${floor.bottleneck ?? 'none'}) for N = ${n} at K = ${k}`);

  await input.resetAws();
  await control.configureBuckets({ enabled: true, speedup: k });
  await control.configureRollouts({
    enabled: true,
    rolloutMs: options.rolloutMs,
    drainMs: options.rolloutMs,
  });
  const kc = benchKubeConfig(world.kubeconfigPath);
  await installCrds(world, kc);
  const suffix = randomBytes(3).toString('hex');
  const latencyNamespace = `bench-lat-${suffix}`;
  const baselineNamespace = `bench-base-${suffix}`;
  const namespace = `bench-${suffix}`;
  await createNamespace(kc, latencyNamespace);
  await createNamespace(kc, baselineNamespace);
  await createNamespace(kc, namespace);

  const started = Date.now();
  const fleet = await createAwsFleet({
    motoUrl: world.motoUrl,
    region: world.region,
    services: n,
    perAlb: options.targetGroupsPerAlb,
    loadBalanced: options.autoscaling,
  });
  const fleetSeconds = ((Date.now() - started) / 1000).toFixed(1);
  log(
    fleet.targetGroupArns === undefined
      ? `AWS fleet: the cluster only, no target groups or ALBs (--without-autoscaling), in ${fleetSeconds} s`
      : `AWS fleet: ${fleet.targetGroupArns.length} target groups on ${fleet.loadBalancerArns.length} ALBs in ${fleetSeconds} s`,
  );

  // Every operator of the run starts the same way (the build, Node flags and environment under
  // test); only its name and arguments differ. The image's allocator is preloaded from a local copy.
  const operatorEnv = await withLocalPreload(options.operatorEnv);
  const envShown = Object.entries(operatorEnv).map(([name, value]) => `${name}=${value}`);
  log(
    `operator: node ${options.operatorNodeArgs.join(' ')}${envShown.length === 0 ? '' : `; ${envShown.join(' ')}`}`,
  );
  const startOperator = (name: string, args: readonly string[]): ReturnType<typeof spawnOperator> =>
    spawnOperator({
      world,
      name,
      args,
      cli: compiledCli,
      nodeArgs: options.operatorNodeArgs,
      env: operatorEnv,
    });

  // The memory baseline: an operator process of its own on a namespace that stays empty.
  let baseline: Baseline | undefined;
  if (options.baselineResyncs > 0) {
    const name = `bench-base-${suffix}`;
    baseline = await measureBaseline({
      start: () => startOperator(name, operatorArgs(options, baselineNamespace)),
      resyncs: options.baselineResyncs,
      resyncPeriodMs: options.resyncPeriodMs,
      log,
    });
  }

  // Idle latency, with its own operator process and namespace.
  let latency: LatencySamples | undefined;
  if (options.latencySamples > 0) {
    const tracker = new ReadinessTracker(kc, latencyNamespace, TYPES);
    await tracker.start();
    const idle = await startOperator(`bench-idle-${suffix}`, operatorArgs(options, latencyNamespace));
    try {
      latency = await measureIdleLatency({
        kc,
        control,
        namespace: latencyNamespace,
        tracker,
        samples: options.latencySamples,
        speedup: k,
      });
    } finally {
      await idle.stop();
      await tracker.stop();
      keepLog(options, idle.logPath);
    }
    const all = distribution([...latency.taskDefinition, ...latency.service]);
    log(
      `idle apply-to-first-write: p50 ${all.p50.toFixed(0)} ms, p99 ${all.p99.toFixed(0)} ms over ${all.n} samples`,
    );
  }

  // Convergence of the fleet, with a fresh operator and full buckets on both sides.
  const tracker = new ReadinessTracker(kc, namespace, TYPES);
  await tracker.start();
  const operator = await startOperator(`bench-${suffix}`, operatorArgs(options, namespace));
  // The process running now: the restart phase replaces it.
  let current = operator;
  const pid = operator.process.child.pid ?? 0;
  const sampler = new FootprintSampler(pid);
  sampler.start();
  const collector = new CallCollector(control, await CallCollector.mark(control));
  try {
    await control.refillBuckets();
    collector.start();
    const manifests = fleetManifests(n, fleet.targetGroupArns);
    const t0 = Date.now();
    await createObjects(kc, namespace, manifests);
    const applySeconds = (Date.now() - t0) / 1000;
    log(`applied ${manifests.length} objects in ${applySeconds.toFixed(1)} s`);

    const deadline = t0 + (options.timeoutMs ?? 20 * floor.seconds * 1000 + 120_000);
    let lastReport = Date.now();
    while (tracker.readyCount() < 2 * n && Date.now() < deadline) {
      await tracker.nextEvent(1000);
      // A dead operator converges nothing: stop at once, with why, instead of at the deadline.
      if (!operator.process.isRunning()) throw new Error(operatorDied(operator, 'during convergence'));
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        log(`  ${((Date.now() - t0) / 1000).toFixed(0)} s: ${tracker.readyCount()} / ${2 * n} Ready`);
      }
    }
    const records = [...tracker.records.values()];
    const readyTimes = records.flatMap((r) => (r.readyAt === undefined ? [] : [r.readyAt]));
    const allReady = readyTimes.length === 2 * n;
    const convergedAt = allReady ? Math.max(...readyTimes) : Date.now();
    const seconds = (convergedAt - t0) / 1000;
    const atConvergence = sampler.sample();
    const memoryAtConvergence = await sampleMemory(operator, pid);
    log(
      `converged: ${allReady ? 'all' : `${readyTimes.length} of ${2 * n}`} Ready after ${seconds.toFixed(1)} s (${(seconds / floor.seconds).toFixed(2)} × floor)`,
    );
    const tdReady = records
      .filter((r) => r.kind === 'EcsTaskDefinition')
      .flatMap((r) => (r.readyAt === undefined ? [] : [r.readyAt]));

    // Settle: no AWS write for 10 s and no object update for 5 s (the last rollouts' polls end).
    await collector.poll();
    const settleDeadline = Date.now() + 120_000;
    for (;;) {
      await collector.poll();
      const lastWrite = collector.calls.filter(isWrite).at(-1)?.start ?? 0;
      const lastUpdate = Math.max(0, ...records.map((r) => r.lastUpdateAt ?? 0));
      if ((Date.now() - lastWrite > 10_000 && Date.now() - lastUpdate > 5_000) || Date.now() > settleDeadline)
        break;
      await delay(1000);
    }
    const convergenceCalls = collector.between(t0, Number.POSITIVE_INFINITY);
    const convergenceCpu = sampler.sample().cpuSeconds;
    // One resync period before measuring: the follow-ups convergence scheduled (rollout polls,
    // requeues) run out, and every object has been through one resync.
    if (options.quietResyncs > 0) {
      log(`settling for one resync period (${(options.resyncPeriodMs / 1000).toFixed(0)} s)`);
      await delay(options.resyncPeriodMs);
    }

    // Steady state: R resync periods with nothing changing.
    const windowMs = options.quietResyncs * options.resyncPeriodMs;
    if (windowMs > 0) {
      log(
        `steady state: watching ${(windowMs / 1000).toFixed(0)} s (${options.quietResyncs} resync periods)`,
      );
    }
    const before = await metricsOf(operator);
    const updatesBefore = tracker.updatesByKind();
    const w0 = Date.now();
    // A timer can fire a millisecond early by the wall clock (Node schedules on a monotonic clock):
    // wait until the whole window has passed by the clock the window is measured with.
    for (let left = windowMs; left > 0; left = w0 + windowMs - Date.now()) await delay(left);
    if (!operator.process.isRunning())
      throw new Error(operatorDied(operator, 'before the end of the steady window'));
    // The calls are counted over the same span as the reconciles (between the two scrapes), not
    // the time the call log's poll takes after it.
    const w1 = Date.now();
    const after = await metricsOf(operator);
    const updatesAfter = tracker.updatesByKind();
    await collector.poll();
    const atEnd = sampler.sample();
    const memoryAtEnd = await sampleMemory(operator, pid);
    const steadyCalls = collector.between(w0, w1);
    const reconciles = (controller: string): number =>
      sumMetric(after, 'controller_runtime_reconcile_total', { controller }) -
      sumMetric(before, 'controller_runtime_reconcile_total', { controller });
    const byResult = (controller: string): Record<string, number> =>
      Object.fromEntries(
        ['success', 'requeue_after', 'error'].map((result) => [
          result,
          sumMetric(after, 'controller_runtime_reconcile_total', { controller, result }) -
            sumMetric(before, 'controller_runtime_reconcile_total', { controller, result }),
        ]),
      );
    const serviceReconciles = reconciles('ecsservice');
    const tdReconciles = reconciles('ecstaskdefinition');
    const reads = steadyCalls.filter((c) => !isWrite(c));
    const steadyDescribe = describeServicesFill(steadyCalls);
    const perResync = (calls: number): number =>
      serviceReconciles === 0 ? Number.NaN : calls / serviceReconciles;

    // What the restart and the leader change read: the proxy's call log, the status writes seen.
    const observing: Pick<RestartInput, 'callsBetween' | 'statusWrites' | 'log'> = {
      callsBetween: async (from, to) => {
        await collector.poll();
        return collector.between(from, to);
      },
      statusWrites: () => Object.values(tracker.updatesByKind()).reduce((a, b) => a + b, 0),
      log,
    };
    let restart: RestartResult | undefined;
    if (options.restart) {
      // The footprint is the first process's; the new one's pid is another.
      sampler.stop();
      restart = await measureRestart({
        services: n,
        resyncPeriodMs: options.resyncPeriodMs,
        steadyCallsPerPeriod:
          w1 > w0 ? steadyCalls.length / ((w1 - w0) / options.resyncPeriodMs) : Number.NaN,
        stopOld: async () => {
          await operator.stop();
          keepLog(options, operator.logPath);
        },
        startNew: async () => {
          // With a leader change to come it elects: no Lease is held yet, so it leads at once.
          current = await startOperator(
            `bench-${suffix}-restarted`,
            operatorArgs(options, namespace, options.leaderChange),
          );
          return current;
        },
        ...observing,
      });
      log(phaseLine('restart', restart));
    }

    let leaderChange: RestartResult | undefined;
    if (restart !== undefined && options.leaderChange) {
      // A standby replica: informers synced (ready), not leading. The leader stops gracefully and
      // releases its Lease; the standby takes it on its next attempt and reconciles everything.
      const leader = current;
      const standby = await startOperator(`bench-${suffix}-standby`, operatorArgs(options, namespace, true));
      leaderChange = await measureRestart({
        phase: 'leader change',
        services: n,
        resyncPeriodMs: options.resyncPeriodMs,
        steadyCallsPerPeriod: restart.steadyCallsPerPeriod,
        stopOld: async () => {
          await leader.stop();
          keepLog(options, leader.logPath);
        },
        startNew: () => {
          current = standby;
          return Promise.resolve(standby);
        },
        ...observing,
      });
      log(phaseLine('leader change', leaderChange));
    }

    const result: Omit<BenchResult, 'targets' | 'chart'> = {
      version: 1,
      label: options.label,
      startedAt,
      commit: commit(),
      machine: machine(loadStart),
      options: {
        services: n,
        speedup: k,
        workers: options.workers,
        resyncPeriodSeconds: options.resyncPeriodMs / 1000,
        quietResyncs: options.quietResyncs,
        rateBudget: options.rateBudget,
        rolloutMs: options.rolloutMs,
        autoscaling: options.autoscaling,
        operatorArgs: options.operatorArgs,
        operatorEntry: options.operatorEntry,
        operatorNodeArgs: options.operatorNodeArgs,
        operatorEnv: options.operatorEnv,
      },
      floor,
      convergence: {
        seconds,
        ratio: floor.seconds > 0 ? seconds / floor.seconds : Number.NaN,
        allReady,
        applySeconds,
        readyTaskDefinitions: tdReady.length,
        readyServices: readyTimes.length - tdReady.length,
        taskDefinitionsSeconds: tdReady.length === 0 ? Number.NaN : (Math.max(...tdReady) - t0) / 1000,
        failedObjects: records.filter((r) => r.failure !== undefined).length,
        failures: records
          .filter((r) => r.failure !== undefined)
          .slice(0, 20)
          .map((r) => ({
            object: `${r.kind}/${r.name}`,
            failure: r.failure ?? '',
            stillFailing: r.failingNow !== undefined,
          })),
        failingAtEnd: records.filter((r) => r.failingNow !== undefined).length,
        calls: callTotals(convergenceCalls.filter((c) => c.start <= convergedAt)),
        perPair: perPairCalls(
          convergenceCalls.filter((c) => c.start <= convergedAt),
          n,
        ),
        byAction: callsByAction(
          convergenceCalls.filter((c) => c.start <= convergedAt),
          minimumCalls(n, options.autoscaling),
        ),
        describeServices: describeServicesFill(convergenceCalls.filter((c) => c.start <= convergedAt)),
        missedCalls: collector.missed,
        upstream: upstreamLoad(
          convergenceCalls.filter((c) => c.start <= convergedAt),
          seconds,
        ),
      },
      steady: {
        windowSeconds: (w1 - w0) / 1000,
        resyncsPerService: serviceReconciles / n,
        taskDefinitionResyncsPerObject: tdReconciles / n,
        reconciles: { services: byResult('ecsservice'), taskDefinitions: byResult('ecstaskdefinition') },
        calls: callTotals(steadyCalls),
        perPairPerPeriod: perPairCalls(steadyCalls, n, (w1 - w0) / options.resyncPeriodMs),
        byAction: callsByAction(steadyCalls, []),
        describeServices: steadyDescribe,
        describeServicesPerServiceResync: perResync(steadyDescribe.calls),
        readsPerServiceResync: perResync(reads.length),
        awsWrites: steadyCalls.filter(isWrite).length,
        statusWrites: {
          taskDefinitions: (updatesAfter.EcsTaskDefinition ?? 0) - (updatesBefore.EcsTaskDefinition ?? 0),
          services: (updatesAfter.EcsService ?? 0) - (updatesBefore.EcsService ?? 0),
        },
      },
      latency:
        latency === undefined
          ? undefined
          : {
              taskDefinition: distribution(latency.taskDefinition),
              service: distribution(latency.service),
              all: distribution([...latency.taskDefinition, ...latency.service]),
            },
      baseline,
      footprint: {
        atConvergence,
        atEnd,
        memoryAtConvergence,
        memoryAtEnd,
        peakRssMiB: sampler.peakRssMiB,
        cpuSecondsConvergence: convergenceCpu,
        cpuSecondsSteady: atEnd.cpuSeconds - convergenceCpu,
      },
      series: perSecondSeries(collector.calls, t0, (w1 - t0) / 1000),
      restart,
      leaderChange,
    };
    return { ...result, targets: judgeTargets(result) };
  } finally {
    sampler.stop();
    await collector.stop().catch(() => undefined);
    await current.stop();
    await tracker.stop();
    keepLog(options, current.logPath);
  }
}
