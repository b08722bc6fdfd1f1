/**
 * The benchmark's command line: `npm run bench -- --services N [--speedup K] [--json out.json]
 * [--quiet-resyncs R] ...`, parsed into one validated {@link BenchOptions}.
 */
import { parseArgs } from 'node:util';
import { installEnv, installNodeArgs } from './install-node-args.js';
import type { OperatorEntry } from './operator.js';

/** Everything one benchmark run is sized by. */
export interface BenchOptions {
  /** N: EcsTaskDefinitions and EcsServices (one of each per service). */
  readonly services: number;
  /** K: the AWS proxy's token buckets refill K times faster than ECS's. */
  readonly speedup: number;
  /** Where the JSON result goes; none when undefined. */
  readonly jsonPath: string | undefined;
  /** R: how many resync periods the steady-state window lasts; 0 skips the steady state. */
  readonly quietResyncs: number;
  /** The operator's `--resync-period`, in milliseconds. */
  readonly resyncPeriodMs: number;
  /** The operator's `--workers`. */
  readonly workers: number;
  /** The operator's `--aws-rate-budget`. */
  readonly rateBudget: number;
  /** Samples of each kind in the idle latency phase (0 skips it). */
  readonly latencySamples: number;
  /** Resync periods the memory baseline (an operator with no objects) is watched for; 0 skips it. */
  readonly baselineResyncs: number;
  /** How long the proxy's simulated rollouts take. */
  readonly rolloutMs: number;
  /** After the steady window, restart the operator and measure what it costs (the restart row). */
  readonly restart: boolean;
  /**
   * After the restart, a leader change: a standby replica (leader election on, informers synced)
   * takes over from the leader, which stops gracefully; measured as the restart is. Needs `restart`.
   */
  readonly leaderChange: boolean;
  /** Where the SVG chart goes (a folder); none when undefined. */
  readonly chartDir: string | undefined;
  /** The markdown file a result row is appended to; none when undefined. */
  readonly docPath: string | undefined;
  /** A short note for the row and the JSON (e.g. `before`, `after: read-ahead`). */
  readonly label: string;
  /** Gives up on convergence after this long, in milliseconds; undefined: 20 × the floor + 2 min. */
  readonly timeoutMs: number | undefined;
  /** Target groups per ALB (listener rules per listener). */
  readonly targetGroupsPerAlb: number;
  /**
   * The fleet: true, every service behind an ALB target group with three autoscaling policies;
   * false (`--without-autoscaling`), services with no load balancer and no `spec.autoscaling`.
   */
  readonly autoscaling: boolean;
  /** Extra flags for the operator, after the benchmark's own. */
  readonly operatorArgs: readonly string[];
  /** `dist`: compiled, run by plain node, as users run it; `source`: tsx on src/ as the tests do. */
  readonly operatorEntry: OperatorEntry;
  /** Where the operators' logs are copied at the end; nowhere when undefined. */
  readonly logDir: string | undefined;
  /**
   * Node.js flags for the operator process (`dist` entry only), e.g. `--max-old-space-size=256`;
   * by default the install's `NODE_OPTIONS`.
   */
  readonly operatorNodeArgs: readonly string[];
  /** Extra environment of the operator processes (the install's MALLOC_ARENA_MAX by default). */
  readonly operatorEnv: Readonly<Record<string, string>>;
}

