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

/** An {@link EcsApi} that reads through `ecs` and refuses every write. */
export function readOnlyEcsApi(ecs: EcsApi): EcsApi {
  return {
    describeTaskDefinition: (td, options) => ecs.describeTaskDefinition(td, options),
    listTaskDefinitions: (family, status, options) => ecs.listTaskDefinitions(family, status, options),
    describeServices: (cluster, services, options) => ecs.describeServices(cluster, services, options),
    registerTaskDefinition: refuse('RegisterTaskDefinition'),
    deregisterTaskDefinition: refuse('DeregisterTaskDefinition'),
    deleteTaskDefinitions: refuse('DeleteTaskDefinitions'),
    createService: refuse('CreateService'),
    updateService: refuse('UpdateService'),
    deleteService: refuse('DeleteService'),
    stopServiceDeployment: refuse('StopServiceDeployment'),
    continueServiceDeployment: refuse('ContinueServiceDeployment'),
    tagResource: refuse('TagResource'),
    untagResource: refuse('UntagResource'),
  };
}

/** An {@link EcsClusterApi} that reads through `api` and refuses every write. */
export function readOnlyClusterApi(api: EcsClusterApi): EcsClusterApi {
  return {
    describeCluster: (cluster, options) => api.describeCluster(cluster, options),
    servicesIn: (cluster, options) => api.servicesIn(cluster, options),
    describeCapacityProviders: (names, options) => api.describeCapacityProviders(names, options),
    createCapacityProvider: refuse('CreateCapacityProvider'),
    updateCapacityProvider: refuse('UpdateCapacityProvider'),
    deleteCapacityProvider: refuse('DeleteCapacityProvider'),
    createCluster: refuse('CreateCluster'),
    updateCluster: refuse('UpdateCluster'),
    putClusterCapacityProviders: refuse('PutClusterCapacityProviders'),
    deleteCluster: refuse('DeleteCluster'),
  };
}

/** An {@link AutoscalingApi} that reads through `api` and refuses every write. */
export function readOnlyAutoscalingApi(api: AutoscalingApi): AutoscalingApi {
  return {
    describeScalableTargets: (ids, options) => api.describeScalableTargets(ids, options),
    describeScalingPolicies: (id, options) => api.describeScalingPolicies(id, options),
    registerScalableTarget: refuse('RegisterScalableTarget'),
    deregisterScalableTarget: refuse('DeregisterScalableTarget'),
    putScalingPolicy: refuse('PutScalingPolicy'),
    deleteScalingPolicy: refuse('DeleteScalingPolicy'),
    describeScheduledActions: (id, options) => api.describeScheduledActions(id, options),
    putScheduledAction: refuse('PutScheduledAction'),
    deleteScheduledAction: refuse('DeleteScheduledAction'),
  };
}

/** The AWS calls of an EcsTaskTrigger (EventBridge, Scheduler, S3 notifications, ECS tasks), reads only. */
export function readOnlyTriggerApis(apis: TriggerApis): TriggerApis {
  const { events, scheduler, s3Notifications, tasks } = apis;
  return {
    events: {
      describeRule: (name, bus, options) => events.describeRule(name, bus, options),
      listRules: (bus, prefix, options) => events.listRules(bus, prefix, options),
      listTargetsByRule: (rule, bus, options) => events.listTargetsByRule(rule, bus, options),
      listTags: (arn, options) => events.listTags(arn, options),
      putRule: refuse('PutRule'),
      deleteRule: refuse('DeleteRule'),
      putTargets: refuse('PutTargets'),
      removeTargets: refuse('RemoveTargets'),
      tagRule: refuse('TagResource'),
      untagRule: refuse('UntagResource'),
    },
    scheduler: {
      getSchedule: (name, group, options) => scheduler.getSchedule(name, group, options),
      listSchedules: (group, prefix, options) => scheduler.listSchedules(group, prefix, options),
      getScheduleGroup: (name, options) => scheduler.getScheduleGroup(name, options),
      listTags: (arn, options) => scheduler.listTags(arn, options),
      createSchedule: refuse('CreateSchedule'),
      updateSchedule: refuse('UpdateSchedule'),
      deleteSchedule: refuse('DeleteSchedule'),
      createScheduleGroup: refuse('CreateScheduleGroup'),
    },
    s3Notifications: {
      getNotificationConfiguration: (bucket, options) =>
        s3Notifications.getNotificationConfiguration(bucket, options),
      putNotificationConfiguration: refuse('PutBucketNotificationConfiguration'),
    },
    tasks: {
      listTaskArns: (...args) => tasks.listTaskArns(...args),
      describeTasks: (cluster, arns, options) => tasks.describeTasks(cluster, arns, options),
      runTask: refuse('RunTask'),
      stopTask: refuse('StopTask'),
    },
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
