/**
 * Builds RunTask's input from a task template, pure. The caller resolves what the template only
 * names (the cluster of a `clusterRef`, the ARN of a `taskDefinitionRef`) and decides what makes a
 * call its own: the count, the client token that makes a retried call start nothing new, and the
 * `startedBy` / `group` that find its tasks again. A field the template leaves out is not sent, so
 * ECS applies its own default.
 */
import type { RunTaskCommandInput, Tag } from '@aws-sdk/client-ecs';
import type { TaskTemplateSpec } from './types.js';

/** What the caller adds to a template to make one RunTask call. */
export interface RunTaskCall {
  /** The cluster name or ARN (the template's `cluster`, or its `clusterRef`'s cluster). */
  readonly cluster: string;
  /** The task definition to run (the template's `taskDefinition`, or its ref's current ARN). */
  readonly taskDefinition: string;
  /** How many tasks this call starts (RunTask: 1 to 10). */
  readonly count: number;
  /** RunTask's idempotency token (at most 36 ASCII characters). */
  readonly clientToken?: string;
  /** The `startedBy` tasks carry (at most 36 characters), to list them again with ListTasks. */
  readonly startedBy?: string;
  /** The task group (at most 255 characters). */
  readonly group?: string;
  /** Tags the caller adds after the template's (its ownership tags). */
  readonly extraTags?: readonly { readonly key: string; readonly value: string }[];
}

/** RunTask's input for `template` and `call`; see the module comment for who decides what. */
export function runTaskInput(template: TaskTemplateSpec, call: RunTaskCall): RunTaskCommandInput {
  const tags: Tag[] = [...(template.tags ?? []), ...(call.extraTags ?? [])].map((t) => ({
    key: t.key,
    value: t.value,
  }));
  const awsvpc = template.networkConfiguration?.awsvpcConfiguration;
  return {
    cluster: call.cluster,
    taskDefinition: call.taskDefinition,
    count: call.count,
    ...(call.clientToken !== undefined && { clientToken: call.clientToken }),
    ...(call.startedBy !== undefined && { startedBy: call.startedBy }),
    ...(call.group !== undefined && { group: call.group }),
    ...(template.launchType !== undefined && { launchType: template.launchType }),
    ...(template.capacityProviderStrategy !== undefined && {
      capacityProviderStrategy: template.capacityProviderStrategy.map((c) => ({ ...c })),
    }),
    ...(awsvpc !== undefined && {
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: [...awsvpc.subnets],
          ...(awsvpc.securityGroups !== undefined && { securityGroups: [...awsvpc.securityGroups] }),
          ...(awsvpc.assignPublicIp !== undefined && { assignPublicIp: awsvpc.assignPublicIp }),
        },
      },
    }),
    ...(template.overrides !== undefined && {
      // A deep copy through JSON: the overrides are plain JSON data, and the SDK must not share
      // arrays with the informer's cached object.
      overrides: JSON.parse(JSON.stringify(template.overrides)) as RunTaskCommandInput['overrides'],
    }),
    ...(template.placementConstraints !== undefined && {
      placementConstraints: template.placementConstraints.map((p) => ({ ...p })),
    }),
    ...(template.placementStrategy !== undefined && {
      placementStrategy: template.placementStrategy.map((p) => ({ ...p })),
    }),
    ...(template.platformVersion !== undefined && { platformVersion: template.platformVersion }),
    ...(template.enableExecuteCommand !== undefined && {
      enableExecuteCommand: template.enableExecuteCommand,
    }),
    ...(template.enableECSManagedTags !== undefined && {
      enableECSManagedTags: template.enableECSManagedTags,
    }),
    ...(template.propagateTags !== undefined && { propagateTags: template.propagateTags }),
    ...(tags.length > 0 && { tags }),
    ...(template.volumeConfigurations !== undefined && {
      volumeConfigurations: JSON.parse(
        JSON.stringify(template.volumeConfigurations),
      ) as RunTaskCommandInput['volumeConfigurations'],
    }),
  };
}
