/**
 * Simulated deployments as ECS's service deployment APIs describe them: the `ServiceDeployment`
 * documents of DescribeServiceDeployments and the `ServiceDeploymentBrief` of
 * ListServiceDeployments, which moto does not have. Pure.
 *
 * Shapes and values after the API reference:
 * - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html
 *   (status PENDING | SUCCESSFUL | STOPPED | STOP_REQUESTED | IN_PROGRESS | ROLLBACK_REQUESTED |
 *   ROLLBACK_IN_PROGRESS | ROLLBACK_SUCCESSFUL | ROLLBACK_FAILED; `lifecycleStage`; `rollback` with
 *   `reason`, `startedAt`, `serviceRevisionArn`);
 * - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRevisionSummary.html
 *   (`requestedProductionTrafficWeight` and `requestedTestTrafficWeight`, 0.0 to 100.0);
 * - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeploymentBrief.html;
 * - ARNs `arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<id>` and
 *   `...:service-revision/<cluster>/<service>/<id>`, as in the DescribeServiceDeployments example
 *   (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceDeployments.html).
 *
 * What the simulator cannot know it leaves out rather than invent: a deployment that ended without
 * a rollback (a first deployment whose tasks failed) or that a newer one replaced is STOPPED.
 */
import type { SimulatedDeployment } from './ecs-deployment.js';
import { heldSince, lifecycleHookDetails } from './ecs-lifecycle-hooks.js';
import { reportedStage, spanAt } from './ecs-strategy-lifecycle.js';
import type { JsonObject } from './json.js';

/** Where a service lives, for the ARNs. */
export interface ServiceIdentity {
  readonly serviceArn: string;
  readonly serviceName: string;
  readonly clusterArn: string;
}

function arnOf(kind: 'service-deployment' | 'service-revision', id: string, svc: ServiceIdentity): string {
  const cut = svc.serviceArn.indexOf(':service/');
  const prefix = cut > 0 ? svc.serviceArn.slice(0, cut) : 'arn:aws:ecs:us-east-1:123456789012';
  const cluster = svc.clusterArn.slice(svc.clusterArn.lastIndexOf('/') + 1);
  // The deployment id is `ecs-svc/<digits>`; the ARN's last part is the digits.
  const tail = id.slice(id.lastIndexOf('/') + 1);
  return `${prefix}:${kind}/${cluster}/${svc.serviceName}/${tail}`;
}

/** The service deployment ARN of a simulated deployment. */
export function serviceDeploymentArn(d: SimulatedDeployment, svc: ServiceIdentity): string {
  return arnOf('service-deployment', d.id, svc);
}

/** The service revision ARN of a simulated deployment (one revision per deployment here). */
export function serviceRevisionArn(d: SimulatedDeployment, svc: ServiceIdentity): string {
  return arnOf('service-revision', d.id, svc);
}

/** The ServiceDeployment `status` of a simulated deployment. */
export function serviceDeploymentStatus(d: SimulatedDeployment): string {
  if (d.rolloutState === 'COMPLETED') return 'SUCCESSFUL';
  if (d.rolloutState === 'FAILED') {
    if (d.rollback === undefined) return 'STOPPED';
    return d.rollback.by.rolloutState === 'COMPLETED' ? 'ROLLBACK_SUCCESSFUL' : 'ROLLBACK_IN_PROGRESS';
  }
  return d.superseded === true ? 'STOPPED' : 'IN_PROGRESS';
}

