/**
 * `npm run bench -- --services N [--speedup K] [--json out.json] [--quiet-resyncs R]`: how close
 * ecs-bridge converges a fleet to the floor ECS's rate limits set, what it costs in AWS calls, what
 * it does when nothing changes, how fast it reacts when idle, and what it weighs. Starts its own
 * test world (see test/world/world.ts), prints the figures, writes JSON, appends a row to
 * docs/performance.md and draws docs/perf/<run>.svg. A script that prints figures, not a timed test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChart, type SeriesLimit } from './lib/chart.js';
import { BENCH_USAGE, BenchUsageError, parseBenchArgs, type BenchOptions } from './lib/options.js';
import { appendRow, type BenchResult } from './lib/result.js';
import { runBenchmark } from './lib/run.js';
import { AWS_CATEGORY_LIMITS } from '../src/aws/clients.js';
import { ECS_BUCKET_LIMITS } from '../test/world/aws-proxy/index.js';
import { startWorld } from '../test/world/world.js';

function limitsFor(options: BenchOptions): Record<string, SeriesLimit> {
  const limits: Record<string, SeriesLimit> = {};
  for (const [category, limit] of Object.entries(ECS_BUCKET_LIMITS)) {
    limits[category] = {
      ratePerSecond: limit.ratePerSecond * options.speedup,
      burst: limit.burst,
      source: 'ECS, proxy',
    };
  }
  for (const [category, limit] of Object.entries(AWS_CATEGORY_LIMITS)) {
    if (category.startsWith('ecs:')) continue;
    limits[category] = {
      ratePerSecond: limit.sustained * options.rateBudget * options.speedup,
      burst: Math.max(1, Math.floor(limit.burst * options.rateBudget)),
      source: 'operator budget; AWS publishes none',
    };
  }
  return limits;
}

function print(result: BenchResult): void {
  const lines = [
    '',
    `ecs-bridge benchmark: N = ${result.options.services}, K = ${result.options.speedup}, workers ${result.options.workers}` +
      (result.label === '' ? '' : ` (${result.label})`),
    `machine: ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGiB} GiB, load ${result.machine.loadAverage.start.toFixed(1)} → ${result.machine.loadAverage.end.toFixed(1)}`,
    '',
    'targets:',
    ...result.targets.map(
      (t) => `  ${t.met ? 'met    ' : 'NOT MET'}  ${t.name.padEnd(30)} ${t.target.padEnd(30)} ${t.measured}`,
    ),
    '',
    'floor per ECS category:',
    ...result.floor.categories.map(
      (c) =>
        `  ${c.category.padEnd(24)} ${String(c.calls).padStart(6)} calls, burst ${c.burst}, ${c.ratePerSecond}/s → ${c.seconds.toFixed(1)} s`,
    ),
    '',
    'convergence calls (calls / unavoidable minimum, throttled):',
    ...result.convergence.byAction.map(
      (a) =>
        `  ${`${a.service} ${a.action}`.padEnd(50)} ${String(a.calls).padStart(7)} / ${String(a.minimum).padStart(6)}  ${a.throttled > 0 ? `${a.throttled} throttled` : ''}`,
    ),
    `  DescribeServices: ${result.convergence.describeServices.averageBatch.toFixed(1)} services per call`,
    '',
    `steady state over ${result.steady.windowSeconds.toFixed(0)} s (${result.steady.resyncsPerService.toFixed(2)} resyncs per service):`,
    ...result.steady.byAction.map(
      (a) => `  ${`${a.service} ${a.action}`.padEnd(50)} ${String(a.calls).padStart(7)}`,
    ),
    `  DescribeServices per service per resync ${result.steady.describeServicesPerServiceResync.toFixed(3)}, reads ${result.steady.readsPerServiceResync.toFixed(2)}; AWS writes ${result.steady.awsWrites}; status writes ${result.steady.statusWrites.taskDefinitions + result.steady.statusWrites.services}`,
    '',
    result.latency === undefined
      ? 'latency: skipped'
      : `idle apply-to-first-write: task definitions p50 ${result.latency.taskDefinition.p50.toFixed(0)} / p99 ${result.latency.taskDefinition.p99.toFixed(0)} ms; services p50 ${result.latency.service.p50.toFixed(0)} / p99 ${result.latency.service.p99.toFixed(0)} ms`,
    `footprint: RSS ${result.footprint.atConvergence.rssMiB.toFixed(0)} MiB at convergence, peak ${result.footprint.peakRssMiB.toFixed(0)} MiB; CPU ${result.footprint.cpuSecondsConvergence.toFixed(1)} s converging, ${result.footprint.cpuSecondsSteady.toFixed(1)} s steady`,
    result.chart === undefined ? '' : `chart: ${result.chart}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof BenchUsageError) {
      process.stderr.write(`bench: ${err.message}\n\n${BENCH_USAGE}`);
      return 2;
    }
    throw err;
  }
  const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
  log('starting the world (kube-apiserver, etcd, moto, AWS proxy)...');
  const world = await startWorld({ speedup: options.speedup, log });
  try {
    const measured = await runBenchmark({
      world: world.info,
      control: world.proxy.control,
      resetAws: () => world.resetAws(),
      options,
      log,
    });
    let chart: string | undefined;
    if (options.chartDir !== undefined) {
      mkdirSync(options.chartDir, { recursive: true });
      chart = join(
        options.chartDir,
        `convergence-n${options.services}-k${options.speedup}-${measured.startedAt.slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.svg`,
      );
      writeFileSync(
        chart,
        renderChart({
          title: `ecs-bridge: N = ${options.services} services, ECS buckets × ${options.speedup}${options.label === '' ? '' : ` (${options.label})`}`,
          series: measured.series,
          limits: limitsFor(options),
          markers: [
            { at: measured.floor.seconds, label: 'floor', color: '#7f7f7f' },
            { at: measured.convergence.seconds, label: 'all Ready', color: '#2ca02c' },
          ],
        }),
      );
    }
    const result: BenchResult = { ...measured, chart };
    if (options.jsonPath !== undefined)
      writeFileSync(options.jsonPath, `${JSON.stringify(result, null, 2)}\n`);
    if (options.docPath !== undefined) appendRow(options.docPath, result);
    print(result);
    return result.convergence.allReady ? 0 : 1;
  } finally {
    await world.stop();
  }
}

process.exitCode = await main();
