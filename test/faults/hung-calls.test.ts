/**
 * Scenario 7, hung AWS operations: DescribeServices for one cluster is held far beyond any deadline
 * (the proxy answers after 2 minutes, as in the run that found the defect) while services in
 * that cluster and in another are created. The operator runs as a process with short deadlines: the
 * affected services say which call timed out in a condition, the others converge, `/readyz` fails
 * while both workers are stuck in the held calls and recovers once the fault is lifted, and
 * `/healthz` stays 200 throughout (its threshold is longer than the test).
 */
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../world/wait.js';
import { createCluster } from '../support/aws-fixtures.js';
import { installCrds } from '../support/crds.js';
import { apply, condition, getResource, waitForReady } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import {
  ec2ServiceManifest,
  keepOperatorLog,
  registerEc2TaskDefinition,
} from '../support/service-fixtures.js';
import { freshNamespace, proxyControl, worldControl } from '../support/world-client.js';
import { writeFigures } from './figures.js';
import { mapLimit } from './fault-support.js';

const HUNG_CLUSTER = 'faults-hung';
const OK_CLUSTER = 'faults-hung-ok';
const BASE = 'faults-hung-base';
const HUNG = ['svc-hung-0', 'svc-hung-1'];
const OK = ['svc-ok-0', 'svc-ok-1', 'svc-ok-2'];
/** The operator's read deadline in this test (the default is 15 s; short keeps the test quick). */
const READ_TIMEOUT_S = 6;
/** `/readyz` fails once both workers have run this long. */
const READINESS_S = 3;
/** How long the proxy holds a matching call: beyond every deadline of this operator (45 s at most). */
const HOLD_MS = 120_000;
const CONVERGE_MS = 120_000;

interface ProbeSample {
  readonly at: number;
  readonly readyz: number;
  readonly readyzBody: string;
  readonly healthz: number;
  readonly stuckWorkers: number;
}

async function sample(operator: OperatorProcess): Promise<ProbeSample> {
  const get = async (path: string): Promise<{ status: number; body: string }> => {
    const res = await fetch(`${operator.metricsUrl}${path}`);
    return { status: res.status, body: await res.text() };
  };
  const [readyz, healthz, metrics] = await Promise.all([
    get('/readyz?verbose'),
    get('/healthz'),
    get('/metrics'),
  ]);
  const stuck = /^ecs_bridge_stuck_workers\{controller="ecsservice"\} (\d+)/m.exec(metrics.body);
  return {
    at: Date.now(),
    readyz: readyz.status,
    readyzBody: readyz.body,
    healthz: healthz.status,
    stuckWorkers: Number(stuck?.[1] ?? 0),
  };
}

