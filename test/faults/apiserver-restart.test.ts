/**
 * Scenario 3, API server and etcd restart mid-run: while task definitions and services are being
 * created and changed, the world restarts kube-apiserver (and then etcd and kube-apiserver); changes
 * made while it is down are applied the way users apply them (`kubectl apply` retried until the API
 * answers). Every change must reach ECS (read straight from moto), and the operator must recover by
 * itself: the same process (same pid), never exited, /healthz 200.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../world/wait.js';
import { createCluster } from '../support/aws-fixtures.js';
import { installCrds } from '../support/crds.js';
import { condition, getResource } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { keepOperatorLog } from '../support/service-fixtures.js';
import { describeInMoto as revisionInMoto, taskDefinition } from '../support/task-definitions.js';
import { freshNamespace, proxyControl, worldControl } from '../support/world-client.js';
import { writeFigures } from './figures.js';
import { mapLimit } from './fault-support.js';
import { servicesInMoto } from './storm-aws-state.js';
import { applyRetrying, startOutage, type AppliedChange, type Outage } from './restart-support.js';

const CLUSTER = 'faults-restart';
/** Proxy buckets and the operator's sped up alike, so ECS rates do not hide the recovery time. */
const K = 5;
const CONVERGE_MS = 120_000;
/** How long after ECS converged every EcsService must say Ready on its generation. */
const STATUS_MS = 60_000;

/** What the user last applied, per object: the state ECS must end in. */
interface Desired {
  /** Task definition object name → container image. */
  readonly images: Map<string, string>;
  /** Service object name → [task definition object name, desiredCount]. */
  readonly services: Map<string, { td: string; desiredCount: number }>;
}

function tdManifest(name: string, image: string): object {
  return taskDefinition(name, {
    family: `faults-restart-${name}`,
    requiresCompatibilities: ['EC2'],
    networkMode: 'bridge',
    containerDefinitions: [{ name: 'app', image, memory: 64 }],
  });
}

function svcManifest(name: string, td: string, desiredCount: number): object {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsService',
    metadata: { name },
    spec: { cluster: CLUSTER, taskDefinitionRef: { name: td }, desiredCount, launchType: 'EC2' },
  };
}

/** A change to apply: sets the model and returns the object to apply. */
interface Change {
  readonly label: string;
  readonly object: object;
}

function setImage(desired: Desired, td: string, image: string): Change {
  desired.images.set(td, image);
  return { label: `${td} image ${image}`, object: tdManifest(td, image) };
}

function setService(desired: Desired, svc: string, td: string, desiredCount: number): Change {
  desired.services.set(svc, { td, desiredCount });
  return { label: `${svc} desiredCount ${desiredCount}`, object: svcManifest(svc, td, desiredCount) };
}

/**
 * Where ECS (and the task definitions' status, which names the revision to compare with) differs
 * from `desired`; with `serviceStatus`, also the EcsServices not Ready on their generation.
 */
async function differences(namespace: string, desired: Desired, serviceStatus: boolean): Promise<string[]> {
  const out: string[] = [];
  const arns = new Map<string, string>();
  for (const [name, image] of desired.images) {
    const r = await getResource('ecstaskdefinitions', namespace, name);
    const arn = r?.status?.['taskDefinitionArn'];
    const current = r?.status?.observedGeneration === r?.metadata.generation;
    if (!current || condition(r, 'Ready')?.status !== 'True' || typeof arn !== 'string') {
      out.push(`${name} not Ready on its generation`);
      continue;
    }
    arns.set(name, arn);
    const got = (await revisionInMoto(arn))?.image;
    if (got !== image) out.push(`${name}: ${arn} runs ${got}, want ${image}`);
  }
  const inMoto = await servicesInMoto(CLUSTER);
  for (const [name, want] of desired.services) {
    const r = await getResource('ecsservices', namespace, name);
    const current = r?.status?.observedGeneration === r?.metadata.generation;
    if (serviceStatus && (!current || condition(r, 'Ready')?.status !== 'True'))
      out.push(`${name} not Ready on its generation: ${JSON.stringify(r?.status?.conditions)}`);
    const copies = inMoto.filter((s) => s.serviceName === name);
    if (copies.length !== 1) {
      out.push(`${name}: ${copies.length} ECS services`);
      continue;
    }
    const svc = copies[0];
    if (svc?.desiredCount !== want.desiredCount)
      out.push(`${name}: desiredCount ${svc?.desiredCount}, want ${want.desiredCount}`);
    if (svc?.taskDefinition !== arns.get(want.td))
      out.push(`${name}: runs ${svc?.taskDefinition}, want ${arns.get(want.td)}`);
  }
  return out;
}

