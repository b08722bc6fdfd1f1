/**
 * The real {@link AutoscalingApi}: one Application Auto Scaling command per call, through the shared
 * rate limiter and the call observer. AWS publishes no rate limits for this service but throttles
 * it all the same, so reads and writes get their own conservative buckets
 * ({@link AUTOSCALING_CATEGORY_LIMITS}), sized so that a fleet of services (one target and a few
 * policies each) still converges faster than ECS lets task definitions be registered.
 */
import {
  DeleteScalingPolicyCommand,
  DeleteScheduledActionCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
  ListTagsForResourceCommand,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
  TagResourceCommand,
  type ApplicationAutoScalingClient,
  type DescribeScalableTargetsRequest,
  type DescribeScalingActivitiesRequest,
  type DescribeScalingPoliciesRequest,
  type DescribeScheduledActionsRequest,
  type ScalableTarget,
  type ScalingActivity,
  type ScalingPolicy,
  type ScheduledAction,
} from '@aws-sdk/client-application-auto-scaling';
import {
  ECS_DESIRED_COUNT_DIMENSION,
  ECS_SERVICE_NAMESPACE,
  type AutoscalingApi,
} from './autoscaling-api.js';
import { AwsCallRunner, type AwsApiOptions, type AwsCallOptions } from './call-runner.js';
import { readWriteActions, readWriteLimits, type ReadWriteCategory } from './read-write-categories.js';
import { commandSender, type SdkCommand } from './command-sender.js';
import { chunks, nextTokenField, readAllPages, readPagesUpTo, type Page } from './pages.js';
import { installThrottleReporter } from './throttle-reporter.js';

/** Throttling categories of Application Auto Scaling, as the rate limiter knows them. */
export type AutoscalingCategory = ReadWriteCategory<'application-autoscaling'>;

/** Our own limits (AWS publishes none): deliberately modest, and overridable through the limiter. */
export const AUTOSCALING_CATEGORY_LIMITS = readWriteLimits('application-autoscaling', {
  read: { burst: 40, sustained: 10 },
  write: { burst: 20, sustained: 10 },
});

const ACTIONS = readWriteActions('application-autoscaling', {
  reads: [
    'DescribeScalableTargets',
    'DescribeScalingPolicies',
    'DescribeScheduledActions',
    'DescribeScalingActivities',
    'ListTagsForResource',
  ],
  writes: [
    'RegisterScalableTarget',
    'DeregisterScalableTarget',
    'PutScalingPolicy',
    'DeleteScalingPolicy',
    'PutScheduledAction',
    'DeleteScheduledAction',
    'TagResource',
  ],
});

type AutoscalingApiAction = keyof typeof ACTIONS;

const isAutoscalingAction = (action: string): action is AutoscalingApiAction =>
  Object.hasOwn(ACTIONS, action);

// DescribeScalableTargets answers at most 50 targets per page; we ask for as many ids per call.
const RESOURCE_IDS_PER_CALL = 50;

// DescribeScalingPolicies answers at most 10 policies per page (`MaxResults` 1-10), sent explicitly
// so an emulator with a larger default pages as AWS does
// (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalingPolicies.html).
const POLICIES_PER_PAGE = 10;

// DescribeScalingActivities answers at most 50 activities per page (`MaxResults` 1-50), newest first
// (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalingActivities.html).
const ACTIVITIES_PER_PAGE = 50;

// DescribeScheduledActions answers at most 50 actions per page (`MaxResults` 1-50), sent explicitly
// (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScheduledActions.html).
const SCHEDULED_ACTIONS_PER_PAGE = 50;

/** Options for {@link createAutoscalingApi}. */
export interface AutoscalingApiOptions extends AwsApiOptions {
  /** The SDK client for {@link AwsApiOptions.region}. */
  readonly client: ApplicationAutoScalingClient;
}

