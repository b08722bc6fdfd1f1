/**
 * The autoscaling error contract with the operator run as users run it (issue 6): throttling and
 * `ConcurrentUpdateException` from Application Auto Scaling are retried until the service converges.
 * Faults are injected at the proxy, for one service only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster, createNetwork, type Network } from '../support/aws-fixtures.js';
import { scalingInMoto } from '../support/autoscaling.js';
import { installCrds } from '../support/crds.js';
import { apply, condition, waitForReady, waitForResource } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { freshNamespace, proxyControl, worldControl } from '../support/world-client.js';

const CLUSTER = 'scaling-errors';

describe('autoscaling errors that are retried', () => {
  let operator: OperatorProcess;
  let namespace: string;
  let network: Network;

  function service(name: string): object {
    return {
      apiVersion: 'ecs-bridge.dev/v1alpha1',
      kind: 'EcsService',
      metadata: { name },
      spec: {
        cluster: CLUSTER,
        taskDefinitionRef: { name: 'app' },
        launchType: 'FARGATE',
        desiredCount: 1,
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: [...network.subnetIds],
            securityGroups: [network.securityGroupId],
          },
        },
        autoscaling: { minCapacity: 1, maxCapacity: 3, cpu: { targetValue: 50 } },
      },
    };
  }

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    network = await createNetwork();
    await createCluster(CLUSTER);
    namespace = await freshNamespace('autoscaling-errors');
    operator = await startOperator({ args: [`--namespaces=${namespace}`] });
    await apply(namespace, {
      apiVersion: 'ecs-bridge.dev/v1alpha1',
      kind: 'EcsTaskDefinition',
      metadata: { name: 'app' },
      spec: {
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'app', image: 'nginx:1.27', portMappings: [{ containerPort: 80 }] }],
      },
    });
    await waitForReady('ecstaskdefinitions', namespace, 'app');
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
});
