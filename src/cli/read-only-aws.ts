/**
 * Read-only views of the AWS edge for the terminal commands. `plan` and `import` promise never to
 * write to AWS; these wrappers make that a property of the code rather than of care: every write
 * method throws {@link WriteRefusedError} before anything is sent, and every read passes through to
 * the real (rate-limited, batched) API unchanged.
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { AutoscalingApi } from '../aws/autoscaling-api.js';
import type { RoleToAssume } from '../aws/assumed-role-credentials.js';
import type { AwsClients } from '../aws/clients.js';
import type { CloudWatchApi } from '../aws/cloudwatch-api.js';
import type { EcsApi } from '../aws/ecs-api.js';
import type { EcsClusterApi } from '../aws/ecs-cluster-api.js';
import type { LoadBalancingApi } from '../aws/load-balancing-api.js';
import type { TriggerApis } from '../resources/task-trigger/ports.js';

/** A write was attempted through a read-only view: a bug, never an AWS call. */
export class WriteRefusedError extends Error {
  override readonly name = 'WriteRefusedError';

  constructor(action: string) {
    super(`${action} refused: this command makes no AWS writes`);
  }
}

function refuse(action: string): () => Promise<never> {
  return () => Promise.reject(new WriteRefusedError(action));
}

/** Marks a method of {@link ViewPlan} as a read that passes through unchanged. */
const READ = 'read';

/**
 * How a read-only view treats every method of an API `T`: {@link READ} passes the call through, an
 * AWS action name refuses it as that write. Every required method must be named, so one added to the
 * API cannot slip through unclassified; an optional one left out stays absent from the view.
 */
type ViewPlan<T> = { readonly [K in keyof T]: string };

/** A view of `api` that passes the reads `plan` names through and refuses its writes before any call. */
function readOnlyView<T extends object>(api: T, plan: ViewPlan<T>): T {
  const view: Record<string, unknown> = {};
  for (const [method, how] of Object.entries<string>(plan)) {
    view[method] =
      how === READ
        ? (...args: unknown[]): unknown =>
            (Reflect.get(api, method) as (...a: unknown[]) => unknown).apply(api, args)
        : refuse(how);
  }
  return view as T;
}

/** An {@link EcsApi} that reads through `ecs` and refuses every write. */
export function readOnlyEcsApi(ecs: EcsApi): EcsApi {
  return readOnlyView(ecs, {
    describeTaskDefinition: READ,
    listTaskDefinitions: READ,
    describeServices: READ,
    // Optional in EcsApi: passed through only when there (import reads a service's revision).
    ...(ecs.describeServiceRevisions === undefined ? {} : { describeServiceRevisions: READ }),
    registerTaskDefinition: 'RegisterTaskDefinition',
    deregisterTaskDefinition: 'DeregisterTaskDefinition',
    deleteTaskDefinitions: 'DeleteTaskDefinitions',
    createService: 'CreateService',
    updateService: 'UpdateService',
    deleteService: 'DeleteService',
    stopServiceDeployment: 'StopServiceDeployment',
    continueServiceDeployment: 'ContinueServiceDeployment',
    tagResource: 'TagResource',
    untagResource: 'UntagResource',
  });
}

/** An {@link EcsClusterApi} that reads through `api` and refuses every write. */
export function readOnlyClusterApi(api: EcsClusterApi): EcsClusterApi {
  return readOnlyView(api, {
    describeCluster: READ,
    servicesIn: READ,
    describeCapacityProviders: READ,
    createCapacityProvider: 'CreateCapacityProvider',
    updateCapacityProvider: 'UpdateCapacityProvider',
    deleteCapacityProvider: 'DeleteCapacityProvider',
    createCluster: 'CreateCluster',
    updateCluster: 'UpdateCluster',
    putClusterCapacityProviders: 'PutClusterCapacityProviders',
    deleteCluster: 'DeleteCluster',
  });
}