/** The usage text. */
export const BENCH_USAGE = `usage: npm run bench -- --services N [options]

Starts the test world (kube-apiserver, etcd, moto, the AWS proxy enforcing ECS's token buckets
sped up K times), runs ecs-bridge as its own process, applies N EcsTaskDefinitions and N EcsServices
(load balancer, CPU/memory/request-count autoscaling; neither with --without-autoscaling) and prints
convergence against the rate-limit floor, AWS calls, steady state, idle latency and footprint.

  --services N          services (and task definitions) to converge (required)
  --speedup K           proxy bucket refill multiplier (default 10)
  --json PATH           write the full result as JSON
  --quiet-resyncs R     resync periods in the steady-state window (default 3; 0 skips it)
  --resync-period S     operator resync period in seconds (default 600 / K)
  --workers W           operator workers per controller (default 32)
  --rate-budget F       operator --aws-rate-budget (default 1: nobody else uses the emulator)
  --latency-samples S   idle apply-to-first-write samples per kind (default 50; 0 skips)
  --baseline-resyncs R  memory baseline: an operator with no objects, read after start and after
                        R resync periods (default 2; 0 skips)
  --scaling-model       print the per-account budget model of docs/scaling.md and exit (no world);
                        with --fleet N --accounts A --resync-period S --per-replica R
                        (defaults 50000, 20, 600, 5000)
  --no-restart          skip the restart phase (after the steady window: stop the operator,
                        start a fresh one, count calls and writes until all are reconciled)
  --no-leader-change    skip the leader change after the restart (a standby replica takes over
                        from the leader, which stops; counted as the restart is)
  --rollout-ms MS       simulated rollout duration (default 200)
  --chart-dir DIR       where the SVG chart goes (default docs/performance; "" for none)
  --doc PATH            markdown file to append a row to (default docs/performance.md; "" for none)
  --label TEXT          a note for the row (default "")
  --timeout S           give up on convergence after S seconds (default 20 × floor + 120)
  --tgs-per-alb T       target groups per ALB (default 100, AWS's rule limit per listener)
  --without-autoscaling services with no load balancer and no autoscaling (no target groups or
                        ALBs are created); judged against the plain fleet's targets, and the
                        row's label starts "no autoscaling:"
  --operator-arg FLAG   extra operator flag (repeatable)
  --operator-entry E    bundle (compiled and bundled, plain node, as the image runs it: default),
                        dist (compiled, not bundled) or source (tsx, as the tests run it)
  --log-dir DIR         copy the operators' logs there at the end
  --operator-node-arg F Node.js flag for the operator process, e.g. --max-old-space-size=256
                        (repeatable; default: the install's NODE_OPTIONS)
  --operator-env N=V    environment variable for the operator process, e.g. MALLOC_ARENA_MAX=2
                        (repeatable; default: the install's MALLOC_ARENA_MAX, if it sets one)
`;

