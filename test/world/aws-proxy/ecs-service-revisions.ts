/**
 * Service revisions as ECS's DescribeServiceRevisions and `Service.currentServiceRevisions` show
 * them; moto has neither. One revision per simulated deployment (its ARN is the deployment's, as in
 * ecs-service-deployments.ts), holding what the CreateService or UpdateService that started it set.
 * Pure.
 *
 * Sources (ECS API reference and developer guide):
 * - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html:
 *   `serviceRevisionArns` "You can specify a maximum of 20 ARNs"; the answer is `serviceRevisions`
 *   and `failures` (`arn`, `reason`, `detail`).
 * - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRevision.html: the members
 *   filled here (serviceRevisionArn, serviceArn, clusterArn, taskDefinition, createdAt, launchType,
 *   capacityProviderStrategy, platformVersion, platformFamily, loadBalancers, serviceRegistries,
 *   networkConfiguration, serviceConnectConfiguration, volumeConfigurations,
 *   vpcLatticeConfigurations, gatewayConnectors, monitoring); the others (containerImages,
 *   guardDutyEnabled, resolvedConfiguration, ...) need what the simulator does not know, and are
 *   left out rather than invented.
 * - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html:
 *   `currentServiceRevisions` ("The list of the service revisions"), each a
 *   ServiceCurrentRevisionSummary (arn, requestedTaskCount, runningTaskCount, pendingTaskCount).
 * - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-revision.html: "Amazon ECS
 *   automatically creates a new service revision when you create a service, or update a service
 *   property that starts a deployment"; "A service revision is immutable".
 * - DescribeServiceDeployments' failures: "the call fails. The failure includes the service
 *   revision ARN and the reason set to MISSING" (the same reason for a revision ECS cannot find).
 */
import type { SimulatedDeployment } from './ecs-deployment.js';
import { membersSet } from './ecs-kept-fields.js';
import { serviceRevisionArn, type ServiceIdentity } from './ecs-service-deployments.js';
import type { SimulatorAnswer } from './ecs-simulated-actions.js';
import type { JsonObject, JsonValue } from './json.js';

/** Request members ECS reports only on service revisions (never on the Service or a Deployment). */
export const REVISION_ONLY_FIELDS = ['gatewayConnectors', 'monitoring'] as const;

// Request members a revision records that live on the service, not on its deployments.
const SERVICE_LEVEL_REVISION_FIELDS = ['loadBalancers', 'serviceRegistries'] as const;

// Deployment members (kept in a deployment's extras) that a ServiceRevision also has.
const DEPLOYMENT_REVISION_FIELDS = [
  'launchType',
  'capacityProviderStrategy',
  'platformVersion',
  'platformFamily',
  'networkConfiguration',
  'serviceConnectConfiguration',
  'volumeConfigurations',
  'vpcLatticeConfigurations',
  'fargateEphemeralStorage',
] as const;

/** DescribeServiceRevisions takes at most this many ARNs. */
export const DESCRIBE_REVISIONS_MAX = 20;

/** What a request sets that the next revision records and no deployment carries. */
export function revisionSnapshotOf(request: JsonObject): JsonObject {
  return membersSet(request, [...REVISION_ONLY_FIELDS, ...SERVICE_LEVEL_REVISION_FIELDS]);
}

/** A service document without the revision-only members (moto echoes what UpdateService sent). */
export function withoutRevisionOnly(service: JsonObject): JsonObject {
  const out: JsonObject = { ...service };
  for (const field of REVISION_ONLY_FIELDS) delete out[field];
  return out;
}

/** `Service.currentServiceRevisions`: one summary per deployment the service still runs. */
export function currentServiceRevisions(
  deployments: readonly SimulatedDeployment[],
  svc: ServiceIdentity,
): JsonObject[] {
  return deployments.map((d) => ({
    arn: serviceRevisionArn(d, svc),
    requestedTaskCount: d.desiredCount,
    runningTaskCount: d.runningCount,
    pendingTaskCount: d.pendingCount,
  }));
}

/** The `ServiceRevision` document of a simulated deployment; `epoch` turns clock ms into seconds. */
export function serviceRevisionDocument(
  d: SimulatedDeployment,
  svc: ServiceIdentity,
  epoch: (t: number) => number,
): JsonObject {
  const doc: JsonObject = {
    serviceRevisionArn: serviceRevisionArn(d, svc),
    serviceArn: svc.serviceArn,
    clusterArn: svc.clusterArn,
    taskDefinition: d.taskDefinition,
    createdAt: epoch(d.createdAt),
  };
  for (const field of DEPLOYMENT_REVISION_FIELDS) {
    const value: JsonValue | undefined = d.extras[field];
    if (value !== undefined && value !== null) doc[field] = value;
  }
  return { ...doc, ...(d.revision ?? {}) };
}

/** DescribeServiceRevisions over the revisions `byArn` knows: found ones in order, others MISSING. */
export function describeServiceRevisions(
  arns: readonly string[],
  byArn: ReadonlyMap<string, JsonObject>,
): SimulatorAnswer {
  if (arns.length === 0 || arns.length > DESCRIBE_REVISIONS_MAX) {
    return {
      status: 400,
      body: {
        __type: 'InvalidParameterException',
        message: 'The ARN of the service revision. You can specify a maximum of 20 ARNs.',
      },
    };
  }
  return {
    status: 200,
    body: {
      serviceRevisions: arns.flatMap((arn) => byArn.get(arn) ?? []),
      failures: arns.filter((arn) => !byArn.has(arn)).map((arn) => ({ arn, reason: 'MISSING' })),
    },
  };
}
