/**
 * Scenario 10, MISSING and INACTIVE answers for live services: DescribeServices is eventually
 * consistent, so it may answer `failures: [{reason: MISSING}]` right after a CreateService, or show
 * a live service as MISSING or INACTIVE. The proxy injects such answers (each one an answer ECS
 * could make: a MISSING failure for an unknown name, a service with status INACTIVE) and the test
 * counts CreateService calls: at most one per spec. A service really deleted outside ecs-bridge is
 * created again, exactly once (ADR 0011).
 */
import { DeleteServiceCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../world/wait.js';
import { describeServicesPatch } from '../world/aws-proxy/rule-builders.js';
import type { FaultRule, FaultRuleSpec } from '../world/aws-proxy/fault-rules.js';
import { createCluster } from '../support/aws-fixtures.js';
import { installCrds } from '../support/crds.js';
import { apply, condition, getResource, waitForReady } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import {
  callsFor,
  ec2ServiceManifest,
  keepOperatorLog,
  registerEc2TaskDefinition,
  serviceInMoto,
} from '../support/service-fixtures.js';
import { awsClients, freshNamespace, proxyControl, worldControl } from '../support/world-client.js';
import { writeFigures } from './figures.js';

const BASE = 'faults-missing-base';
/** moto's default account and region, as in every ARN it returns. */
const ARN_PREFIX = 'arn:aws:ecs:us-east-1:123456789012:service';

/** Each service runs in a cluster of its own, so a rule can match its DescribeServices by cluster. */
const clusterOf = (name: string): string => `faults-missing-${name}`;

/**
 * DescribeServices answers for `name` as ECS answers for a name it does not know: no service, one
 * failure with reason MISSING (ECS API reference, DescribeServices `failures`).
 */
function missingRule(name: string, times?: number): FaultRuleSpec {
  return {
    service: 'ecs',
    action: 'DescribeServices',
    bodyContains: `"cluster":"${clusterOf(name)}"`,
    ...(times === undefined ? {} : { times }),
    description: `${name} is MISSING`,
    fault: {
      kind: 'respond',
      status: 200,
      body: {
        services: [],
        failures: [{ arn: `${ARN_PREFIX}/${clusterOf(name)}/${name}`, reason: 'MISSING' }],
      },
    },
  };
}

async function createCalls(name: string): Promise<number> {
  return (await callsFor('CreateService', name)).length;
}

/** Waits until `rule` has fired on all of its calls. */
async function usedUp(rule: FaultRule): Promise<number> {
  return waitFor(
    async () => {
      const now = (await proxyControl().listRules()).find((r) => r.id === rule.id);
      return now === undefined || now.remaining === 0 ? (now?.hits ?? rule.times ?? 0) : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 500, what: `rule "${rule.description ?? rule.id}" to be used up` },
  );
}

describe('MISSING and INACTIVE answers for live services (scenario 10)', () => {
  let operator: OperatorProcess;
  let namespace: string;
  const names = ['after-create', 'live-missing', 'live-inactive', 'deleted'] as const;
  let injected = 0;
  let notVisible = '';
  let afterCreateMissing = 0;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    for (const name of names) await createCluster(clusterOf(name));
    await registerEc2TaskDefinition(BASE, 'busybox:1');
    namespace = await freshNamespace('faults-missing');
    operator = await startOperator({
      args: [`--namespaces=${namespace}`, '--log-level=debug', '--resync-period=5s'],
    });
  });

  afterAll(async () => {
    keepOperatorLog(operator, 'faults-missing-answers');
    await proxyControl().clearRules();
    await operator?.stop();
  });

  const manifest = (name: string): object =>
    ec2ServiceManifest(name, { cluster: clusterOf(name), taskDefinition: `${BASE}:1`, desiredCount: 0 });

  it('MISSING right after our create, until it is reported: one CreateService, ServiceNotVisible, then Ready', async () => {
    const proxy = proxyControl();
    // No lifetime: ECS contradicts the create until the object says so, however often it reads.
    const rule = await proxy.addRule(missingRule('after-create'));
    await apply(namespace, manifest('after-create'));
    notVisible = await waitFor(
      async () => {
        const stalled = condition(await getResource('ecsservices', namespace, 'after-create'), 'Stalled');
        return stalled?.status === 'True' && stalled.reason === 'ServiceNotVisible'
          ? stalled.message
          : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500, what: 'after-create to report ServiceNotVisible' },
    );
    afterCreateMissing = (await proxy.listRules()).find((r) => r.id === rule.id)?.hits ?? 0;
    await proxy.removeRule(rule.id);
    injected += afterCreateMissing;
    await waitForReady('ecsservices', namespace, 'after-create', 90_000);
    expect(await createCalls('after-create')).toBe(1);
  });

  it('MISSING and INACTIVE answers for Ready services: no CreateService at all', async () => {
    await apply(namespace, manifest('live-missing'), manifest('live-inactive'));
    await waitForReady('ecsservices', namespace, 'live-missing', 60_000);
    await waitForReady('ecsservices', namespace, 'live-inactive', 60_000);
    const proxy = proxyControl();
    const rules = [
      await proxy.addRule(missingRule('live-missing', 3)),
      await proxy.addRule(
        describeServicesPatch(
          'live-inactive',
          { status: 'INACTIVE' },
          { times: 3, description: 'live-inactive is INACTIVE' },
        ),
      ),
    ];
    for (const rule of rules) injected += await usedUp(rule);
    // A few more resyncs on true answers, then count.
    const mark = await proxyControl().lastSeq();
    await waitFor(
      async () => {
        const reads = await proxyControl().calls({
          service: 'ecs',
          action: 'DescribeServices',
          afterSeq: mark,
        });
        return reads.length >= 4 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'four more DescribeServices after the injected answers' },
    );
    await waitForReady('ecsservices', namespace, 'live-missing', 60_000);
    await waitForReady('ecsservices', namespace, 'live-inactive', 60_000);
    expect(await createCalls('live-missing')).toBe(1);
    expect(await createCalls('live-inactive')).toBe(1);
    expect((await serviceInMoto(clusterOf('live-inactive'), 'live-inactive')).status).toBe('ACTIVE');
  });

  it('a service really deleted outside ecs-bridge is created again, exactly once', async () => {
    await apply(namespace, manifest('deleted'));
    await waitForReady('ecsservices', namespace, 'deleted', 60_000);
    const { ecs } = awsClients('moto');
    try {
      await ecs.send(
        new DeleteServiceCommand({ cluster: clusterOf('deleted'), service: 'deleted', force: true }),
      );
    } finally {
      ecs.destroy();
    }
    await waitFor(async () => ((await createCalls('deleted')) >= 2 ? true : undefined), {
      timeoutMs: 120_000,
      intervalMs: 500,
      what: 'the deleted service to be created again',
    });
    await waitForReady('ecsservices', namespace, 'deleted', 60_000);
    expect((await serviceInMoto(clusterOf('deleted'), 'deleted')).status).toBe('ACTIVE');
    // Once created again, resyncs on its answers make no third create.
    const mark = await proxyControl().lastSeq();
    await waitFor(
      async () => {
        const reads = await proxyControl().calls({
          service: 'ecs',
          action: 'DescribeServices',
          afterSeq: mark,
        });
        return reads.length >= 4 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'four more DescribeServices after the re-create' },
    );
    expect(await createCalls('deleted')).toBe(2);
  });

  it('writes its figures', async () => {
    expect(operator.process.isRunning()).toBe(true);
    const creates = await Promise.all(names.map(async (n) => `${n} ${await createCalls(n)}`));
    writeFigures({
      id: '13-missing-answers',
      scenario: '13. MISSING and INACTIVE answers for live services',
      injected: `DescribeServices answered MISSING for ${afterCreateMissing} reads right after a create (until the object reported it), MISSING for 3 reads and INACTIVE for 3 reads of Ready services; one service deleted in ECS outside ecs-bridge`,
      times: injected,
      outcome: `CreateService calls per service: ${creates.join(', ')} (at most one per spec; the deleted one created again once); ServiceNotVisible reported while ECS contradicted the create, then Ready; operator alive, 0 restarts`,
    });
    expect(notVisible).toContain('does not create it a second time');
  });
});
