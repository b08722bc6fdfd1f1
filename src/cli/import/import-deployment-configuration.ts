/**
 * The deployment configuration part of an imported EcsService: what DescribeServices reports,
 * written the way the planner compares it, and a note for whatever the spec cannot say.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { unexpressed, type ImportNote } from './import-notes.js';
import { pickDefined } from '../../shared/pick-defined.js';
import type {
  EarlySuccessCriteriaSpec,
  EcsServiceSpec,
  LifecycleHookStage,
} from '../../resources/service/types.js';

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `spec.deploymentConfiguration` as ECS reports it, each member written only when ECS shows it
 * (strategy, bake time, hooks, linear and canary steps, alarms, circuit breaker, early success).
 */
export function deploymentConfigurationOf(
  service: Service,
  notes: ImportNote[],
): EcsServiceSpec['deploymentConfiguration'] {
  const dc = service.deploymentConfiguration;
  if (dc === undefined) return undefined;
  const strategy = dc.strategy ?? 'ROLLING';
  const shifting = strategy !== 'ROLLING';
  // AWS reports an empty hook list and a zero bake time for plain rolling deployments; a bake time
  // means nothing under ROLLING, so a non-zero one there is noted rather than written.
  if (!shifting && dc.bakeTimeInMinutes !== undefined && dc.bakeTimeInMinutes !== 0) {
    notes.push(
      unexpressed(
        'deploymentConfiguration.bakeTimeInMinutes',
        'applies to BLUE_GREEN, LINEAR and CANARY only; left as it is',
      ),
    );
  }
  const hooks = (dc.lifecycleHooks ?? []).map((h) => ({
    ...pickDefined(h, ['targetType', 'hookTargetArn', 'roleArn']),
    lifecycleStages: [...(h.lifecycleStages ?? [])] as LifecycleHookStage[],
    ...(isJsonObject(h.hookDetails) ? { hookDetails: h.hookDetails } : {}),
    ...(h.timeoutConfiguration === undefined
      ? {}
      : { timeoutConfiguration: pickDefined(h.timeoutConfiguration, ['timeoutInMinutes', 'action']) }),
  }));
  // ECS holds a hook's details as any JSON document; the spec carries an object (a function's
  // parameters), so another value is noted and left as it is.
  if ((dc.lifecycleHooks ?? []).some((h) => h.hookDetails !== undefined && !isJsonObject(h.hookDetails))) {
    notes.push(
      unexpressed(
        'deploymentConfiguration.lifecycleHooks[].hookDetails',
        'the EcsService spec carries hook details that are a JSON object only; left as they are',
      ),
    );
  }
  const strategyMembers: Partial<NonNullable<EcsServiceSpec['deploymentConfiguration']>> = {
    ...(shifting ? { strategy } : {}),
    ...(shifting && dc.bakeTimeInMinutes !== undefined ? { bakeTimeInMinutes: dc.bakeTimeInMinutes } : {}),
    ...(hooks.length > 0 ? { lifecycleHooks: hooks } : {}),
    ...(strategy === 'LINEAR' && dc.linearConfiguration !== undefined
      ? { linearConfiguration: pickDefined(dc.linearConfiguration, ['stepPercent', 'stepBakeTimeInMinutes']) }
      : {}),
    ...(strategy === 'CANARY' && dc.canaryConfiguration !== undefined
      ? {
          canaryConfiguration: pickDefined(dc.canaryConfiguration, [
            'canaryPercent',
            'canaryBakeTimeInMinutes',
          ]),
        }
      : {}),
  };
  const cb = dc.deploymentCircuitBreaker;
  const alarms = dc.alarms;
  return {
    ...strategyMembers,
    ...pickDefined(dc, ['minimumHealthyPercent', 'maximumPercent']),
    ...(cb === undefined
      ? {}
      : {
          deploymentCircuitBreaker: {
            enable: cb.enable ?? false,
            rollback: cb.rollback ?? false,
            ...(cb.resetOnHealthyTask === undefined ? {} : { resetOnHealthyTask: cb.resetOnHealthyTask }),
            ...(cb.thresholdConfiguration?.type === undefined || cb.thresholdConfiguration.value === undefined
              ? {}
              : {
                  thresholdConfiguration: {
                    type: cb.thresholdConfiguration.type,
                    value: cb.thresholdConfiguration.value,
                  },
                }),
          },
        }),
    // Criteria that are off are ECS's default: the spec leaves them out (left out, ECS's are kept).
    ...(dc.earlySuccessCriteria?.enable === true
      ? { earlySuccessCriteria: earlySuccessOf(dc.earlySuccessCriteria) }
      : {}),
    // ECS's default alarms block (none, off) needs no writing; anything else must match exactly.
    ...(alarms === undefined ||
    ((alarms.alarmNames ?? []).length === 0 && alarms.enable !== true && alarms.rollback !== true)
      ? {}
      : {
          alarms: {
            alarmNames: [...(alarms.alarmNames ?? [])],
            enable: alarms.enable ?? false,
            rollback: alarms.rollback ?? false,
          },
        }),
  };
}

function earlySuccessOf(
  e: NonNullable<NonNullable<Service['deploymentConfiguration']>['earlySuccessCriteria']>,
): EarlySuccessCriteriaSpec {
  return {
    enable: true,
    ...(e.healthyPercent === undefined ? {} : { healthyPercent: e.healthyPercent }),
    ...(e.sourceServiceRevisionCleanup === undefined
      ? {}
      : { sourceServiceRevisionCleanup: e.sourceServiceRevisionCleanup }),
  };
}
