/**
 * The ECS target of an EventBridge rule or Scheduler schedule read back as an EcsTaskTrigger's task
 * template: its EcsParameters as the template, its constant Input as overrides, an input transformer
 * as overrides plus environment taken from the event, or what the spec cannot say. Pure; used by
 * import-trigger.ts for both kinds of target.
 */
import type { Target } from '@aws-sdk/client-eventbridge';
import type {
  TaskTemplateSpec,
  TemplateContainerOverride,
  TemplateOverrides,
} from '../../resources/task-template/types.js';
import type { TriggerEnvironmentFromEvent } from '../../resources/task-trigger/types.js';
import { renameDefined } from '../../shared/pick-defined.js';
import { networkConfigurationOf } from './import-network.js';

/** EcsParameters as both EventBridge and Scheduler spell them (Scheduler's tags are maps). */
interface AnyEcsParameters {
  readonly TaskDefinitionArn?: string | undefined;
  readonly TaskCount?: number | undefined;
  readonly LaunchType?: string | undefined;
  readonly NetworkConfiguration?:
    | {
        readonly awsvpcConfiguration?:
          | {
              readonly Subnets?: string[] | undefined;
              readonly SecurityGroups?: string[] | undefined;
              readonly AssignPublicIp?: string | undefined;
            }
          | undefined;
      }
    | undefined;
  readonly PlatformVersion?: string | undefined;
  readonly Group?: string | undefined;
  readonly CapacityProviderStrategy?:
    | { capacityProvider?: string | undefined; weight?: number | undefined; base?: number | undefined }[]
    | undefined;
  readonly EnableECSManagedTags?: boolean | undefined;
  readonly EnableExecuteCommand?: boolean | undefined;
  readonly PlacementConstraints?:
    { type?: string | undefined; expression?: string | undefined }[] | undefined;
  readonly PlacementStrategy?: { type?: string | undefined; field?: string | undefined }[] | undefined;
  readonly PropagateTags?: string | undefined;
  readonly ReferenceId?: string | undefined;
  readonly Tags?: unknown[] | undefined;
}

/** The keys of a RunTask task override the template says (`TemplateOverrides`). */
const OVERRIDE_KEYS = new Set([
  'containerOverrides',
  'cpu',
  'memory',
  'ephemeralStorage',
  'executionRoleArn',
  'taskRoleArn',
]);

