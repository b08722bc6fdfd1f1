/**
 * The benchmark's pure parts: the floor, the options, the summaries, /proc parsing and the chart.
 * (They live here because the unit project does not include bench/; they need no world.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderChart, niceStep, wrapText } from '../../bench/lib/chart.js';
import { convergenceFloor, minimumCalls } from '../../bench/lib/floor.js';
import { parseStat, parseStatus } from '../../bench/lib/footprint.js';
import {
  entrypointNodeArgsOf,
  envOf,
  imageEnvOf,
  installEnv,
  installNodeArgs,
  nodeArgsOf,
} from '../../bench/lib/install-node-args.js';
import { IMAGE_JEMALLOC_PATH, JEMALLOC_PACKAGE, withLocalPreload } from '../../bench/lib/jemalloc.js';
import { BenchUsageError, parseBenchArgs } from '../../bench/lib/options.js';
import { parseMetrics, sumMetric } from '../../bench/lib/prometheus.js';
import { peakOverBaseline, type BenchResult } from '../../bench/lib/result.js';
import {
  callsByAction,
  describeServicesFill,
  percentile,
  perPairCalls,
  perSecondSeries,
} from '../../bench/lib/summary.js';
import type { LoggedCall } from '../../bench/lib/call-log.js';

const call = (action: string, start: number, extra: Partial<LoggedCall> = {}): LoggedCall => ({
  seq: 0,
  start,
  service: 'ecs',
  action,
  outcome: 'forwarded',
  durationMs: 10,
  ...extra,
});

describe('convergenceFloor', () => {
  it.each<[number, number, number, string]>([
    [1000, 10, 98, 'task-definition-modify'],
    [1000, 1, 980, 'task-definition-modify'],
    [100, 2, 40, 'task-definition-modify'],
    [10, 10, 0, 'task-definition-modify'],
  ])('N = %i at K = %i is %f s, set by %s', (n, k, seconds, bottleneck) => {
    const floor = convergenceFloor(n, k);
    expect(floor.seconds).toBeCloseTo(seconds, 6);
    expect(floor.bottleneck).toBe(bottleneck);
  });

  it('charges each ECS category its unavoidable calls beyond the burst', () => {
    const floor = convergenceFloor(1000, 10);
    expect(floor.categories.find((c) => c.category === 'service-modify')).toMatchObject({
      calls: 1000,
      burst: 50,
      ratePerSecond: 50,
      seconds: 19,
    });
    expect(floor.categories.find((c) => c.category === 'service-read')?.calls).toBe(100);
  });

  it('counts a scalable target and three policies per service', () => {
    const byAction = Object.fromEntries(minimumCalls(7).map((m) => [m.action, m.calls]));
    expect(byAction).toMatchObject({ RegisterScalableTarget: 7, PutScalingPolicy: 21, DescribeServices: 1 });
  });
});

describe('nodeArgsOf', () => {
  it('reads NODE_OPTIONS from a Deployment and refuses one without it', () => {
    const env = (value: string): string =>
      `        env:\n            - name: NODE_ENV\n              value: production\n            - name: NODE_OPTIONS\n              value: ${value}\n`;
    expect(nodeArgsOf(env('--max-old-space-size=192'))).toEqual(['--max-old-space-size=192']);
    expect(nodeArgsOf(env('"--max-old-space-size=256 --enable-source-maps"'))).toEqual([
      '--max-old-space-size=256',
      '--enable-source-maps',
    ]);
    expect(() =>
      nodeArgsOf('        env:\n            - name: NODE_ENV\n              value: production\n'),
    ).toThrow(/NODE_OPTIONS/);
  });
});

describe('entrypointNodeArgsOf', () => {
  it("reads the Node.js flags of the image's ENTRYPOINT, between node and the script", () => {
    const image = (entrypoint: string): string =>
      `FROM node:24-slim\nUSER 1000:1000\nENTRYPOINT ${entrypoint}\nCMD ["run"]\n`;
    expect(entrypointNodeArgsOf(image('["node", "bin/ecs-bridge.js"]'))).toEqual([]);
    expect(
      entrypointNodeArgsOf(image('["node", "--max-opt=2", "--stack-size=984", "bin/ecs-bridge.js"]')),
    ).toEqual(['--max-opt=2', '--stack-size=984']);
    expect(() => entrypointNodeArgsOf(image('node bin/ecs-bridge.js'))).toThrow(/ENTRYPOINT/);
    expect(() => entrypointNodeArgsOf(image('["/bin/sh", "-c", "node bin/ecs-bridge.js"]'))).toThrow(
      /ENTRYPOINT/,
    );
  });

  it("gives the benchmark the image's flags before the Deployment's NODE_OPTIONS", () => {
    const flags = installNodeArgs();
    expect(flags.slice(-2)).toEqual(['--max-old-space-size=160', '--max-semi-space-size=8']);
  });
});

describe('envOf', () => {
  it("reads the install's memory-shaping variables from a Deployment, and only those", () => {
    const env = (name: string, value: string): string =>
      `        env:\n            - name: NODE_ENV\n              value: production\n            - name: ${name}\n              value: ${value}\n`;
    expect(envOf(env('MALLOC_ARENA_MAX', '"2"'))).toEqual({ MALLOC_ARENA_MAX: '2' });
    expect(envOf(env('MALLOC_ARENA_MAX', '4'))).toEqual({ MALLOC_ARENA_MAX: '4' });
    expect(envOf(env('OTHER', '2'))).toEqual({});
    expect(envOf(env('LD_PRELOAD', '""'))).toEqual({ LD_PRELOAD: '' });
  });
});

describe('imageEnvOf', () => {
  it("reads the install's memory-shaping variables from the Dockerfile's ENV, continuation lines joined", () => {
    const image = [
      'FROM node:24-slim AS build',
      'ENV MALLOC_CONF=narenas:8',
      'FROM node:24-slim AS runtime',
      'ENV NODE_ENV=production',
      'ENV LD_PRELOAD=/usr/local/lib/libjemalloc.so.2 \\',
      '    MALLOC_CONF="narenas:2,dirty_decay_ms:1000"',
      'ENTRYPOINT ["node", "bin/ecs-bridge.js"]',
    ].join('\n');
    expect(imageEnvOf(image)).toEqual({
      LD_PRELOAD: '/usr/local/lib/libjemalloc.so.2',
      MALLOC_CONF: 'narenas:2,dirty_decay_ms:1000',
    });
    expect(imageEnvOf('FROM node:24-slim\nENV NODE_ENV=production\n')).toEqual({});
  });

  it("gives the benchmark the image's allocator, with the Debian package the benchmark fetches", () => {
    const env = installEnv();
    expect(env.LD_PRELOAD).toBe(IMAGE_JEMALLOC_PATH);
    expect(env.MALLOC_CONF).toMatch(/narenas:2/);
    const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
    expect(/^ARG JEMALLOC_VERSION=(\S+)$/m.exec(dockerfile)?.[1]).toBe(JEMALLOC_PACKAGE.version);
    expect(JEMALLOC_PACKAGE.url).toContain(`libjemalloc2_${JEMALLOC_PACKAGE.version}_amd64.deb`);
  });

  it("preloads a local copy in place of the image's path, and nothing else", async () => {
    const local = (): Promise<string> => Promise.resolve('/cache/libjemalloc.so.2');
    expect(
      await withLocalPreload({ LD_PRELOAD: IMAGE_JEMALLOC_PATH, MALLOC_CONF: 'narenas:2' }, local),
    ).toEqual({
      LD_PRELOAD: '/cache/libjemalloc.so.2',
      MALLOC_CONF: 'narenas:2',
    });
    const never = (): Promise<string> => Promise.reject(new Error('fetched'));
    expect(await withLocalPreload({ MALLOC_ARENA_MAX: '2' }, never)).toEqual({ MALLOC_ARENA_MAX: '2' });
    expect(await withLocalPreload({ LD_PRELOAD: '/other.so' }, never)).toEqual({ LD_PRELOAD: '/other.so' });
  });
});

describe('parseBenchArgs', () => {
  it('has defaults sized by the speed-up', () => {
    expect(parseBenchArgs(['--services', '100'])).toMatchObject({
      services: 100,
      speedup: 10,
      quietResyncs: 3,
      resyncPeriodMs: 60_000,
      workers: 32,
      rateBudget: 1,
      latencySamples: 50,
      baselineResyncs: 2,
      docPath: 'docs/performance.md',
      chartDir: 'docs/performance',
      jsonPath: undefined,
      operatorEntry: 'bundle',
      // As the install runs it: the shipped Deployment's heap cap.
      operatorNodeArgs: ['--max-old-space-size=160', '--max-semi-space-size=8'],
    });
    expect(
      parseBenchArgs(['--services=5', '--operator-node-arg=--max-old-space-size=4096']).operatorNodeArgs,
    ).toEqual(['--max-old-space-size=4096']);
    expect(parseBenchArgs(['--services=5', '--operator-entry=source']).operatorNodeArgs).toEqual([]);
    expect(parseBenchArgs(['--services=5', '--operator-entry=dist']).operatorNodeArgs).toEqual([
      '--max-old-space-size=160',
      '--max-semi-space-size=8',
    ]);
    expect(() => parseBenchArgs(['--services=5', '--operator-entry=tsc'])).toThrow(
      '--operator-entry "tsc": expected bundle, dist or source',
    );
    expect(
      parseBenchArgs(['--services=5', '--operator-env=MALLOC_ARENA_MAX=8', '--operator-env=X=a=b'])
        .operatorEnv,
    ).toEqual({ MALLOC_ARENA_MAX: '8', X: 'a=b' });
    expect(parseBenchArgs(['--services=5', '--speedup=2', '--doc=']).resyncPeriodMs).toBe(300_000);
    expect(parseBenchArgs(['--services=5', '--doc=']).docPath).toBeUndefined();
  });

  it.each([
    [[]],
    [['--services=0']],
    [['--services=5', '--speedup=-1']],
    [['--services=5', '--bogus']],
    [['--services=5', '--baseline-resyncs=-1']],
    [['--services=5', '--operator-env=MALLOC_ARENA_MAX']],
    [['--services=5', '--operator-env==2']],
  ])('refuses %j', (argv) => {
    expect(() => parseBenchArgs(argv)).toThrow(BenchUsageError);
  });
});

describe('summaries', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([], 50)).toBeNaN();
  });

  it('counts calls per action against the minimum, throttled apart', () => {
    const rows = callsByAction(
      [call('CreateService', 0), call('CreateService', 1, { outcome: 'throttled' })],
      minimumCalls(1),
    );
    expect(rows.find((r) => r.action === 'CreateService')).toMatchObject({
      calls: 2,
      throttled: 1,
      minimum: 1,
    });
    expect(rows.find((r) => r.action === 'RegisterTaskDefinition')).toMatchObject({ calls: 0, minimum: 1 });
  });

  it('bins calls per second per throttling category', () => {
    const series = perSecondSeries(
      [
        call('RegisterTaskDefinition', 1_000),
        call('RegisterTaskDefinition', 1_500, { outcome: 'throttled' }),
        call('DescribeServices', 2_100),
        call('DescribeScalableTargets', 2_200, { service: 'application-autoscaling' }),
      ],
      1_000,
      3,
    );
    expect(series.map((s) => [s.name, s.perSecond, s.throttledPerSecond])).toEqual([
      ['application-autoscaling:read', [0, 1, 0], [0, 0, 0]],
      ['service-read', [0, 1, 0], [0, 0, 0]],
      ['task-definition-modify', [2, 0, 0], [1, 0, 0]],
    ]);
  });

  it('counts calls per pair per period, per API', () => {
    const calls = [
      call('DescribeServices', 0),
      call('ListTaskDefinitions', 1),
      call('DescribeScalableTargets', 2, { service: 'application-autoscaling' }),
      call('DescribeTargetGroups', 3, { service: 'elasticloadbalancing' }),
      call('DescribeTargetGroups', 4, { service: 'elasticloadbalancing' }),
    ];
    // 2 pairs over a window of 2 periods: 4 pair-periods.
    expect(perPairCalls(calls, 2, 2)).toEqual({
      total: 5 / 4,
      byApi: { ecs: 2 / 4, 'application-autoscaling': 1 / 4, elasticloadbalancing: 2 / 4 },
    });
    expect(perPairCalls([], 2).byApi).toEqual({
      ecs: 0,
      'application-autoscaling': 0,
      elasticloadbalancing: 0,
    });
    expect(perPairCalls(calls, 0).total).toBeNaN();
  });

  it('measures how full DescribeServices calls are', () => {
    expect(
      describeServicesFill([
        call('DescribeServices', 0, { batch: 10 }),
        call('DescribeServices', 1, { batch: 4 }),
      ]),
    ).toEqual({
      calls: 2,
      services: 14,
      averageBatch: 7,
    });
  });
});

describe('memory baseline', () => {
  it('divides the peak by the baseline peak, and gives nothing without a baseline', () => {
    const sample = { at: 0, rssMiB: 90, peakRssMiB: 100, heapUsedMiB: 20, heapTotalMiB: 30, externalMiB: 4 };
    const footprint = { peakRssMiB: 130 } as BenchResult['footprint'];
    expect(
      peakOverBaseline({
        footprint,
        baseline: { resyncs: 2, afterStart: sample, afterResyncs: sample, peakRssMiB: 100 },
      }),
    ).toBeCloseTo(1.3);
    expect(peakOverBaseline({ footprint, baseline: undefined })).toBeUndefined();
  });
});

describe('footprint parsing', () => {
  it('reads VmRSS and VmHWM', () => {
    expect(parseStatus('Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n')).toEqual({
      rssKiB: 102400,
      peakKiB: 204800,
    });
  });

  it('reads ppid and CPU ticks past a command name with spaces and parentheses', () => {
    const stat = '4242 (node (main) x) S 4000 4242 4242 0 -1 4194560 100 0 0 0 250 50 3 4 20 0 11 0';
    expect(parseStat(stat)).toEqual({ ppid: 4000, ticks: 300 });
  });
});

describe('operator metrics', () => {
  it('sums matching samples', () => {
    const samples = parseMetrics(
      [
        '# HELP controller_runtime_reconcile_total x',
        'controller_runtime_reconcile_total{controller="ecsservice",result="success"} 7',
        'controller_runtime_reconcile_total{controller="ecsservice",result="requeue_after"} 3',
        'controller_runtime_reconcile_total{controller="ecstaskdefinition",result="success"} 5',
      ].join('\n'),
    );
    expect(sumMetric(samples, 'controller_runtime_reconcile_total', { controller: 'ecsservice' })).toBe(10);
    expect(sumMetric(samples, 'controller_runtime_reconcile_total')).toBe(15);
  });
});

describe('renderChart', () => {
  it('labels both axes and keeps every text inside the picture, a long title wrapped', () => {
    const title =
      'ecs-bridge convergence: N = 1000 services, K = 10 changed task definitions, speedup 10, 2026-11-22 11:35:30, 1.13 x floor';
    const svg = renderChart({
      title,
      series: [
        { name: 'task-definition-modify', perSecond: [3, 10, 10], throttledPerSecond: [0, 1, 0] },
        { name: 'service-describe', perSecond: [1, 2, 3], throttledPerSecond: [0, 0, 0] },
      ],
      limits: { 'task-definition-modify': { ratePerSecond: 10, burst: 20, source: 'ECS, proxy' } },
      markers: [],
    });
    const width = Number(/width="(\d+)"/.exec(svg)?.[1]);
    const height = Number(/height="(\d+)"/.exec(svg)?.[1]);
    expect(svg.match(/>time since the first apply \(s\)</g)).toHaveLength(2);
    expect(svg.match(/rotate\(-90[^>]*>calls per second</g)).toHaveLength(2);
    // The title, wrapped, says all it said.
    const titleText = [...svg.matchAll(/font-size="14" font-weight="bold">([^<]*)</g)]
      .map((m) => m[1])
      .join(' ');
    expect(titleText).toBe(title);
    for (const m of svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"([^>]*)>([^<]*)</g)) {
      const [, xs, ys, attrs = '', text = ''] = m;
      const size = /font-size="(\d+)"/.exec(attrs) ? 14 : 11;
      const extent = text.length * size * 0.6;
      const x = Number(xs);
      if (attrs.includes('rotate(-90')) {
        // Turned a quarter: the text runs up the left edge, centred on y.
        expect(x - size, text).toBeGreaterThanOrEqual(0);
        expect(Number(ys) - extent / 2, text).toBeGreaterThanOrEqual(0);
        expect(Number(ys) + extent / 2, text).toBeLessThanOrEqual(height);
        continue;
      }
      const left = attrs.includes('text-anchor="end"')
        ? x - extent
        : attrs.includes('text-anchor="middle"')
          ? x - extent / 2
          : x;
      expect(left, text).toBeGreaterThanOrEqual(0);
      expect(left + extent, text).toBeLessThanOrEqual(width);
      expect(Number(ys), text).toBeLessThanOrEqual(height);
      expect(Number(ys) - size, text).toBeGreaterThanOrEqual(0);
    }
  });

  it('wraps text at spaces', () => {
    expect(wrapText('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
    expect(wrapText('averyveryverylongword x', 5)).toEqual(['averyveryverylongword', 'x']);
  });

  it('draws one panel per series with its limit', () => {
    const svg = renderChart({
      title: 'a <test>',
      series: [{ name: 'task-definition-modify', perSecond: [3, 10, 10], throttledPerSecond: [0, 1, 0] }],
      limits: { 'task-definition-modify': { ratePerSecond: 10, burst: 20, source: 'ECS, proxy' } },
      markers: [{ at: 2, label: 'all Ready', color: 'green' }],
    });
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('a &lt;test&gt;');
    expect(svg).toContain('task-definition-modify: 10/s sustained, burst 20 (ECS, proxy)');
    expect(svg).toContain('23 calls, 1 throttled');
    expect(svg.match(/<polyline /g)).toHaveLength(1);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it.each([
    [10, 4, 5],
    [98, 10, 10],
    [0.5, 4, 0.2],
  ])('steps %f over %i ticks by %f', (max, count, step) => {
    expect(niceStep(max, count)).toBeCloseTo(step, 10);
  });
});
