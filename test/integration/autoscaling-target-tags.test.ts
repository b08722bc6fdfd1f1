/**
 * The scalable target says whose it is (ADR 0047), so `status.autoscaling` is never an input: the
 * operator registers a service's target with the service's ownership tags; with `spec.autoscaling`
 * removed, `status.autoscaling` wiped and the last policy gone (nothing of ours left on the target
 * but its tags), a restarted operator still deregisters it; a target registered by hand on a service
 * without autoscaling is never written, whatever is written into or wiped from that service's status.
 * Targets and policies are read straight from moto, tags through the proxy (which keeps them), and
 * the writes from the proxy's call log.
 */
import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import {
  DeleteScalingPolicyCommand,
  ListTagsForResourceCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster, createNetwork, type Network } from '../support/aws-fixtures.js';
import {
  callMark,
  callsSince,
  fargateService,
  fargateTaskDefinition,
  paramsOf,
  scalingInMoto,
} from '../support/autoscaling.js';
import { installCrds } from '../support/crds.js';
import { apply, condition, waitForResource } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { awsClients, freshNamespace, kubeConfig, worldControl } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';

const CLUSTER = 'target-tags';
const OURS = 'tagged';
const BY_HAND = 'byhand';
const rid = (service: string): string => `service/${CLUSTER}/${service}`;
const RESYNC = '2s';
const CPU_ONLY = { minCapacity: 1, maxCapacity: 3, cpu: { targetValue: 60 } };

/** Every Application Auto Scaling write. */
const WRITES = [
  'RegisterScalableTarget',
  'DeregisterScalableTarget',
  'PutScalingPolicy',
  'DeleteScalingPolicy',
  'PutScheduledAction',
  'DeleteScheduledAction',
  'TagResource',
];

