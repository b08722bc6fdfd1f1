/**
 * The autoscaling error contract with the operator run as users run it: throttling and
 * `ConcurrentUpdateException` from Application Auto Scaling are retried until the service converges;
 * a quota error (`LimitExceededException`) stalls the object with a clear message and is not retried
 * until the object changes. Faults are injected at the proxy, for one service each.
 */
import { setTimeout as observe } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Network } from '../support/aws-fixtures.js';
import { callMark, callsSince, fargateService, paramsOf, scalingInMoto } from '../support/autoscaling.js';
import { apply, condition, waitForResource } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import { proxyControl } from '../support/world-client.js';
import { autoscalingWorld } from '../support/autoscaling-world.js';

const CLUSTER = 'scaling-errors';
/** How long a stalled object is watched for retries nobody asked for. */
const QUIET_WINDOW_MS = 10_000;

describe('autoscaling errors: retried or terminal', () => {
  let operator: OperatorProcess;
  let namespace: string;
  let network: Network;

  function service(name: string, maxCapacity = 3): object {
    return fargateService({
      name,
      cluster: CLUSTER,
      network,
      taskDefinition: 'app',
      desiredCount: 1,
      autoscaling: { minCapacity: 1, maxCapacity, cpu: { targetValue: 50 } },
    });
  }

  beforeAll(async () => {
    ({ namespace, network, operator } = await autoscalingWorld({
      cluster: CLUSTER,
      namespace: 'autoscaling-errors',
      taskDefinition: 'app',
    }));
  });

  afterAll(async () => {
    await proxyControl().clearRules();
    await operator?.stop();
  });

  it('retries throttling and ConcurrentUpdateException until the autoscaling is in place', async () => {
    const proxy = proxyControl();
    const scope = { service: 'application-autoscaling', bodyContains: `service/${CLUSTER}/busy` };
    const throttle = await proxy.addRule({
      ...scope,
      action: 'RegisterScalableTarget',
      times: 2,
      fault: { kind: 'throttle' },
    });
    const conflict = await proxy.addRule({
      ...scope,
      action: 'PutScalingPolicy',
      times: 2,
      fault: {
        kind: 'error',
        status: 400,
        code: 'ConcurrentUpdateException',
        message: 'You already have a pending update to an Auto Scaling resource.',
      },
    });
    await apply(namespace, service('busy'));
    const svc = await waitForResource(
      'ecsservices',
      namespace,
      'busy',
      (r) => condition(r, 'Ready')?.status === 'True' && condition(r, 'AutoscalingReady')?.status === 'True',
      { timeoutMs: 90_000, what: 'to be Ready with its autoscaling after the faults' },
    );
    expect(condition(svc, 'Stalled')?.status).toBe('False');

    const rules = await proxy.listRules();
    expect(rules.find((r) => r.id === throttle.id)?.hits).toBe(2);
    expect(rules.find((r) => r.id === conflict.id)?.hits).toBe(2);
    const { target, policies } = await scalingInMoto(`service/${CLUSTER}/busy`);
    expect(target).toMatchObject({ MinCapacity: 1, MaxCapacity: 3 });
    expect(policies.map((p) => p.PolicyName)).toEqual(['ecs-bridge-cpu']);
  });

  it('stalls on a quota error with a clear message, and waits for the object to change', async () => {
    const proxy = proxyControl();
    const quota = await proxy.addRule({
      service: 'application-autoscaling',
      action: 'RegisterScalableTarget',
      bodyContains: `service/${CLUSTER}/capped`,
      fault: {
        kind: 'error',
        status: 400,
        code: 'LimitExceededException',
        message: 'You have reached the maximum number of scalable targets.',
      },
    });
    const mark = await callMark();
    await apply(namespace, service('capped'));
    const svc = await waitForResource(
      'ecsservices',
      namespace,
      'capped',
      (r) => condition(r, 'AutoscalingReady')?.reason === 'QuotaExceeded',
      { timeoutMs: 90_000, what: 'to report the quota' },
    );
    expect(condition(svc, 'AutoscalingReady')?.status).toBe('False');
    expect(condition(svc, 'AutoscalingReady')?.message).toContain('LimitExceededException');
    expect(condition(svc, 'AutoscalingReady')?.message).toContain('Service Quotas');
    expect(condition(svc, 'Stalled')?.status).toBe('True');
    expect(condition(svc, 'Ready')?.status).toBe('False');

    // Terminal: no retry while nothing changes.
    const registersOfCapped = async (after: number): Promise<number> =>
      (await callsSince(after, 'RegisterScalableTarget')).filter((c) =>
        String(paramsOf(c)['ResourceId']).endsWith('/capped'),
      ).length;
    const tried = await registersOfCapped(mark);
    expect(tried).toBeGreaterThanOrEqual(1);
    await observe(QUIET_WINDOW_MS);
    expect(await registersOfCapped(mark)).toBe(tried);

    // The quota is raised and the user changes the object: it converges.
    await proxy.removeRule(quota.id);
    await apply(namespace, service('capped', 4));
    await waitForResource(
      'ecsservices',
      namespace,
      'capped',
      (r) => condition(r, 'Ready')?.status === 'True' && condition(r, 'AutoscalingReady')?.status === 'True',
      { timeoutMs: 90_000, what: 'to converge once the quota allows it' },
    );
    expect((await scalingInMoto(`service/${CLUSTER}/capped`)).target).toMatchObject({ MaxCapacity: 4 });
  });
});
