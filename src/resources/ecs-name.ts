/**
 * The names ecs-bridge sends to ECS that may come from an object's `metadata.name`: the service
 * name (EcsService without `spec.serviceName`) and the task definition family (EcsTaskDefinition
 * without `spec.family`). ECS allows, for both, "Up to 255 letters (uppercase and lowercase),
 * numbers, underscores, and hyphens" (ECS API reference, CreateService `serviceName` and
 * RegisterTaskDefinition `family`; the same text is in @aws-sdk/client-ecs's model). A Kubernetes
 * name may hold dots (`web.v2`), which ECS refuses with InvalidParameterException.
 *
 * The CRDs' CEL rules refuse such names at admission; the reconcilers check again with this, so an
 * object stored before the rule existed (or written with validation bypassed) never reaches AWS.
 * Pure; shared by both kinds.
 */

/** ECS's rule for service names and task definition families. */
export const ECS_NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

/** True when ECS accepts `name` as a service name or a task definition family. */
export function isEcsName(name: string): boolean {
  return ECS_NAME_PATTERN.test(name);
}

/** Which ECS name an object derives, and the spec field that sets it explicitly. */
export interface EcsNameSource {
  /** What ECS calls it, for the message: `ECS service name` or `ECS task definition family`. */
  readonly what: string;
  /** The spec field that sets it: `spec.serviceName` or `spec.family`. */
  readonly field: string;
  /** The spec field's value, when set. */
  readonly explicit: string | undefined;
  /** The object's `metadata.name`, used when the field is not set. */
  readonly name: string;
}

/** A valid suggestion derived from a refused name: every other character becomes `-`. */
function suggestion(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 255);
  return s === '' ? 'my-name' : s;
}

/**
 * What is wrong with the ECS name an object would use (one sentence naming the field, the value and
 * the fix), or undefined when ECS accepts it.
 */
export function ecsNameProblem(source: EcsNameSource): string | undefined {
  const { what, field, explicit, name } = source;
  if (explicit !== undefined) {
    if (isEcsName(explicit)) return undefined;
    return `${field} ${JSON.stringify(explicit)} is not a valid ${what}: use 1 to 255 letters, digits, hyphens (-) and underscores (_), for example ${suggestion(explicit)}`;
  }
  if (isEcsName(name)) return undefined;
  return `metadata.name ${JSON.stringify(name)} cannot be an ${what} (only letters, digits, - and _ are allowed) and ${field} is not set: set ${field} explicitly, for example ${suggestion(name)}`;
}
