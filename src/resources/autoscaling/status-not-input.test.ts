import type { TargetTrackingScalingPolicyConfiguration } from '@aws-sdk/client-application-auto-scaling';
import { describe, expect, it } from 'vitest';
import { ECS_DESIRED_COUNT_DIMENSION } from '../../aws/autoscaling-api.js';
import type { AutoscalingClientApi } from '../../aws/autoscaling-client.js';
import { SCHEDULED_ACTION_LISTING } from '../../aws/scheduled-action-listing.js';
import { withServiceListing } from '../../aws/service-listing.js';
import { FakeClock } from '../../shared/testing/fake-clock.js';
import { apiServiceBehindAlb, fakeAwsWithApiAlb } from './testing/api-behind-alb.js';
import { FakeAwsAutoscaling } from './testing/fake-apis.js';
import { previewAutoscaling } from './preview-autoscaling.js';
import { reconcileAutoscaling, type ReconcileAutoscalingInput } from './reconcile-autoscaling.js';
import type { AutoscalingStatus } from './status.js';
import type { AutoscalingSpec } from './desired.js';

const RID = 'service/prod/api';

/** What a user with status rights could write on a service without `spec.autoscaling`. */
const LIE: AutoscalingStatus = {
  resourceId: RID,
  minCapacity: 1,
  maxCapacity: 4,
  policies: [{ name: 'ecs-bridge-cpu', metricType: 'ECSServiceAverageCPUUtilization', alarms: [] }],
};

/** Registers a target as another tool would, with `tags` if given (the call is made, then forgotten). */
async function registeredByHand(aws: FakeAwsAutoscaling, tags?: Record<string, string>): Promise<void> {
  await aws.registerScalableTarget({
    ServiceNamespace: 'ecs',
    ResourceId: RID,
    ScalableDimension: ECS_DESIRED_COUNT_DIMENSION,
    MinCapacity: 1,
    MaxCapacity: 3,
    ...(tags === undefined ? {} : { Tags: tags }),
  });
  aws.calls.length = 0;
}

/** Puts a policy under our CPU policy's name on the target, as another tool would, with `config` if given. */
function seedCpuPolicy(aws: FakeAwsAutoscaling, config?: TargetTrackingScalingPolicyConfiguration): void {
  aws.seedPolicy({
    ServiceNamespace: 'ecs',
    ResourceId: RID,
    ScalableDimension: ECS_DESIRED_COUNT_DIMENSION,
    PolicyName: 'ecs-bridge-cpu',
    PolicyType: 'TargetTrackingScaling',
    ...(config === undefined ? {} : { TargetTrackingScalingPolicyConfiguration: config }),
  });
}

/** The service's ownership tags as ECS reports them (the restart marker is not ownership). */
const SERVICE_TAGS = [
  { key: 'ecs-bridge.dev/owner', value: 'team-a/api' },
  { key: 'ecs-bridge.dev/instance', value: 'prod' },
  { key: 'ecs-bridge.dev/owner-uid', value: 'uid-1' },
  { key: 'ecs-bridge.dev/restart-at', value: '2026-12-01T00:00:00Z' },
];
const OUR_TARGET_TAGS = {
  'ecs-bridge.dev/owner': 'team-a/api',
  'ecs-bridge.dev/instance': 'prod',
  'ecs-bridge.dev/owner-uid': 'uid-1',
};

const CPU_ONLY: AutoscalingSpec = { minCapacity: 1, maxCapacity: 4, cpu: { targetValue: 60 } };
const WITH_NIGHT: AutoscalingSpec = {
  ...CPU_ONLY,
  scheduledActions: [{ name: 'night', schedule: 'cron(0 22 * * ? *)', minCapacity: 0, maxCapacity: 2 }],
};

/** Someone else's scheduled action on the service's target. */
async function theirWeekend(aws: FakeAwsAutoscaling): Promise<void> {
  await aws.putScheduledAction({
    ServiceNamespace: 'ecs',
    ResourceId: RID,
    ScalableDimension: ECS_DESIRED_COUNT_DIMENSION,
    ScheduledActionName: 'team-weekend',
    Schedule: 'cron(0 0 ? * SAT *)',
    ScalableTargetAction: { MinCapacity: 0 },
  });
  aws.calls.length = 0;
}

/** `status` with no scheduled actions shown (a lie when AWS has some). */
function withoutScheduled(status: AutoscalingStatus): AutoscalingStatus {
  const { scheduledActions: _dropped, ...rest } = status;
  return rest;
}

