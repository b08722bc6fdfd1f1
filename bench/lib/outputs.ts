/**
 * What a run leaves behind: the SVG chart, the JSON document, the row in docs/performance.md, and
 * the report printed at the end.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AWS_CATEGORY_LIMITS } from '../../src/aws/clients.js';
import { ECS_BUCKET_LIMITS } from '../../test/world/aws-proxy/index.js';
import { renderChart, type SeriesLimit } from './chart.js';
import type { BenchOptions } from './options.js';
import type { MemorySample } from './baseline.js';
import { appendRow, peakOverBaseline, perApi, type BenchResult } from './result.js';
import { appendRestartRow, restartDocPath } from './restart.js';

/** Each chart series' limit: ECS's buckets as the proxy enforces them, else the operator's budget. */
export function seriesLimits(
  options: Pick<BenchOptions, 'speedup' | 'rateBudget'>,
): Record<string, SeriesLimit> {
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

/** Writes the chart (when `chartDir`), the JSON (when `jsonPath`) and the row (when `docPath`). */
export function writeOutputs(measured: Omit<BenchResult, 'chart'>, options: BenchOptions): BenchResult {
  let chart: string | undefined;
  if (options.chartDir !== undefined) {
    mkdirSync(options.chartDir, { recursive: true });
    const stamp = measured.startedAt.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    chart = join(options.chartDir, `convergence-n${options.services}-k${options.speedup}-${stamp}.svg`);
    // ECS's categories first, the scarcest first: where the time goes reads from the top.
    const ecs = Object.keys(ECS_BUCKET_LIMITS);
    const rank = (name: string): number => {
      const i = ecs.indexOf(name);
      return i < 0 ? ecs.length : i;
    };
    const order = ['task-definition-modify', 'service-modify', 'service-read', 'task-definition-read'];
    const byOrder = (name: string): number =>
      order.includes(name) ? order.indexOf(name) : order.length + rank(name);
    writeFileSync(
      chart,
      renderChart({
        title: `ecs-bridge: N = ${options.services} services${options.autoscaling ? '' : ' without autoscaling'}, ECS buckets × ${options.speedup}${options.label === '' ? '' : ` (${options.label})`}`,
        series: [...measured.series].sort(
          (a, b) => byOrder(a.name) - byOrder(b.name) || a.name.localeCompare(b.name),
        ),
        limits: seriesLimits(options),
        markers: [
          { at: measured.floor.seconds, label: 'floor', color: '#7f7f7f' },
          { at: measured.convergence.seconds, label: 'all Ready', color: '#2ca02c' },
        ],
      }),
    );
  }
  const result: BenchResult = { ...measured, chart };
  if (options.jsonPath !== undefined) writeFileSync(options.jsonPath, `${JSON.stringify(result, null, 2)}\n`);
  if (options.docPath !== undefined) appendRow(options.docPath, result);
  if (options.docPath !== undefined && result.restart !== undefined) {
    appendRestartRow(restartDocPath(options.docPath), result, result.restart, result.leaderChange);
  }
  return result;
}

function memoryLine(what: string, m: MemorySample | undefined): string[] {
  if (m === undefined) return [];
  const f = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
  return [
    `  ${what.padEnd(34)} RSS ${f(m.rssMiB)} MiB (peak so far ${f(m.peakRssMiB)}), V8 heap ${f(m.heapUsedMiB)} used of ${f(m.heapTotalMiB)} MiB, external ${f(m.externalMiB)} MiB`,
  ];
}

/** The memory readings of a run, the baseline's first. */
function memoryLines(result: BenchResult): string[] {
  const b = result.baseline;
  const ratio = peakOverBaseline(result);
  return [
    ...(b === undefined
      ? ['  baseline: skipped']
      : [
          ...memoryLine('baseline, no objects, after start', b.afterStart),
          ...memoryLine(`baseline, after ${b.resyncs} resync periods`, b.afterResyncs),
        ]),
    ...memoryLine('N objects, at convergence', result.footprint.memoryAtConvergence),
    ...memoryLine('N objects, end of quiet window', result.footprint.memoryAtEnd),
    ...(ratio === undefined ? [] : [`  peak RSS ÷ baseline peak RSS: ${ratio.toFixed(2)}`]),
  ];
}

/** The human-readable report of a run. */
export function formatReport(result: BenchResult): string {
  const f = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
  const lines = [
    '',
    `ecs-bridge benchmark: N = ${result.options.services}, K = ${result.options.speedup}, workers ${result.options.workers}` +
      (result.options.autoscaling === false ? ', no autoscaling, no ALB' : '') +
      (result.label === '' ? '' : ` (${result.label})`),
    `machine: ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGiB} GiB, load ${f(result.machine.loadAverage.start)} → ${f(result.machine.loadAverage.end)}`,
    '',
    'targets:',
    ...result.targets.map(
      (t) => `  ${t.met ? 'met    ' : 'NOT MET'}  ${t.name.padEnd(30)} ${t.target.padEnd(30)} ${t.measured}`,
    ),
    '',
    'floor per ECS category:',
    ...result.floor.categories.map(
      (c) =>
        `  ${c.category.padEnd(24)} ${String(c.calls).padStart(6)} calls, burst ${c.burst}, ${c.ratePerSecond}/s → ${f(c.seconds)} s`,
    ),
    `  task definitions all Ready after ${f(result.convergence.taskDefinitionsSeconds)} s; objects applied in ${f(result.convergence.applySeconds)} s`,
    '',
    'convergence calls (calls / unavoidable minimum):',
    ...result.convergence.byAction.map(
      (a) =>
        `  ${`${a.service} ${a.action}`.padEnd(50)} ${String(a.calls).padStart(7)} / ${String(a.minimum).padStart(6)}${a.throttled > 0 ? `  ${a.throttled} throttled` : ''}`,
    ),
    `  DescribeServices: ${f(result.convergence.describeServices.averageBatch)} services per call; ${result.convergence.calls.throttled} throttled of ${result.convergence.calls.total}`,
    `  emulator: ${f(result.convergence.upstream.callsPerSecond)} calls/s on average, ${result.convergence.upstream.peakCallsPerSecond} at most; answers p50 ${f(result.convergence.upstream.answerMs.p50, 0)} ms, p99 ${f(result.convergence.upstream.answerMs.p99, 0)} ms`,
    ...(result.convergence.failures.length === 0
      ? []
      : [
          `  failures (first reported; ${result.convergence.failingAtEnd ?? '?'} still failing at the end):`,
          ...result.convergence.failures.map(
            (x) =>
              `    ${x.object}: ${x.failure}${x.stillFailing === false ? ' (recovered)' : x.stillFailing === true ? ' (still failing)' : ''}`,
          ),
        ]),
    '',
    `steady state over ${f(result.steady.windowSeconds, 0)} s (${f(result.steady.resyncsPerService, 2)} resyncs per service):`,
    ...result.steady.byAction.map(
      (a) => `  ${`${a.service} ${a.action}`.padEnd(50)} ${String(a.calls).padStart(7)}`,
    ),
    `  calls per pair per resync period ${f(result.steady.perPairPerPeriod.total, 3)} (${perApi(result.steady.perPairPerPeriod, 3)}); converging ${f(result.convergence.perPair.total, 2)} per pair (${perApi(result.convergence.perPair)})`,
    `  DescribeServices per service per resync ${f(result.steady.describeServicesPerServiceResync, 3)} (${f(result.steady.describeServices.averageBatch)} per call), all reads ${f(result.steady.readsPerServiceResync, 2)}; AWS writes ${result.steady.awsWrites}; status writes ${result.steady.statusWrites.taskDefinitions + result.steady.statusWrites.services}`,
    '',
    result.latency === undefined
      ? 'idle latency: skipped'
      : `idle apply-to-first-write: task definitions p50 ${f(result.latency.taskDefinition.p50, 0)} / p99 ${f(result.latency.taskDefinition.p99, 0)} ms; services p50 ${f(result.latency.service.p50, 0)} / p99 ${f(result.latency.service.p99, 0)} ms`,
    `footprint: RSS ${f(result.footprint.atConvergence.rssMiB, 0)} MiB at convergence, peak ${f(result.footprint.peakRssMiB, 0)} MiB; CPU ${f(result.footprint.cpuSecondsConvergence)} s converging, ${f(result.footprint.cpuSecondsSteady)} s steady`,
    ...memoryLines(result),
    result.chart === undefined ? '' : `chart: ${result.chart}`,
    '',
  ];
  return lines.join('\n');
}
