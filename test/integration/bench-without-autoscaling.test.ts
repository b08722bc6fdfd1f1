/**
 * The benchmark's fleet without autoscaling (`--without-autoscaling`): its flag, manifests, floor,
 * targets and row. Pure parts (they live here because the unit project does not include bench/;
 * they need no world).
 */
import { describe, expect, it } from 'vitest';
import { fleetManifests } from '../../bench/lib/fleet.js';
import { convergenceFloor, minimumCalls } from '../../bench/lib/floor.js';
import { BenchUsageError, parseBenchArgs } from '../../bench/lib/options.js';
import { judgeTargets, markdownRow, type BenchResult } from '../../bench/lib/result.js';
import { runCells } from '../../bench/lib/row-cells.js';

type Measured = Omit<BenchResult, 'targets' | 'chart'>;

const perPair = (total: number): BenchResult['convergence']['perPair'] => ({
  total,
  byApi: { ecs: total, 'application-autoscaling': 0, elasticloadbalancing: 0 },
});

/** A run that met everything but the call targets, with `perPairTotal` convergence calls per pair. */
function run(autoscaling: boolean | undefined, perPairTotal: number): Measured {
  const sample = { at: 0, rssMiB: 80, peakRssMiB: 80, heapUsedMiB: 20, heapTotalMiB: 30, externalMiB: 4 };
  const fill = { calls: 1, services: 10, averageBatch: 10 };
  const totals = { total: 30, throttled: 0, throttledPercent: 0 };
  return {
    version: 1,
    label: 'x | y',
    startedAt: '2026-12-06T17:30:00.000Z',
    commit: '0123456789abcdef',
    options: {
      services: 10,
      speedup: 10,
      workers: 32,
      resyncPeriodSeconds: 60,
      quietResyncs: 1,
      rateBudget: 1,
      rolloutMs: 200,
      ...(autoscaling === undefined ? {} : { autoscaling }),
      operatorArgs: [],
      operatorEntry: 'dist',
      operatorNodeArgs: [],
      operatorEnv: {},
    },
    floor: { categories: [], seconds: 10, bottleneck: 'task-definition-modify' },
    convergence: {
      seconds: 10,
      ratio: 1,
      allReady: true,
      failedObjects: 0,
      failures: [],
      calls: totals,
      perPair: perPair(perPairTotal),
      describeServices: fill,
    },
    steady: {
      windowSeconds: 60,
      calls: totals,
      perPairPerPeriod: perPair(0.1),
      describeServices: fill,
      describeServicesPerServiceResync: 0.1,
      readsPerServiceResync: 0.1,
      awsWrites: 0,
      statusWrites: { taskDefinitions: 0, services: 0 },
    },
    machine: { loadAverage: { start: 1, end: 1 } },
    latency: undefined,
    footprint: {
      peakRssMiB: 80,
      atConvergence: sample,
      atEnd: sample,
      cpuSecondsConvergence: 1,
      cpuSecondsSteady: 1,
    },
  } as unknown as Measured;
}

const target = (r: Measured, name: string): ReturnType<typeof judgeTargets>[number] | undefined =>
  judgeTargets(r).find((t) => t.name === name);

