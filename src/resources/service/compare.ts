/**
 * Field-by-field comparison of a desired and an observed {@link ServiceConfig}. Pure. A desired
 * field that is `undefined` is unmanaged and always matches; inside a managed block, the only
 * "don't care" member is awsvpc `securityGroups` left out by the spec (ECS then picks the VPC's
 * default group, which the spec cannot know).
 */
import { isDeepStrictEqual } from 'node:util';
import {
  MUTABLE_FIELDS,
  taskDefinitionKey,
  type MutableField,
  type NetworkModel,
  type ServiceConfig,
} from './model.js';

function networkMatches(desired: NetworkModel, observed: NetworkModel | undefined): boolean {
  if (observed === undefined) return false;
  const d = desired.awsvpcConfiguration;
  const o = observed.awsvpcConfiguration;
  return (
    isDeepStrictEqual(d.subnets, o.subnets) &&
    d.assignPublicIp === o.assignPublicIp &&
    (d.securityGroups === undefined || isDeepStrictEqual(d.securityGroups, o.securityGroups ?? []))
  );
}

/** True when the observed value of `field` satisfies the desired one. */
export function fieldMatches(field: MutableField, desired: ServiceConfig, observed: ServiceConfig): boolean {
  if (field === 'taskDefinition') {
    const d = desired.taskDefinition;
    const o = observed.taskDefinition;
    return d === undefined || (o !== undefined && taskDefinitionKey(d) === taskDefinitionKey(o));
  }
  if (field === 'networkConfiguration') {
    const d = desired.networkConfiguration;
    return d === undefined || networkMatches(d, observed.networkConfiguration);
  }
  const d: unknown = desired[field];
  return d === undefined || isDeepStrictEqual(d, observed[field]);
}

/** The managed UpdateService fields whose observed value differs from the desired one, in a stable order. */
export function differingFields(desired: ServiceConfig, observed: ServiceConfig): MutableField[] {
  return MUTABLE_FIELDS.filter((f) => !fieldMatches(f, desired, observed));
}
