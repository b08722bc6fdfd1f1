/**
 * A service's deployment configuration in comparable form (ADR 0028): the strategy (ROLLING,
 * BLUE_GREEN, LINEAR, CANARY), its bake time, lifecycle hooks and step settings, with ECS's defaults
 * filled in on both sides so that what ECS echoes compares equal to what the spec asked.
 */
import {
  defaultPercents,
  optional,
  sortedStrings,
  type CanaryModel,
  type DeploymentConfigurationModel,
  type EarlySuccessModel,
  type HookTimeoutModel,
  type LifecycleHookModel,
  type LinearModel,
  type Loose,
} from './model.js';

/** The strategies that shift traffic between two revisions (all but ROLLING). */
export function isTrafficShifting(strategy: string | undefined): boolean {
  return strategy === 'BLUE_GREEN' || strategy === 'LINEAR' || strategy === 'CANARY';
}

/** ECS's LINEAR defaults (API_LinearConfiguration): 10.0 percent per step, 6 minutes between steps. */
export const LINEAR_DEFAULTS: LinearModel = { stepPercent: 10, stepBakeTimeInMinutes: 6 };
/** ECS's CANARY defaults (API_CanaryConfiguration): 5.0 percent, 10 minutes. */
export const CANARY_DEFAULTS: CanaryModel = { canaryPercent: 5, canaryBakeTimeInMinutes: 10 };

/**
 * ECS's lifecycle hook timeout defaults: 1440 minutes (24 hours), then ROLLBACK
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentLifecycleHookTimeoutConfiguration.html).
 */
export const HOOK_TIMEOUT_DEFAULTS: HookTimeoutModel = { timeoutInMinutes: 1440, action: 'ROLLBACK' };

/** A lifecycle hook as the spec or ECS gives it: every member may be missing. */
export type LooseLifecycleHook = Loose<Omit<LifecycleHookModel, 'timeoutConfiguration'>> & {
  readonly timeoutConfiguration?: Loose<HookTimeoutModel> | undefined;
};

/** The members of a deployment configuration that ECS added with the traffic-shifting strategies. */
export interface LooseStrategyMembers {
  readonly strategy?: string | undefined;
  readonly bakeTimeInMinutes?: number | undefined;
  readonly lifecycleHooks?: readonly LooseLifecycleHook[] | undefined;
  readonly linearConfiguration?: Loose<LinearModel> | undefined;
  readonly canaryConfiguration?: Loose<CanaryModel> | undefined;
}

// `defaults` with every member `given` sets taken from `given` (in `defaults`' key order): ECS
// fills what a request leaves out, so both sides are compared filled.
function filledIn<T extends object>(given: Loose<T> | undefined, defaults: T): T {
  const filled = { ...defaults };
  for (const k of Object.keys(defaults) as (keyof T)[]) filled[k] = given?.[k] ?? defaults[k];
  return filled;
}

// The timeout with ECS's defaults filled, or undefined when it is ECS's default (written or not).
function normalizeHookTimeout(t: Loose<HookTimeoutModel> | undefined): HookTimeoutModel | undefined {
  const filled = filledIn(t, HOOK_TIMEOUT_DEFAULTS);
  return filled.timeoutInMinutes === HOOK_TIMEOUT_DEFAULTS.timeoutInMinutes &&
    filled.action === HOOK_TIMEOUT_DEFAULTS.action
    ? undefined
    : filled;
}

function normalizeStrategyMembers(
  dc: LooseStrategyMembers,
): Pick<
  DeploymentConfigurationModel,
  'strategy' | 'bakeTimeInMinutes' | 'lifecycleHooks' | 'linearConfiguration' | 'canaryConfiguration'