describe('--without-autoscaling', () => {
  it('is off by default and refuses target groups per ALB, which that fleet has none of', () => {
    expect(parseBenchArgs(['--services=5']).autoscaling).toBe(true);
    expect(parseBenchArgs(['--services=5', '--without-autoscaling']).autoscaling).toBe(false);
    expect(parseBenchArgs(['--services=5', '--tgs-per-alb=50']).targetGroupsPerAlb).toBe(50);
    expect(() => parseBenchArgs(['--services=5', '--without-autoscaling', '--tgs-per-alb=50'])).toThrow(
      BenchUsageError,
    );
    expect(() => parseBenchArgs(['--services=5', '--without-autoscaling=yes'])).toThrow(BenchUsageError);
  });

  it('applies services with no load balancer and no autoscaling, and the default fleet with both', () => {
    const plain = fleetManifests(2, undefined);
    expect(plain.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'EcsTaskDefinition/td-0',
      'EcsService/svc-0',
      'EcsTaskDefinition/td-1',
      'EcsService/svc-1',
    ]);
    for (const m of plain.filter((x) => x.kind === 'EcsService')) {
      expect(Object.keys(m.spec).sort()).toEqual([
        'cluster',
        'desiredCount',
        'launchType',
        'taskDefinitionRef',
      ]);
    }
    const autoscaled = fleetManifests(2, ['arn:tg-0', 'arn:tg-1']).filter((m) => m.kind === 'EcsService');
    expect(autoscaled.map((m) => m.spec.loadBalancers)).toEqual([
      [{ targetGroupArn: 'arn:tg-0', containerName: 'app', containerPort: 80 }],
      [{ targetGroupArn: 'arn:tg-1', containerName: 'app', containerPort: 80 }],
    ]);
    expect(autoscaled.every((m) => m.spec.autoscaling !== undefined)).toBe(true);
    expect(() => fleetManifests(3, ['arn:tg-0'])).toThrow(/1 target groups for 3 services/);
  });

  it('counts only the ECS calls as unavoidable, with the same floor', () => {
    const plain = minimumCalls(25, false);
    expect(plain.map((m) => [m.service, m.action, m.calls])).toEqual([
      ['ecs', 'RegisterTaskDefinition', 25],
      ['ecs', 'CreateService', 25],
      ['ecs', 'DescribeServices', 3],
    ]);
    expect(plain.every((m) => m.why.length > 0)).toBe(true);
    expect(minimumCalls(25).map((m) => m.action)).toEqual([
      ...plain.map((m) => m.action),
      'RegisterScalableTarget',
      'PutScalingPolicy',
      'DescribeTargetGroups',
    ]);
    // The two fleets differ only outside ECS, which the floor does not count.
    expect(convergenceFloor(1000, 10, false)).toEqual(convergenceFloor(1000, 10));
  });

  it('judges convergence at ≤ 3 calls per pair and names the fleet in the steady target', () => {
    expect(target(run(false, 3), 'convergence calls per pair')).toMatchObject({
      target: '≤ 3 (no autoscaling, no ALB)',
      met: true,
    });
    expect(target(run(false, 3.1), 'convergence calls per pair')?.met).toBe(false);
    expect(target(run(false, 3), 'steady calls per pair per period')).toMatchObject({
      target: '≤ 0.25, all APIs (no autoscaling)',
      met: true,
    });
    // Everything else is judged as for the default fleet.
    const names = (r: Measured): string[] => judgeTargets(r).map((t) => `${t.name}: ${t.met}`);
    expect(names(run(false, 3))).toEqual(names(run(true, 8)));
  });

  it('prints steady DescribeServices to four places, so a value just over 0.1 does not read 0.100', () => {
    const over = run(false, 3);
    const steady = { ...over.steady, describeServicesPerServiceResync: 504 / 5020 };
    expect(target({ ...over, steady }, 'steady DescribeServices')).toMatchObject({
      measured: '0.1004',
      met: false,
    });
    expect(target(run(false, 3), 'steady DescribeServices')).toMatchObject({ measured: '0.1000', met: true });
  });

  it('keeps the default fleet, and results written before the flag, at ≤ 8', () => {
    for (const autoscaling of [true, undefined]) {
      expect(target(run(autoscaling, 8), 'convergence calls per pair')).toMatchObject({
        target: '≤ 8 (autoscaling, 3 policies, ALB)',
        met: true,
      });
      expect(target(run(autoscaling, 8.1), 'convergence calls per pair')?.met).toBe(false);
      expect(target(run(autoscaling, 8), 'steady calls per pair per period')?.target).toBe(
        '≤ 0.25, all APIs (autoscaling, ALB)',
      );
    }
  });

  it('says so at the start of the row label, and leaves other rows as they were', () => {
    const cells = (autoscaling: boolean | undefined, label: string): string[] =>
      runCells({ ...run(autoscaling, 3), label });
    expect(cells(false, 'x | y')[2]).toBe('no autoscaling: x / y');
    expect(cells(false, '')[2]).toBe('no autoscaling');
    expect(cells(true, 'x')[2]).toBe('x');
    expect(cells(undefined, '')[2]).toBe('–');
    expect(markdownRow({ ...run(false, 3), targets: [], chart: undefined })).toMatch(
      /^\| 2026-12-06 17:30 \| 0123456 \| no autoscaling: x \/ y \| 10 \| 10 \| 32 \|/,
    );
  });
});
