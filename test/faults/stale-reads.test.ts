/**
 * Stale, empty and pre-update DescribeServices answers during rollouts: the Amazon ECS API is
 * eventually consistent ("the result of an API command you run that affects your Amazon ECS
 * resources might not be immediately visible to all subsequent commands you run",
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html), so a read after our
 * UpdateService may come from before it. Each service's rollout gets one such answer at each of
 * three points: just after UpdateService, mid-rollout, and just before ECS completes it. No object
 * may ever be Stalled, and every one must be Ready within one resync after ECS completes.
 *
 * Every injected answer is one ECS could give: the service's own deployment list at an earlier point
 * in time, captured from the proxy's rollout model (`pre-update`: before our UpdateService, the old
 * PRIMARY COMPLETED alone; `stale`: while the service's first deployment was still IN_PROGRESS), or
 * an empty deployment list (`deployments` is optional in the DescribeServices answer). They go in
 * through the proxy's `patch` rules, once each (`times: 1`).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from '../support/aws-fixtures.js';
import { installCrds } from '../support/crds.js';
import { apply, condition, waitForReady, waitForResource } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import {
  callMark,
  callsFor,
  ec2ServiceManifest,
  keepOperatorLog,
  registerEc2TaskDefinition,
  startServiceOperator,
} from '../support/service-fixtures.js';
import { freshNamespace, proxyControl, worldControl } from '../support/world-client.js';
import { describeServicesPatch, type JsonObject, type ServiceRolloutView } from '../world/aws-proxy/index.js';
import { waitFor } from '../world/wait.js';
import { mapLimit } from './fault-support.js';
import { writeFigures } from './figures.js';
import { StormConditionWatch } from './storm-condition-watch.js';

const CLUSTER = 'faults-stale-reads';
const FAMILY = 'faults-stale-reads';
const COUNT = 6;
/** The operator's resync period: every object must be Ready within one after ECS completes. */
const RESYNC_MS = 30_000;
/** The operator's log line for an answer it did not believe yet (src/resources/service/reconciler.ts). */
const UNCONFIRMED_LOG = 'followed ecs deployment not listed; reading again before concluding';

type Kind = 'stale' | 'empty' | 'pre-update';
const POINTS = ['just after UpdateService', 'mid-rollout', 'just before completion'] as const;
/** Which kind each service gets at each point: every kind at every point, twice over. */
const PLAN: readonly (readonly [Kind, Kind, Kind])[] = [
  ['stale', 'empty', 'pre-update'],
  ['empty', 'pre-update', 'stale'],
  ['pre-update', 'stale', 'empty'],
];

/** The DescribeServices fields of a service at one moment, as the proxy's model holds them. */
function viewAt(view: ServiceRolloutView): JsonObject {
  return {
    taskDefinition: view.taskDefinition,
    desiredCount: view.desiredCount,
    runningCount: view.runningCount,
    pendingCount: view.pendingCount,
    deployments: view.deployments.map((d) => ({ ...d })),
  };
}

interface ServiceRun {
  readonly name: string;
  readonly kinds: readonly [Kind, Kind, Kind];
  /** Snapshots taken earlier: while the first deployment rolled out, and before the update. */
  stale?: JsonObject;
  preUpdate?: JsonObject;
  /** Answers injected (rule fired and patched the service), per point. */
  injected: number;
  releasedAt?: number;
  readyAfterMs?: number;
}

async function snapshot(name: string): Promise<ServiceRolloutView> {
  return waitFor(async () => proxyControl().serviceRollout({ serviceName: name, cluster: CLUSTER }), {
    timeoutMs: 30_000,
    intervalMs: 200,
    what: `the proxy's model of ${name}`,
  });
}

/** Waits until the operator has read `name` (a DescribeServices naming it) after `afterSeq`. */
async function nextRead(name: string, afterSeq: number): Promise<void> {
  await waitFor(
    async () => {
      const found = (await proxyControl().calls({ action: 'DescribeServices', afterSeq })).some((c) =>
        JSON.stringify(c.params ?? {}).includes(`"${name}"`),
      );
      return found ? true : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 200, what: `a DescribeServices of ${name}` },
  );
}

