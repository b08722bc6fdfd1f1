/**
 * The operator, run as users run it (`ecs-bridge run` as its own process), converges scenario 1 in
 * the world: an EcsTaskDefinition becomes one revision, an EcsService becomes one ECS service on
 * that revision, both Ready, and `kubectl wait --for=condition=Ready` agrees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { createCluster, createNetwork, type Network } from '../support/aws-fixtures.js';
import { installCrds, kubectl } from '../support/crds.js';
import { apply, waitForReady } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { awsClients, freshNamespace, proxyControl, worldControl } from '../support/world-client.js';

describe('ecs-bridge run converges the Fargate sample app (scenario 1)', () => {
  let operator: OperatorProcess;
  let namespace: string;
  let network: Network;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    network = await createNetwork();
    await createCluster('demo-fargate');
    namespace = await freshNamespace('smoke');
    operator = await startOperator({ args: [`--namespaces=${namespace}`] });
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('registers one revision, creates one service, and reports Ready', async () => {
    await apply(
      namespace,
      {
        apiVersion: 'ecs-bridge.dev/v1alpha1',
        kind: 'EcsTaskDefinition',
        metadata: { name: 'sample-fargate' },
        spec: {
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu: '256',
          memory: '512',
          containerDefinitions: [{ name: 'app', image: 'httpd:2.4', portMappings: [{ containerPort: 80 }] }],
        },
      },
      {
        apiVersion: 'ecs-bridge.dev/v1alpha1',
        kind: 'EcsService',
        metadata: { name: 'httpd' },
        spec: {
          cluster: 'demo-fargate',
          taskDefinitionRef: { name: 'sample-fargate' },
          desiredCount: 1,
          launchType: 'FARGATE',
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: [...network.subnetIds],
              securityGroups: [network.securityGroupId],
              assignPublicIp: 'ENABLED',
            },
          },
        },
      },
    );
    const td = await waitForReady('ecstaskdefinitions', namespace, 'sample-fargate');
    const svc = await waitForReady('ecsservices', namespace, 'httpd', 90_000);
    expect(svc.status?.taskDefinitionArn).toBe(td.status?.taskDefinitionArn);

    const waited = await kubectl([
      'wait',
      '-n',
      namespace,
      'ecssvc/httpd',
      '--for=condition=Ready',
      '--timeout=10s',
    ]);
    expect(waited).toContain('condition met');

    const described = await awsClients().ecs.send(
      new DescribeServicesCommand({ cluster: 'demo-fargate', services: ['httpd'] }),
    );
    expect(described.services?.[0]?.taskDefinition).toBe(td.status?.taskDefinitionArn);
    const proxy = proxyControl();
    expect(await proxy.count({ action: 'RegisterTaskDefinition' })).toBe(1);
    expect(await proxy.count({ action: 'CreateService' })).toBe(1);
  });
});
