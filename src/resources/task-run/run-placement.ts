/**
 * Where an EcsTaskRun's tasks go: the cluster, Region and task definition its template names,
 * directly or through Ready EcsCluster and EcsTaskDefinition objects.
 */
import type { TemplateLookups } from './ports.js';
import type { EcsTaskRun } from './types.js';

/** Where a run's tasks go, resolved from the template. */
export interface ResolvedRun {
  readonly cluster: string;
  readonly region: string | undefined;
  readonly taskDefinition: string;
}

/** The cluster, Region and task definition of the template, or why the run must wait. */
export async function resolveRunPlacement(
  lookups: TemplateLookups,
  obj: EcsTaskRun,
): Promise<ResolvedRun | string> {
  const { spec } = obj;
  const namespace = obj.metadata.namespace ?? '';
  let cluster = spec.cluster ?? '';
  let region = spec.region;
  if (spec.clusterRef !== undefined) {
    const found = await lookups.cluster(namespace, spec.clusterRef.name);
    if (found === undefined)
      return `EcsCluster ${spec.clusterRef.name} does not exist in namespace ${namespace}; create it`;
    if (!found.ready)
      return `EcsCluster ${namespace}/${spec.clusterRef.name} is not Ready yet; waiting for it`;
    cluster = found.clusterName;
    region = found.region;
  }
  let taskDefinition = spec.taskDefinition ?? '';
  if (spec.taskDefinitionRef !== undefined) {
    const found = await lookups.taskDefinition(namespace, spec.taskDefinitionRef.name);
    if (found === undefined)
      return `EcsTaskDefinition ${spec.taskDefinitionRef.name} does not exist in namespace ${namespace}; create it`;
    if (!found.ready || found.taskDefinitionArn === undefined)
      return `EcsTaskDefinition ${namespace}/${spec.taskDefinitionRef.name} is not Ready yet; waiting for it`;
    taskDefinition = found.taskDefinitionArn;
  }
  return { cluster, region, taskDefinition };
}
