/**
 * Scenario 2, AWS outage: every ECS call answers 503 or has its connection reset while objects are
 * being created; each object says so in its conditions (reason AwsUnavailable) while it lasts, and
 * all converge once it ends, with the operator never crashing or restarting.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../world/wait.js';
import { createCluster } from '../support/aws-fixtures.js';
import { installCrds } from '../support/crds.js';
import { apply, condition, getResource, waitForReady, type OurPlural } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import {
  ec2ServiceManifest,
  keepOperatorLog,
  registerEc2TaskDefinition,
} from '../support/service-fixtures.js';
import { taskDefinition } from '../support/task-definitions.js';
import { freshNamespace, proxyControl, worldControl } from '../support/world-client.js';
import { writeFigures } from './figures.js';
import { mapLimit } from './fault-support.js';

const CLUSTER = 'faults-outage';
const BASE = 'faults-outage-base';
const COUNT = 5;
/** How long the outage lasts after every object has reported it. */
const HOLD_MS = 20_000;
/** How soon after the outage every object must be Ready again. */
const RECOVERY_MS = 60_000;

describe('AWS outage (scenario 2)', () => {
  let operator: OperatorProcess;
  let namespace: string;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    await createCluster(CLUSTER);
    await registerEc2TaskDefinition(BASE, 'busybox:1');
    namespace = await freshNamespace('faults-outage');
    operator = await startOperator({ args: [`--namespaces=${namespace}`, '--log-level=debug'] });
  });

  afterAll(async () => {
    keepOperatorLog(operator, 'faults-outage');
    await proxyControl().clearRules();
    await operator?.stop();
  });

  it('reports AwsUnavailable during the outage and converges within a minute after it', async () => {
    const proxy = proxyControl();
    const reset = await proxy.addRule({ service: 'ecs', probability: 0.4, fault: { kind: 'reset' } });
    const unavailable = await proxy.addRule({ service: 'ecs', fault: { kind: 'error', status: 503 } });
    const objects: { plural: OurPlural; name: string }[] = [];
    const manifests: object[] = [];
    for (let i = 0; i < COUNT; i++) {
      manifests.push(
        taskDefinition(`td-${i}`, {
          family: `faults-outage-${i}`,
          containerDefinitions: [{ name: 'app', image: 'busybox:1', memory: 64 }],
        }),
        ec2ServiceManifest(`svc-${i}`, { cluster: CLUSTER, taskDefinition: `${BASE}:1`, desiredCount: 0 }),
      );
      objects.push(
        { plural: 'ecstaskdefinitions', name: `td-${i}` },
        { plural: 'ecsservices', name: `svc-${i}` },
      );
    }
    await apply(namespace, ...manifests);
    const outageStart = Date.now();
    // While it lasts, every object says why it is not ready.
    const said = new Map<string, string>();
    const last = new Map<string, string>();
    await waitFor(
      async () => {
        for (const o of objects) {
          const r = await getResource(o.plural, namespace, o.name);
          const ready = condition(r, 'Ready');
          const reconciling = condition(r, 'Reconciling');
          last.set(
            o.name,
            `Ready=${ready?.status}/${ready?.reason} Reconciling=${reconciling?.status}/${reconciling?.reason}`,
          );
          if (ready?.status === 'True' || condition(r, 'Stalled')?.status === 'True') {
            throw new Error(`${o.name} is Ready or Stalled during the outage: ${JSON.stringify(r?.status)}`);
          }
          const saying = [ready, reconciling].find((c) => c?.reason === 'AwsUnavailable');
          if (saying !== undefined) said.set(o.name, saying.message);
        }
        return said.size === objects.length ? true : undefined;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 500,
        what: () => `AwsUnavailable on every object; last: ${JSON.stringify(Object.fromEntries(last))}`,
      },
    );
    // Keep the outage on for a while: objects must keep saying so, and none may give up (Stalled).
    const holdUntil = Date.now() + HOLD_MS;
    let checks = 0;
    while (Date.now() < holdUntil) {
      for (const o of objects) {
        const r = await getResource(o.plural, namespace, o.name);
        expect(condition(r, 'Ready')?.status, `${o.name} Ready`).not.toBe('True');
        expect(condition(r, 'Stalled')?.status, `${o.name} Stalled`).not.toBe('True');
        checks++;
      }
      await delay(500);
    }
    const rules = await proxy.listRules();
    const injected = rules
      .filter((r) => r.id === reset.id || r.id === unavailable.id)
      .reduce((sum, r) => sum + r.hits, 0);
    await proxy.clearRules();
    const outageMs = Date.now() - outageStart;
    const recoveredAt = Date.now();
    let worstMs = 0;
    const late: string[] = [];
    await mapLimit(objects, 4, async (o) => {
      try {
        await waitForReady(o.plural, namespace, o.name, RECOVERY_MS);
        worstMs = Math.max(worstMs, Date.now() - recoveredAt);
      } catch {
        late.push(o.name);
      }
    });
    expect(operator.process.isRunning()).toBe(true);
    expect((await fetch(`${operator.metricsUrl}/healthz`)).status).toBe(200);
    writeFigures({
      id: '02-aws-outage',
      scenario: '2. AWS outage',
      injected: `every ECS call failed (60% HTTP 503, 40% connection reset) for ${Math.round(outageMs / 1000)} s while ${COUNT} task definitions and ${COUNT} services were created`,
      times: injected,
      outcome: `${said.size}/${objects.length} objects reported reason AwsUnavailable (Ready or Reconciling) during the outage; none Ready or Stalled in ${checks} checks; ${objects.length - late.length}/${objects.length} Ready within ${RECOVERY_MS / 1000} s after it ended (worst ${Math.round(worstMs / 1000)} s; late: ${late.join(', ') || 'none'}); operator alive, /healthz 200, 0 restarts`,
    });
    expect(late).toEqual([]);
  });
});
