/**
 * managementPolicy Observe with `spec.autoscaling`, against the real API server and the emulator
 * with the operator running as users run it (ADR 0018). A service and its autoscaling made outside
 * ecs-bridge are observed: they match and the object is InSync; then the scalable target's max
 * capacity is changed in moto directly (as the console would) and the drift shows in status under
 * `autoscaling`, while the proxy's call log shows the autoscaling reads and not one AWS write. An
 * invalid `spec.autoscaling` is then reported with the condition Manage sets, again with no write.
 */
import {
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CreateServiceCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsAfter, isReadAction, proxyMark } from '../support/cli.js';
import { installCrds, kubectl } from '../support/crds.js';
import { apply, condition, waitForReady, waitForResource } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import { ec2ServiceManifest, startServiceOperator } from '../support/service-fixtures.js';
import { serviceAws, stopServiceOperator } from '../support/service-world.js';
import { awsClients, freshNamespace } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';

/** The part of the EcsService schema the test edits. */
interface SpecSchema {
  'x-kubernetes-validations'?: { rule: string; message: string }[];
}

const CLUSTER = 'observe-scaling';
const SERVICE = 'obs-scaled';
const TARGET = {
  ServiceNamespace: 'ecs',
  ResourceId: `service/${CLUSTER}/${SERVICE}`,
  ScalableDimension: 'ecs:service:DesiredCount',
} as const;

/** Registers (or re-registers) the scalable target in moto directly, bypassing the proxy. */
async function registerInMoto(min: number, max: number): Promise<void> {
  const { autoscaling } = awsClients('moto');
  try {
    await autoscaling.send(
      new RegisterScalableTargetCommand({ ...TARGET, MinCapacity: min, MaxCapacity: max }),
    );
  } finally {
    autoscaling.destroy();
  }
}

