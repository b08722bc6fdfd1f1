/**
 * The spec rules the controller re-checks before any AWS call, pure. The CRD's CEL rules enforce
 * them at admission; this guards against objects stored before a rule existed or written with
 * validation bypassed, so an invalid spec never reaches AWS.
 */
import { ecsNameProblem } from '../ecs-name.js';
import type { EcsService, EcsServiceSpec } from './types.js';

/** Returns what is wrong with the spec (one message, naming the field and the fix), or undefined. */
export function validateServiceSpec(spec: EcsServiceSpec): string | undefined {
  if ((spec.taskDefinitionRef === undefined) === (spec.taskDefinition === undefined)) {
    return 'set exactly one of spec.taskDefinitionRef (an EcsTaskDefinition in this namespace) or spec.taskDefinition (family:revision or an ARN)';
  }
  if (spec.launchType !== undefined && spec.capacityProviderStrategy !== undefined) {
    return 'spec.launchType and spec.capacityProviderStrategy are mutually exclusive: set one of them';
  }
  if (
    spec.schedulingStrategy === 'DAEMON' &&
    (spec.desiredCount !== undefined || spec.autoscaling !== undefined)
  ) {
    return 'spec.desiredCount and spec.autoscaling must not be set with schedulingStrategy DAEMON';
  }
  if (spec.autoscaling !== undefined && spec.autoscaling.minCapacity > spec.autoscaling.maxCapacity) {
    return `spec.autoscaling.minCapacity (${spec.autoscaling.minCapacity}) must not exceed maxCapacity (${spec.autoscaling.maxCapacity})`;
  }
  if (spec.clusterRef === undefined && (spec.cluster ?? '').trim() === '') {
    return 'spec.cluster must name a cluster (or set spec.clusterRef to an EcsCluster in this namespace)';
  }
  return undefined;
}

/**
 * Returns what is wrong with the object (its ECS service name, then its spec), or undefined. The
 * service name is `spec.serviceName`, else `metadata.name`, and must be one ECS accepts.
 */
export function validateService(obj: Pick<EcsService, 'metadata' | 'spec'>): string | undefined {
  return (
    ecsNameProblem({
      what: 'ECS service name',
      field: 'spec.serviceName',
      explicit: obj.spec.serviceName,
      name: obj.metadata.name,
    }) ?? validateServiceSpec(obj.spec)
  );
}
