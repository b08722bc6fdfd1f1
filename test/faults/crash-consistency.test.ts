/**
 * Scenario 4, crash consistency: the operator is SIGKILLed at random points (at least 50 times)
 * while a mixed set of EcsTaskDefinitions and EcsServices (some behind a load balancer with
 * autoscaling) goes through creates, image changes (a new revision, then a rolling update), scale
 * changes and deletes. After each restart nothing that may never happen is seen (a second service
 * of a name, anything left of a deleted object, a Stalled object); at checkpoints and at the end,
 * once everything has converged, every service exists exactly once on its current revision, no
 * revision beyond the history limit and no scalable target is left, and no finalizer is stuck. The
 * proxy's call log proves no second service was created and no revision registered twice.
 *
 * The run is chosen by a seeded PRNG (printed; replay with FAULTS_SEED=<seed>).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../world/wait.js';
import { createAlbWithTargetGroup, createCluster, createNetwork } from '../support/aws-fixtures.js';
import { installCrds } from '../support/crds.js';
import { apply, condition, waitForReady, waitForResource, type Resource } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { keepOperatorLog } from '../support/service-fixtures.js';
import { freshNamespace, proxyControl, worldControl, worldInfo } from '../support/world-client.js';
import { CallLogCollector, duplicateCreates, duplicateRegistrations } from './crash-call-log.js';
import { ClusterWorkload, clusterLeftovers, duplicateClusterCreates } from './crash-clusters.js';
import {
  anytimeViolations,
  convergedViolations,
  pendingConvergence,
  readSnapshot,
  revisionOf,
  revisionsAwaitingDelete,
  revisionsOverLimit,
  type ConvergedFindings,
} from './crash-invariants.js';
import {
  between,
  seededRandom,
  serviceManifest,
  taskDefinitionManifest,
  Workload,
  type CrashWorld,
  type Pair,
} from './crash-workload.js';
import { writeFigures } from './figures.js';

const CLUSTER = 'faults-crash';
const KILLS = 50;
/** A convergence checkpoint (operations paused, full checks) after every this many kills. */
const CHECKPOINT_EVERY = 10;
const INITIAL_PAIRS = 6;
const LIMITS = { minLive: 4, maxLive: 8 };
/** How long after a restart (ready) the operator is killed. */
const KILL_AFTER_MS = { min: 300, max: 3_000 };
const CONVERGE_MS = 150_000;
const RESYNC = '10s';
const SEED = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 1_000_000_000));