describe('hung AWS operations (scenario 7)', () => {
  let operator: OperatorProcess;
  let namespace: string;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    await createCluster(HUNG_CLUSTER);
    await createCluster(OK_CLUSTER);
    await registerEc2TaskDefinition(BASE, 'busybox:1');
    namespace = await freshNamespace('faults-hung');
    operator = await startOperator({
      args: [
        `--namespaces=${namespace}`,
        '--log-level=debug',
        '--workers=2',
        `--aws-read-timeout=${READ_TIMEOUT_S}s`,
        '--reconcile-timeout=45s',
        `--stuck-readiness-threshold=${READINESS_S}s`,
        '--stuck-liveness-threshold=10m',
      ],
    });
  });

  afterAll(async () => {
    keepOperatorLog(operator, 'faults-hung');
    await proxyControl().clearRules();
    await operator?.stop();
  });

  it('reports the hung call, converges the rest, fails /readyz while wedged and recovers', async () => {
    const proxy = proxyControl();
    // DescribeServices names its cluster in the body: `"cluster":"faults-hung"` (the quotes keep
    // faults-hung-ok out). The batcher never mixes clusters in one call.
    const hold = await proxy.addRule({
      service: 'ecs',
      action: 'DescribeServices',
      bodyContains: `"${HUNG_CLUSTER}"`,
      fault: { kind: 'latency', ms: HOLD_MS },
      description: 'DescribeServices of the hung cluster answers after 2 minutes',
    });
    const faultStart = Date.now();
    await apply(
      namespace,
      ...HUNG.map((name) =>
        ec2ServiceManifest(name, { cluster: HUNG_CLUSTER, taskDefinition: `${BASE}:1`, desiredCount: 0 }),
      ),
      ...OK.map((name) =>
        ec2ServiceManifest(name, { cluster: OK_CLUSTER, taskDefinition: `${BASE}:1`, desiredCount: 0 }),
      ),
    );

    // Probes sampled every half second for the whole run.
    const samples: ProbeSample[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push(await sample(operator));
        await delay(500);
      }
    })();

    try {
      // The other cluster's services converge although both workers keep getting stuck.
      const okReadyMs: number[] = [];
      await mapLimit(OK, 3, async (name) => {
        await waitForReady('ecsservices', namespace, name, CONVERGE_MS);
        okReadyMs.push(Date.now() - faultStart);
      });

      // Each affected service says which call timed out.
      const said = new Map<string, string>();
      const readyDuringFault = new Set<string>();
      await waitFor(
        async () => {
          for (const name of HUNG) {
            const r = await getResource('ecsservices', namespace, name);
            const c = [condition(r, 'Ready'), condition(r, 'Reconciling')].find(
              (x) => x?.reason === 'AwsUnavailable',
            );
            if (c !== undefined && c.message.includes('DescribeServices got no answer within'))
              said.set(name, c.message);
            if (condition(r, 'Ready')?.status === 'True') readyDuringFault.add(name);
          }
          return said.size === HUNG.length ? true : undefined;
        },
        {
          timeoutMs: 60_000,
          intervalMs: 500,
          what: () => `timeout conditions; so far ${JSON.stringify([...said])}`,
        },
      );
      expect([...readyDuringFault]).toEqual([]);
      expect([...said.values()][0]).toContain(`ecs DescribeServices got no answer within ${READ_TIMEOUT_S}s`);

      // /readyz failed while both workers were held, naming the controller and the call.
      await waitFor(() => (samples.some((s) => s.readyz === 503) ? true : undefined), {
        timeoutMs: 60_000,
        intervalMs: 500,
        what: () => `a failing /readyz; last ${JSON.stringify(samples.at(-1))}`,
      });
      const failing = samples.find((s) => s.readyz === 503);
      expect(failing?.readyzBody).toMatch(
        /\[-\]controller:ecsservice failed: 2 reconcile\(s\) running longer than 3s/,
      );
      expect(failing?.readyzBody).toContain('waiting on ecs DescribeServices');
      const faultMs = Date.now() - faultStart;

      // Lift the fault: everything converges and /readyz recovers.
      const hits = (await proxy.listRules()).find((r) => r.id === hold.id)?.hits ?? 0;
      await proxy.clearRules();
      const liftedAt = Date.now();
      let worstMs = 0;
      await mapLimit(HUNG, 2, async (name) => {
        await waitForReady('ecsservices', namespace, name, CONVERGE_MS);
        worstMs = Math.max(worstMs, Date.now() - liftedAt);
      });
      await waitFor(
        async () => {
          const s = await sample(operator);
          return s.readyz === 200 && s.stuckWorkers === 0 ? s : undefined;
        },
        {
          timeoutMs: 60_000,
          intervalMs: 500,
          what: () => `/readyz 200 again; last ${JSON.stringify(samples.at(-1))}`,
        },
      );
      const recoveredMs = Date.now() - liftedAt;
      sampling = false;
      await sampler;

      const log = readFileSync(operator.logPath, 'utf8')
        .split('\n')
        .filter((line) => line.includes('workers stuck'));
      expect(log.length).toBeGreaterThan(0);
      expect(log[0]).toContain('"operation":"ecs DescribeServices"');
      const during = samples.filter((s) => s.at < liftedAt);
      const notReady = during.filter((s) => s.readyz === 503).length;
      const maxStuck = Math.max(...samples.map((s) => s.stuckWorkers));
      const healthzFailures = samples.filter((s) => s.healthz !== 200).length;
      expect(healthzFailures).toBe(0);
      expect(maxStuck).toBeGreaterThanOrEqual(2);
      expect(operator.process.isRunning()).toBe(true);

      writeFigures({
        id: '10-hung-calls',
        scenario: '10. Hung AWS operations',
        injected: `DescribeServices of one cluster held ${HOLD_MS / 1000} s (read deadline ${READ_TIMEOUT_S} s, readiness threshold ${READINESS_S} s, 2 workers) for ${Math.round(faultMs / 1000)} s while ${HUNG.length} services there and ${OK.length} in another cluster were created`,
        times: hits,
        outcome: `${said.size}/${HUNG.length} affected services said "ecs DescribeServices got no answer within ${READ_TIMEOUT_S}s" (AwsUnavailable); ${okReadyMs.length}/${OK.length} others Ready during the fault (slowest ${Math.round(Math.max(...okReadyMs) / 1000)} s); /readyz 503 in ${notReady}/${during.length} samples during the fault (ecs_bridge_stuck_workers up to ${maxStuck}, one log line naming ecs DescribeServices per episode: ${log.length}); after lifting, all Ready within ${Math.round(worstMs / 1000)} s and /readyz 200 within ${Math.round(recoveredMs / 1000)} s; /healthz 200 in ${samples.length}/${samples.length} samples, 0 restarts`,
      });
    } finally {
      sampling = false;
      await sampler;
    }
  });
});
