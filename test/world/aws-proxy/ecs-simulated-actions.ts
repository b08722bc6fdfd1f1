/**
 * The ECS actions the rollout simulator (`ecs-rollouts.ts`) rewrites or answers, the shape of its own
 * answers, and which services it plays.
 */
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';

/** The ECS actions whose answers the simulator rewrites. */
export const SIMULATED_ECS_ACTIONS: ReadonlySet<string> = new Set([
  'CreateService',
  'UpdateService',
  'DeleteService',
  'DescribeServices',
]);

/**
 * The ECS actions moto does not have that the simulator answers itself, from its model: the service
 * deployment APIs, StopServiceDeployment included (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServiceDeployments.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceDeployments.html).
 */
export const ANSWERED_ECS_ACTIONS: ReadonlySet<string> = new Set([
  'ListServiceDeployments',
  'DescribeServiceDeployments',
  // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopServiceDeployment.html
  'StopServiceDeployment',
  // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContinueServiceDeployment.html
  'ContinueServiceDeployment',
  // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html
  'DescribeServiceRevisions',
]);

/** An answer the simulator makes without the upstream: HTTP status and JSON body. */
export interface SimulatorAnswer {
  readonly status: number;
  readonly body: JsonObject;
}

// ListServiceDeployments: "maxResults ... The default value is 20", at most 100.
export const LIST_DEFAULT_MAX = 20;
export const LIST_MAX = 100;

/**
 * Finds the ARN of a task definition given by family only (`web`, meaning its latest ACTIVE
 * revision); the proxy asks the upstream. Resolves `undefined` when it cannot tell.
 */
export type TaskDefinitionResolver = (family: string) => Promise<string | undefined>;

/** True for a service whose deployments ECS itself runs (not CODE_DEPLOY or EXTERNAL). */
export function isSimulatable(service: JsonValue | undefined): service is JsonObject {
  if (!isJsonObject(service) || typeof service.serviceArn !== 'string') return false;
  const controller = service.deploymentController;
  return !isJsonObject(controller) || controller.type === undefined || controller.type === 'ECS';
}