/** Whether `value` is set to something: not absent, null, nor an empty list or object. */
export function present(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** Members of `value` set to something, other than `known`. */
export function unknownMembers(value: object, known: readonly string[]): string[] {
  return Object.entries(value)
    .filter(([k, v]) => !known.includes(k) && present(v))
    .map(([k]) => k)
    .sort();
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` parts. */
function arnParts(arn: string): { partition: string; region: string; account: string; resource: string } {
  const [, partition = '', , region = '', account = '', ...rest] = arn.split(':');
  return { partition, region, account, resource: rest.join(':') };
}

/**
 * The short name of an ECS ARN when the trigger would build the same ARN from it (same Region and
 * the role's account, resolve.ts), else the ARN: the manifest reads better and resolves the same.
 */
function shortName(arn: string, region: string, roleArn: string, resource: string): string {
  const at = arnParts(arn);
  const role = arnParts(roleArn);
  const prefix = `${resource}/`;
  if (at.region !== region || at.account !== role.account || at.partition !== role.partition) return arn;
  if (!at.resource.startsWith(prefix)) return arn;
  const name = at.resource.slice(prefix.length);
  return name.includes('/') ? arn : name;
}

/** An ECS target as both EventBridge and Scheduler spell it, as far as its template goes. */
export interface AnyEcsTarget {
  readonly Arn?: string | undefined;
  readonly RoleArn?: string | undefined;
  readonly EcsParameters: AnyEcsParameters;
  readonly Input?: string | undefined;
}

/**
 * An ECS target's task template, role and constant Input overrides, or why the target cannot be an
 * EcsTaskTrigger's: `extra` are the members the spec cannot express, named in `at`'s words.
 */
export function ecsTargetTemplate(
  target: AnyEcsTarget,
  extra: readonly string[],
  region: string,
  at: string,
):
  | { template: TaskTemplateSpec; roleArn: string; overrides: TemplateOverrides | undefined }
  | { problem: string } {
  if (extra.length > 0) return { problem: `${at}: ${extra.join(', ')} not expressed by an EcsTaskTrigger` };
  if (target.RoleArn === undefined) return { problem: `${at}: no RoleArn` };
  const template = templateOf(target.EcsParameters, target.Arn ?? '', region, target.RoleArn, at);
  if ('problem' in template) return template;
  if (target.Input === undefined) return { ...template, roleArn: target.RoleArn, overrides: undefined };
  const parsed = overridesOf(target.Input, `${at} Input`);
  return 'problem' in parsed ? parsed : { ...template, roleArn: target.RoleArn, overrides: parsed.overrides };
}

/** The template of an ECS target's EcsParameters, or what it cannot say. */
export function templateOf(
  parameters: AnyEcsParameters,
  clusterArn: string,
  region: string,
  roleArn: string,
  where: string,
): { template: TaskTemplateSpec } | { problem: string } {
  if (parameters.TaskDefinitionArn === undefined)
    return { problem: `${where}: EcsParameters.TaskDefinitionArn is missing` };
  if ((parameters.TaskCount ?? 1) !== 1)
    return {
      problem: `${where}: EcsParameters.TaskCount is ${parameters.TaskCount ?? 1}; an EcsTaskTrigger starts one task per event`,
    };
  if (parameters.ReferenceId !== undefined)
    return { problem: `${where}: EcsParameters.ReferenceId is not expressed by an EcsTaskTrigger` };
  const awsvpc = parameters.NetworkConfiguration?.awsvpcConfiguration;
  const tags = (parameters.Tags ?? []) as { Key?: string; Value?: string }[];
  if (tags.some((t) => typeof t !== 'object' || t === null || t.Key === undefined))
    return { problem: `${where}: EcsParameters.Tags are not Key/Value pairs` };
  const template: TaskTemplateSpec = {
    region,
    cluster: shortName(clusterArn, region, roleArn, 'cluster'),
    taskDefinition: shortName(parameters.TaskDefinitionArn, region, roleArn, 'task-definition'),
    ...(parameters.LaunchType === undefined
      ? {}
      : { launchType: parameters.LaunchType as NonNullable<TaskTemplateSpec['launchType']> }),
    ...(parameters.CapacityProviderStrategy === undefined || parameters.CapacityProviderStrategy.length === 0
      ? {}
      : {
          capacityProviderStrategy: parameters.CapacityProviderStrategy.map((item) => ({
            capacityProvider: item.capacityProvider ?? '',
            ...(item.weight === undefined ? {} : { weight: item.weight }),
            ...(item.base === undefined ? {} : { base: item.base }),
          })),
        }),
    ...networkConfigurationOf(
      awsvpc === undefined
        ? undefined
        : renameDefined(awsvpc, {
            Subnets: 'subnets',
            SecurityGroups: 'securityGroups',
            AssignPublicIp: 'assignPublicIp',
          }),
    ),
    ...(parameters.PlacementConstraints === undefined || parameters.PlacementConstraints.length === 0
      ? {}
      : {
          placementConstraints: parameters.PlacementConstraints.map((c) => ({
            type: c.type as 'distinctInstance' | 'memberOf',
            ...(c.expression === undefined ? {} : { expression: c.expression }),
          })),
        }),
    ...(parameters.PlacementStrategy === undefined || parameters.PlacementStrategy.length === 0
      ? {}
      : {
          placementStrategy: parameters.PlacementStrategy.map((s) => ({
            type: s.type as 'binpack' | 'spread' | 'random',
            ...(s.field === undefined ? {} : { field: s.field }),
          })),
        }),
    ...renameDefined(parameters, {
      PlatformVersion: 'platformVersion',
      EnableExecuteCommand: 'enableExecuteCommand',
      EnableECSManagedTags: 'enableECSManagedTags',
    }),
    ...(parameters.PropagateTags === 'TASK_DEFINITION' ? { propagateTags: 'TASK_DEFINITION' as const } : {}),
    ...(tags.length === 0 ? {} : { tags: tags.map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' })) }),
  };
  return { template };
}

/** A task override from a target's input text, or what it cannot say. */
export function overridesOf(
  text: string,
  where: string,
): { overrides: TemplateOverrides } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: `${where}: the input is not JSON (a task override is expected)` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { problem: `${where}: the input is not a JSON object (a task override is expected)` };
  const extra = Object.keys(parsed).filter((k) => !OVERRIDE_KEYS.has(k));
  if (extra.length > 0)
    return {
      problem: `${where}: the input has members a task override in the template cannot say: ${extra.join(', ')}`,
    };
  return { overrides: parsed };
}

/**
 * The input transformer as the spec says it: every placeholder must be an environment variable's
 * whole value in one container (ecs-bridge's shape); the rest of the template is the template's
 * overrides. A rule made by hand may name the placeholders as it likes (the planner compares paths).
 */
export function transformerOf(
  transformer: NonNullable<Target['InputTransformer']>,
  where: string,
):
  | {
      overrides: TemplateOverrides;
      inputTransformer: { containerName: string; environment: TriggerEnvironmentFromEvent[] };
    }
  | { problem: string } {
  const paths = transformer.InputPathsMap ?? {};
  const parsed = overridesOf(transformer.InputTemplate ?? '', `${where} InputTransformer.InputTemplate`);
  if ('problem' in parsed)
    return {
      problem: `${parsed.problem}; placeholders must sit inside JSON strings ("<name>"), as environment values`,
    };
  const placeholder = (value: string): string | undefined => /^<([^<>]+)>$/.exec(value)?.[1];
  const environment: TriggerEnvironmentFromEvent[] = [];
  let containerName: string | undefined;
  const containers: TemplateContainerOverride[] = [];
  for (const container of parsed.overrides.containerOverrides ?? []) {
    const kept = [];
    for (const variable of container.environment ?? []) {
      const key = placeholder(variable.value);
      if (key === undefined) {
        kept.push(variable);
        continue;
      }
      const path = paths[key];
      if (path === undefined)
        return { problem: `${where}: placeholder <${key}> has no path in InputPathsMap` };
      if (containerName !== undefined && containerName !== container.name)
        return {
          problem: `${where}: event fields go to two containers (${containerName}, ${container.name}); an EcsTaskTrigger places them in one`,
        };
      containerName = container.name;
      environment.push({ name: variable.name, path });
    }
    const { environment: _env, ...rest } = container;
    const left: TemplateContainerOverride = kept.length === 0 ? rest : { ...rest, environment: kept };
    // A container that only received event fields is the transformer's alone.
    if (Object.keys(left).length > 1) containers.push(left);
  }
  if (containerName === undefined || environment.length === 0)
    return { problem: `${where}: the input transformer places no event field in a container's environment` };
  const used = new Set(environment.map((e) => e.path));
  const unused = Object.entries(paths).filter(([, p]) => !used.has(p));
  if (unused.length > 0)
    return {
      problem: `${where}: InputPathsMap names ${unused.map(([k]) => k).join(', ')} outside a container's environment`,
    };
  if (
    JSON.stringify(parsed.overrides)
      .replace(/"<[^<>"]+>"/g, '')
      .includes('<')
  )
    return { problem: `${where}: the input template has placeholders outside environment values` };
  const { containerOverrides: _c, ...others } = parsed.overrides;
  const overrides: TemplateOverrides =
    containers.length === 0 ? others : { ...others, containerOverrides: containers };
  return { overrides, inputTransformer: { containerName, environment } };
}