describe('crash consistency (scenario 4)', () => {
  let namespace: string;
  let world: CrashWorld;
  let operator: OperatorProcess | undefined;
  const calls = new CallLogCollector();

  /** Starts the operator; when it exits before it is ready, its log's tail is in the error. */
  const start = async (label: string): Promise<OperatorProcess> => {
    const name = `crash-${label}`;
    try {
      return await startOperator({
        name,
        // One replica without leader election: a restart works at once, so every kill lands on work.
        // A short resync collects revisions kept while a service still ran them (see the last test).
        args: [
          `--namespaces=${namespace}`,
          '--leader-elect=false',
          `--resync-period=${RESYNC}`,
          '--log-level=debug',
        ],
      });
    } catch (err) {
      const log = await readFile(join(worldInfo().dir, `${name}.log`), 'utf8').catch(() => '(no log)');
      throw new Error(`${String(err)}\n${log.trimEnd().split('\n').slice(-40).join('\n')}`, { cause: err });
    }
  };

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    const network = await createNetwork();
    await createCluster(CLUSTER);
    const alb = await createAlbWithTargetGroup({
      network,
      albName: 'crash-alb',
      targetGroupName: 'crash-tg',
    });
    world = { cluster: CLUSTER, network, targetGroupArn: alb.targetGroupArn };
    namespace = await freshNamespace('faults-crash');
    await calls.start();
  });

  afterAll(async () => {
    keepOperatorLog(operator, 'faults-crash-last');
    await operator?.stop();
  });

  it(`keeps every service single and leaves nothing behind across ${KILLS} SIGKILLs`, async () => {
    console.log(`crash consistency: seed ${SEED} (replay with FAULTS_SEED=${SEED})`);
    const workload = new Workload(world, namespace, seededRandom(SEED), LIMITS);
    const killRandom = seededRandom(SEED ^ 0x9e3779b9);
    for (let i = 0; i < INITIAL_PAIRS; i++) await workload.create(i < 2);
    // A few EcsClusters live and change among the pairs (their own PRNGs, so the pairs' run is unchanged).
    const clusters = new ClusterWorkload(namespace, seededRandom(SEED ^ 0x5bd1e995));
    const clusterTurn = seededRandom(SEED ^ 0x27d4eb2f);
    await clusters.create();

    // The operations run on their own, paused only for convergence checkpoints.
    let paused = false;
    let stopping = false;
    let idle = true;
    const applied: string[] = [];
    const driver = (async () => {
      while (!stopping) {
        if (paused) {
          idle = true;
          await delay(100);
          continue;
        }
        idle = false;
        applied.push(await workload.step());
        if (clusterTurn() < 0.3) applied.push(await clusters.step());
        await delay(between(killRandom, 100, 600));
      }
      idle = true;
    })();
    const pause = async (): Promise<void> => {
      paused = true;
      await waitFor(() => (idle ? true : undefined), { timeoutMs: 30_000, what: 'the driver to pause' });
    };

    const violations: string[] = [];
    const checkNow = async (label: string): Promise<void> => {
      const snapshot = await readSnapshot(namespace, CLUSTER, workload.pairs);
      for (const v of anytimeViolations(snapshot, CLUSTER, workload.pairs)) violations.push(`${label}: ${v}`);
    };
    /** Families over the revision limit at the moment everything else had converged, per checkpoint. */
    const overLimitAtReady: string[] = [];
    /**
     * Waits for convergence with the operator running: every object Ready (or gone), then every
     * family back within its revision limit (revisions a service still ran when garbage collection
     * ran are collected by a later reconcile, the next resync at the latest) and no INACTIVE revision
     * left (deregistered, its delete not made yet). What is still pending
     * at the deadline is a violation; the figures are written either way.
     */
    const converge = async (label: string): Promise<{ ms: number; findings: ConvergedFindings }> => {
      const from = Date.now();
      let pending: string[];
      let readySeen = false;
      let snapshot = await readSnapshot(namespace, CLUSTER, workload.pairs);
      for (;;) {
        for (const v of anytimeViolations(snapshot, CLUSTER, workload.pairs))
          violations.push(`${label}: ${v}`);
        pending = pendingConvergence(snapshot, workload.pairs);
        if (pending.length === 0) {
          const over = revisionsOverLimit(snapshot, workload.pairs);
          if (!readySeen) overLimitAtReady.push(...over.map((o) => `${label}: ${o}`));
          readySeen = true;
          pending = [...over, ...revisionsAwaitingDelete(snapshot, workload.pairs)];
        }
        if (pending.length === 0 || Date.now() - from > CONVERGE_MS) break;
        await delay(1_000);
        snapshot = await readSnapshot(namespace, CLUSTER, workload.pairs);
      }
      const ms = Date.now() - from;
      for (const p of pending) violations.push(`${label}: not converged after ${CONVERGE_MS / 1000} s: ${p}`);
      const findings = await convergedViolations(snapshot, namespace, CLUSTER, workload.pairs);
      for (const p of findings.problems) violations.push(`${label}: ${p}`);
      return { ms, findings };
    };

    const runStart = Date.now();
    let kills = 0;
    let checkpoints = 0;
    const orphans = { revisions: 0, targets: 0, services: 0 };
    const addOrphans = (f: ConvergedFindings): void => {
      orphans.revisions += f.orphanRevisions;
      orphans.targets += f.orphanTargets;
      orphans.services += f.orphanServices;
    };
    for (let k = 1; k <= KILLS; k++) {
      operator = await start(String(k));
      // Checked while the restarted operator works: what may never be seen must not be, at any time.
      const checking = checkNow(`after restart ${k}`);
      await delay(between(killRandom, KILL_AFTER_MS.min, KILL_AFTER_MS.max));
      await operator.kill();
      kills++;
      keepOperatorLog(operator, `faults-crash-${k}`);
      await checking;
      if (k % CHECKPOINT_EVERY === 0 && k < KILLS) {
        await pause();
        operator = await start(`checkpoint-${k}`);
        const { ms, findings } = await converge(`checkpoint after ${k} kills`);
        addOrphans(findings);
        checkpoints++;
        console.log(
          `checkpoint after ${k} kills: converged in ${(ms / 1000).toFixed(1)} s; ${workload.operations} operations so far; ${violations.length} violations`,
        );
        await operator.stop();
        paused = false;
      }
    }
    stopping = true;
    await driver;
    const lastKillAt = Date.now();
    operator = await start('final');
    const final = await converge('final');
    addOrphans(final.findings);
    checkpoints++;
    const finalMs = Date.now() - lastKillAt;
    // Every cluster object deleted at the end: each must leave nothing in ECS.
    await clusters.deleteAll();
    await waitFor(async () => ((await clusters.allGone()) ? true : undefined), {
      timeoutMs: 120_000,
      intervalMs: 1_000,
      what: 'every EcsCluster to be deleted',
    }).catch((err: unknown) => violations.push(`final: stuck: EcsCluster deletion: ${String(err)}`));
    await calls.stop();
    const clusterDuplicates = [
      ...duplicateClusterCreates(calls.calls, 'CreateCluster'),
      ...duplicateClusterCreates(calls.calls, 'CreateCapacityProvider'),
    ];
    const clusterLeft = await clusterLeftovers(clusters.entries);

    const creates = duplicateCreates(calls.calls);
    const registrations = duplicateRegistrations(calls.calls);
    const stuck = workload.inState('deleting').filter((p) => !p.taskDefinitionGone || !p.serviceGone);
    const stalled = new Set(
      violations.filter((v) => v.includes(': stalled: ')).map((v) => v.slice(v.indexOf(': stalled: '))),
    );
    const duplicates = creates.duplicates.length + registrations.duplicates.length + clusterDuplicates.length;
    const orphanTotal = orphans.revisions + orphans.targets + orphans.services;
    const leftovers = violations.filter((v) => v.includes(': orphan: ')).length;
    const { create, image, scale, delete: deletes } = workload.counts;
    console.log(`applied: ${applied.join(', ')}`);
    console.log(`clusters: duplicates ${clusterDuplicates.join('; ')}; left ${clusterLeft.join('; ')}`);
    console.log(`over the revision limit when all was Ready:\n${overLimitAtReady.join('\n')}`);
    const distinct = [...new Set(violations)];
    console.log(`violations (${distinct.length} distinct):\n${distinct.join('\n')}`);
    writeFigures({
      id: '04-crash-consistency',
      scenario: '4. Crash consistency',
      injected: `SIGKILL of the operator ${KILLS} times, 0.3–3 s after each restart (seed ${SEED}), while ${workload.operations} operations ran on ${workload.pairs.length} EcsTaskDefinition + EcsService pairs (${workload.pairs.filter((p) => p.scaled).length} behind an ALB with autoscaling): ${create} creates, ${image} image changes (new revision and rolling update), ${scale} scale changes, ${deletes} deletes; and on ${clusters.entries.length} EcsClusters, each with an Auto Scaling group capacity provider: ${clusters.counts.create} creates, ${clusters.counts.update} updates, ${clusters.counts.delete} deletes`,
      times: kills,
      outcome: `${duplicates} duplicates (${creates.creates} CreateService, ${creates.idempotentRepeats} repeated with the same client token before the service was seen; ${registrations.registrations} RegisterTaskDefinition, ${registrations.duplicates.length} for a spec already registered; ${clusterDuplicates.length} clusters or capacity providers created twice); ${orphanTotal + leftovers + clusterLeft.length} orphans (revisions beyond revisionHistoryLimit or INACTIVE ${orphans.revisions}, scalable targets ${orphans.targets}, services ${orphans.services}, left behind by deleted objects ${leftovers}, clusters and capacity providers left after their EcsCluster was deleted ${clusterLeft.length}); ${stuck.length} stuck finalizers; ${overLimitAtReady.length} families still over the revision limit when all objects were Ready at a checkpoint (a service still ran the revision when it was collected; gone by the next ${RESYNC} resync); ${stalled.size} objects seen Stalled; checked after each of ${kills} restarts and at ${checkpoints} convergence checkpoints; final convergence ${(finalMs / 1000).toFixed(0)} s after the last kill; whole run ${((Date.now() - runStart) / 1000).toFixed(0)} s; ${calls.lost} calls lost from the proxy log`,
    });

    expect(calls.lost).toBe(0);
    expect(creates.duplicates).toEqual([]);
    expect(registrations.duplicates).toEqual([]);
    expect(clusterDuplicates).toEqual([]);
    expect(clusterLeft).toEqual([]);
    expect(stuck.map((p) => p.name)).toEqual([]);
    expect(distinct).toEqual([]);
    expect(kills).toBeGreaterThanOrEqual(50);
    // 50 kills with five convergence checkpoints of up to 150 s each, and the cluster workload's
    // Auto Scaling groups: about 8 minutes on a quiet machine, 9 and more on a loaded one.
  }, 900_000);

  /**
   * Found by this scenario: revisions over the limit at convergence. Garbage collection rightly
   * keeps a revision a service still runs, but nothing reconciled the EcsTaskDefinition again when
   * that rollout ended, so the revision stayed ACTIVE beyond revisionHistoryLimit until the next
   * resync (10 min by default; never with --resync-period=0). Fixed: the task definition controller
   * now watches services and wakes the family's owner when a service releases a revision. The first
   * test below sets the case up; the second is the expectation.
   */
  describe('a revision kept because a rollout still ran it', () => {
    let gcNamespace: string;
    let gcOperator: OperatorProcess | undefined;
    const pair: Pair = {
      name: 'gc-0',
      family: 'crash-gc-0',
      serviceName: 'crash-gc-0',
      scaled: false,
      image: 0,
      desiredCount: 1,
      state: 'live',
      taskDefinitionGone: false,
      serviceGone: false,
    };
    const revisionReady = (revision: number): Promise<Resource> =>
      waitForResource(
        'ecstaskdefinitions',
        gcNamespace,
        pair.name,
        (r) => condition(r, 'Ready')?.status === 'True' && r.status?.['revision'] === revision,
        { timeoutMs: 60_000, what: `to be Ready on revision ${revision}` },
      );
    const activeRevisions = async (): Promise<number[]> =>
      (await readSnapshot(gcNamespace, CLUSTER, [pair])).revisions.get(pair.family)?.map(revisionOf) ?? [];

    afterAll(async () => {
      await proxyControl().releaseRollouts();
      keepOperatorLog(gcOperator, 'faults-crash-gc');
      await gcOperator?.stop();
    });

    it('keeps it while the rollout runs', async () => {
      gcNamespace = await freshNamespace('faults-crash-gc');
      gcOperator = await startOperator({
        name: 'crash-gc',
        args: [`--namespaces=${gcNamespace}`, '--leader-elect=false', '--log-level=debug'],
      });
      await apply(gcNamespace, taskDefinitionManifest(pair), serviceManifest(pair, world));
      await waitForReady('ecsservices', gcNamespace, pair.name, 90_000);
      await proxyControl().holdRollouts({ serviceName: pair.serviceName, cluster: CLUSTER });
      pair.image = 1;
      await apply(gcNamespace, taskDefinitionManifest(pair));
      await revisionReady(2);
      // The service is moving from revision 1 to 2 (held): both are in its deployments.
      await waitForResource(
        'ecsservices',
        gcNamespace,
        pair.name,
        (r) => {
          const deployments = (r.status?.['deployments'] ?? []) as { taskDefinition?: string }[];
          return deployments.some((d) => d.taskDefinition?.endsWith(':2') === true);
        },
        { timeoutMs: 60_000, what: 'to roll out revision 2' },
      );
      pair.image = 2;
      await apply(gcNamespace, taskDefinitionManifest(pair));
      await revisionReady(3);
      // Revision 1 is beyond the limit (1) but the service still runs it: kept.
      expect(await activeRevisions()).toEqual([1, 2, 3]);
      await proxyControl().releaseRollouts();
      await waitForResource(
        'ecsservices',
        gcNamespace,
        pair.name,
        (r) =>
          condition(r, 'Ready')?.status === 'True' &&
          String(r.status?.['taskDefinitionArn']).endsWith(':3') &&
          ((r.status?.['deployments'] ?? []) as unknown[]).length === 1,
        { timeoutMs: 90_000, what: 'to run revision 3 alone' },
      );
    });

    // Fixed: the EcsTaskDefinition controller wakes the owner of a family as soon as ECS reports a
    // service stopped running one of its revisions (src/wiring.ts taskDefinitionsReleasedBySeen).
    it('deregisters it within 30 s of the rollout ending, not at the next resync', async () => {
      await waitFor(async () => ((await activeRevisions()).join() === '2,3' ? true : undefined), {
        timeoutMs: 30_000,
        intervalMs: 1_000,
        what: 'revision 1 to be deregistered',
      });
    });
  });
});