/** Arms a one-time answer of `kind` for a service, waits until a DescribeServices got it: its seq. */
async function inject(run: ServiceRun, kind: Kind): Promise<number> {
  const merge: JsonObject =
    kind === 'empty' ? { deployments: [] } : kind === 'stale' ? run.stale! : run.preUpdate!;
  const from = await callMark();
  const rule = await proxyControl().addRule(
    describeServicesPatch(run.name, merge, {
      bodyContains: `"${run.name}"`,
      times: 1,
      description: `${kind} answer for ${run.name}`,
    }),
  );
  const call = await waitFor(
    async () => {
      const calls = await proxyControl().calls({ action: 'DescribeServices', afterSeq: from });
      return calls.find((c) => c.ruleIds.includes(rule.id));
    },
    { timeoutMs: 60_000, intervalMs: 200, what: `the ${kind} answer for ${run.name} to be served` },
  );
  if ((call.patched ?? 0) > 0) run.injected += 1;
  return call.seq;
}

describe('stale, empty and pre-update DescribeServices answers (scenario 1)', () => {
  let operator: OperatorProcess;
  let namespace: string;
  let watch: StormConditionWatch;
  let revision1: string;
  let revision2: string;
  const runs: ServiceRun[] = Array.from({ length: COUNT }, (_, i) => ({
    name: `stale-${i}`,
    kinds: PLAN[i % PLAN.length]!,
    injected: 0,
  }));

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    await createCluster(CLUSTER);
    revision1 = await registerEc2TaskDefinition(FAMILY, 'busybox:1');
    revision2 = await registerEc2TaskDefinition(FAMILY, 'busybox:2');
    namespace = await freshNamespace('faults-stale');
    operator = await startServiceOperator(namespace, { resyncPeriod: `${RESYNC_MS / 1000}s` });
    watch = await StormConditionWatch.start(namespace, ['ecsservices'], Date.now());
  });

  afterAll(async () => {
    watch?.stop();
    keepOperatorLog(operator, 'faults-stale-reads');
    await proxyControl().clearRules();
    await proxyControl().releaseRollouts();
    await operator?.stop();
  });

  it('never stalls, and every service is Ready within one resync after ECS completes', async () => {
    const proxy = proxyControl();
    // Create every service with its first deployment held, to capture the `stale` view: ECS's
    // answer while that deployment was still IN_PROGRESS.
    for (const r of runs) await proxy.holdRollouts({ serviceName: r.name, cluster: CLUSTER });
    await apply(
      namespace,
      ...runs.map((r) =>
        ec2ServiceManifest(r.name, { cluster: CLUSTER, taskDefinition: `${FAMILY}:1`, desiredCount: 2 }),
      ),
    );
    for (const r of runs) r.stale = viewAt(await snapshot(r.name));
    for (const r of runs) await proxy.releaseRollouts({ serviceName: r.name, cluster: CLUSTER });
    await mapLimit(runs, COUNT, (r) => waitForReady('ecsservices', namespace, r.name, 90_000));
    for (const r of runs) {
      const before = await snapshot(r.name);
      expect(before.deployments.map((d) => d.rolloutState)).toEqual(['COMPLETED']);
      r.preUpdate = viewAt(before);
      await proxy.holdRollouts({ serviceName: r.name, cluster: CLUSTER });
    }

    // The rollout: every service moves to revision 2; ECS holds each deployment IN_PROGRESS while the
    // three answers are played, then completes it.
    const mark = await callMark();
    await apply(
      namespace,
      ...runs.map((r) =>
        ec2ServiceManifest(r.name, { cluster: CLUSTER, taskDefinition: `${FAMILY}:2`, desiredCount: 2 }),
      ),
    );
    await mapLimit(runs, COUNT, async (r) => {
      await waitFor(
        async () => {
          const calls = await callsFor('UpdateService', r.name, mark);
          return calls.length > 0 ? calls : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 200, what: `the UpdateService of ${r.name}` },
      );
      // Just after UpdateService: the next read.
      const first = await inject(r, r.kinds[0]);
      // Mid-rollout: after the operator has read the deployment IN_PROGRESS once more.
      await nextRead(r.name, first);
      const second = await inject(r, r.kinds[1]);
      // Just before completion: one more good read, the injected one, then ECS completes.
      await nextRead(r.name, second);
      await inject(r, r.kinds[2]);
      r.releasedAt = Date.now();
      await proxy.releaseRollouts({ serviceName: r.name, cluster: CLUSTER });
      await waitForResource(
        'ecsservices',
        namespace,
        r.name,
        (o) =>
          condition(o, 'Ready')?.status === 'True' &&
          o.status?.observedGeneration === o.metadata.generation &&
          o.status?.taskDefinitionArn === revision2,
        { timeoutMs: 2 * RESYNC_MS, what: `${r.name} Ready on revision 2` },
      );
      r.readyAfterMs = Date.now() - r.releasedAt;
    });

    const updates = await Promise.all(
      runs.map(async (r) => (await callsFor('UpdateService', r.name, mark)).length),
    );
    const believedLater = unconfirmedReads(operator.logPath);
    const judgedNotYetKnown = runs.map((r) => believedLater.get(r.name) ?? 0);
    const injected = runs.reduce((n, r) => n + r.injected, 0);
    const worstReadyMs = Math.max(...runs.map((r) => r.readyAfterMs ?? Infinity));
    const stalled = new Set(watch.forbidden.map((line) => line.slice(0, line.indexOf(':'))));
    watch.stop();

    writeFigures({
      id: '09-stale-reads',
      scenario: '9. Stale, empty and pre-update DescribeServices answers',
      injected: `${COUNT} EcsServices rolled from ${revision1.slice(revision1.lastIndexOf('/') + 1)} to ${revision2.slice(revision2.lastIndexOf('/') + 1)}; each rollout got one injected DescribeServices answer at each of ${POINTS.length} points (${POINTS.join(', ')}), the kinds rotated so every kind (stale: the deployment list while the first deployment was IN_PROGRESS; empty: no deployments; pre-update: the old PRIMARY COMPLETED alone) hit every point twice`,
      times: injected,
      outcome: `${stalled.size} objects ever Stalled (${watch.versions} versions watched, ${watch.failures.length} Ready=False or Stalled); ${judgedNotYetKnown.reduce((a, b) => a + b, 0)} answers judged not yet known and re-read (per service: ${judgedNotYetKnown.join(', ')}); ${runs.filter((r) => (r.readyAfterMs ?? Infinity) <= RESYNC_MS).length}/${COUNT} Ready within one resync (${RESYNC_MS / 1000} s) after ECS completed, worst ${(worstReadyMs / 1000).toFixed(1)} s; UpdateService per service: ${updates.join(', ')} (no write from a stale answer)`,
    });

    expect(injected).toBe(COUNT * POINTS.length);
    expect(watch.forbidden).toEqual([]);
    expect(runs.every((r) => (r.readyAfterMs ?? Infinity) <= RESYNC_MS)).toBe(true);
    expect(updates.every((n) => n === 1)).toBe(true);
    // Each service's operator really saw injected answers (not only read-aheads it discarded).
    expect(judgedNotYetKnown.every((n) => n >= 1)).toBe(true);
  });
});

/** Per service name, how many times the operator logged an answer it did not believe yet. */
function unconfirmedReads(logPath: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of readFileSync(logPath, 'utf8').split('\n')) {
    if (!line.includes(UNCONFIRMED_LOG)) continue;
    try {
      const entry = JSON.parse(line) as { name?: string; msg?: string };
      if (entry.msg === UNCONFIRMED_LOG && entry.name !== undefined)
        counts.set(entry.name, (counts.get(entry.name) ?? 0) + 1);
    } catch {
      // Not a JSON log line.
    }
  }
  return counts;
}