/** Figures of one outage. */
interface OutageFigures {
  readonly what: string;
  readonly outageMs: number;
  readonly during: number;
  readonly retried: number;
  readonly convergeMs: number;
  /** EcsServices whose status had not caught up (Ready on its generation) a minute after ECS did. */
  readonly stale: readonly string[];
}

describe('API server and etcd restart (scenario 3)', () => {
  let operator: OperatorProcess;
  let namespace: string;
  let pid: number | undefined;
  const desired: Desired = { images: new Map(), services: new Map() };
  const figures: OutageFigures[] = [];

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    await proxyControl().configureBuckets({ enabled: true, speedup: K });
    await createCluster(CLUSTER);
    namespace = await freshNamespace('faults-restart');
    operator = await startOperator({
      name: 'restart',
      args: [
        `--namespaces=${namespace}`,
        `--leader-election-namespace=${namespace}`,
        `--aws-rate-scale=${K}`,
        // A short lease (renewal deadline 3 s) so an outage of several seconds costs the operator
        // its leadership: recovering means standing by and leading again, in the same process.
        '--lease-duration=4s',
        '--renew-deadline=3s',
        '--retry-period=500ms',
        '--log-level=debug',
      ],
    });
    pid = operator.process.child.pid;
  });

  afterAll(async () => {
    keepOperatorLog(operator, 'faults-apiserver-restart');
    await operator?.stop();
  });

  /**
   * Applies `before` (it is in flight when the outage starts), starts the outage, applies `during`
   * while the API server is down (each retried until it goes through), then waits until ECS and
   * every object match what was applied last.
   */
  async function outage(what: Outage['what'], before: Change[], during: Change[]): Promise<void> {
    await mapLimit(before, 3, (c) => applyRetrying(namespace, c.label, [c.object]));
    const o = await startOutage(what);
    // All at once, as several users or pipelines would: each is refused until the API answers.
    const applied: AppliedChange[] = await mapLimit(during, during.length, (c) =>
      applyRetrying(namespace, c.label, [c.object]),
    );
    const backAt = await o.back;
    const madeDuring = applied.filter((a) => a.startedAt < backAt);
    let last: string[] = [];
    await waitFor(
      async () => {
        last = await differences(namespace, desired, false);
        return last.length === 0 ? true : undefined;
      },
      {
        timeoutMs: CONVERGE_MS,
        intervalMs: 1000,
        what: () => `ECS to match every change applied around ${what}: ${last.join('; ')}`,
        abortIf: () => (operator.process.isRunning() ? undefined : 'the operator exited'),
      },
    );
    const convergeMs = Date.now() - Math.max(backAt, ...applied.map((a) => a.appliedAt));
    // Statuses: checked apart (and asserted in their own test below), so a stale status does not
    // hide whether ECS got every change.
    const stale = await waitFor(
      async () => {
        last = await differences(namespace, desired, true);
        return last.length === 0 ? [] : undefined;
      },
      { timeoutMs: STATUS_MS, intervalMs: 1000, what: 'statuses' },
    ).catch(() => last);
    figures.push({
      what,
      outageMs: backAt - o.requestedAt,
      during: madeDuring.length,
      retried: applied.filter((a) => a.attempts > 1).length,
      convergeMs,
      stale,
    });
    // The restart must have hit the changes: they were refused while it lasted and retried.
    expect(madeDuring.length).toBe(during.length);
    expect(applied.filter((a) => a.attempts > 1).length).toBeGreaterThan(0);
    expect(operator.process.isRunning()).toBe(true);
    expect(operator.process.child.pid).toBe(pid);
  }

  it('restarting the API server while objects are created loses none of the changes made meanwhile', async () => {
    const before: Change[] = [];
    for (let i = 0; i < 6; i++) {
      before.push(setImage(desired, `td-${i}`, 'busybox:1'), setService(desired, `svc-${i}`, `td-${i}`, 1));
    }
    const during: Change[] = [
      ...[0, 2, 4].map((i) => setImage(desired, `td-${i}`, 'busybox:2')),
      ...[0, 1, 2, 3, 4, 5].map((i) => setService(desired, `svc-${i}`, `td-${i}`, 2)),
      setImage(desired, 'td-6', 'busybox:1'),
      setService(desired, 'svc-6', 'td-6', 1),
    ];
    await outage('restart-apiserver', before, during);
  });

  it('restarting etcd and the API server while objects change loses none of the changes made meanwhile', async () => {
    const before: Change[] = [
      ...[1, 3, 5].map((i) => setImage(desired, `td-${i}`, 'busybox:2')),
      ...[0, 1, 2].map((i) => setService(desired, `svc-${i}`, `td-${i}`, 3)),
    ];
    const during: Change[] = [
      ...[0, 1, 6].map((i) => setImage(desired, `td-${i}`, 'busybox:3')),
      ...[3, 4, 5, 6].map((i) => setService(desired, `svc-${i}`, `td-${i}`, 3)),
      setService(desired, 'svc-2', 'td-1', 4),
      setImage(desired, 'td-7', 'busybox:1'),
      setService(desired, 'svc-7', 'td-7', 2),
    ];
    await outage('restart-etcd', before, during);
  });

  // Known bug (reported, timing-dependent: seen in 1 of 2 runs, after the etcd restart): the
  // EcsService status writer diffs against the informer's copy and keeps no copy of its own writes
  // (as first seen; the service reconciler now records its writes through KindObjects, as every kind).
  // While the services watch sat in its restart backoff, task definition events woke svc-0 and
  // svc-1: the reconcile wrote RollingOut, the next one computed Ready=True against the stale copy
  // (which already said Ready=True), so the merge patch left RollingOut on the server; the catch-up
  // event is status-only, wakes nothing, and the status stays Ready=Unknown until the resync
  // (10 min) although ECS matched. Not `.fails`: it passes whenever the watches race the other way.
  it('every EcsService reports Ready on its generation within a minute of ECS converging', () => {
    expect(figures.map((f) => [f.what, f.stale])).toEqual(figures.map((f) => [f.what, []]));
  });

  it('the operator recovered by itself: same process, healthy', async () => {
    expect(figures.map((f) => f.what)).toEqual(['restart-apiserver', 'restart-etcd']);
    expect(operator.process.isRunning()).toBe(true);
    expect(operator.process.child.pid).toBe(pid);
    expect((await fetch(`${operator.metricsUrl}/healthz`)).status).toBe(200);
    expect(await operator.readyz()).toBe(200);
    const log = readFileSync(operator.logPath, 'utf8');
    const lines = log.split('\n');
    const lost = lines.filter((l) => l.includes('leadership lost: lease not renewed')).length;
    const s = (ms: number): string => (ms / 1000).toFixed(1);
    writeFigures({
      id: '03-apiserver-restart',
      scenario: '3. API server and etcd restart',
      injected: `kube-apiserver restarted while 6 task definitions and 6 services were being created, then etcd and kube-apiserver restarted while they were changing; changes applied with kubectl apply retried every 0.5 s until the API answered`,
      times: figures.length,
      outcome: `${figures
        .map(
          (f) =>
            `${f.what}: API down ${s(f.outageMs)} s, ${f.during} changes made during it (${f.retried} refused and retried), ECS matched every applied change ${s(f.convergeMs)} s after the last went through, ${f.stale.length === 0 ? 'every status Ready on its generation' : `statuses stale a minute later: ${f.stale.map((x) => x.split(':')[0]).join(', ')}`}`,
        )
        .join(
          '; ',
        )}; 0 changes lost in ECS; operator the same process throughout (no exit, no restart), /healthz 200; with a 3 s renewal deadline, leadership lost ${lost} time(s) and taken back by itself`,
    });
  });
});