/** `aws` as the operator reads it: scheduled actions from a shared namespace listing. */
function behindScheduledListing(aws: FakeAwsAutoscaling, clock: FakeClock): AutoscalingClientApi {
  const methods = Object.getOwnPropertyNames(FakeAwsAutoscaling.prototype).filter((n) => n !== 'constructor');
  const bound = Object.fromEntries(
    methods.map((n) => [n, (aws as unknown as Record<string, (...a: unknown[]) => unknown>)[n]?.bind(aws)]),
  ) as unknown as AutoscalingClientApi;
  return withServiceListing(bound, { maxAgeMs: 60_000, clock }, SCHEDULED_ACTION_LISTING);
}

function input(
  aws: FakeAwsAutoscaling,
  extra: Partial<ReconcileAutoscalingInput> = {},
): ReconcileAutoscalingInput {
  return {
    api: aws,
    loadBalancing: aws,
    service: { ...apiServiceBehindAlb(), ownershipTags: SERVICE_TAGS },
    spec: undefined,
    ...extra,
  };
}

/** What reconciling `spec` wrote to AWS as status would record it. */
async function converged(aws: FakeAwsAutoscaling, spec: AutoscalingSpec): Promise<AutoscalingStatus> {
  const out = await reconcileAutoscaling(input(aws, { spec }));
  if (out.status === undefined) throw new Error('the reconcile reported no scalable target to build on');
  aws.calls.length = 0;
  return out.status;
}

