/**
 * The benchmark works: a run at N = 5 against the world converges every object, measures every
 * figure, and writes its JSON, chart and results row. Benchmarks print figures; this only proves
 * the machinery (no timing is asserted).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../bench/lib/options.js';
import { writeOutputs } from '../../bench/lib/outputs.js';
import type { BenchResult } from '../../bench/lib/result.js';
import { runBenchmark } from '../../bench/lib/run.js';
import { awsClients, proxyControl, worldControl, worldInfo } from '../support/world-client.js';

describe('npm run bench', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-bridge-bench-'));

  afterAll(async () => {
    // The run sped the shared proxy's buckets up: back to the world's own settings.
    await worldControl('reset-aws');
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the benchmark with `args` as the command line does, and reads back the JSON it wrote. */
  async function bench(args: readonly string[], json: string): Promise<BenchResult> {
    const options = parseBenchArgs([...args, '--operator-entry=source', `--json=${join(dir, json)}`]);
    const measured = await runBenchmark({
      world: worldInfo(),
      control: proxyControl(),
      resetAws: () => worldControl('reset-aws'),
      options,
      log: () => undefined,
    });
    writeOutputs(measured, options);
    return JSON.parse(readFileSync(join(dir, json), 'utf8')) as BenchResult;
  }

  // One more operator start than before (the memory baseline's, for one 3 s resync period).
  it('converges N = 5 and reports every figure', { timeout: 140_000 }, async () => {
    const result = await bench(
      [
        '--services=5',
        '--speedup=10',
        '--resync-period=3',
        '--quiet-resyncs=2',
        '--latency-samples=3',
        '--baseline-resyncs=1',
        `--chart-dir=${dir}`,
        `--doc=${join(dir, 'performance.md')}`,
        '--label=ci',
      ],
      'bench.json',
    );
    expect(result.convergence).toMatchObject({
      allReady: true,
      readyTaskDefinitions: 5,
      readyServices: 5,
      failedObjects: 0,
    });
    expect(result.convergence.seconds).toBeGreaterThan(0);
    expect(result.floor.bottleneck).toBe('task-definition-modify');
    const calls = Object.fromEntries(result.convergence.byAction.map((a) => [a.action, a]));
    expect(calls.RegisterTaskDefinition).toMatchObject({ calls: 5, minimum: 5 });
    expect(calls.CreateService).toMatchObject({ calls: 5, minimum: 5 });
    expect(calls.PutScalingPolicy?.calls).toBe(15);
    // The five target groups' load balancers come from one Region listing, not one read each.
    expect(calls.DescribeTargetGroups).toMatchObject({ calls: 1, minimum: 1 });
    expect(result.steady.windowSeconds).toBeGreaterThanOrEqual(6);
    expect(result.steady.resyncsPerService).toBeGreaterThan(0);
    expect(result.steady).toHaveProperty('describeServicesPerServiceResync');
    expect(result.steady).toHaveProperty('awsWrites');
    expect(result.steady.statusWrites).toHaveProperty('services');
    expect(result.latency?.all.n).toBe(6);
    expect(result.footprint.peakRssMiB).toBeGreaterThan(10);
    expect(result.footprint.cpuSecondsConvergence).toBeGreaterThan(0);
    // The baseline: an operator with no objects, read after start and after one resync period.
    expect(result.baseline?.resyncs).toBe(1);
    expect(result.baseline?.afterStart.rssMiB).toBeGreaterThan(10);
    expect(result.baseline?.afterStart.heapUsedMiB).toBeGreaterThan(1);
    expect(result.baseline?.afterResyncs.at).toBeGreaterThanOrEqual(
      (result.baseline?.afterStart.at ?? 0) + 3_000,
    );
    expect(result.footprint.memoryAtConvergence?.heapUsedMiB).toBeGreaterThan(1);
    expect(result.targets.map((t) => t.name)).toContain('RSS over baseline');
    expect(result.targets.map((t) => t.name)).toContain('convergence');
    expect(result.series.map((s) => s.name)).toContain('task-definition-modify');

    const chart = readFileSync(result.chart ?? '', 'utf8');
    expect(chart).toMatch(/^<svg /);
    expect(chart).toContain('task-definition-modify');
    const doc = readFileSync(join(dir, 'performance.md'), 'utf8').trim().split('\n');
    expect(doc.at(-1)).toMatch(/^\| .* \| ci \| 5 \| 10 \| 32 \|/);
    // The restart phase: a fresh process reconciles all 10 objects again, writing nothing.
    expect(result.restart?.reconciles.services).toBeGreaterThanOrEqual(5);
    expect(result.restart?.reconciles.taskDefinitions).toBeGreaterThanOrEqual(5);
    expect(result.restart?.seconds).toBeGreaterThan(0);
    expect(result.restart?.calls).toBeGreaterThan(0);
    expect(result.restart).toMatchObject({ awsWrites: 0, statusWrites: 0 });
    expect(result.targets.map((t) => t.name)).toContain('restart: writes');
    const restartDoc = readFileSync(join(dir, 'performance', 'restart.md'), 'utf8')
      .trim()
      .split('\n');
    expect(restartDoc.at(-1)).toMatch(/^\| .* \| ci \| 5 \| 10 \| 3 \| \d+ \(/);
    // The leader change: a standby with synced informers takes over and reconciles all 10 again.
    expect(result.leaderChange?.reconciles.services).toBeGreaterThanOrEqual(5);
    expect(result.leaderChange?.reconciles.taskDefinitions).toBeGreaterThanOrEqual(5);
    expect(result.leaderChange?.seconds).toBeGreaterThan(0);
    expect(result.leaderChange).toMatchObject({ awsWrites: 0, statusWrites: 0 });
    expect(result.targets.map((t) => t.name)).toContain('leader change: writes');
    expect(restartDoc.at(-1)).toMatch(
      /\| \d+ \(\d+ \/ \d+ \/ \d+.*\), [\d.]+ ×, writes 0 \/ 0, all reconciled [\d.]+ s \|$/,
    );
  });

  // The plain fleet, as small and short as a run gets: no latency, baseline, or restart phase.
  it(
    'converges N = 2 without autoscaling, with no load balancer made or called',
    { timeout: 90_000 },
    async () => {
      const result = await bench(
        [
          '--services=2',
          '--without-autoscaling',
          '--resync-period=3',
          '--quiet-resyncs=1',
          '--latency-samples=0',
          '--baseline-resyncs=0',
          '--no-restart',
          '--chart-dir=',
          `--doc=${join(dir, 'plain.md')}`,
          '--label=ci',
        ],
        'plain.json',
      );
      expect(result.options.autoscaling).toBe(false);
      expect(result.convergence).toMatchObject({ allReady: true, readyServices: 2, failedObjects: 0 });
      const minimum = Object.fromEntries(result.convergence.byAction.map((a) => [a.action, a.minimum]));
      expect(minimum).toMatchObject({ RegisterTaskDefinition: 2, CreateService: 2, DescribeServices: 1 });
      // No target group to look up, no scalable target or policy to write (a listing of scalable
      // targets may still be read: the operator looks for ones it must remove).
      expect(result.convergence.perPair.byApi.elasticloadbalancing).toBe(0);
      const calls = result.convergence.byAction.map((a) => a.action);
      expect(calls).not.toContain('RegisterScalableTarget');
      expect(calls).not.toContain('PutScalingPolicy');
      expect(result.targets.find((t) => t.name === 'convergence calls per pair')?.target).toBe(
        '≤ 3 (no autoscaling, no ALB)',
      );
      // Nothing was made in the emulator but the cluster.
      const { elbv2 } = awsClients('moto');
      try {
        expect((await elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? []).toEqual([]);
        expect((await elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? []).toEqual([]);
      } finally {
        elbv2.destroy();
      }
      const doc = readFileSync(join(dir, 'plain.md'), 'utf8').trim().split('\n');
      expect(doc.at(-1)).toMatch(/^\| .* \| no autoscaling: ci \| 2 \| 10 \| 32 \|/);
    },
  );
});
