/**
 * Which UpdateService requests start a deployment in the simulator: a new task definition,
 * `forceNewDeployment`, or a deployment field (`DEPLOYMENT_CONFIG_FIELDS`) whose value changed, as
 * ECS lists them (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html).
 */
import { canonical, DEPLOYMENT_CONFIG_FIELDS, type SimulatedDeployment } from './ecs-deployment.js';
import { deploymentLevelOf } from './ecs-kept-fields.js';
import type { JsonObject } from './json.js';

// Deployment fields a Deployment does not report: the service's, and those only revisions hold.
const NOT_ON_DEPLOYMENTS: ReadonlySet<string> = new Set([
  'loadBalancers',
  'serviceRegistries',
  'gatewayConnectors',
  'monitoring',
]);

/** What an UpdateService changes about deployments. */
export interface UpdateChanges {
  /** True when it starts a new deployment. */
  readonly changed: boolean;
  /** The deployment-level fields the new deployment carries. */
  readonly extraChanges: JsonObject;
}

/**
 * Compares `request` with the service's deployment fields as last set (`config`, canonical text by
 * field; updated in place). A VPC Lattice change alone starts none (it is not on ECS's list), so
 * the PRIMARY carries the new value.
 */
export function updateChanges(
  request: JsonObject,
  config: Map<string, string>,
  primary: SimulatedDeployment | undefined,
  taskDefinition: string | undefined,
): UpdateChanges {
  let changed = request.forceNewDeployment === true;
  if (taskDefinition !== undefined && taskDefinition !== primary?.taskDefinition) changed = true;
  const extraChanges: JsonObject = {};
  for (const field of DEPLOYMENT_CONFIG_FIELDS) {
    const value = request[field];
    if (value === undefined) continue;
    const text = canonical(value);
    if (text !== config.get(field)) changed = true;
    config.set(field, text);
    // The deployment carries these; the others belong to the service or to its revisions only.
    if (!NOT_ON_DEPLOYMENTS.has(field)) extraChanges[field] = value;
  }
  const lattice = deploymentLevelOf(request).vpcLatticeConfigurations;
  if (lattice !== undefined) {
    extraChanges.vpcLatticeConfigurations = lattice;
    if (!changed && primary !== undefined)
      primary.extras = { ...primary.extras, vpcLatticeConfigurations: lattice };
  }
  return { changed, extraChanges };
}
