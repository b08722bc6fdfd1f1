/**
 * What ECS keeps of a CreateService or UpdateService request that moto does not. moto 5.x's
 * CreateService takes only a dozen parameters and drops the rest (deploymentConfiguration,
 * placement, healthCheckGracePeriodSeconds, ...), so without this the operator would need a
 * follow-up UpdateService after every create in the test world that it never needs against ECS.
 * moto's UpdateService keeps every parameter but renders it on the service, where ECS has some of
 * them on the deployment instead.
 *
 * Sources (ECS API reference):
 * - Service (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html): the
 *   service members below, `roleArn` "The ARN of the IAM role that's associated with the service".
 * - Deployment (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html):
 *   `serviceConnectConfiguration`, `volumeConfigurations` and `vpcLatticeConfigurations` are
 *   members of a deployment, not of the service.
 * - CreateService (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html),
 *   availabilityZoneRebalancing: "For create service requests, when no value is specified for
 *   AvailabilityZoneRebalancing, Amazon ECS defaults the value to ENABLED."
 */
import type { JsonObject } from './json.js';

/** Service members ECS keeps from CreateService (and UpdateService) that moto's create drops. */
export const KEPT_SERVICE_FIELDS = [
  'capacityProviderStrategy',
  'deploymentConfiguration',
  'placementConstraints',
  'placementStrategy',
  'healthCheckGracePeriodSeconds',
  'enableExecuteCommand',
  'enableECSManagedTags',
  'availabilityZoneRebalancing',
] as const;

/** Request members ECS reports on the deployment they started, not on the service. */
export const DEPLOYMENT_LEVEL_FIELDS = [
  'serviceConnectConfiguration',
  'volumeConfigurations',
  'vpcLatticeConfigurations',
] as const;

/** The service members a CreateService request sets, as ECS reports them afterwards. */
export function keptFromCreate(request: JsonObject, serviceArn: string): JsonObject {
  const kept: JsonObject = {
    availabilityZoneRebalancing: 'ENABLED',
    ...membersSet(request, KEPT_SERVICE_FIELDS),
  };
  if (typeof request.role === 'string') kept.roleArn = roleArn(request.role, serviceArn);
  return kept;
}

/** The members of `request` among `fields` that it sets (not absent, not null). */
export function membersSet(request: JsonObject, fields: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const field of fields) {
    const value = request[field];
    if (value !== undefined && value !== null) out[field] = value;
  }
  return out;
}

/** The kept members an UpdateService request changes (the role cannot change: not an UpdateService member). */
export function keptFromUpdate(request: JsonObject): JsonObject {
  return membersSet(request, KEPT_SERVICE_FIELDS);
}

/** The deployment-level members a request sets. */
export function deploymentLevelOf(request: JsonObject): JsonObject {
  return membersSet(request, DEPLOYMENT_LEVEL_FIELDS);
}

/** A service document without the deployment-level members moto renders on the service. */
export function withoutDeploymentLevel(service: JsonObject): JsonObject {
  const out: JsonObject = { ...service };
  for (const field of DEPLOYMENT_LEVEL_FIELDS) delete out[field];
  return out;
}

/**
 * The role as ECS reports it: CreateService takes a name, a path/name or an ARN ("If your
 * specified role has a path other than /, then you must either specify the full role ARN ... or
 * prefix the role name with the path"); the Service's roleArn is always the ARN.
 */
export function roleArn(role: string, serviceArn: string): string {
  if (role.startsWith('arn:')) return role;
  const parts = serviceArn.split(':');
  const partition = parts[1] ?? 'aws';
  const account = parts[4] ?? '123456789012';
  return `arn:${partition}:iam::${account}:role/${role.replace(/^\//, '')}`;
}
