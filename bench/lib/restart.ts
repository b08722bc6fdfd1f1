/**
 * The restart phase of the benchmark: after the steady window the operator process is
 * stopped and a fresh one started with the same flags; the phase measures what the new process
 * costs until it has reconciled every object again (AWS calls, AWS writes, status writes, time)
 * against one steady resync period's worth of calls, 0 writes, and one resync period. A leader
 * change is measured the same way: a standby replica, running with its informers synced, takes
 * over when the leader stops. Both go to one row of their own table, docs/performance/restart.md.
 */
import { existsSync, appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { LoggedCall } from './call-log.js';
import { parseMetrics, sumMetric } from './prometheus.js';
import type { Target } from './result.js';
import { isWrite, runCells, type RowRun } from './row-cells.js';
import { COUNTED_APIS } from './summary.js';

/** What one restart cost. */
export interface RestartResult {
  /** From the new process's start until it had reconciled every object; undefined when it did not in time. */
  readonly seconds: number | undefined;
  /** Reconciles the new process finished by then (or by the deadline), per controller. */
  readonly reconciles: { readonly services: number; readonly taskDefinitions: number };
  /** Every AWS call of the new process until every object was reconciled (or the deadline). */
  readonly calls: number;
  /** The same calls per API (ecs, application-autoscaling, elasticloadbalancing, tagging, other). */
  readonly callsByApi: Readonly<Record<string, number>>;
  /** The steady window's calls per resync period: the budget a restart is judged against. */
  readonly steadyCallsPerPeriod: number;
  /** AWS writes from the new process's start until a few seconds after every object was reconciled. */
  readonly awsWrites: number;
  /** Status writes over the same span. */
  readonly statusWrites: number;
  readonly resyncPeriodSeconds: number;
}

/** What {@link measureRestart} needs from the run. */
export interface RestartInput {
  /** N: services, and as many task definitions. */
  readonly services: number;
  readonly resyncPeriodMs: number;
  /** The steady window's calls per resync period (NaN when there was no steady window). */
  readonly steadyCallsPerPeriod: number;
  /** The phase's name in the log: `restart` or `leader change`. */
  readonly phase?: string;
  /** Stops the running operator (gracefully, as a rollout or node drain does). */
  readonly stopOld: () => Promise<void>;
  /**
   * Starts the new operator with the same flags, or hands over the standby already running (a
   * leader change); resolves once it is ready, with its metrics reader.
   */
  readonly startNew: () => Promise<{ metrics: () => Promise<string> }>;
  /** Polls the AWS proxy's call log and returns the calls made in [from, to]. */
  readonly callsBetween: (from: number, to: number) => Promise<readonly LoggedCall[]>;
  /** Status writes seen so far (all kinds). */
  readonly statusWrites: () => number;
  readonly log: (line: string) => void;
}

/** The share of a resync period after the restart whose calls are counted (see measureRestart). */
const RESTART_WINDOW_FRACTION = 0.8;

/** Writes quiet this long after the last reconcile of the restart count as none. */
const WRITE_GRACE_MS = 5_000;

/**
 * Restarts the operator and measures until the new process has finished at least N reconciles per
 * controller (each key is queued once at start, so that is every object once; a retry counts too,
 * which the 0-failure steady state makes rare), or two resync periods have passed; the calls are
 * those of the new process's first {@link RESTART_WINDOW_FRACTION} of a period (or until every
 * object was reconciled, when that is later).
 */
export async function measureRestart(input: RestartInput): Promise<RestartResult> {
  const { services: n, resyncPeriodMs, log } = input;
  const phase = input.phase ?? 'restart';
  await input.stopOld();
  const statusBefore = input.statusWrites();
  const t0 = Date.now();
  const operator = await input.startNew();
  log(
    `${phase}: new operator ready after ${((Date.now() - t0) / 1000).toFixed(1)} s; waiting for every object to be reconciled`,
  );
  // Measured from before the start (a restart's time includes the process's); the wait ends two
  // periods after the new process is ready, so a slow start is measured, not cut short.
  const deadline = Date.now() + 2 * resyncPeriodMs;
  let reconciles: RestartResult['reconciles'];
  let doneAt: number | undefined;
  for (;;) {
    const m = parseMetrics(await operator.metrics());
    reconciles = {
      services: sumMetric(m, 'controller_runtime_reconcile_total', { controller: 'ecsservice' }),
      taskDefinitions: sumMetric(m, 'controller_runtime_reconcile_total', {
        controller: 'ecstaskdefinition',
      }),
    };
    if (reconciles.services >= n && reconciles.taskDefinitions >= n) {
      doneAt = Date.now();
      break;
    }
    if (Date.now() > deadline) break;
    await delay(250);
  }
  // Every object reconciled once is not yet the restart's whole cost: a service visited before its
  // task definition's revision is known again ends "pending" without reading ECS and is woken for
  // its real visit a moment later, sooner or later depending on the run. So the calls counted are
  // all of the new process's first RESTART_WINDOW_FRACTION of a resync period: every visit the start
  // caused, and no key's first resync yet (the jitter only shortens a period, by a tenth at most).
  const windowEnd = t0 + RESTART_WINDOW_FRACTION * resyncPeriodMs;
  const until = Math.max(windowEnd, (doneAt ?? Date.now()) + WRITE_GRACE_MS);
  for (let left = until - Date.now(); left > 0; left = until - Date.now()) await delay(left);
  const calls = await input.callsBetween(t0, Math.max(windowEnd, doneAt ?? 0));
  const writes = (await input.callsBetween(t0, until)).filter(isWrite);
  const callsByApi: Record<string, number> = {};
  for (const c of calls) {
    // The tagging API under its own name: a restart reads its revisions' tags from it (ADR 0051).
    const api = [...COUNTED_APIS, 'tagging'].includes(c.service) ? c.service : 'other';
    callsByApi[api] = (callsByApi[api] ?? 0) + 1;
  }
  return {
    seconds: doneAt === undefined ? undefined : (doneAt - t0) / 1000,
    reconciles,
    calls: calls.length,
    callsByApi,
    steadyCallsPerPeriod: input.steadyCallsPerPeriod,
    awsWrites: writes.length,
    statusWrites: input.statusWrites() - statusBefore,
    resyncPeriodSeconds: resyncPeriodMs / 1000,
  };
}

const fixed = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/**
 * The restart targets (no more calls than a steady period, no write, every object within a period),
 * met / NOT MET; `phase` names them (`restart`, or `leader change` for a standby taking over).
 */
export function judgeRestart(r: RestartResult, phase = 'restart'): Target[] {
  const ratio = r.calls / r.steadyCallsPerPeriod;
  return [
    {
      name: `${phase}: calls of the first 0.8 resync period (every object reconciled)`,
      target: '≤ one steady resync period of calls',
      measured: `${r.calls} (${fixed(ratio, 2)} × ${fixed(r.steadyCallsPerPeriod)} per steady period)`,
      met: Number.isFinite(ratio) && ratio <= 1,
    },
    {
      name: `${phase}: writes`,
      target: '0 AWS / 0 status',
      measured: `${r.awsWrites} / ${r.statusWrites}`,
      met: r.awsWrites === 0 && r.statusWrites === 0,
    },
    {
      name: `${phase}: every object reconciled`,
      target: `within one resync period (${fixed(r.resyncPeriodSeconds, 0)} s)`,
      measured:
        r.seconds === undefined
          ? `not within two periods of readiness (${r.reconciles.services} services, ${r.reconciles.taskDefinitions} task definitions reconciled)`
          : `${fixed(r.seconds)} s`,
      met: r.seconds !== undefined && r.seconds <= r.resyncPeriodSeconds,
    },
  ];
}

/** The header of the restart table in docs/performance.md. */
export const RESTART_TABLE_HEADER = [
  '| date | commit | label | N | K | resync s | restart: calls in the first 0.8 period (ECS / AAS / ELB) | ÷ steady calls per period | writes AWS/status | all reconciled s | leader change |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
].join('\n');

/** A leader change's cell: its calls (and their ratio to a steady period), writes and time. */
function leaderChangeCell(l: RestartResult | undefined): string {
  if (l === undefined) return 'not measured';
  const api = (name: string): number => l.callsByApi[name] ?? 0;
  const reconciled =
    l.seconds === undefined ? 'not all within two periods' : `all reconciled ${fixed(l.seconds)} s`;
  return (
    `${l.calls} (${api('ecs')} / ${api('application-autoscaling')} / ${api('elasticloadbalancing')}` +
    `${api('tagging') === 0 ? '' : `, ${api('tagging')} tagging`}), ${fixed(l.calls / l.steadyCallsPerPeriod, 2)} ×, ` +
    `writes ${l.awsWrites} / ${l.statusWrites}, ${reconciled}`
  );
}

/** One restart row for a run with a restart phase (and, when measured, its leader change). */
export function restartRow(r: RowRun, x: RestartResult, leader?: RestartResult): string {
  const api = (name: string): number => x.callsByApi[name] ?? 0;
  const cells = [
    ...runCells(r),
    fixed(x.resyncPeriodSeconds, 0),
    `${x.calls} (${api('ecs')} / ${api('application-autoscaling')} / ${api('elasticloadbalancing')})` +
      (api('tagging') === 0 ? '' : `, of which ${api('tagging')} tagging GetResources`),
    fixed(x.calls / x.steadyCallsPerPeriod, 2),
    `${x.awsWrites} / ${x.statusWrites}`,
    x.seconds === undefined ? 'not within two periods' : fixed(x.seconds),
    leaderChangeCell(leader),
  ];
  return `| ${cells.join(' | ')} |`;
}

/**
 * Where a run's restart row goes: `docs/performance/restart.md` for `docs/performance.md`, its own
 * file, since the main table is appended at the end of its file.
 */
export function restartDocPath(docPath: string): string {
  return `${docPath.replace(/\.md$/, '')}/restart.md`;
}

/** Appends the restart row to `path`, the file's title and the table's header first when it has none. */
export function appendRestartRow(path: string, r: RowRun, x: RestartResult, leader?: RestartResult): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (!text.includes(RESTART_TABLE_HEADER.split('\n')[0] ?? '')) {
    mkdirSync(dirname(path), { recursive: true });
    const title =
      text === ''
        ? '# Restart cost\n\nWritten by `npm run bench` (bench/lib/restart.ts): after the steady window the operator is stopped and a fresh process started with the same flags; calls, writes and time until it has reconciled every object again. Targets (issue 23): calls ≤ one steady resync period of calls, 0 writes, every object within one resync period. Rows are appended by the benchmark, never edited by hand.\n\n'
        : '\n';
    writeFileSync(path, `${text}${title}${RESTART_TABLE_HEADER}\n`);
  }
  appendFileSync(path, `${restartRow(r, x, leader)}\n`);
}