/** The lifecycle stage and traffic of a deployment at `now` (clock ms); undefined for ROLLING. */
export function lifecycleAt(
  d: SimulatedDeployment,
  now: number,
): { stage: string; stageStartedAt: number; productionPercent: number; testPercent: number } | undefined {
  if (d.timeline === undefined) return undefined;
  // A finished deployment reports the stage it ended in (spans end exclusively).
  // Time a hook held it does not count, and while one holds it the stage stays put.
  const end = d.finishedAt === undefined ? (heldSince(d) ?? now) : d.finishedAt - 1;
  const elapsed = Math.max(0, end - d.createdAt - (d.hookDelayMs ?? 0));
  const span = spanAt(d.timeline, elapsed);
  // Traffic that moved back in a rollback is all on the old revision again.
  const rolledBack = d.rolloutState === 'FAILED';
  return {
    stage: reportedStage(span.stage),
    stageStartedAt: d.createdAt + (d.hookDelayMs ?? 0) + span.from,
    productionPercent: rolledBack ? 0 : span.productionPercent,
    testPercent: rolledBack ? 0 : span.testPercent,
  };
}

/** The `ServiceDeployment` document of a simulated deployment; `epoch` turns clock ms into seconds. */
export function serviceDeploymentDocument(
  d: SimulatedDeployment,
  svc: ServiceIdentity,
  now: number,
  epoch: (t: number) => number,
): JsonObject {
  const life = lifecycleAt(d, now);
  const target: JsonObject = {
    arn: serviceRevisionArn(d, svc),
    requestedTaskCount: d.desiredCount,
    runningTaskCount: d.runningCount,
    pendingTaskCount: d.pendingCount,
    ...(life === undefined
      ? {}
      : {
          requestedProductionTrafficWeight: life.productionPercent,
          requestedTestTrafficWeight: life.testPercent,
        }),
  };
  const status = serviceDeploymentStatus(d);
  const hooks = lifecycleHookDetails(d);
  return {
    serviceDeploymentArn: serviceDeploymentArn(d, svc),
    serviceArn: svc.serviceArn,
    clusterArn: svc.clusterArn,
    createdAt: epoch(d.createdAt),
    startedAt: epoch(d.createdAt),
    // Entering a lifecycle stage updates the service deployment ("the time that the service
    // deployment was last updated"), which is all ECS says of when a stage, the bake, began.
    updatedAt: epoch(Math.max(d.updatedAt, life?.stageStartedAt ?? d.updatedAt)),
    ...(d.finishedAt === undefined || status === 'STOPPED' ? {} : { finishedAt: epoch(d.finishedAt) }),
    ...(status === 'STOPPED' && d.finishedAt !== undefined ? { stoppedAt: epoch(d.finishedAt) } : {}),
    sourceServiceRevisions:
      d.source === undefined
        ? []
        : [
            {
              arn: serviceRevisionArn(d.source, svc),
              requestedTaskCount: d.source.desiredCount,
              runningTaskCount: d.source.runningCount,
              pendingTaskCount: d.source.pendingCount,
            },
          ],
    targetServiceRevision: target,
    status,
    ...(d.rolloutState === 'FAILED' ? { statusReason: d.rolloutStateReason } : {}),
    ...(life === undefined ? {} : { lifecycleStage: life.stage }),
    ...(hooks.length === 0 ? {} : { lifecycleHookDetails: hooks }),
    ...(d.deploymentConfiguration === undefined
      ? {}
      : { deploymentConfiguration: d.deploymentConfiguration }),
    ...(d.rollback === undefined
      ? {}
      : {
          rollback: {
            reason: d.rollback.reason,
            startedAt: epoch(d.rollback.at),
            serviceRevisionArn: serviceRevisionArn(d.rollback.by, svc),
          },
        }),
  };
}

/** The `ServiceDeploymentBrief` of a `ServiceDeployment` document. */
export function briefOf(doc: JsonObject): JsonObject {
  const target = doc.targetServiceRevision;
  const brief: JsonObject = {};
  for (const key of [
    'serviceDeploymentArn',
    'serviceArn',
    'clusterArn',
    'startedAt',
    'createdAt',
    'finishedAt',
    'status',
    'statusReason',
  ]) {
    const value = doc[key];
    if (value !== undefined) brief[key] = value;
  }
  if (
    target !== null &&
    typeof target === 'object' &&
    !Array.isArray(target) &&
    typeof target.arn === 'string'
  ) {
    brief.targetServiceRevisionArn = target.arn;
  }
  return brief;
}
