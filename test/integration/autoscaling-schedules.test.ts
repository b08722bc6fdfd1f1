/**
 * `spec.autoscaling.scheduledActions` end to end, with the operator run as users run it: a worker
 * with a night-time schedule in its own time zone, read back from moto; a change is one
 * PutScheduledAction, a resync writes nothing; a scheduled action ecs-bridge did not create is never
 * written and keeps the target registered when autoscaling is removed from the spec; a scaling
 * activity (played by the proxy, moto records none) becomes one Event and a status entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeleteScheduledActionCommand,
  DescribeScheduledActionsCommand,
  PutScheduledActionCommand,
  type ScheduledAction,
} from '@aws-sdk/client-application-auto-scaling';
import { CoreV1Api } from '@kubernetes/client-node';
import { waitFor } from '../world/wait.js';
import type { Network } from '../support/aws-fixtures.js';
import { callMark, callsSince, paramsOf, scalingInMoto } from '../support/autoscaling.js';
import { apply, condition, waitForResource, type Resource } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import { awsClients, kubeConfig, proxyControl, worldInfo } from '../support/world-client.js';
import { autoscalingWorld } from '../support/autoscaling-world.js';

const CLUSTER = 'schedule-demo';
const SERVICE = 'worker';
const RESOURCE_ID = `service/${CLUSTER}/${SERVICE}`;
const RESYNC = '2s';
const TARGET = {
  ServiceNamespace: 'ecs',
  ResourceId: RESOURCE_ID,
  ScalableDimension: 'ecs:service:DesiredCount',
} as const;
const NIGHT = {
  name: 'night',
  schedule: 'cron(0 22 * * ? *)',
  timezone: 'Europe/Berlin',
  minCapacity: 0,
  maxCapacity: 2,
};
const MORNING = {
  name: 'morning',
  schedule: 'cron(0 7 ? * MON-FRI *)',
  timezone: 'Europe/Berlin',
  startTime: '2030-01-01T00:00:00Z',
  minCapacity: 2,
  maxCapacity: 10,
};

interface ScheduledView {
  name: string;
  schedule: string;
  timezone?: string;
  startTime?: string;
  minCapacity?: number;
  maxCapacity?: number;
}
function scheduledOf(r: Resource | undefined): ScheduledView[] | undefined {
  return (r?.status?.['autoscaling'] as { scheduledActions?: ScheduledView[] } | undefined)?.scheduledActions;
}

async function scheduledInMoto(): Promise<ScheduledAction[]> {
  const { autoscaling } = awsClients('moto');
  const out = await autoscaling.send(
    new DescribeScheduledActionsCommand({ ServiceNamespace: 'ecs', ResourceId: RESOURCE_ID }),
  );
  autoscaling.destroy();
  return [...(out.ScheduledActions ?? [])].sort((a, b) =>
    (a.ScheduledActionName ?? '').localeCompare(b.ScheduledActionName ?? ''),
  );
}

describe('scheduled actions from the manifest (spec.autoscaling.scheduledActions)', () => {
  let operator: OperatorProcess;
  let namespace: string;
  let network: Network;
  let start: number;

  function service(autoscaling: Record<string, unknown> | undefined): object {
    return {
      apiVersion: 'ecs-bridge.dev/v1alpha1',
      kind: 'EcsService',
      metadata: { name: SERVICE },
      spec: {
        cluster: CLUSTER,
        taskDefinitionRef: { name: SERVICE },
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: [...network.subnetIds], securityGroups: [network.securityGroupId] },
        },
        ...(autoscaling === undefined ? {} : { autoscaling }),
      },
    };
  }
  const scaling = (scheduledActions: object[]): Record<string, unknown> => ({
    minCapacity: 1,
    maxCapacity: 10,
    cpu: { targetValue: 60 },
    scheduledActions,
  });

  const taskDefinition = {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsTaskDefinition',
    metadata: { name: SERVICE },
    spec: {
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: 'busybox:1.36' }],
    },
  };

  function waitForService(what: string, predicate: (r: Resource) => boolean): Promise<Resource> {
    return waitForResource('ecsservices', namespace, SERVICE, predicate, { timeoutMs: 90_000, what });
  }

  async function resyncs(n: number): Promise<void> {
    const mark = await callMark();
    await waitFor(
      async () => ((await callsSince(mark, 'DescribeScalableTargets')).length >= n ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 500, what: `${n} resyncs` },
    );
  }

  beforeAll(async () => {
    ({ namespace, network, operator, start } = await autoscalingWorld({
      cluster: CLUSTER,
      namespace: 'autoscaling-schedules',
      resyncPeriod: RESYNC,
    }));
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('creates the night and morning actions as the spec says, then writes nothing on resync', async () => {
    const mark = await callMark();
    await apply(namespace, taskDefinition, service(scaling([NIGHT, MORNING])));
    const svc = await waitForService(
      'to report its scheduled actions',
      (r) => condition(r, 'AutoscalingReady')?.status === 'True' && scheduledOf(r)?.length === 2,
    );
    const inMoto = await scheduledInMoto();
    expect(
      inMoto.map((a) => ({
        name: a.ScheduledActionName,
        schedule: a.Schedule,
        timezone: a.Timezone,
        start: a.StartTime?.toISOString(),
        min: a.ScalableTargetAction?.MinCapacity,
        max: a.ScalableTargetAction?.MaxCapacity,
      })),
    ).toEqual([
      {
        name: 'ecs-bridge-morning',
        schedule: 'cron(0 7 ? * MON-FRI *)',
        timezone: 'Europe/Berlin',
        start: '2030-01-01T00:00:00.000Z',
        min: 2,
        max: 10,
      },
      {
        name: 'ecs-bridge-night',
        schedule: 'cron(0 22 * * ? *)',
        timezone: 'Europe/Berlin',
        start: undefined,
        min: 0,
        max: 2,
      },
    ]);
    expect(scheduledOf(svc)).toEqual([
      {
        name: 'ecs-bridge-morning',
        schedule: 'cron(0 7 ? * MON-FRI *)',
        timezone: 'Europe/Berlin',
        startTime: '2030-01-01T00:00:00Z',
        minCapacity: 2,
        maxCapacity: 10,
      },
      {
        name: 'ecs-bridge-night',
        schedule: 'cron(0 22 * * ? *)',
        timezone: 'Europe/Berlin',
        minCapacity: 0,
        maxCapacity: 2,
      },
    ]);

    await resyncs(4);
    expect(await callsSince(mark, 'PutScheduledAction')).toHaveLength(2);
    expect(await callsSince(mark, 'DeleteScheduledAction')).toEqual([]);

    // Someone else's action on the same target, by hand.
    const { autoscaling } = awsClients('moto');
    await autoscaling.send(
      new PutScheduledActionCommand({
        ...TARGET,
        ScheduledActionName: 'team-weekend',
        Schedule: 'cron(0 0 ? * SAT *)',
        ScalableTargetAction: { MinCapacity: 0, MaxCapacity: 1 },
      }),
    );
    autoscaling.destroy();
  });

  it('updates one action with one PutScheduledAction and shows theirs in status', async () => {
    const mark = await callMark();
    await apply(namespace, service(scaling([{ ...NIGHT, maxCapacity: 3 }, MORNING])));
    const svc = await waitForService('to report the new night maximum', (r) =>
      (scheduledOf(r) ?? []).some((a) => a.name === 'ecs-bridge-night' && a.maxCapacity === 3),
    );
    expect(scheduledOf(svc)?.map((a) => a.name)).toEqual([
      'ecs-bridge-morning',
      'ecs-bridge-night',
      'team-weekend',
    ]);
    await resyncs(3);
    const puts = await callsSince(mark, 'PutScheduledAction');
    expect(puts.map((c) => paramsOf(c)['ScheduledActionName'])).toEqual(['ecs-bridge-night']);
    expect(paramsOf(puts[0]!)['ScalableTargetAction']).toEqual({ MinCapacity: 0, MaxCapacity: 3 });
  });

  it('relays a scaling activity as one Event on the EcsService, and shows it in status', async () => {
    // moto never scales: the proxy plays what Application Auto Scaling records when the morning
    // action fires (autoscaling-activities.ts).
    const activityId = await proxyControl().playScalingActivity({
      resourceId: RESOURCE_ID,
      region: worldInfo().region,
      description: 'Setting min capacity to 2 and max capacity to 10',
      cause: 'scheduled action name ecs-bridge-morning was triggered',
    });
    const core = kubeConfig().makeApiClient(CoreV1Api);
    const relayed = async () =>
      (await core.listNamespacedEvent({ namespace, fieldSelector: 'reason=ScalingActivity' })).items.filter(
        (e) => e.involvedObject.kind === 'EcsService' && e.involvedObject.name === SERVICE,
      );
    const [event] = await waitFor(
      async () => {
        const seen = await relayed();
        return seen.length > 0 ? seen : undefined;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 500,
        what: 'the ScalingActivity Event',
      },
    );
    expect(event?.type).toBe('Normal');
    expect(event?.message).toBe(
      'Setting min capacity to 2 and max capacity to 10 (Successful); cause: scheduled action name ecs-bridge-morning was triggered',
    );
    const svc = await waitForService('to show the activity', (r) =>
      (
        (r.status?.['autoscaling'] as { activities?: { activityId: string }[] } | undefined)?.activities ?? []
      ).some((a) => a.activityId === activityId),
    );
    expect(
      (svc.status?.['autoscaling'] as { activities: Record<string, unknown>[] }).activities[0],
    ).toMatchObject({
      activityId,
      statusCode: 'Successful',
      cause: 'scheduled action name ecs-bridge-morning was triggered',
    });
    // Once: later visits read the activity again and relay nothing more.
    await resyncs(3);
    const after = await relayed();
    expect(after.map((e) => [e.message, e.count])).toEqual([[event?.message, 1]]);
  });

  it('deletes only the action dropped from the spec, never theirs', async () => {
    const mark = await callMark();
    await apply(namespace, service(scaling([{ ...NIGHT, maxCapacity: 3 }])));
    await waitForService(
      'to drop the morning action',
      (r) => !(scheduledOf(r) ?? []).some((a) => a.name === 'ecs-bridge-morning'),
    );
    const deletes = await callsSince(mark, 'DeleteScheduledAction');
    expect(deletes.map((c) => paramsOf(c)['ScheduledActionName'])).toEqual(['ecs-bridge-morning']);
    expect((await scheduledInMoto()).map((a) => a.ScheduledActionName)).toEqual([
      'ecs-bridge-night',
      'team-weekend',
    ]);
  });

  it('on removal deletes ours; theirs keeps the target registered until it is gone', async () => {
    await apply(namespace, service(undefined));
    const held = await waitForService(
      'to report the foreign action holding the target',
      (r) => condition(r, 'AutoscalingReady')?.reason === 'ForeignPoliciesRemain',
    );
    expect(condition(held, 'AutoscalingReady')?.message).toContain('scheduled action team-weekend');
    expect((await scheduledInMoto()).map((a) => a.ScheduledActionName)).toEqual(['team-weekend']);
    expect((await scalingInMoto(RESOURCE_ID)).target?.ResourceId).toBe(RESOURCE_ID);
    expect(await callsSince(start, 'DeregisterScalableTarget')).toEqual([]);

    // Their action was never written by ecs-bridge: the only put of it is the one by hand above.
    const writes = [
      ...(await callsSince(start, 'PutScheduledAction')),
      ...(await callsSince(start, 'DeleteScheduledAction')),
    ];
    expect(writes.map((c) => paramsOf(c)['ScheduledActionName']).filter((n) => n === 'team-weekend')).toEqual(
      [],
    );

    const { autoscaling } = awsClients('moto');
    await autoscaling.send(
      new DeleteScheduledActionCommand({ ...TARGET, ScheduledActionName: 'team-weekend' }),
    );
    autoscaling.destroy();
    await waitForService(
      'to deregister the target once theirs is gone',
      (r) =>
        r.status?.['autoscaling'] === undefined &&
        condition(r, 'AutoscalingReady')?.reason === 'NotConfigured',
    );
    expect((await scalingInMoto(RESOURCE_ID)).target).toBeUndefined();
  });
});
