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
  ServiceRevisionCleanup,
  ThresholdType,
  UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import {
  isDefaultAlarms,
  type DeploymentConfigurationModel,
  type EarlySuccessModel,
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

function earlySuccessInput(
  e: EarlySuccessModel,
): NonNullable<NonNullable<UpdateServiceCommandInput['deploymentConfiguration']>['earlySuccessCriteria']> {
  return {
    enable: e.enable,
    ...(e.healthyPercent !== undefined ? { healthyPercent: e.healthyPercent } : {}),
    ...(e.sourceServiceRevisionCleanup !== undefined
      ? { sourceServiceRevisionCleanup: e.sourceServiceRevisionCleanup as ServiceRevisionCleanup }
      : {}),
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
    // Left out of the spec, the criteria are ECS's: sent only when the spec sets them.
    ...(d.earlySuccessCriteria !== undefined
      ? { earlySuccessCriteria: earlySuccessInput(d.earlySuccessCriteria) }
      : {}),
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

/** Turns the desired value of field `F` (set) into its SDK shape; `observed` is the service as read. */
type FieldConverter<F extends MutableField> = (
  value: NonNullable<ServiceConfig[F]>,
  observed: ServiceConfig | undefined,
) => UpdateServiceCommandInput[F];

/** The SDK shape of every managed field: one converter each, so a new field cannot be forgotten. */
const FIELD_INPUTS: { readonly [F in MutableField]: FieldConverter<F> } = {
  taskDefinition: (v) => v,
  desiredCount: (v) => v,
  capacityProviderStrategy: (v) => v.map((c) => ({ ...c })),
  platformVersion: (v) => v,
  networkConfiguration: (v) => networkInput(v),
  loadBalancers: (v) => v.map((l) => ({ ...l })),
  serviceRegistries: (v) => v.map((r) => ({ ...r })),
  deploymentConfiguration: (v, observed) =>
    deploymentConfigurationInput(v, observed?.deploymentConfiguration),
  deploymentController: (v) => ({ type: v as DeploymentControllerType }),
  placementStrategy: (v) => v.map((p) => ({ ...p })) as UpdateServiceCommandInput['placementStrategy'],
  placementConstraints: (v) => v.map((p) => ({ ...p })) as UpdateServiceCommandInput['placementConstraints'],
  healthCheckGracePeriodSeconds: (v) => v,
  enableExecuteCommand: (v) => v,
  propagateTags: (v) => v as UpdateServiceCommandInput['propagateTags'],
  enableECSManagedTags: (v) => v,
  availabilityZoneRebalancing: (v) => v as UpdateServiceCommandInput['availabilityZoneRebalancing'],
  // The three blocks below are ECS's own shapes, passed as the spec wrote them (normalised to
  // plain JSON); the CRD schema holds them to the SDK's members.
  serviceConnectConfiguration: (v) =>
    structuredClone(v) as unknown as UpdateServiceCommandInput['serviceConnectConfiguration'],
  volumeConfigurations: (v) =>
    structuredClone(v) as unknown as UpdateServiceCommandInput['volumeConfigurations'],
  vpcLatticeConfigurations: (v) =>
    structuredClone(v) as unknown as UpdateServiceCommandInput['vpcLatticeConfigurations'],
  gatewayConnectors: (v) => structuredClone(v) as unknown as UpdateServiceCommandInput['gatewayConnectors'],
  monitoring: (v) => structuredClone(v),
};

/** The SDK value of one managed field, or nothing when the desired side leaves it out. */
export function fieldInput<F extends MutableField>(
  field: F,
  desired: ServiceConfig,
  observed: ServiceConfig | undefined,
): Partial<UpdateServiceCommandInput> {
  const value = desired[field];
  if (value === undefined) return {};
  const convert: FieldConverter<F> = FIELD_INPUTS[field];
  return { [field]: convert(value, observed) };
}
