/**
 * Test support for the EcsService unit tests: ECS deployments and services as DescribeServices
 * returns them, built from the few fields a test cares about. Test-only.
 */
import type { Deployment, DeploymentRolloutState, Service } from '@aws-sdk/client-ecs';
import { desiredService } from '../desired.js';
import type { DeploymentConfigurationModel } from '../model.js';
import type { EcsServiceSpec } from '../types.js';

/** Task definition revision 1 of family `web`. */
export const TD1 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1';
/** Task definition revision 2 of family `web`: the one the tests' EcsService asks for. */
export const TD2 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2';

/** A deployment `id` of `taskDefinition` in `status` (PRIMARY, ACTIVE, …), all 2 tasks running. */
export function dep(
  id: string,
  status: string,
  taskDefinition: string,
  extra: Partial<Deployment> = {},
): Deployment {
  return {
    id,
    status,
    taskDefinition,
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    failedTasks: 0,
    ...extra,
  };
}

/** What makes a deployment of {@link primary} or {@link active}. */
type RolloutArgs = [
  id: string,
  taskDefinition: string,
  rolloutState?: DeploymentRolloutState,
  reason?: string,
];

/**
 * A PRIMARY deployment in `rolloutState`; without one it is what moto answers (no rollout state),
 * and `reason` is ECS's `rolloutStateReason`.
 */
export const primary = (...args: RolloutArgs): Deployment => inRollout('PRIMARY', ...args);

/** An ACTIVE (older, draining or failed) deployment; see {@link primary}. */
export const active = (...args: RolloutArgs): Deployment => inRollout('ACTIVE', ...args);

function inRollout(status: string, ...[id, taskDefinition, rolloutState, reason]: RolloutArgs): Deployment {
  return dep(id, status, taskDefinition, {
    ...(rolloutState === undefined ? {} : { rolloutState }),
    ...(reason === undefined ? {} : { rolloutStateReason: reason }),
  });
}

/** A service with `deployments`, 2 of 2 tasks running, on the first deployment's revision. */
export function service(deployments: Deployment[], extra: Partial<Service> = {}): Service {
  return {
    deployments,
    runningCount: 2,
    desiredCount: 2,
    ...(deployments[0]?.taskDefinition === undefined
      ? {}
      : { taskDefinition: deployments[0].taskDefinition }),
    ...extra,
  };
}

/** The desired state of EcsService `web` in us-east-1 from `spec` (task definition `web:1` unless it names one). */
export function desiredWeb(spec: EcsServiceSpec) {
  return desiredService({
    spec,
    name: 'web',
    taskDefinition: spec.taskDefinition ?? 'web:1',
    defaultRegion: 'us-east-1',
  });
}

/**
 * The normalised deployment configuration ECS has for a REPLICA service that sets none (rolling,
 * 100/200 percent, circuit breaker and alarms off, no lifecycle hooks), with `changes` over it.
 */
export function rollingDeployment(
  changes: Partial<DeploymentConfigurationModel> = {},
): DeploymentConfigurationModel {
  return {
    minimumHealthyPercent: 100,
    maximumPercent: 200,
    deploymentCircuitBreaker: { enable: false, rollback: false },
    alarms: { alarmNames: [], enable: false, rollback: false },
    strategy: 'ROLLING',
    lifecycleHooks: [],
    ...changes,
  };
}
