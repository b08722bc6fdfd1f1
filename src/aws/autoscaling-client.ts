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
import { operations, type SdkCommandClass } from './operations.js';
import {
  nextTokenField,
  readAllPages,
  readInChunks,
  readPagesUpTo,
  type Page,
  type PageReader,
} from './pages.js';
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

/** The namespace describes: each one's action, command, and the output member holding a page's items. */
const NAMESPACE_DESCRIBES = {
  DescribeScalableTargets: ['DescribeScalableTargets', DescribeScalableTargetsCommand, 'ScalableTargets'],
  DescribeScalingPolicies: ['DescribeScalingPolicies', DescribeScalingPoliciesCommand, 'ScalingPolicies'],
  DescribeScheduledActions: ['DescribeScheduledActions', DescribeScheduledActionsCommand, 'ScheduledActions'],
  DescribeScalingActivities: [
    'DescribeScalingActivities',
    DescribeScalingActivitiesCommand,
    'ScalingActivities',
  ],
} as const satisfies Record<NamespaceDescribe, readonly [NamespaceDescribe, SdkCommandClass, string]>;

/** What each namespace describe is narrowed by (`ServiceNamespace` is always ECS's) and what it lists. */
interface NamespaceDescribes {
  DescribeScalableTargets: { query: Narrowing<DescribeScalableTargetsRequest>; item: ScalableTarget };
  DescribeScalingPolicies: { query: Narrowing<DescribeScalingPoliciesRequest>; item: ScalingPolicy };
  DescribeScheduledActions: {
    query: Narrowing<DescribeScheduledActionsRequest>;
    item: ScheduledAction;
  };
  DescribeScalingActivities: {
    query: Narrowing<DescribeScalingActivitiesRequest>;
    item: ScalingActivity;
  };
}

/** A namespace describe's answer: its items under the member the table names, and the next token. */
type NamespacePage = Readonly<Record<string, unknown>> & { readonly NextToken?: string | undefined };

type Narrowing<Request> = Omit<Request, 'ServiceNamespace' | 'NextToken'>;
type NamespaceDescribe = keyof NamespaceDescribes;

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
  const ops = operations(send);

  /** One page of a namespace describe (`action`) of the ECS service namespace that `query` narrows to. */
  async function page<A extends NamespaceDescribe>(
    action: A,
    query: NamespaceDescribes[A]['query'],
    token: string | undefined,
    callOptions: AwsCallOptions | undefined,
  ): Promise<Page<NamespaceDescribes[A]['item']>> {
    const [, Command, member] = NAMESPACE_DESCRIBES[action] as readonly [string, SdkCommandClass, string];
    const input = { ServiceNamespace: ECS_SERVICE_NAMESPACE, ...query, ...nextTokenField(token) };
    const out = await send(action, new Command(input as never) as SdkCommand<NamespacePage>, callOptions);
    return { items: (out[member] ?? []) as NamespaceDescribes[A]['item'][], next: out.NextToken };
  }

  return {
    registerScalableTarget: ops.member(
      'RegisterScalableTarget',
      RegisterScalableTargetCommand,
      'ScalableTargetARN',
    ),

    listTagsForResource: ops.call(
      'ListTagsForResource',
      ListTagsForResourceCommand,
      (ResourceARN: string) => ({ ResourceARN }),
      (out) => out.Tags ?? {},
    ),

    async tagResource(resourceArn, tags, callOptions) {
      await send(
        'TagResource',
        new TagResourceCommand({ ResourceARN: resourceArn, Tags: { ...tags } }),
        callOptions,
      );
    },

    deregisterScalableTarget: ops.write('DeregisterScalableTarget', DeregisterScalableTargetCommand),

    describeScalableTargets: (resourceIds, callOptions) =>
      readInChunks(resourceIds, RESOURCE_IDS_PER_CALL, (ResourceIds) =>
        readAllPages((token) =>
          page('DescribeScalableTargets', { ...DESIRED_COUNT, ResourceIds }, token, callOptions),
        ),
      ),

    listScalableTargetsUpTo: (maxPages, callOptions) =>
      readPagesUpTo(maxPages, (token) =>
        page(
          'DescribeScalableTargets',
          { ...DESIRED_COUNT, MaxResults: RESOURCE_IDS_PER_CALL },
          token,
          callOptions,
        ),
      ),

    listScalingPoliciesUpTo: (maxPages, callOptions) =>
      readPagesUpTo(
        maxPages,
        desiredCountOnly((token) =>
          page('DescribeScalingPolicies', { MaxResults: POLICIES_PER_PAGE }, token, callOptions),
        ),
      ),

    async putScalingPolicy(input, callOptions) {
      const out = await send('PutScalingPolicy', new PutScalingPolicyCommand(input), callOptions);
      if (out.PolicyARN === undefined) throw new Error('PutScalingPolicy returned no policy ARN');
      return { policyArn: out.PolicyARN, alarms: out.Alarms ?? [] };
    },

    deleteScalingPolicy: ops.write('DeleteScalingPolicy', DeleteScalingPolicyCommand),

    describeScalingPolicies: (resourceId, callOptions) =>
      readAllPages((token) => page('DescribeScalingPolicies', oneService(resourceId), token, callOptions)),

    async listScalingActivitiesUpTo(maxPages, callOptions) {
      const { items } = await readPagesUpTo(
        maxPages,
        desiredCountOnly((token) =>
          page('DescribeScalingActivities', { MaxResults: ACTIVITIES_PER_PAGE }, token, callOptions),
        ),
      );
      return items;
    },

    async describeScalingActivities(resourceId, callOptions) {
      // One page: the newest activities of the service are what status and Events show.
      const query = { ...oneService(resourceId), MaxResults: ACTIVITIES_PER_PAGE };
      return [...(await page('DescribeScalingActivities', query, undefined, callOptions)).items];
    },

    putScheduledAction: ops.write('PutScheduledAction', PutScheduledActionCommand),

    deleteScheduledAction: ops.write('DeleteScheduledAction', DeleteScheduledActionCommand),

    describeScheduledActions: (resourceId, callOptions) =>
      readAllPages((token) => page('DescribeScheduledActions', oneService(resourceId), token, callOptions)),

    listScheduledActionsUpTo: (maxPages, callOptions) =>
      readPagesUpTo(
        maxPages,
        desiredCountOnly((token) =>
          page('DescribeScheduledActions', { MaxResults: SCHEDULED_ACTIONS_PER_PAGE }, token, callOptions),
        ),
      ),
  };
}

/** The dimension filter of every ECS service's desired count (it filters only with resource ids). */
const DESIRED_COUNT = { ScalableDimension: ECS_DESIRED_COUNT_DIMENSION } as const;

/** The filters of one ECS service's desired count. */
const oneService = (resourceId: string) => ({ ...DESIRED_COUNT, ResourceId: resourceId });

/**
 * The items of a namespace-wide page that belong to ECS services' desired counts: `ScalableDimension`
 * filters only with a `ResourceId`, so the other dimensions are left out here.
 */
function desiredCountOnly<T extends { ScalableDimension?: string | undefined }>(
  read: PageReader<T>,
): PageReader<T> {
  return async (token) => {
    const { items, next } = await read(token);
    return { items: items.filter((x) => x.ScalableDimension === ECS_DESIRED_COUNT_DIMENSION), next };
  };
}
