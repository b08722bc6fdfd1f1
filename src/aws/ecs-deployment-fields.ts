/**
 * Which UpdateService fields make ECS start a new deployment, for the rolling (`ECS`) deployment
 * controller. This is ECS's rule, written once: the planner holds these fields while a failed
 * rollout is held, the CLI's plan says "starts a deployment" for them, and the unit-test fake and
 * the test world's AWS proxy start a deployment when one of them changes.
 *
 * Source: the UpdateService API reference
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html): "For services
 * using the rolling update (ECS) deployment controller, ... a new deployment is triggered when you
 * update the task definition, network configuration, platform version, load balancers, service
 * registries, Service Connect configuration or volume configurations" (and, whatever else changes,
 * with `forceNewDeployment`, which is a flag of the request, not a field of the service). The
 * request's member documentation adds VPC Lattice: `vpcLatticeConfigurations` "triggers a new
 * service deployment" (UpdateService, Request Parameters), as each field of this list does.
 *
 * `gatewayConnectors` and `monitoring` are not in the UpdateService reference's list; they are held
 * only by service revisions (ADR 0048, addendum), and "Amazon ECS automatically creates a new service
 * revision when you create a service, or update a service property that starts a deployment. ... A
 * service revision is immutable" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-revision.html):
 * a new value can only be held by a new revision, so a change of either starts a deployment.
 */
import type { UpdateServiceCommandInput } from '@aws-sdk/client-ecs';

/** Every UpdateService field whose change starts a new ECS deployment. */
export const ECS_DEPLOYMENT_STARTING_FIELDS = [
  'taskDefinition',
  'networkConfiguration',
  'platformVersion',
  'loadBalancers',
  'serviceRegistries',
  'serviceConnectConfiguration',
  'volumeConfigurations',
  'vpcLatticeConfigurations',
  'gatewayConnectors',
  'monitoring',
] as const satisfies readonly (keyof UpdateServiceCommandInput)[];

/** One of {@link ECS_DEPLOYMENT_STARTING_FIELDS}. */
export type EcsDeploymentStartingField = (typeof ECS_DEPLOYMENT_STARTING_FIELDS)[number];

/** Whether a change of `field` in UpdateService starts a new ECS deployment. */
export function startsEcsDeployment(field: string): field is EcsDeploymentStartingField {
  return (ECS_DEPLOYMENT_STARTING_FIELDS as readonly string[]).includes(field);
}