/** A command line the benchmark cannot run with. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

function number(
  raw: string | undefined,
  flag: string,
  fallback: number,
  check: (n: number) => boolean,
  expected: string,
): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) {
    throw new BenchUsageError(`--${flag} ${JSON.stringify(raw)}: expected ${expected}`);
  }
  return n;
}

const positiveInteger = (n: number): boolean => Number.isInteger(n) && n > 0;

/** Parses the benchmark's arguments (after `--`); throws {@link BenchUsageError}. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        services: { type: 'string' },
        speedup: { type: 'string' },
        json: { type: 'string' },
        'quiet-resyncs': { type: 'string' },
        'resync-period': { type: 'string' },
        workers: { type: 'string' },
        'rate-budget': { type: 'string' },
        'latency-samples': { type: 'string' },
        'baseline-resyncs': { type: 'string' },
        'no-restart': { type: 'boolean' },
        'no-leader-change': { type: 'boolean' },
        'rollout-ms': { type: 'string' },
        'chart-dir': { type: 'string' },
        doc: { type: 'string' },
        label: { type: 'string' },
        timeout: { type: 'string' },
        'tgs-per-alb': { type: 'string' },
        'without-autoscaling': { type: 'boolean' },
        'operator-arg': { type: 'string', multiple: true },
        'operator-entry': { type: 'string' },
        'log-dir': { type: 'string' },
        'operator-node-arg': { type: 'string', multiple: true },
        'operator-env': { type: 'string', multiple: true },
      },
    }));
  } catch (err) {
    throw new BenchUsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.services === undefined) throw new BenchUsageError('--services N is required');
  const services = number(values.services, 'services', 0, positiveInteger, 'a whole number above 0');
  const speedup = number(values.speedup, 'speedup', 10, (n) => n > 0 && n <= 1000, 'a number in (0, 1000]');
  const resyncSeconds = number(
    values['resync-period'],
    'resync-period',
    600 / speedup,
    (n) => n >= 1,
    'seconds, at least 1',
  );
  const timeoutSeconds =
    values.timeout === undefined
      ? undefined
      : number(values.timeout, 'timeout', 0, (n) => n > 0, 'seconds above 0');
  const entry = values['operator-entry'] ?? 'bundle';
  if (entry !== 'bundle' && entry !== 'dist' && entry !== 'source') {
    throw new BenchUsageError(`--operator-entry ${JSON.stringify(entry)}: expected bundle, dist or source`);
  }
  if (entry === 'source' && values['operator-node-arg'] !== undefined) {
    throw new BenchUsageError('--operator-node-arg needs --operator-entry bundle or dist');
  }
  const operatorEnv: Record<string, string> = {};
  for (const pair of values['operator-env'] ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new BenchUsageError(`--operator-env ${JSON.stringify(pair)}: expected NAME=VALUE`);
    operatorEnv[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const autoscaling = values['without-autoscaling'] !== true;
  if (!autoscaling && values['tgs-per-alb'] !== undefined) {
    throw new BenchUsageError(
      '--tgs-per-alb: the fleet --without-autoscaling has no ALBs; drop one of the two',
    );
  }
  const optionalPath = (raw: string | undefined, fallback: string): string | undefined =>
    raw === undefined ? fallback : raw === '' ? undefined : raw;
  return {
    services,
    speedup,
    jsonPath: values.json === '' ? undefined : values.json,
    quietResyncs: number(
      values['quiet-resyncs'],
      'quiet-resyncs',
      3,
      (n) => Number.isInteger(n) && n >= 0,
      'a whole number (0 skips the steady state)',
    ),
    resyncPeriodMs: Math.round(resyncSeconds * 1000),
    workers: number(
      values.workers,
      'workers',
      32,
      (n) => positiveInteger(n) && n <= 1000,
      'a whole number from 1 to 1000',
    ),
    rateBudget: number(values['rate-budget'], 'rate-budget', 1, (n) => n > 0 && n <= 1, 'a number in (0, 1]'),
    latencySamples: number(
      values['latency-samples'],
      'latency-samples',
      50,
      (n) => Number.isInteger(n) && n >= 0,
      'a whole number',
    ),
    baselineResyncs: number(
      values['baseline-resyncs'],
      'baseline-resyncs',
      2,
      (n) => Number.isInteger(n) && n >= 0,
      'a whole number (0 skips the baseline)',
    ),
    restart: values['no-restart'] !== true,
    leaderChange: values['no-restart'] !== true && values['no-leader-change'] !== true,
    rolloutMs: number(
      values['rollout-ms'],
      'rollout-ms',
      200,
      (n) => Number.isInteger(n) && n >= 0,
      'milliseconds',
    ),
    chartDir: optionalPath(values['chart-dir'], 'docs/performance'),
    docPath: optionalPath(values.doc, 'docs/performance.md'),
    label: values.label ?? '',
    timeoutMs: timeoutSeconds === undefined ? undefined : Math.round(timeoutSeconds * 1000),
    targetGroupsPerAlb: number(
      values['tgs-per-alb'],
      'tgs-per-alb',
      100,
      (n) => positiveInteger(n) && n <= 1000,
      'a whole number from 1 to 1000',
    ),
    autoscaling,
    operatorArgs: values['operator-arg'] ?? [],
    operatorEntry: entry,
    logDir: values['log-dir'] === '' ? undefined : values['log-dir'],
    // As users run it: the install's NODE_OPTIONS (its heap cap) unless told otherwise.
    operatorNodeArgs: values['operator-node-arg'] ?? (entry === 'source' ? [] : installNodeArgs()),
    // Likewise its memory-shaping environment (glibc's malloc arenas).
    operatorEnv: values['operator-env'] === undefined ? installEnv() : operatorEnv,
  };
}
