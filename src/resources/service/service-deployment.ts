/**
 * The service deployment ECS is running, as `status.serviceDeployment` reports it: strategy,
 * lifecycle stage, the traffic the new revision has, the hooks it waits on, and ECS's reason. Read from ECS's service
 * deployment APIs (ListServiceDeployments, then DescribeServiceDeployments), which say more than
 * DescribeServices' deployment list for BLUE_GREEN, LINEAR and CANARY: the stage and the traffic
 * shift (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html).
 *
 * Every AWS call counts (rate limits are account-wide), so they are read only while the followed
 * rollout of a traffic-shifting service is in progress: two reads per rollout poll, none for rolling
 * services and none once the rollout is judged. The judgement itself (`rollout.ts`) stays on
 * DescribeServices' `rolloutState`, which ECS keeps IN_PROGRESS until the bake time is over, so
 * `Ready` comes only after the bake.
 */
import type {
  Service,
  ServiceDeployment,
  ServiceDeploymentBrief,
  ServiceDeploymentStatus,
} from '@aws-sdk/client-ecs';
import { isTrafficShifting } from './deployment-configuration.js';
import type { RolloutStatus, ServiceDeploymentSummary, WaitingHook } from './types.js';

/** The service deployment statuses of a deployment that is still moving. */
export const OPEN_SERVICE_DEPLOYMENT_STATUSES: readonly ServiceDeploymentStatus[] = [
  'PENDING',
  'IN_PROGRESS',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'STOP_REQUESTED',
];

/** The strategy a described service deploys with (ROLLING when ECS names none). */
export function strategyOfService(service: Service | undefined): string {
  return service?.deploymentConfiguration?.strategy ?? 'ROLLING';
}

/** Whether this visit reads the service deployment APIs: a traffic-shifting rollout in progress. */
export function wantsServiceDeploymentRead(
  rollout: RolloutStatus | undefined,
  service: Service | undefined,
): boolean {
  return rollout?.state === 'InProgress' && isTrafficShifting(strategyOfService(service));
}

/** The newest open service deployment of a ListServiceDeployments answer (ECS lists newest first). */
export function newestOpen(briefs: readonly ServiceDeploymentBrief[]): ServiceDeploymentBrief | undefined {
  return [...briefs]
    .filter((b) => b.serviceDeploymentArn !== undefined)
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
}

/** `status.serviceDeployment` from a described service deployment. Pure. */
export function summariseServiceDeployment(d: ServiceDeployment, strategy: string): ServiceDeploymentSummary {
  const target = d.targetServiceRevision;
  const bake = d.deploymentConfiguration?.bakeTimeInMinutes;
  return {
    arn: d.serviceDeploymentArn ?? '',
    strategy: d.deploymentConfiguration?.strategy ?? strategy,
    status: d.status ?? 'IN_PROGRESS',
    ...(d.lifecycleStage !== undefined ? { lifecycleStage: d.lifecycleStage } : {}),
    ...(target?.requestedProductionTrafficWeight !== undefined
      ? { productionTrafficPercent: target.requestedProductionTrafficWeight }
      : {}),
    ...(target?.requestedTestTrafficWeight !== undefined
      ? { testTrafficPercent: target.requestedTestTrafficWeight }
      : {}),
    ...(bake !== undefined ? { bakeTimeInMinutes: bake } : {}),
    ...bakeEndOf(d, bake),
    ...(d.statusReason !== undefined ? { reason: d.statusReason } : {}),
    ...(d.rollback?.reason !== undefined ? { rollbackReason: d.rollback.reason } : {}),
    ...waitingOnHooksOf(d),
  };
}

/**
 * When the bake ends at the latest, while the deployment is in BAKE_TIME. ECS reports the stage but
 * not when it began; `updatedAt` is "the time that the service deployment was last updated"
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html), and
 * entering BAKE_TIME is such an update, so the bake began at or before `updatedAt` and ends at or
 * before `updatedAt` + the bake time: a bound that is never early, computed from this one answer,
 * never from an earlier status. A timestamp, not a count-down, so status does not change each visit;
 * `ecs-bridge status` turns it into the time left.
 */
function bakeEndOf(d: ServiceDeployment, bake: number | undefined): { bakeEndsBy?: string } {
  if (d.lifecycleStage !== 'BAKE_TIME' || bake === undefined || d.updatedAt === undefined) return {};
  return { bakeEndsBy: new Date(d.updatedAt.getTime() + bake * 60_000).toISOString() };
}

/**
 * What a traffic-shifting rollout is doing, for the condition message (`BLUE_GREEN BAKE_TIME, 100 %
 * production traffic, bake ends by ...`): ECS keeps such a deployment IN_PROGRESS while every task
 * runs (through its bake), and task counts alone would read as stuck. Pure.
 */
export function serviceDeploymentNote(sd: ServiceDeploymentSummary): string {
  const parts = [`${sd.strategy} ${sd.lifecycleStage ?? sd.status}`];
  if (sd.productionTrafficPercent !== undefined)
    parts.push(`${sd.productionTrafficPercent} % production traffic`);
  if (sd.bakeEndsBy !== undefined) parts.push(`bake ends by ${sd.bakeEndsBy}`);
  return parts.join(', ');
}

/** Milliseconds of bake left at `now` (0 once over); undefined when no bake end is known. Pure. */
export function bakeTimeLeftMs(summary: { readonly bakeEndsBy?: string }, now: Date): number | undefined {
  if (summary.bakeEndsBy === undefined) return undefined;
  const end = Date.parse(summary.bakeEndsBy);
  return Number.isNaN(end) ? undefined : Math.max(0, end - now.getTime());
}

// Hooks still running or awaiting an action: what a rollout that does not move waits on.
const WAITING_HOOK_STATUSES: ReadonlySet<string> = new Set(['IN_PROGRESS', 'AWAITING_ACTION']);

function waitingOnHooksOf(d: ServiceDeployment): { waitingOnHooks?: WaitingHook[] } {
  const waiting = (d.lifecycleHookDetails ?? [])
    .filter((h) => h.status !== undefined && WAITING_HOOK_STATUSES.has(h.status))
    .map((h) => ({
      ...(h.targetType !== undefined ? { targetType: h.targetType } : {}),
      ...(h.targetArn !== undefined ? { targetArn: h.targetArn } : {}),
      ...(h.hookId !== undefined ? { hookId: h.hookId } : {}),
      status: h.status ?? 'IN_PROGRESS',
      ...(h.expiresAt !== undefined ? { expiresAt: h.expiresAt.toISOString() } : {}),
    }));
  return waiting.length > 0 ? { waitingOnHooks: waiting } : {};
}