> {
  const strategy = dc.strategy ?? 'ROLLING';
  return {
    strategy,
    ...(isTrafficShifting(strategy) ? optional('bakeTimeInMinutes', dc.bakeTimeInMinutes) : {}),
    // Hooks run in the order written, so the list is not sorted; each hook's stages are a set.
    lifecycleHooks: (dc.lifecycleHooks ?? []).map((h) => ({
      targetType: h.targetType ?? 'AWS_LAMBDA',
      ...optional('hookTargetArn', h.hookTargetArn),
      ...optional('roleArn', h.roleArn),
      lifecycleStages: sortedStrings(h.lifecycleStages),
      ...optional('hookDetails', h.hookDetails ?? undefined),
      ...optional('timeoutConfiguration', normalizeHookTimeout(h.timeoutConfiguration)),
    })),
    ...(strategy === 'LINEAR'
      ? { linearConfiguration: filledIn(dc.linearConfiguration, LINEAR_DEFAULTS) }
      : {}),
    ...(strategy === 'CANARY'
      ? { canaryConfiguration: filledIn(dc.canaryConfiguration, CANARY_DEFAULTS) }
      : {}),
  };
}

// A threshold with ECS's defaults (BOUNDED_PERCENT, 50) filled for a member its echo leaves out.
function threshold(
  t: { readonly type?: string | undefined; readonly value?: number | undefined } | undefined,
): { type: string; value: number } | undefined {
  return t === undefined ? undefined : { type: t.type ?? 'BOUNDED_PERCENT', value: t.value ?? 50 };
}

/** The early success criteria, off as `{ enable: false }` alone (its other members then do nothing). */
export function normalizeEarlySuccess(
  e: Loose<EarlySuccessModel> | undefined,
): EarlySuccessModel | undefined {
  if (e === undefined) return undefined;
  if (e.enable !== true) return { enable: false };
  return {
    enable: true,
    ...optional('healthyPercent', e.healthyPercent),
    ...optional('sourceServiceRevisionCleanup', e.sourceServiceRevisionCleanup),
  };
}

/** Normalises a deployment configuration: the members we manage, ECS's defaults filled. */
export function normalizeDeploymentConfiguration(
  dc: LooseStrategyMembers & {
    readonly minimumHealthyPercent?: number | undefined;
    readonly maximumPercent?: number | undefined;
    readonly deploymentCircuitBreaker?:
      | {
          readonly enable?: boolean | undefined;
          readonly rollback?: boolean | undefined;
          readonly resetOnHealthyTask?: boolean | undefined;
          readonly thresholdConfiguration?:
            { readonly type?: string | undefined; readonly value?: number | undefined } | undefined;
        }
      | undefined;
    readonly alarms?:
      | {
          readonly alarmNames?: readonly string[] | undefined;
          readonly enable?: boolean | undefined;
          readonly rollback?: boolean | undefined;
        }
      | undefined;
    readonly earlySuccessCriteria?: Loose<EarlySuccessModel> | undefined;
  },
  schedulingStrategy: string | undefined,
): DeploymentConfigurationModel {
  const defaults = defaultPercents(schedulingStrategy);
  return {
    minimumHealthyPercent: dc.minimumHealthyPercent ?? defaults.min,
    maximumPercent: dc.maximumPercent ?? defaults.max,
    deploymentCircuitBreaker: {
      enable: dc.deploymentCircuitBreaker?.enable ?? false,
      rollback: dc.deploymentCircuitBreaker?.rollback ?? false,
      ...optional('resetOnHealthyTask', dc.deploymentCircuitBreaker?.resetOnHealthyTask),
      ...optional('thresholdConfiguration', threshold(dc.deploymentCircuitBreaker?.thresholdConfiguration)),
    },
    alarms: {
      alarmNames: sortedStrings(dc.alarms?.alarmNames),
      enable: dc.alarms?.enable ?? false,
      rollback: dc.alarms?.rollback ?? false,
    },
    ...normalizeStrategyMembers(dc),
    ...optional('earlySuccessCriteria', normalizeEarlySuccess(dc.earlySuccessCriteria)),
  };
}
