/**
 * The task template's rules, re-checked by the controller before any AWS call (pure). The CRD's
 * CEL rules enforce most of them at admission; this guards objects stored before a rule existed
 * and checks what CEL cannot (the overrides' total size). Each message names the field, the value
 * and the fix.
 */
import type { TaskTemplateSpec } from './types.js';

/**
 * RunTask allows at most 8192 characters of overrides JSON
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html, `overrides`).
 */
export const MAX_OVERRIDES_JSON_LENGTH = 8192;

/** Tag keys ecs-bridge reserves for itself and AWS reserves for its own. */
const RESERVED_TAG_PREFIXES = ['aws:', 'ecs-bridge.dev/'] as const;

/**
 * Returns what is wrong with a template (one message) or undefined. `at` is the path of the object
 * holding the template in its kind's CRD (`spec` for EcsTaskRun), so messages name the real field.
 */
export function validateTaskTemplate(t: TaskTemplateSpec, at: string): string | undefined {
  if ((t.cluster === undefined) === (t.clusterRef === undefined)) {
    return `set exactly one of ${at}.cluster (an ECS cluster name or ARN) or ${at}.clusterRef (an EcsCluster in this namespace)`;
  }
  if (t.cluster?.trim() === '') {
    return `${at}.cluster is empty: name an ECS cluster (or set ${at}.clusterRef instead)`;
  }
  if (t.clusterRef !== undefined && t.region !== undefined) {
    return `${at}.region (${t.region}) must not be set with ${at}.clusterRef: the task runs in the EcsCluster's region; remove ${at}.region`;
  }
  if ((t.taskDefinitionRef === undefined) === (t.taskDefinition === undefined)) {
    return `set exactly one of ${at}.taskDefinitionRef (an EcsTaskDefinition in this namespace) or ${at}.taskDefinition (family, family:revision or an ARN)`;
  }
  if (t.launchType !== undefined && t.capacityProviderStrategy !== undefined) {
    return `${at}.launchType (${t.launchType}) and ${at}.capacityProviderStrategy are mutually exclusive: remove one of them`;
  }
  return overridesProblem(t, at) ?? tagsProblem(t, at);
}

function overridesProblem(t: TaskTemplateSpec, at: string): string | undefined {
  if (t.overrides === undefined) return undefined;
  const names = (t.overrides.containerOverrides ?? []).map((c) => c.name);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) {
    return `${at}.overrides.containerOverrides names container ${JSON.stringify(repeated)} twice: merge the two entries`;
  }
  const length = JSON.stringify(t.overrides).length;
  if (length > MAX_OVERRIDES_JSON_LENGTH) {
    return `${at}.overrides is ${length} characters of JSON; RunTask accepts at most ${MAX_OVERRIDES_JSON_LENGTH}: move large values into an environment file (environmentFiles) or the task definition`;
  }
  return undefined;
}

function tagsProblem(t: TaskTemplateSpec, at: string): string | undefined {
  for (const tag of t.tags ?? []) {
    const prefix = RESERVED_TAG_PREFIXES.find((p) => tag.key.startsWith(p));
    if (prefix !== undefined) {
      return `${at}.tags key ${JSON.stringify(tag.key)} starts with the reserved prefix ${prefix}: choose another key`;
    }
  }
  return undefined;
}
