/**
 * Where a template's tasks go: the cluster (by name, or through the EcsCluster `clusterRef` names),
 * its Region, and the task definition (as written, or the exact revision the EcsTaskDefinition
 * `taskDefinitionRef` names publishes), read through the lookups port a kind is given, or why the
 * kind must wait for them.
 */
import type { TaskTemplateSpec } from './types.js';

/** An EcsCluster as a template sees it. */
export interface TemplateCluster {
  readonly clusterName: string;
  readonly region?: string | undefined;
  readonly ready: boolean;
}

/** An EcsTaskDefinition as a template sees it: the exact revision it publishes. */
export interface TemplateTaskDefinition {
  readonly taskDefinitionArn?: string | undefined;
  readonly ready: boolean;
}

/** Lookups of the objects a template references, in the object's namespace. */
export interface TemplateLookups {
  cluster(namespace: string, name: string): Promise<TemplateCluster | undefined>;
  taskDefinition(namespace: string, name: string): Promise<TemplateTaskDefinition | undefined>;
}

/** The template's cluster, Region (undefined: the operator's) and task definition, as written or resolved. */
export interface TemplatePlacement {
  readonly cluster: string;
  readonly region: string | undefined;
  readonly taskDefinition: string;
}

/** The placement of `template` (an object in `namespace`), or why its kind must wait. */
export async function resolveTemplatePlacement(
  lookups: TemplateLookups,
  namespace: string,
  template: Pick<
    TaskTemplateSpec,
    'cluster' | 'clusterRef' | 'region' | 'taskDefinition' | 'taskDefinitionRef'
  >,
): Promise<TemplatePlacement | string> {
  let cluster = template.cluster ?? '';
  let region = template.region;
  if (template.clusterRef !== undefined) {
    const found = await lookups.cluster(namespace, template.clusterRef.name);
    if (found === undefined)
      return `EcsCluster ${template.clusterRef.name} does not exist in namespace ${namespace}; create it`;
    if (!found.ready)
      return `EcsCluster ${namespace}/${template.clusterRef.name} is not Ready yet; waiting for it`;
    cluster = found.clusterName;
    region = found.region;
  }
  let taskDefinition = template.taskDefinition ?? '';
  if (template.taskDefinitionRef !== undefined) {
    const found = await lookups.taskDefinition(namespace, template.taskDefinitionRef.name);
    if (found === undefined)
      return `EcsTaskDefinition ${template.taskDefinitionRef.name} does not exist in namespace ${namespace}; create it`;
    if (!found.ready || found.taskDefinitionArn === undefined)
      return `EcsTaskDefinition ${namespace}/${template.taskDefinitionRef.name} is not Ready yet; waiting for it`;
    taskDefinition = found.taskDefinitionArn;
  }
  return { cluster, region, taskDefinition };
}