/** The real API, plus the namespace-wide listing the shared reads use (shared-listing.ts). */
export interface AutoscalingClientApi extends AutoscalingApi {
  /**
   * DescribeScalableTargets of every ECS service desired count of the Region (no resource ids), 50
   * a page, at most `maxPages` pages; `complete` says whether that was all of them.
   */
  listScalableTargetsUpTo(
    maxPages: number,
    options?: AwsCallOptions,
  ): Promise<{ items: ScalableTarget[]; complete: boolean }>;
  /**
   * DescribeScalingPolicies of every ECS service of the Region (`ServiceNamespace` alone: a
   * `ScalableDimension` filter needs a `ResourceId`), 10 a page (the API's maximum), at most
   * `maxPages` pages; policies of other dimensions are left out. `complete` says whether that was all.
   */
  listScalingPoliciesUpTo(
    maxPages: number,
    options?: AwsCallOptions,
  ): Promise<{ items: ScalingPolicy[]; complete: boolean }>;
  /**
   * DescribeScalingActivities of the ECS namespace (`ServiceNamespace` alone), 50 a page, newest
   * first, the first `maxPages` pages only: the Region's newest activities, not its six weeks of
   * history. Activities of other dimensions are left out.
   */
  listScalingActivitiesUpTo(maxPages: number, options?: AwsCallOptions): Promise<ScalingActivity[]>;
  /**
   * DescribeScheduledActions of every ECS service of the Region (`ServiceNamespace` alone: a
   * `ScalableDimension` filter needs a `ResourceId`), 50 a page (the API's maximum), at most
   * `maxPages` pages; actions of other dimensions are left out. `complete` says whether that was all.
   */
  listScheduledActionsUpTo(
    maxPages: number,
    options?: AwsCallOptions,
  ): Promise<{ items: ScheduledAction[]; complete: boolean }>;
  /** DescribeScalingActivities of one ECS service's desired count: its newest page (50), newest first. */
  describeScalingActivities(resourceId: string, options?: AwsCallOptions): Promise<ScalingActivity[]>;
}

