/**
 * How {@link FakeEcs} moves a service's deployments: a new PRIMARY on a deployment-starting change,
 * a rollout completed or failed (with ECS's rollback) when a test says so. Pure mutations of the
 * stored `Service`; the fake owns the ids.
 *
 * Test-only: `testing/` folders are left out of the build (`tsconfig.build.json`).
 */
import type { Deployment, Service } from '@aws-sdk/client-ecs';

/** How rollouts behave: `instant` completes them at once; `manual` waits for the test. */
export type RolloutMode = 'instant' | 'manual';

/** A completed PRIMARY deployment with id `ecs-svc/<n>` of `taskDefinition` at `desiredCount`. */
export function newDeployment(
  n: number,
  taskDefinition: string | undefined,
  desiredCount: number,
): Deployment {
  return {
    id: `ecs-svc/${String(n).padStart(6, '0')}`,
    status: 'PRIMARY',
    ...(taskDefinition !== undefined ? { taskDefinition } : {}),
    desiredCount,
    runningCount: desiredCount,
    pendingCount: 0,
    failedTasks: 0,
    rolloutState: 'COMPLETED',
  };
}

/** Marks `deployment` as started with no task running yet. */
export function markInProgress(deployment: Deployment, count: number): void {
  deployment.rolloutState = 'IN_PROGRESS';
  deployment.runningCount = 0;
  deployment.pendingCount = count;
}

/** Makes `next` the PRIMARY; the old PRIMARY stays ACTIVE while a manual rollout runs. */
export function startDeployment(svc: Service, next: Deployment, mode: RolloutMode): void {
  const old = (svc.deployments ?? [])
    .filter((d) => d.status === 'PRIMARY')
    .map((d) => ({ ...d, status: 'ACTIVE' }));
  svc.deployments = mode === 'instant' ? [next] : [next, ...old];
  if (mode === 'manual') markInProgress(next, next.desiredCount ?? 0);
}

/** Completes the PRIMARY deployment: old ones go, counts settle. */
export function completePrimary(svc: Service): void {
  const primary = svc.deployments?.find((d) => d.status === 'PRIMARY');
  if (primary === undefined) return;
  primary.rolloutState = 'COMPLETED';
  primary.rolloutStateReason = `ECS deployment ${primary.id ?? ''} completed.`;
  primary.runningCount = primary.desiredCount ?? 0;
  primary.pendingCount = 0;
  svc.deployments = [primary];
  svc.runningCount = svc.desiredCount ?? 0;
  svc.pendingCount = 0;
}

/**
 * Fails the PRIMARY deployment; with `rollback` (a deployment built by `rollbackTo`), the previous
 * revision becomes PRIMARY again.
 */
export function failPrimary(
  svc: Service,
  reason: string,
  rollbackTo: ((taskDefinition: string | undefined) => Deployment) | undefined,
): void {
  const deployments = svc.deployments ?? [];
  const primary = deployments.find((d) => d.status === 'PRIMARY');
  const previous = deployments.find((d) => d.status === 'ACTIVE');
  if (primary === undefined) return;
  primary.rolloutState = 'FAILED';
  primary.rolloutStateReason = reason;
  if (rollbackTo !== undefined && previous !== undefined) {
    // ECS rolls back with a new deployment of the last completed revision; the failed one drains.
    const back = rollbackTo(previous.taskDefinition);
    back.rolloutState = 'COMPLETED';
    primary.status = 'ACTIVE';
    svc.deployments = [back, primary];
    svc.taskDefinition = previous.taskDefinition;
  }
}
