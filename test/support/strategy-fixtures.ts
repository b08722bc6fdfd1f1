/**
 * What the deployment strategy integration tests share: an EC2 task definition and service under a
 * chosen `deploymentConfiguration`, publishing a new image and waiting for its revision, moving the
 * live service to another strategy, and reading `status.serviceDeployment`.
 */
import { apply, condition, waitForResource, type Resource } from './manifests.js';

/** Where the strategy tests' service lives. */
export interface StrategyService {
  readonly namespace: string;
  readonly cluster: string;
  /** The EcsService and EcsTaskDefinition name (both the same). */
  readonly name: string;
}

/** The EcsTaskDefinition of the strategy tests: one EC2 container with a dynamic host port. */
export function strategyTaskDefinition(name: string, image: string): object {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsTaskDefinition',
    metadata: { name },
    spec: {
      requiresCompatibilities: ['EC2'],
      networkMode: 'bridge',
      containerDefinitions: [
        { name, image, memory: 256, portMappings: [{ containerPort: 8080, hostPort: 0 }] },
      ],
    },
  };
}

/**
 * The EcsService of the strategy tests under `deploymentConfiguration`, with the circuit breaker on
 * and rolling back (how ECS rolls a failed deployment back).
 */
export function strategyService(
  svc: Pick<StrategyService, 'cluster' | 'name'>,
  deploymentConfiguration: object,
): object {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsService',
    metadata: { name: svc.name },
    spec: {
      cluster: svc.cluster,
      taskDefinitionRef: { name: svc.name },
      desiredCount: 2,
      launchType: 'EC2',
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        ...deploymentConfiguration,
      },
    },
  };
}

/** Applies the task definition with `image` and returns the new revision's ARN once it is Ready. */
export async function publishImage(
  svc: StrategyService,
  image: string,
  previousArn: string | undefined,
): Promise<string> {
  await apply(svc.namespace, strategyTaskDefinition(svc.name, image));
  const td = await waitForResource(
    'ecstaskdefinitions',
    svc.namespace,
    svc.name,
    (r) => condition(r, 'Ready')?.status === 'True' && r.status?.taskDefinitionArn !== previousArn,
    { what: `to publish a revision for ${image}` },
  );
  return String(td.status?.taskDefinitionArn);
}

/** Applies the service under `deploymentConfiguration` and waits until that generation is Ready. */
export async function applyStrategy(
  svc: StrategyService,
  deploymentConfiguration: object,
): Promise<Resource> {
  await apply(svc.namespace, strategyService(svc, deploymentConfiguration));
  return waitForResource(
    'ecsservices',
    svc.namespace,
    svc.name,
    (r) => condition(r, 'Ready')?.status === 'True' && r.status?.observedGeneration === r.metadata.generation,
    { timeoutMs: 90_000, what: 'to be Ready on the new generation' },
  );
}

/** `status.serviceDeployment` as the strategy tests read it. */
export interface ServiceDeploymentStatus {
  strategy?: string;
  status?: string;
  lifecycleStage?: string;
  productionTrafficPercent?: number;
  testTrafficPercent?: number;
  bakeEndsBy?: string;
  waitingOnHooks?: { targetType?: string; targetArn?: string; status?: string }[];
}

/** The service's `status.serviceDeployment`, if any. */
export const serviceDeploymentOf = (r: Resource): ServiceDeploymentStatus | undefined =>
  r.status?.serviceDeployment as ServiceDeploymentStatus | undefined;

/** Waits until the service is Ready on `revision` (ECS completed the deployment, after its bake). */
export function waitForReadyOn(
  svc: StrategyService,
  revision: string,
  timeoutMs = 60_000,
): Promise<Resource> {
  return waitForResource(
    'ecsservices',
    svc.namespace,
    svc.name,
    (r) => condition(r, 'Ready')?.status === 'True' && r.status?.taskDefinitionArn === revision,
    { timeoutMs, what: `to be Ready on ${revision}` },
  );
}

/** Waits until the service is Stalled (a deployment ECS failed or rolled back). */
export function waitForStalled(svc: StrategyService, timeoutMs = 60_000): Promise<Resource> {
  return waitForResource(
    'ecsservices',
    svc.namespace,
    svc.name,
    (r) => condition(r, 'Stalled')?.status === 'True',
    { timeoutMs, what: 'to be Stalled' },
  );
}