describe('status.autoscaling is a report, never an input', () => {
  it('a lie in status.autoscaling never deregisters a target registered by hand', async () => {
    const aws = fakeAwsWithApiAlb();
    await registeredByHand(aws);

    const out = await reconcileAutoscaling(input(aws, { previousStatus: LIE }));

    expect(aws.writes()).toEqual([]);
    expect(aws.target(RID)).toMatchObject({ MinCapacity: 1, MaxCapacity: 3 });
    expect(out.ownsDesiredCount).toBe(false);
    expect(out.condition).toMatchObject({ type: 'AutoscalingReady', reason: 'NotConfigured' });
    const preview = await previewAutoscaling(input(aws, { previousStatus: LIE }));
    expect(preview.actions).toEqual([]);
  });

  it('with no target registered, a lie costs one target read and writes nothing', async () => {
    const aws = fakeAwsWithApiAlb();

    const out = await reconcileAutoscaling(input(aws, { previousStatus: LIE }));

    expect(aws.calls.map((c) => c.op)).toEqual(['describeScalableTargets']);
    expect(out).toMatchObject({ status: undefined, ownsDesiredCount: false, applied: [] });
  });

  it('a wiped status still removes what AWS shows is ours', async () => {
    const aws = fakeAwsWithApiAlb();
    await registeredByHand(aws);
    seedCpuPolicy(aws, {
      TargetValue: 60,
      PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
    });

    const out = await reconcileAutoscaling(input(aws));

    expect(aws.writes().map((c) => c.op)).toEqual(['deleteScalingPolicy', 'deregisterScalableTarget']);
    expect(aws.target(RID)).toBeUndefined();
    expect(out).toMatchObject({ status: undefined, ownsDesiredCount: false });
  });

  it('a service being deleted whose spec had autoscaling deregisters its bare target', async () => {
    const aws = fakeAwsWithApiAlb();
    await registeredByHand(aws);

    await reconcileAutoscaling(input(aws, { assumeManaged: true }));

    expect(aws.writes().map((c) => c.op)).toEqual(['deregisterScalableTarget']);
  });

  it('registers the target with the service ownership tags, and no other of its tags', async () => {
    const aws = fakeAwsWithApiAlb();
    await converged(aws, CPU_ONLY);
    expect(aws.tagsOf(RID)).toEqual(OUR_TARGET_TAGS);
  });

  it('a lie or a wipe of status.autoscaling with the spec converged: zero writes', async () => {
    const aws = fakeAwsWithApiAlb();
    const status = await converged(aws, CPU_ONLY);
    const lies: (AutoscalingStatus | undefined)[] = [
      LIE,
      { ...status, minCapacity: 9, maxCapacity: 99, policies: [] },
      {
        ...status,
        scheduledActions: [{ name: 'ecs-bridge-night', schedule: 'cron(0 0 * * ? *)', timezone: 'UTC' }],
      },
      undefined,
    ];
    for (const previousStatus of lies) {
      const out = await reconcileAutoscaling(input(aws, { spec: CPU_ONLY, previousStatus }));
      expect(aws.writes()).toEqual([]);
      expect(out.ownsDesiredCount).toBe(true);
      expect(out.status).toMatchObject({ minCapacity: 1, maxCapacity: 4 });
    }
  });

  it('a wiped status still deregisters a target tagged as ours with nothing of ours left on it', async () => {
    const aws = fakeAwsWithApiAlb();
    await converged(aws, CPU_ONLY);
    // The last policy went away (deleted by someone, or a removal that stopped half-way).
    await aws.deleteScalingPolicy({
      ServiceNamespace: 'ecs',
      ResourceId: RID,
      ScalableDimension: ECS_DESIRED_COUNT_DIMENSION,
      PolicyName: 'ecs-bridge-cpu',
    });
    aws.calls.length = 0;

    const out = await reconcileAutoscaling(input(aws));

    expect(aws.writes().map((c) => c.op)).toEqual(['deregisterScalableTarget']);
    expect(aws.target(RID)).toBeUndefined();
    expect(out).toMatchObject({ status: undefined, ownsDesiredCount: false });
  });

  it('a target tagged as another object’s is never written, whatever status and AWS show on it', async () => {
    const aws = fakeAwsWithApiAlb();
    await registeredByHand(aws, { ...OUR_TARGET_TAGS, 'ecs-bridge.dev/owner': 'team-b/api' });
    seedCpuPolicy(aws);
    aws.calls.length = 0;

    for (const previousStatus of [LIE, undefined]) {
      await reconcileAutoscaling(input(aws, { previousStatus }));
      await reconcileAutoscaling(input(aws, { previousStatus, assumeManaged: true }));
    }

    expect(aws.writes()).toEqual([]);
    expect(aws.policiesOf(RID).map((p) => p.PolicyName)).toEqual(['ecs-bridge-cpu']);
  });

  it('tags a target of ours registered before targets were tagged, once', async () => {
    const aws = fakeAwsWithApiAlb();
    await registeredByHand(aws);

    await reconcileAutoscaling(input(aws, { spec: CPU_ONLY }));
    expect(aws.writes().map((c) => c.op)).toEqual([
      'tagResource',
      'registerScalableTarget',
      'putScalingPolicy',
    ]);
    expect(aws.tagsOf(RID)).toEqual(OUR_TARGET_TAGS);
    aws.calls.length = 0;

    await reconcileAutoscaling(input(aws, { spec: CPU_ONLY }));
    expect(aws.writes()).toEqual([]);
  });

  it('a wiped or lying status while the spec drops its last scheduled action: ours is deleted, theirs kept', async () => {
    const status = (s: AutoscalingStatus) => [undefined, withoutScheduled(s)];
    for (const pick of [0, 1]) {
      const aws = fakeAwsWithApiAlb();
      const had = await converged(aws, WITH_NIGHT);
      await theirWeekend(aws);
      const previousStatus = status(had)[pick];

      await reconcileAutoscaling(input(aws, { spec: CPU_ONLY, previousStatus }));

      expect(
        aws.writes().map((c) => [c.op, (c.input as { ScheduledActionName?: string }).ScheduledActionName]),
      ).toEqual([['deleteScheduledAction', 'ecs-bridge-night']]);
      expect((await aws.describeScheduledActions(RID)).map((a) => a.ScheduledActionName)).toEqual([
        'team-weekend',
      ]);
    }
  });

  it('a lie costs no read beyond the shared listing: the same reads whatever status says', async () => {
    const aws = fakeAwsWithApiAlb();
    const truth = await converged(aws, WITH_NIGHT);
    const clock = new FakeClock();
    const api = behindScheduledListing(aws, clock);
    const statuses: (AutoscalingStatus | undefined)[] = [
      truth,
      withoutScheduled(truth),
      {
        ...truth,
        scheduledActions: [{ name: 'ecs-bridge-other', schedule: 'rate(1 hour)', timezone: 'UTC' }],
      },
      LIE,
      undefined,
    ];
    const readsOf: string[][] = [];
    for (const previousStatus of statuses) {
      aws.calls.length = 0;
      const out = await reconcileAutoscaling(input(aws, { api, spec: WITH_NIGHT, previousStatus }));
      expect(out.status?.scheduledActions?.map((a) => a.name)).toEqual(['ecs-bridge-night']);
      readsOf.push(aws.calls.map((c) => c.op));
    }

    expect(aws.writes()).toEqual([]);
    // One namespace listing answered every visit; no visit read the service's actions on its own.
    expect(readsOf[0]).toContain('listScheduledActionsUpTo');
    for (const reads of readsOf) {
      expect(reads).not.toContain('describeScheduledActions');
      expect(reads.filter((op) => op !== 'listScheduledActionsUpTo')).toEqual(
        readsOf[0]?.filter((op) => op !== 'listScheduledActionsUpTo'),
      );
    }
    expect(readsOf.flat().filter((op) => op === 'listScheduledActionsUpTo')).toHaveLength(1);
  });
});
