/**
 * The ports a service's spec names against the ports its task definition declares: a load balancer
 * entry's container and containerPort, and the Service Connect and VPC Lattice port names, must be
 * in the task definition's portMappings, or ECS refuses CreateService / UpdateService
 * (InvalidParameterException). Checked before any write, for a task definition ecs-bridge knows
 * (a taskDefinitionRef); a revision named by spec.taskDefinition is ECS's to check. Pure.
 */
import type { EcsServiceSpec } from './types.js';

/** One container of the task definition and the ports it maps. */
export interface DeclaredContainer {
  readonly name: string;
  readonly ports: readonly { readonly containerPort?: number; readonly name?: string }[];
}

function list(values: readonly (string | number)[]): string {
  return values.length === 0 ? 'none' : values.join(', ');
}

/**
 * The spec's references to ports the task definition `source` does not declare, one sentence each
 * naming the field, the value and the fix; empty when all are declared.
 */
export function undeclaredPorts(
  spec: EcsServiceSpec,
  containers: readonly DeclaredContainer[],
  source: string,
): string[] {
  const problems: string[] = [];
  const byName = new Map(containers.map((c) => [c.name, c]));
  spec.loadBalancers?.forEach((lb, i) => {
    const container = byName.get(lb.containerName);
    if (container === undefined) {
      problems.push(
        `spec.loadBalancers[${i}].containerName ${lb.containerName} is not a container of ${source}: use one of ${list([...byName.keys()])}`,
      );
      return;
    }
    const ports = container.ports.flatMap((p) => (p.containerPort === undefined ? [] : [p.containerPort]));
    if (!ports.includes(lb.containerPort))
      problems.push(
        `spec.loadBalancers[${i}].containerPort ${lb.containerPort} is not a port container ${lb.containerName} maps in ${source} (it maps ${list(ports)}): use one of them, or add the port mapping`,
      );
  });
  const names = containers.flatMap((c) => c.ports.flatMap((p) => (p.name === undefined ? [] : [p.name])));
  const checkName = (field: string, portName: string): void => {
    if (!names.includes(portName))
      problems.push(
        `${field} ${portName} is not a portMappings[].name in ${source} (names: ${list(names)}): name the port mapping, or use one of those`,
      );
  };
  spec.serviceConnectConfiguration?.services?.forEach((s, i) => {
    if (s.portName !== undefined)
      checkName(`spec.serviceConnectConfiguration.services[${i}].portName`, s.portName);
  });
  spec.vpcLatticeConfigurations?.forEach((l, i) => {
    if (l.portName !== undefined) checkName(`spec.vpcLatticeConfigurations[${i}].portName`, l.portName);
  });
  return problems;
}
