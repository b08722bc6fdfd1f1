/**
 * The SDK shape of each field the service planner manages: what goes into CreateService and
 * UpdateService for a field of the normalised model (model.ts). Pure.
 */
import type {
  DeploymentControllerType,
  DeploymentLifecycleHook,
  DeploymentLifecycleHookStage,
  DeploymentLifecycleHookTargetType,
  DeploymentLifecycleHookAction,
  DeploymentStrategy,
  ThresholdType,
  UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import {
  isDefaultAlarms,
  type DeploymentConfigurationModel,
  type MutableField,
  type NetworkModel,
  type ServiceConfig,
} from './model.js';

// A hook's custom parameters: any JSON document, passed through as the spec wrote it.
type HookDetails = NonNullable<DeploymentLifecycleHook['hookDetails']>;

function mutable<T>(items: readonly T[]): T[] {
  return [...items];
}

function networkInput(n: NetworkModel): NonNullable<UpdateServiceCommandInput['networkConfiguration']> {
  const a = n.awsvpcConfiguration;
  return {
    awsvpcConfiguration: {
      subnets: mutable(a.subnets),
      ...(a.securityGroups !== undefined ? { securityGroups: mutable(a.securityGroups) } : {}),
      assignPublicIp: a.assignPublicIp,
    },
  };
}

// The reset and threshold settings go only when the spec sets them: left out, they are ECS's.
function circuitBreakerInput(
  cb: DeploymentConfigurationModel['deploymentCircuitBreaker'],
): NonNullable<
  NonNullable<UpdateServiceCommandInput['deploymentConfiguration']>['deploymentCircuitBreaker']
> {
  const { thresholdConfiguration: t, ...rest } = cb;
  return {
    ...rest,
    ...(t === undefined ? {} : { thresholdConfiguration: { type: t.type as ThresholdType, value: t.value } }),
  };
}

function deploymentConfigurationInput(
  d: DeploymentConfigurationModel,
  observed: DeploymentConfigurationModel | undefined,
): NonNullable<UpdateServiceCommandInput['deploymentConfiguration']> {
  // The alarms block is sent only when it is not ECS's default on one side or the other: a default
  // block needs no sending, and a non-default one must be sent to set or clear it.
  const sendAlarms =
    !isDefaultAlarms(d.alarms) || (observed !== undefined && !isDefaultAlarms(observed.alarms));
  // The strategy members follow the same rule: ROLLING and no hooks are ECS's defaults, sent only
  // to move a service back to them; a strategy's own settings go with that strategy.
  const sendStrategy =
    d.strategy !== 'ROLLING' || (observed !== undefined && observed.strategy !== 'ROLLING');
  const sendHooks =
    d.lifecycleHooks.length > 0 || (observed !== undefined && observed.lifecycleHooks.length > 0);
  return {
    minimumHealthyPercent: d.minimumHealthyPercent,
    maximumPercent: d.maximumPercent,
    deploymentCircuitBreaker: circuitBreakerInput(d.deploymentCircuitBreaker),
    ...(sendAlarms ? { alarms: { ...d.alarms, alarmNames: mutable(d.alarms.alarmNames) } } : {}),
    ...(sendStrategy ? { strategy: d.strategy as DeploymentStrategy } : {}),
    ...(d.bakeTimeInMinutes !== undefined ? { bakeTimeInMinutes: d.bakeTimeInMinutes } : {}),
    ...(sendHooks
      ? {
          lifecycleHooks: d.lifecycleHooks.map((h) => ({
            ...(h.hookTargetArn !== undefined ? { hookTargetArn: h.hookTargetArn } : {}),
            ...(h.roleArn !== undefined ? { roleArn: h.roleArn } : {}),
            targetType: h.targetType as DeploymentLifecycleHookTargetType,
            lifecycleStages: mutable(h.lifecycleStages) as DeploymentLifecycleHookStage[],
            ...(h.hookDetails !== undefined ? { hookDetails: h.hookDetails as HookDetails } : {}),
            ...(h.timeoutConfiguration !== undefined
              ? {
                  timeoutConfiguration: {
                    timeoutInMinutes: h.timeoutConfiguration.timeoutInMinutes,
                    action: h.timeoutConfiguration.action as DeploymentLifecycleHookAction,
                  },
                }
              : {}),
          })),
        }
      : {}),
    ...(d.linearConfiguration !== undefined ? { linearConfiguration: { ...d.linearConfiguration } } : {}),
    ...(d.canaryConfiguration !== undefined ? { canaryConfiguration: { ...d.canaryConfiguration } } : {}),
  };
}

/** The SDK value of one managed field, or undefined when the desired side leaves it out. */
export function fieldInput(
  field: MutableField,
  desired: ServiceConfig,
  observed: ServiceConfig | undefined,
): Partial<UpdateServiceCommandInput> {
  switch (field) {
    case 'taskDefinition':
      return desired.taskDefinition === undefined ? {} : { taskDefinition: desired.taskDefinition };
    case 'desiredCount':
      return desired.desiredCount === undefined ? {} : { desiredCount: desired.desiredCount };
    case 'capacityProviderStrategy':
      return desired.capacityProviderStrategy === undefined
        ? {}
        : { capacityProviderStrategy: desired.capacityProviderStrategy.map((c) => ({ ...c })) };
    case 'platformVersion':
      return desired.platformVersion === undefined ? {} : { platformVersion: desired.platformVersion };
    case 'networkConfiguration':
      return desired.networkConfiguration === undefined
        ? {}
        : { networkConfiguration: networkInput(desired.networkConfiguration) };
    case 'loadBalancers':
      return desired.loadBalancers === undefined
        ? {}
        : { loadBalancers: desired.loadBalancers.map((l) => ({ ...l })) };
    case 'serviceRegistries':
      return desired.serviceRegistries === undefined
        ? {}
        : { serviceRegistries: desired.serviceRegistries.map((r) => ({ ...r })) };
    case 'deploymentConfiguration':
      return desired.deploymentConfiguration === undefined
        ? {}
        : {
            deploymentConfiguration: deploymentConfigurationInput(
              desired.deploymentConfiguration,
              observed?.deploymentConfiguration,
            ),
          };
    case 'deploymentController':
      return desired.deploymentController === undefined
        ? {}
        : { deploymentController: { type: desired.deploymentController as DeploymentControllerType } };
    case 'placementStrategy':
      return desired.placementStrategy === undefined
        ? {}
        : {
            placementStrategy: desired.placementStrategy.map((p) => ({
              ...p,
            })) as UpdateServiceCommandInput['placementStrategy'],
          };
    case 'placementConstraints':
      return desired.placementConstraints === undefined
        ? {}
        : {
            placementConstraints: desired.placementConstraints.map((p) => ({
              ...p,
            })) as UpdateServiceCommandInput['placementConstraints'],
          };
    case 'healthCheckGracePeriodSeconds':
      return desired.healthCheckGracePeriodSeconds === undefined
        ? {}
        : { healthCheckGracePeriodSeconds: desired.healthCheckGracePeriodSeconds };
    case 'enableExecuteCommand':
      return desired.enableExecuteCommand === undefined
        ? {}
        : { enableExecuteCommand: desired.enableExecuteCommand };
    case 'propagateTags':
      return desired.propagateTags === undefined
        ? {}
        : { propagateTags: desired.propagateTags as UpdateServiceCommandInput['propagateTags'] };
    case 'enableECSManagedTags':
      return desired.enableECSManagedTags === undefined
        ? {}
        : { enableECSManagedTags: desired.enableECSManagedTags };
    case 'availabilityZoneRebalancing':
      return desired.availabilityZoneRebalancing === undefined
        ? {}
        : {
            availabilityZoneRebalancing:
              desired.availabilityZoneRebalancing as UpdateServiceCommandInput['availabilityZoneRebalancing'],
          };
    // The three blocks below are ECS's own shapes, passed as the spec wrote them (normalised to
    // plain JSON); the CRD schema holds them to the SDK's members.
    case 'serviceConnectConfiguration':
      return desired.serviceConnectConfiguration === undefined
        ? {}
        : {
            serviceConnectConfiguration: structuredClone(
              desired.serviceConnectConfiguration,
            ) as unknown as UpdateServiceCommandInput['serviceConnectConfiguration'],
          };
    case 'volumeConfigurations':
      return desired.volumeConfigurations === undefined
        ? {}
        : {
            volumeConfigurations: structuredClone(
              desired.volumeConfigurations,
            ) as unknown as UpdateServiceCommandInput['volumeConfigurations'],
          };
    case 'vpcLatticeConfigurations':
      return desired.vpcLatticeConfigurations === undefined
        ? {}
        : {
            vpcLatticeConfigurations: structuredClone(
              desired.vpcLatticeConfigurations,
            ) as unknown as UpdateServiceCommandInput['vpcLatticeConfigurations'],
          };
  }
}