/** An {@link AutoscalingApi} that reads through `api` and refuses every write. */
export function readOnlyAutoscalingApi(api: AutoscalingApi): AutoscalingApi {
  return readOnlyView(api, {
    describeScalableTargets: READ,
    describeScalingPolicies: READ,
    registerScalableTarget: 'RegisterScalableTarget',
    deregisterScalableTarget: 'DeregisterScalableTarget',
    putScalingPolicy: 'PutScalingPolicy',
    deleteScalingPolicy: 'DeleteScalingPolicy',
    describeScheduledActions: READ,
    putScheduledAction: 'PutScheduledAction',
    deleteScheduledAction: 'DeleteScheduledAction',
    listTagsForResource: READ,
    tagResource: 'TagResource',
  });
}

/** The AWS calls of an EcsTaskTrigger (EventBridge, Scheduler, S3 notifications, ECS tasks), reads only. */
export function readOnlyTriggerApis(apis: TriggerApis): TriggerApis {
  const { events, scheduler, s3Notifications, tasks } = apis;
  return {
    events: readOnlyView(events, {
      describeRule: READ,
      listRules: READ,
      listTargetsByRule: READ,
      listTags: READ,
      putRule: 'PutRule',
      deleteRule: 'DeleteRule',
      putTargets: 'PutTargets',
      removeTargets: 'RemoveTargets',
      tagRule: 'TagResource',
      untagRule: 'UntagResource',
    }),
    scheduler: readOnlyView(scheduler, {
      getSchedule: READ,
      listSchedules: READ,
      getScheduleGroup: READ,
      listTags: READ,
      createSchedule: 'CreateSchedule',
      updateSchedule: 'UpdateSchedule',
      deleteSchedule: 'DeleteSchedule',
      createScheduleGroup: 'CreateScheduleGroup',
    }),
    s3Notifications: readOnlyView(s3Notifications, {
      getNotificationConfiguration: READ,
      putNotificationConfiguration: 'PutBucketNotificationConfiguration',
    }),
    tasks: readOnlyView(tasks, {
      listTaskArns: READ,
      describeTasks: READ,
      runTask: 'RunTask',
      stopTask: 'StopTask',
    }),
  };
}

/** The read-only AWS APIs of one Region, as the terminal commands use them. */
export interface ReadOnlyRegion {
  readonly region: string;
  readonly ecs: EcsApi;
  /** One service by name (batched with concurrent asks, with tags); undefined when MISSING. */
  readonly describeService: (cluster: string, service: string) => Promise<Service | undefined>;
  readonly autoscaling: AutoscalingApi;
  readonly clusters: EcsClusterApi;
  readonly loadBalancing: Pick<LoadBalancingApi, 'describeTargetGroups'>;
  /** CloudWatch alarms by name (the alarms of step scaling policies), reads only. */
  readonly alarms: Pick<CloudWatchApi, 'describeAlarms'>;
  /** EventBridge rules and targets, Scheduler schedules, bucket notifications: an EcsTaskTrigger's reads. */
  readonly triggers: TriggerApis;
}

/**
 * Read-only APIs per Region, and per namespace: the objects of a namespace are read in the account
 * of its access policy's role (ADR 0030).
 */
export type ReadOnlyAws = (region: string, namespace?: string) => ReadOnlyRegion;

/** Read-only views over the real AWS edge, as the role `roleFor` names for a namespace, else the own identity. */
export function readOnlyAws(
  clients: AwsClients,
  roleFor: (namespace: string | undefined) => RoleToAssume | undefined = () => undefined,
): ReadOnlyAws {
  return (region, namespace) => {
    const c = clients.forRole(roleFor(namespace), region);
    return {
      region,
      ecs: readOnlyEcsApi(c.ecs),
      describeService: (cluster, service) => c.describeServices.describeService(cluster, service),
      autoscaling: readOnlyAutoscalingApi(c.autoscaling),
      clusters: readOnlyClusterApi(c.clusters),
      loadBalancing: {
        describeTargetGroups: (arns, options) => c.loadBalancing.describeTargetGroups(arns, options),
      },
      alarms: { describeAlarms: (names, options) => c.cloudwatch.describeAlarms(names, options) },
      triggers: readOnlyTriggerApis(c),
    };
  };
}
