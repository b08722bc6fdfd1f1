/**
 * The test world keeps what ECS keeps: a service created with the members moto's CreateService
 * drops (deployment configuration, placement, grace period, AZ rebalancing) and with the
 * deployment-level ones (Service Connect, an EBS volume configuration) converges with one
 * CreateService and no follow-up UpdateService, as it would against ECS, and stays that way over
 * several resyncs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, waitForReady } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import { callMark, callsFor, describeViaProxy, paramsOf } from '../support/service-fixtures.js';
import { serviceWorld, stopServiceOperator } from '../support/service-world.js';
import { proxyControl } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';

const CLUSTER = 'fidelity';

describe('CreateService in the test world needs no follow-up UpdateService', () => {
  let operator: OperatorProcess | undefined;
  let namespace: string;

  beforeAll(async () => {
    ({ namespace, operator } = await serviceWorld({
      clusters: [CLUSTER],
      taskDefinitions: [['api', 'api:1']],
      namespace: 'svc-fidelity',
      resyncPeriod: '2s',
    }));
  });

  afterAll(async () => {
    await stopServiceOperator(operator, 'service-create-fidelity');
  });

  it('creates once, then only reads, across resyncs', async () => {
    const mark = await callMark();
    await apply(namespace, {
      apiVersion: 'ecs-bridge.dev/v1alpha1',
      kind: 'EcsService',
      metadata: { name: 'api' },
      spec: {
        cluster: CLUSTER,
        taskDefinition: 'api:1',
        desiredCount: 2,
        launchType: 'EC2',
        deploymentConfiguration: {
          minimumHealthyPercent: 50,
          maximumPercent: 150,
          deploymentCircuitBreaker: { enable: true, rollback: true },
        },
        placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
        placementConstraints: [{ type: 'distinctInstance' }],
        healthCheckGracePeriodSeconds: 45,
        availabilityZoneRebalancing: 'DISABLED',
        serviceConnectConfiguration: {
          enabled: true,
          namespace: 'shop',
          services: [{ portName: 'http', clientAliases: [{ port: 80 }] }],
        },
        volumeConfigurations: [
          {
            name: 'data',
            managedEBSVolume: {
              roleArn: 'arn:aws:iam::123456789012:role/ecsInfrastructureRole',
              sizeInGiB: 20,
            },
          },
        ],
      },
    });
    await waitForReady('ecsservices', namespace, 'api');

    // Several resyncs later (2 s each), still nothing but reads.
    const readyAt = await callMark();
    await waitFor(
      async () => {
        const reads = await proxyControl().calls({ action: 'DescribeServices', afterSeq: readyAt });
        return reads.length >= 3 ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'three more DescribeServices after Ready' },
    );
    const creates = (await callsFor('CreateService', 'api', mark)).map(paramsOf);
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({
      healthCheckGracePeriodSeconds: 45,
      availabilityZoneRebalancing: 'DISABLED',
    });
    expect(await callsFor('UpdateService', 'api', mark)).toEqual([]);

    // What the operator read back is what ECS would report: the service members on the service,
    // Service Connect and the volume on the PRIMARY deployment.
    const service = await describeViaProxy(CLUSTER, 'api');
    expect(service?.deploymentConfiguration?.maximumPercent).toBe(150);
    expect(service?.placementStrategy).toEqual([
      { type: 'spread', field: 'attribute:ecs.availability-zone' },
    ]);
    expect(service?.healthCheckGracePeriodSeconds).toBe(45);
    expect(service?.availabilityZoneRebalancing).toBe('DISABLED');
    const primary = service?.deployments?.find((d) => d.status === 'PRIMARY');
    expect(primary?.serviceConnectConfiguration?.namespace).toBe('shop');
    expect(primary?.volumeConfigurations?.[0]?.managedEBSVolume?.sizeInGiB).toBe(20);
  });
});
