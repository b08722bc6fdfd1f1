/**
 * The benchmark's restart judgement and row, and the scaling model of docs/scaling.md: pure parts
 * (they live here because the unit project does not include bench/; they need no world).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendRestartRow,
  judgeRestart,
  restartDocPath,
  RESTART_TABLE_HEADER,
  type RestartResult,
} from '../../bench/lib/restart.js';
import {
  formatScalingModel,
  ISSUE_23_FLEET,
  scalingModel,
  scalingModelArgs,
  steadyBudget,
} from '../../bench/lib/scaling-model.js';

const restart = (extra: Partial<RestartResult> = {}): RestartResult => ({
  seconds: 12,
  reconciles: { services: 100, taskDefinitions: 100 },
  calls: 40,
  callsByApi: { ecs: 25, 'application-autoscaling': 10, elasticloadbalancing: 5 },
  steadyCallsPerPeriod: 50,
  awsWrites: 0,
  statusWrites: 0,
  resyncPeriodSeconds: 60,
  ...extra,
});

describe('restart judgement', () => {
  it('meets the targets with fewer calls than a steady period, no writes, all within a period', () => {
    expect(judgeRestart(restart()).map((t) => t.met)).toEqual([true, true, true]);
  });

  it.each<[string, Partial<RestartResult>, number]>([
    ['more calls than a steady period', { calls: 51 }, 0],
    ['no steady window to compare with', { steadyCallsPerPeriod: Number.NaN }, 0],
    ['an AWS write', { awsWrites: 1 }, 1],
    ['a status write', { statusWrites: 1 }, 1],
    ['longer than a period', { seconds: 61 }, 2],
    ['not all reconciled', { seconds: undefined }, 2],
  ])('is NOT MET with %s', (_label, extra, index) => {
    const targets = judgeRestart(restart(extra));
    expect(targets[index]?.met).toBe(false);
    expect(targets.filter((t) => !t.met)).toHaveLength(1);
  });

  it("names a leader change's targets as such", () => {
    expect(judgeRestart(restart(), 'leader change').map((t) => t.name)).toEqual([
      'leader change: calls of the first 0.8 resync period (every object reconciled)',
      'leader change: writes',
      'leader change: every object reconciled',
    ]);
  });

  it('writes its own table next to the main one, header once, a row per run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'restart-row-'));
    try {
      const path = restartDocPath(join(dir, 'performance.md'));
      expect(path).toBe(join(dir, 'performance', 'restart.md'));
      const run = {
        startedAt: '2026-12-06T07:00:00.000Z',
        commit: 'abcdef0123',
        label: 'x',
        options: { services: 100, speedup: 10 },
      };
      appendRestartRow(path, run, restart());
      appendRestartRow(path, run, restart({ seconds: undefined }));
      const lines = readFileSync(path, 'utf8').trim().split('\n');
      expect(lines[0]).toBe('# Restart cost');
      expect(lines.filter((l) => l === RESTART_TABLE_HEADER.split('\n')[0])).toHaveLength(1);
      expect(lines.at(-2)).toBe(
        '| 2026-12-06 07:00 | abcdef0 | x | 100 | 10 | 60 | 40 (25 / 10 / 5) | 0.80 | 0 / 0 | 12.0 | not measured |',
      );
      expect(lines.at(-1)).toContain('| not within two periods |');
      // The tagging API's calls are part of the total and named apart (ADR 0051).
      appendRestartRow(path, run, restart({ calls: 42, callsByApi: { ecs: 25, tagging: 2 } }));
      expect(readFileSync(path, 'utf8').trim().split('\n').at(-1)).toContain(
        '| 42 (25 / 0 / 0), of which 2 tagging GetResources |',
      );
      // A leader change measured after the restart fills the last cell.
      appendRestartRow(path, run, restart(), restart({ calls: 30, callsByApi: { ecs: 20, tagging: 3 } }));
      expect(readFileSync(path, 'utf8').trim().split('\n').at(-1)).toMatch(
        /\| 12\.0 \| 30 \(20 \/ 0 \/ 0, 3 tagging\), 0\.60 ×, writes 0 \/ 0, all reconciled 12\.0 s \|$/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scaling model', () => {
  it('plans 50,000 services over 20 accounts: 2,500 each, one replica per account, every bucket far from its limit', () => {
    const m = scalingModel(ISSUE_23_FLEET);
    expect(m.servicesPerAccount).toBe(2_500);
    expect(m.replicas).toBe(20);
    const calls = Object.fromEntries(m.steady.map((b) => [b.action, b.callsPerPeriod]));
    expect(calls).toEqual({
      DescribeServices: 250, // 2,500 services, 10 per call
      ListTaskDefinitions: 125, // 25 pages, 5 listings per 600 s period
      DescribeScalableTargets: 50, // 50 pages, once a period (ADR 0058)
      DescribeScalingPolicies: 750, // 7,500 policies, 10 a page, once a period
      DescribeScalingActivities: 2,
      DescribeTargetGroups: 7 / 144, // one listing of 7 pages a day, 144 periods a day
    });
    expect(m.busiestShare).toBeCloseTo(1.25 / 10, 6); // the policy listing against 10/s
    expect(m.convergenceFloor.seconds).toBe(2_480); // (2,500 − 20) registrations at 1/s
    expect(m.quotas[0]).toMatchObject({ needed: 2_500, limit: 3_000, fits: true });
    expect(formatScalingModel(m)).toContain('busiest bucket 12.50 %');
  });

  it('adds replicas within an account beyond the measured capacity, and flags a quota that does not fit', () => {
    const m = scalingModel({ ...ISSUE_23_FLEET, accounts: 5 });
    expect(m.servicesPerAccount).toBe(10_000);
    expect(m.replicas).toBe(10);
    expect(m.quotas[0]?.fits).toBe(false);
  });

  it('lists a short period more often and never more often than once a period', () => {
    const short = steadyBudget(1_000, 60);
    expect(short.find((b) => b.action === 'ListTaskDefinitions')?.callsPerPeriod).toBe(10);
    expect(steadyBudget(1_000, 1_200).find((b) => b.action === 'ListTaskDefinitions')?.callsPerPeriod).toBe(
      100,
    );
  });

  it('reads its flags and refuses nonsense', () => {
    expect(scalingModelArgs(['--scaling-model', '--fleet', '1000', '--accounts=2'])).toMatchObject({
      services: 1_000,
      accounts: 2,
      resyncPeriodSeconds: 600,
    });
    expect(() => scalingModelArgs(['--fleet', '-3'])).toThrow(/--fleet -3/);
    expect(() => scalingModel({ ...ISSUE_23_FLEET, accounts: 0 })).toThrow(RangeError);
  });
});
