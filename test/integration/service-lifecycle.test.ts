/**
 * The ends of an EcsService's life under `ecs-bridge run`: deleting the object with each deletion
 * policy (Delete drains the ECS service to INACTIVE before the finalizer goes; Retain releases it,
 * still running), and an operator killed with SIGKILL while its CreateService is in flight, which
 * must leave exactly one ECS service after a restart.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CreateServiceCommand, ListServicesCommand } from '@aws-sdk/client-ecs';
import { kubectl } from '../support/crds.js';
import {
  apply,
  condition,
  getResource,
  waitForGone,
  waitForReady,
  waitForResource,
} from '../support/manifests.js';
import { QUICK_POLLS, type OperatorProcess } from '../support/operator.js';
import {
  callMark,
  callsFor,
  ec2ServiceManifest,
  keepOperatorLog,
  paramsOf,
  serviceInMoto,
  SERVICE_WRITES,
  startServiceOperator,
} from '../support/service-fixtures.js';
import { serviceAws } from '../support/service-world.js';
import { awsClients, freshNamespace, proxyControl } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';
import { FINALIZER, TAG_KEYS } from '../../src/resources/api-group.js';

const CLUSTER = 'lifecycle';

describe('deleting EcsServices and crashing during a create, under ecs-bridge run', () => {
  let operator: OperatorProcess | undefined;
  let namespace: string;
  const logs: OperatorProcess[] = [];

  beforeAll(async () => {
    await serviceAws({ clusters: [CLUSTER], taskDefinitions: [['app', 'app:1']] });
    namespace = await freshNamespace('svc-life');
  });

  afterEach(async () => {
    await proxyControl().clearRules();
    await proxyControl().configureRollouts({ drainMs: 1000 });
  });

  afterAll(async () => {
    await operator?.stop();
    logs.forEach((o, i) => keepOperatorLog(o, `service-lifecycle-${i}`));
  });

  async function running(): Promise<OperatorProcess> {
    if (operator === undefined || !operator.process.isRunning()) {
      operator = await startServiceOperator(namespace, { extraArgs: QUICK_POLLS });
      logs.push(operator);
    }
    return operator;
  }

  it('deletionPolicy Delete: the ECS service goes DRAINING, then INACTIVE, then the object is gone', async () => {
    await running();
    // A drain long enough to see the object wait on it.
    await proxyControl().configureRollouts({ drainMs: 6000 });
    await apply(namespace, ec2ServiceManifest('doomed', { cluster: CLUSTER, taskDefinition: 'app:1' }));
    await waitForReady('ecsservices', namespace, 'doomed');
    const mark = await callMark();

    await kubectl(['delete', '-n', namespace, 'ecssvc/doomed', '--wait=false']);
    const draining = await waitFor(
      async () => {
        const svc = await proxyControl().serviceRollout({ serviceName: 'doomed', cluster: CLUSTER });
        return svc?.status === 'DRAINING' ? svc : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'the ECS service to be DRAINING' },
    );
    expect(draining.desiredCount).toBe(0);
    // The finalizer holds the object while ECS drains.
    const held = await getResource('ecsservices', namespace, 'doomed');
    expect(held?.metadata.finalizers).toContain(FINALIZER);

    await waitForGone('ecsservices', namespace, 'doomed', 60_000);
    const gone = await proxyControl().serviceRollout({ serviceName: 'doomed', cluster: CLUSTER });
    expect(gone?.status).toBe('INACTIVE');
    expect((await serviceInMoto(CLUSTER, 'doomed')).status).toBe('INACTIVE');
    const deletes = await callsFor('DeleteService', 'doomed', mark);
    expect(deletes).toHaveLength(1);
    expect(paramsOf(deletes[0]!)).toMatchObject({ cluster: CLUSTER, service: 'doomed', force: true });
  });

  it('deletionPolicy Retain: the ECS service stays ACTIVE without our owner tags and the object is gone', async () => {
    await running();
    await apply(
      namespace,
      ec2ServiceManifest('keeper', {
        cluster: CLUSTER,
        taskDefinition: 'app:1',
        deletionPolicy: 'Retain',
        tags: [{ key: 'team', value: 'ops' }],
      }),
    );
    await waitForReady('ecsservices', namespace, 'keeper');
    const mark = await callMark();

    await kubectl(['delete', '-n', namespace, 'ecssvc/keeper', '--wait=false']);
    await waitForGone('ecsservices', namespace, 'keeper');
    const kept = await serviceInMoto(CLUSTER, 'keeper');
    expect(kept.status).toBe('ACTIVE');
    expect(kept.desiredCount).toBe(1);
    const tags = Object.fromEntries((kept.tags ?? []).map((t) => [t.key, t.value]));
    expect(tags).not.toHaveProperty(TAG_KEYS.owner);
    expect(tags).not.toHaveProperty(TAG_KEYS.instance);
    expect(tags.team).toBe('ops');
    expect(await callsFor('DeleteService', 'keeper', mark)).toEqual([]);
    expect(await callsFor('UpdateService', 'keeper', mark)).toEqual([]);
    const untags = await callsFor('UntagResource', 'keeper', mark);
    expect(untags).toHaveLength(1);
    expect(paramsOf(untags[0]!).tagKeys).toEqual(expect.arrayContaining([TAG_KEYS.owner, TAG_KEYS.instance]));
  });

  it('deleting an object that never owned its ECS service (Conflict) leaves that service alone', async () => {
    await running();
    const moto = awsClients('moto').ecs;
    await moto.send(
      new CreateServiceCommand({
        cluster: CLUSTER,
        serviceName: 'theirs',
        taskDefinition: 'app:1',
        desiredCount: 1,
      }),
    );
    moto.destroy();
    const mark = await callMark();
    await apply(namespace, ec2ServiceManifest('theirs', { cluster: CLUSTER, taskDefinition: 'app:1' }));
    await waitForResource(
      'ecsservices',
      namespace,
      'theirs',
      (r) => condition(r, 'Ready')?.reason === 'Conflict',
      { what: 'to be in Conflict' },
    );
    await kubectl(['delete', '-n', namespace, 'ecssvc/theirs', '--wait=false']);
    await waitForGone('ecsservices', namespace, 'theirs');
    expect((await serviceInMoto(CLUSTER, 'theirs')).status).toBe('ACTIVE');
    for (const action of SERVICE_WRITES) {
      expect(await callsFor(action, 'theirs', mark), `${action} for theirs`).toEqual([]);
    }
  });

  it('a SIGKILL while CreateService is in flight leaves exactly one ECS service after a restart', async () => {
    const first = await running();
    const control = proxyControl();
    const mark = await callMark();
    // Hold the operator's CreateService for a while before it reaches moto.
    const rule = await control.addRule({
      service: 'ecs',
      action: 'CreateService',
      bodyContains: '"crashy"',
      times: 1,
      fault: { kind: 'latency', ms: 4000 },
      description: 'keep the create in flight while the operator is killed',
    });
    await apply(namespace, ec2ServiceManifest('crashy', { cluster: CLUSTER, taskDefinition: 'app:1' }));
    await waitFor(
      async () => ((await control.listRules()).find((r) => r.id === rule.id)?.hits === 1 ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 50, what: 'the CreateService to be in flight at the proxy' },
    );
    await first.kill();
    operator = undefined;

    // The held request still reaches moto after the operator died; the restarted operator must
    // not make a second service of its own.
    await running();
    await waitForReady('ecsservices', namespace, 'crashy', 90_000);
    // The held create lands at moto up to 4 s after it was sent, whoever answers first: wait for it,
    // so the checks below see it and no later file's call log does.
    await waitFor(
      async () =>
        (await callsFor('CreateService', 'crashy', mark)).some((c) => c.durationMs >= 4000)
          ? true
          : undefined,
      { timeoutMs: 30_000, intervalMs: 100, what: 'the held CreateService to land at moto' },
    );

    const { ecs } = awsClients('moto');
    const listed = await ecs.send(new ListServicesCommand({ cluster: CLUSTER }));
    ecs.destroy();
    expect(listed.serviceArns?.filter((a) => a.endsWith('/crashy'))).toHaveLength(1);
    const svc = await serviceInMoto(CLUSTER, 'crashy');
    expect(svc.status).toBe('ACTIVE');
    const tags = Object.fromEntries((svc.tags ?? []).map((t) => [t.key, t.value]));
    expect(tags[TAG_KEYS.owner]).toBe(`${namespace}/crashy`);

    // moto silently replaces a service created twice, so prove it from the requests: every
    // CreateService carried the same client token (ECS would answer a retry with the same service)…
    const creates = await callsFor('CreateService', 'crashy', mark);
    expect(creates.length).toBeGreaterThanOrEqual(1);
    const tokens = new Set(creates.map((c) => paramsOf(c).clientToken));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toMatch(/^ecsb-[0-9a-f]{31}$/);
    // …and an operator that saw the service did not create: no CreateService started after a
    // DescribeServices that itself started once the first create had landed. (A describe just
    // before the landing may still be followed by a create with the same token: that is the race
    // the client token exists for.)
    const landed = Math.min(...creates.map((c) => c.time));
    const describes = await control.calls({ service: 'ecs', action: 'DescribeServices', afterSeq: mark });
    const sawIt = describes
      .filter((d) => {
        const names = paramsOf(d).services;
        return Array.isArray(names) && names.some((n) => typeof n === 'string' && n.endsWith('crashy'));
      })
      .filter((d) => d.time - d.durationMs > landed)
      .map((d) => d.time);
    const firstSeen = sawIt.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...sawIt);
    expect(creates.filter((c) => c.time - c.durationMs > firstSeen)).toEqual([]);
  });
});
