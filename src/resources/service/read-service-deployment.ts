/**
 * Reads the ECS service deployment of a traffic-shifting rollout in progress (BLUE_GREEN, LINEAR,
 * CANARY; ADR 0028): ListServiceDeployments for the open ones, then DescribeServiceDeployments of the
 * newest. Two reads, and only while such a rollout runs (service-deployment.ts decides when); a
 * failed read throws like any other AWS call of the visit.
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { EcsApi } from '../../aws/ecs-api.js';
import {
  newestOpen,
  OPEN_SERVICE_DEPLOYMENT_STATUSES,
  strategyOfService,
  summariseServiceDeployment,
  wantsServiceDeploymentRead,
} from './service-deployment.js';
import type { RolloutStatus, ServiceDeploymentSummary } from './types.js';

/** The summary for status, or `undefined` when there is nothing to read (or the API lacks the calls). */
export async function readServiceDeployment(
  ecs: Pick<EcsApi, 'listServiceDeployments' | 'describeServiceDeployments'>,
  cluster: string,
  rollout: RolloutStatus | undefined,
  latest: Service | undefined,
  signal: AbortSignal,
): Promise<ServiceDeploymentSummary | undefined> {
  if (!wantsServiceDeploymentRead(rollout, latest) || latest?.serviceArn === undefined) return undefined;
  if (ecs.listServiceDeployments === undefined || ecs.describeServiceDeployments === undefined)
    return undefined;
  const briefs = await ecs.listServiceDeployments(
    cluster,
    latest.serviceArn,
    OPEN_SERVICE_DEPLOYMENT_STATUSES,
    OPEN_SERVICE_DEPLOYMENT_STATUSES.length,
    { signal },
  );
  const arn = newestOpen(briefs)?.serviceDeploymentArn;
  if (arn === undefined) return undefined;
  const [described] = await ecs.describeServiceDeployments([arn], { signal });
  return described === undefined
    ? undefined
    : summariseServiceDeployment(described, strategyOfService(latest));
}