describe('the scalable target carries its own ownership tags', () => {
  let operator: OperatorProcess | undefined;
  let namespace: string;
  let network: Network;
  let handArn: string;
  let startMark: number;

  const start = async (): Promise<void> => {
    operator = await startOperator({ args: [`--namespaces=${namespace}`, `--resync-period=${RESYNC}`] });
  };

  async function patchStatus(name: string, status: Record<string, unknown>): Promise<void> {
    await kubeConfig().makeApiClient(CustomObjectsApi).patchNamespacedCustomObjectStatus(
      {
        group: 'ecs-bridge.dev',
        version: 'v1alpha1',
        namespace,
        plural: 'ecsservices',
        name,
        body: { status },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }

  /** The autoscaling writes after `mark` that name `service`'s target (by resource id or ARN). */
  async function writesOn(mark: number, service: string, arn?: string): Promise<string[]> {
    const calls = (await Promise.all(WRITES.map((w) => callsSince(mark, w)))).flat();
    return calls
      .sort((a, b) => a.seq - b.seq)
      .filter((c) => paramsOf(c)['ResourceId'] === rid(service) || paramsOf(c)['ResourceARN'] === arn)
      .map((c) => c.action);
  }

  async function tagsOf(arn: string): Promise<Record<string, string>> {
    const { autoscaling } = awsClients('proxy');
    const out = await autoscaling.send(new ListTagsForResourceCommand({ ResourceARN: arn }));
    autoscaling.destroy();
    return out.Tags ?? {};
  }

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    network = await createNetwork();
    await createCluster(CLUSTER);
    namespace = await freshNamespace('target-tags');
    startMark = await callMark();
    await start();
    await apply(
      namespace,
      fargateTaskDefinition(OURS),
      fargateTaskDefinition(BY_HAND),
      fargateService({ name: OURS, cluster: CLUSTER, network, desiredCount: 1, autoscaling: CPU_ONLY }),
      fargateService({ name: BY_HAND, cluster: CLUSTER, network, desiredCount: 1, autoscaling: undefined }),
    );
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it("registers the target with the service's ownership tags, and tags it with nothing more", async () => {
    await waitForResource(
      'ecsservices',
      namespace,
      OURS,
      (r) => condition(r, 'AutoscalingReady')?.status === 'True',
      { timeoutMs: 90_000, what: 'autoscaling to be ready' },
    );
    // Later visits judge the target by its tags too.
    const ready = await callMark();
    await waitFor(
      async () => ((await callsSince(ready, 'DescribeServices')).length >= 4 ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 500, what: 'a few more resyncs' },
    );
    const { target, policies } = await scalingInMoto(rid(OURS));
    expect(policies.map((p) => p.PolicyName)).toEqual(['ecs-bridge-cpu']);
    // The operator kept what its registration sent: it never read the tags back (counted before
    // this test reads them itself).
    const readBack = (await callsSince(startMark, 'ListTagsForResource')).filter(
      (c) => paramsOf(c)['ResourceARN'] === target?.ScalableTargetARN,
    );
    expect(target?.ScalableTargetARN).toMatch(/:scalable-target\//);
    expect(readBack).toEqual([]);
    expect(await tagsOf(target?.ScalableTargetARN ?? '')).toEqual({
      'ecs-bridge.dev/owner': `${namespace}/${OURS}`,
      'ecs-bridge.dev/instance': 'default',
      'ecs-bridge.dev/owner-uid': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    // Tagged on create: no TagResource was needed.
    expect(await writesOn(startMark, OURS, target?.ScalableTargetARN)).toEqual([
      'RegisterScalableTarget',
      'PutScalingPolicy',
    ]);
  });

  it('never writes a target registered by hand on a service without autoscaling, whatever its status says', async () => {
    await waitForResource(
      'ecsservices',
      namespace,
      BY_HAND,
      (r) => condition(r, 'Ready')?.status === 'True',
      {
        timeoutMs: 90_000,
        what: 'the service without autoscaling to be ready',
      },
    );
    const { autoscaling } = awsClients('proxy');
    const registered = await autoscaling.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: 'ecs',
        ResourceId: rid(BY_HAND),
        ScalableDimension: 'ecs:service:DesiredCount',
        MinCapacity: 1,
        MaxCapacity: 2,
      }),
    );
    autoscaling.destroy();
    handArn = registered.ScalableTargetARN ?? '';
    const mark = await callMark();
    // A lie that says a target and a policy of ours are there, then a wipe.
    await patchStatus(BY_HAND, {
      autoscaling: {
        resourceId: rid(BY_HAND),
        minCapacity: 1,
        maxCapacity: 2,
        policies: [{ name: 'ecs-bridge-cpu', metricType: 'ECSServiceAverageCPUUtilization', alarms: [] }],
      },
    });
    await waitFor(
      async () => ((await callsSince(mark, 'ListTagsForResource')).length >= 1 ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 500, what: 'the hand-made target to be judged by its tags' },
    );
    await patchStatus(BY_HAND, { autoscaling: null });
    const afterWipe = await callMark();
    await waitFor(
      async () => ((await callsSince(afterWipe, 'DescribeServices')).length >= 4 ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 500, what: 'a few more resyncs' },
    );

    expect(await writesOn(mark, BY_HAND, handArn)).toEqual([]);
    expect((await scalingInMoto(rid(BY_HAND))).target).toMatchObject({ MinCapacity: 1, MaxCapacity: 2 });
    // The verdict is kept by ARN: its tags were read once, however many visits followed (counted
    // before this test reads them itself).
    const reads = (await callsSince(mark, 'ListTagsForResource')).filter(
      (c) => paramsOf(c)['ResourceARN'] === handArn,
    );
    expect(reads.map((c) => `${c.outcome} ${c.status ?? ''}`)).toEqual(['forwarded 200']);
    expect(await tagsOf(handArn)).toEqual({});
  });

  it('deregisters a target tagged ours with status wiped and nothing else of ours on it, across a restart', async () => {
    await operator?.stop();
    operator = undefined;
    // The last policy went away by hand: only the target's tags still say it is ours.
    const { autoscaling } = awsClients('moto');
    await autoscaling.send(
      new DeleteScalingPolicyCommand({
        ServiceNamespace: 'ecs',
        ResourceId: rid(OURS),
        ScalableDimension: 'ecs:service:DesiredCount',
        PolicyName: 'ecs-bridge-cpu',
      }),
    );
    autoscaling.destroy();
    await apply(
      namespace,
      fargateService({ name: OURS, cluster: CLUSTER, network, desiredCount: 1, autoscaling: undefined }),
    );
    await patchStatus(OURS, { autoscaling: null });
    const mark = await callMark();
    await start();

    await waitFor(async () => ((await scalingInMoto(rid(OURS))).target === undefined ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 500,
      what: 'the target tagged ours to be deregistered',
    });
    expect(await writesOn(mark, OURS)).toEqual(['DeregisterScalableTarget']);
    // The hand-made target of the other service is still left alone after the restart.
    expect(await writesOn(mark, BY_HAND, handArn)).toEqual([]);
    expect((await scalingInMoto(rid(BY_HAND))).target).toMatchObject({ MinCapacity: 1, MaxCapacity: 2 });
  });
});