describe('managementPolicy Observe: autoscaling drift reported with zero AWS writes', () => {
  let operator: OperatorProcess | undefined;
  let namespace: string;

  beforeAll(async () => {
    const [arn] = await serviceAws({
      clusters: [CLUSTER],
      taskDefinitions: [['obs-scaled', 'obs-scaled:1']],
    });
    const { ecs, autoscaling } = awsClients('moto');
    try {
      await ecs.send(
        new CreateServiceCommand({
          cluster: CLUSTER,
          serviceName: SERVICE,
          taskDefinition: arn,
          desiredCount: 1,
          launchType: 'EC2',
        }),
      );
      await autoscaling.send(
        new RegisterScalableTargetCommand({ ...TARGET, MinCapacity: 1, MaxCapacity: 4 }),
      );
      // The policy as ecs-bridge would name and configure it, so the spec below matches it.
      await autoscaling.send(
        new PutScalingPolicyCommand({
          ...TARGET,
          PolicyName: 'ecs-bridge-cpu',
          PolicyType: 'TargetTrackingScaling',
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: 60,
            PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
          },
        }),
      );
    } finally {
      ecs.destroy();
      autoscaling.destroy();
    }
    namespace = await freshNamespace('observe-as');
    // A short resync: drift made in AWS is seen on the next periodic read, as in production.
    operator = await startServiceOperator(namespace, { resyncPeriod: '3s' });
  });

  afterAll(async () => {
    await stopServiceOperator(operator, 'observe-only-autoscaling');
  });

  it('is InSync while autoscaling matches, then reports a changed max capacity, writing nothing', async () => {
    const mark = await proxyMark();
    await apply(
      namespace,
      ec2ServiceManifest(SERVICE, {
        cluster: CLUSTER,
        taskDefinition: 'obs-scaled:1',
        managementPolicy: 'Observe',
        autoscaling: { minCapacity: 1, maxCapacity: 4, cpu: { targetValue: 60 } },
      }),
    );
    const svc = await waitForReady('ecsservices', namespace, SERVICE);
    expect(condition(svc, 'Drifted')?.status).toBe('False');

    // Someone raises the max capacity in the console.
    await registerInMoto(1, 8);
    const drifted = await waitForResource(
      'ecsservices',
      namespace,
      SERVICE,
      (r) => condition(r, 'Drifted')?.status === 'True',
    );
    expect((drifted.status as { drift?: unknown }).drift).toEqual({
      fields: ['autoscaling'],
      changes: [{ path: 'autoscaling.maxCapacity', observed: '8', desired: '4' }],
    });
    expect(condition(drifted, 'Drifted')?.message).toContain('differs from the spec in autoscaling');

    const calls = await callsAfter(mark);
    // The drift came from the operator's own reads of Application Auto Scaling, through the proxy.
    expect(calls.map((c) => c.action)).toContain('DescribeScalableTargets');
    const writes = calls.filter((c) => !isReadAction(c.action));
    expect(writes.map((c) => `${c.service} ${c.action}`)).toEqual([]);
  }, 180_000);

  it('reports an invalid spec.autoscaling as Manage does, as a condition, writing nothing', async () => {
    // The API server's CEL rules refuse every spec.autoscaling the operator would; the operator's
    // own check is for objects stored before a rule existed. So store one that way: drop the rule
    // (an ALB policy needs a load balancer) for the apply, as an older CRD lacked it, and put the
    // CRDs back right after.
    const crd = JSON.parse(await kubectl(['get', 'crd', 'ecsservices.ecs-bridge.dev', '-o', 'json'])) as {
      spec: { versions: { schema: { openAPIV3Schema: { properties: { spec: SpecSchema } } } }[] };
    };
    const rules =
      crd.spec.versions[0]?.schema.openAPIV3Schema.properties.spec['x-kubernetes-validations'] ?? [];
    const index = rules.findIndex((r) =>
      r.message.startsWith('spec.autoscaling.albRequestCountPerTarget needs a load balancer'),
    );
    expect(index).toBeGreaterThanOrEqual(0);
    const path = `/spec/versions/0/schema/openAPIV3Schema/properties/spec/x-kubernetes-validations/${index}`;
    await kubectl([
      'patch',
      'crd',
      'ecsservices.ecs-bridge.dev',
      '--type=json',
      '-p',
      JSON.stringify([{ op: 'remove', path }]),
    ]);
    const mark = await proxyMark();
    try {
      // Refused by ecs-bridge: the service has no load balancer to take the ALB policy's target
      // group from.
      await waitFor(
        async () => {
          try {
            await apply(
              namespace,
              ec2ServiceManifest(SERVICE, {
                cluster: CLUSTER,
                taskDefinition: 'obs-scaled:1',
                managementPolicy: 'Observe',
                autoscaling: {
                  minCapacity: 1,
                  maxCapacity: 4,
                  albRequestCountPerTarget: { targetValue: 100 },
                },
              }),
            );
            return true;
          } catch {
            return undefined; // the API server may serve the old rules for a moment
          }
        },
        { timeoutMs: 30_000, what: 'the API server to store the object without the rule' },
      );
    } finally {
      await installCrds();
    }
    const refused = await waitForResource(
      'ecsservices',
      namespace,
      SERVICE,
      (r) => condition(r, 'AutoscalingReady')?.reason === 'InvalidAutoscaling',
    );
    expect(condition(refused, 'AutoscalingReady')?.status).toBe('False');
    expect(condition(refused, 'AutoscalingReady')?.message).toBe(
      'spec.autoscaling.albRequestCountPerTarget needs a target group: set its targetGroupArn or give the service a load balancer with a targetGroupArn',
    );
    expect(condition(refused, 'Ready')).toMatchObject({ status: 'False', reason: 'InvalidAutoscaling' });
    expect(condition(refused, 'Stalled')).toMatchObject({ status: 'True', reason: 'InvalidAutoscaling' });

    const writes = (await callsAfter(mark)).filter((c) => !isReadAction(c.action));
    expect(writes.map((c) => `${c.service} ${c.action}`)).toEqual([]);
  }, 120_000);
});