/** Builds the real {@link AutoscalingApi} for one Region over `options.client`. */
export function createAutoscalingApi(options: AutoscalingApiOptions): AutoscalingClientApi {
  const { client } = options;
  const runner = new AwsCallRunner<AutoscalingApiAction>({
    ...options,
    service: 'application-autoscaling',
    categoryOf: (action) => ACTIONS[action],
  });
  installThrottleReporter(client.middlewareStack, (action) =>
    runner.reportThrottle(action, isAutoscalingAction),
  );
  const send = commandSender(runner, client);

  return {
    async registerScalableTarget(input, callOptions) {
      const out = await send('RegisterScalableTarget', new RegisterScalableTargetCommand(input), callOptions);
      return out.ScalableTargetARN;
    },

    async listTagsForResource(resourceArn, callOptions) {
      const out = await send(
        'ListTagsForResource',
        new ListTagsForResourceCommand({ ResourceARN: resourceArn }),
        callOptions,
      );
      return out.Tags ?? {};
    },

    tagResource: (resourceArn, tags, callOptions) =>
      write(
        'TagResource',
        new TagResourceCommand({ ResourceARN: resourceArn, Tags: { ...tags } }),
        callOptions,
      ),

    deregisterScalableTarget: (input, callOptions) =>
      write('DeregisterScalableTarget', new DeregisterScalableTargetCommand(input), callOptions),

    async describeScalableTargets(resourceIds, callOptions) {
      const targets: ScalableTarget[] = [];
      for (const chunk of chunks(resourceIds, RESOURCE_IDS_PER_CALL)) {
        targets.push(
          ...(await readAllPages((token) => describeTargets({ ResourceIds: chunk }, token, callOptions))),
        );
      }
      return targets;
    },

    listScalableTargetsUpTo: (maxPages, callOptions) =>
      readPagesUpTo(maxPages, (token) =>
        describeTargets({ MaxResults: RESOURCE_IDS_PER_CALL }, token, callOptions),
      ),

    listScalingPoliciesUpTo: (maxPages, callOptions) =>
      readPagesUpTo(maxPages, async (token) => {
        // `ScalableDimension` filters only with a `ResourceId`: the other dimensions are left out here.
        const page = await describePolicies({ MaxResults: POLICIES_PER_PAGE }, token, callOptions);
        return {
          items: page.items.filter((p) => p.ScalableDimension === ECS_DESIRED_COUNT_DIMENSION),
          next: page.next,
        };
      }),

    async putScalingPolicy(input, callOptions) {
      const out = await send('PutScalingPolicy', new PutScalingPolicyCommand(input), callOptions);
      if (out.PolicyARN === undefined) throw new Error('PutScalingPolicy returned no policy ARN');
      return { policyArn: out.PolicyARN, alarms: out.Alarms ?? [] };
    },

    deleteScalingPolicy: (input, callOptions) =>
      write('DeleteScalingPolicy', new DeleteScalingPolicyCommand(input), callOptions),

    describeScalingPolicies: (resourceId, callOptions) =>
      readAllPages((token) =>
        describePolicies(
          { ScalableDimension: ECS_DESIRED_COUNT_DIMENSION, ResourceId: resourceId },
          token,
          callOptions,
        ),
      ),

    async listScalingActivitiesUpTo(maxPages, callOptions) {
      const { items } = await readPagesUpTo(maxPages, async (token) => {
        // `ScalableDimension` filters only with a `ResourceId`: the other dimensions are left out here.
        const page = await describeActivities({}, token, callOptions);
        return {
          items: page.items.filter((a) => a.ScalableDimension === ECS_DESIRED_COUNT_DIMENSION),
          next: page.next,
        };
      });
      return items;
    },

    async describeScalingActivities(resourceId, callOptions) {
      // One page: the newest activities of the service are what status and Events show.
      const page = await describeActivities(
        { ScalableDimension: ECS_DESIRED_COUNT_DIMENSION, ResourceId: resourceId },
        undefined,
        callOptions,
      );
      return [...page.items];
    },

    putScheduledAction: (input, callOptions) =>
      write('PutScheduledAction', new PutScheduledActionCommand(input), callOptions),

    deleteScheduledAction: (input, callOptions) =>
      write('DeleteScheduledAction', new DeleteScheduledActionCommand(input), callOptions),

    describeScheduledActions: (resourceId, callOptions) =>
      readAllPages((token) =>
        describeScheduled(
          { ScalableDimension: ECS_DESIRED_COUNT_DIMENSION, ResourceId: resourceId },
          token,
          callOptions,
        ),
      ),

    listScheduledActionsUpTo: (maxPages, callOptions) =>
      readPagesUpTo(maxPages, async (token) => {
        // `ScalableDimension` filters only with a `ResourceId`: the other dimensions are left out here.
        const page = await describeScheduled({ MaxResults: SCHEDULED_ACTIONS_PER_PAGE }, token, callOptions);
        return {
          items: page.items.filter((a) => a.ScalableDimension === ECS_DESIRED_COUNT_DIMENSION),
          next: page.next,
        };
      }),
  };

  /** Sends a write whose answer carries nothing the callers keep. */
  async function write(
    action: AutoscalingApiAction,
    command: SdkCommand<unknown>,
    callOptions: AwsCallOptions | undefined,
  ): Promise<void> {
    await send(action, command, callOptions);
  }

  /**
   * One DescribeScalingActivities page of the ECS service namespace that `query` narrows to, newest
   * first, {@link ACTIVITIES_PER_PAGE} at most.
   */
  async function describeActivities(
    query: Pick<DescribeScalingActivitiesRequest, 'ScalableDimension' | 'ResourceId'>,
    token: string | undefined,
    callOptions: AwsCallOptions | undefined,
  ): Promise<Page<ScalingActivity>> {
    const page = await send(
      'DescribeScalingActivities',
      new DescribeScalingActivitiesCommand({
        ServiceNamespace: ECS_SERVICE_NAMESPACE,
        ...query,
        MaxResults: ACTIVITIES_PER_PAGE,
        ...nextTokenField(token),
      }),
      callOptions,
    );
    return { items: page.ScalingActivities ?? [], next: page.NextToken };
  }

  /** One DescribeScalableTargets page of the ECS desired-count targets that `query` narrows to. */
  async function describeTargets(
    query: Pick<DescribeScalableTargetsRequest, 'ResourceIds' | 'MaxResults'>,
    token: string | undefined,
    callOptions: AwsCallOptions | undefined,
  ): Promise<Page<ScalableTarget>> {
    const page = await send(
      'DescribeScalableTargets',
      new DescribeScalableTargetsCommand({
        ServiceNamespace: ECS_SERVICE_NAMESPACE,
        ScalableDimension: ECS_DESIRED_COUNT_DIMENSION,
        ...query,
        ...nextTokenField(token),
      }),
      callOptions,
    );
    return { items: page.ScalableTargets ?? [], next: page.NextToken };
  }

  /** One DescribeScalingPolicies page of the ECS service namespace that `query` narrows to. */
  async function describePolicies(
    query: Pick<DescribeScalingPoliciesRequest, 'ScalableDimension' | 'ResourceId' | 'MaxResults'>,
    token: string | undefined,
    callOptions: AwsCallOptions | undefined,
  ): Promise<Page<ScalingPolicy>> {
    const page = await send(
      'DescribeScalingPolicies',
      new DescribeScalingPoliciesCommand({
        ServiceNamespace: ECS_SERVICE_NAMESPACE,
        ...query,
        ...nextTokenField(token),
      }),
      callOptions,
    );
    return { items: page.ScalingPolicies ?? [], next: page.NextToken };
  }

  /** One DescribeScheduledActions page of the ECS service namespace that `query` narrows to. */
  async function describeScheduled(
    query: Pick<DescribeScheduledActionsRequest, 'ScalableDimension' | 'ResourceId' | 'MaxResults'>,
    token: string | undefined,
    callOptions: AwsCallOptions | undefined,
  ): Promise<Page<ScheduledAction>> {
    const page = await send(
      'DescribeScheduledActions',
      new DescribeScheduledActionsCommand({
        ServiceNamespace: ECS_SERVICE_NAMESPACE,
        ...query,
        ...nextTokenField(token),
      }),
      callOptions,
    );
    return { items: page.ScheduledActions ?? [], next: page.NextToken };
  }
}
