/**
 * What ecs-bridge may send to a service whose deployments another controller runs (ADR 0028).
 * ECS itself draws the line: under CODE_DEPLOY or EXTERNAL, UpdateService accepts only a few
 * fields, and a change of the task definition, network, platform version or load balancers goes
 * through CodeDeploy or a task set. ecs-bridge keeps to that line, so it never fights the other
 * controller, and says so in the `DeploymentsDelegated` condition. Pure.
 *
 * Source: the UpdateService API reference
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html): "For services
 * using the blue/green (CODE_DEPLOY) deployment controller, only the desired count, deployment
 * configuration, health check grace period, task placement constraints and strategies, enable ECS
 * managed tags option, and propagate tags can be updated using this API." and "For services using an
 * external deployment controller, you can update only the desired count, task placement constraints
 * and strategies, health check grace period, enable ECS managed tags option, and propagate tags
 * option, using this API."
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { ConditionInput } from '../../k8s/conditions.js';
import type { MutableField } from './model.js';

/** The condition type present while another controller runs the service's deployments. */
export const DEPLOYMENTS_DELEGATED = 'DeploymentsDelegated';

/** Deployment controllers other than ECS's own. */
export type DelegatedController = 'CODE_DEPLOY' | 'EXTERNAL';

const COMMON: readonly MutableField[] = [
  'desiredCount',
  'healthCheckGracePeriodSeconds',
  'placementConstraints',
  'placementStrategy',
  'enableECSManagedTags',
  'propagateTags',
  // Moving the service to another controller is ECS's to accept or refuse, so it is sent.
  'deploymentController',
];

/** The managed fields UpdateService accepts under each delegated controller. */
export const UPDATABLE_UNDER: Readonly<Record<DelegatedController, ReadonlySet<MutableField>>> = {
  CODE_DEPLOY: new Set<MutableField>([...COMMON, 'deploymentConfiguration']),
  EXTERNAL: new Set<MutableField>(COMMON),
};

/** The controller type as a delegated one, or undefined for ECS (and for a service that names none). */
export function delegatedController(type: string | undefined): DelegatedController | undefined {
  return type === 'CODE_DEPLOY' || type === 'EXTERNAL' ? type : undefined;
}

/**
 * Splits differing fields into those ecs-bridge sends and those it leaves to the controller that
 * runs deployments: `controller` is the service's controller after this update (the spec's when it
 * moves the service to another one, else the observed one).
 */
export function splitByController(
  controller: string | undefined,
  fields: readonly MutableField[],
): { readonly send: MutableField[]; readonly withheld: MutableField[] } {
  const delegated = delegatedController(controller);
  if (delegated === undefined) return { send: [...fields], withheld: [] };
  const allowed = UPDATABLE_UNDER[delegated];
  return {
    send: fields.filter((f) => allowed.has(f)),
    withheld: fields.filter((f) => !allowed.has(f)),
  };
}

const HOW: Record<DelegatedController, string> = {
  CODE_DEPLOY: 'create a CodeDeploy deployment',
  EXTERNAL: 'create a task set with your deployment controller',
};

/**
 * The `DeploymentsDelegated` condition for a described service, or undefined when ECS runs its
 * deployments (the condition is then removed). `withheld` names the spec fields that differ from the
 * service and were not sent because the other controller owns them: the message leads with them, so
 * a spec change ECS would refuse under that controller reads as such, not as a silent no-op.
 */
export function delegatedCondition(
  service: Service,
  where: string,
  withheld: readonly string[] = [],
): ConditionInput | undefined {
  const controller = delegatedController(service.deploymentController?.type);
  if (controller === undefined) return undefined;
  const fields = [...UPDATABLE_UNDER[controller]].filter((f) => f !== 'deploymentController').join(', ');
  const pending =
    withheld.length === 0
      ? ''
      : `spec.${withheld.join(', spec.')} ${withheld.length === 1 ? 'differs' : 'differ'} from the service and ${withheld.length === 1 ? 'is' : 'are'} not sent: ECS refuses ${withheld.length === 1 ? 'it' : 'them'} in UpdateService under ${controller}. `;
  return {
    type: DEPLOYMENTS_DELEGATED,
    status: 'True',
    reason: controller === 'CODE_DEPLOY' ? 'CodeDeployController' : 'ExternalController',
    message: `${pending}${where} uses the ${controller} deployment controller: ecs-bridge manages only ${fields} and tags, never starts a deployment (Ready follows its task sets), and leaves the task definition, network configuration, platform version and load balancers to it; to change those, ${HOW[controller]}, or set spec.deploymentController.type: ECS if ECS allows the move.`,
  };
}
