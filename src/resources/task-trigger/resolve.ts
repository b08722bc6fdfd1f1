/**
 * Where a trigger's tasks go, resolved from its template: the cluster (by name or through the
 * EcsCluster it references), the Region and the task definition (an ARN, a family, or the exact
 * revision an EcsTaskDefinition publishes). EventBridge and Scheduler take ARNs only, so a name is
 * made an ARN in the account of `spec.roleArn` (the role EventBridge assumes lives in the account
 * that runs the task).
 */
import type { TriggerLookups } from './ports.js';
import type { EcsTaskTrigger } from './types.js';

/** The template's cluster, Region and task definition as ARNs. */
export interface ResolvedTemplate {
  readonly cluster: string;
  readonly clusterArn: string;
  readonly region: string;
  readonly taskDefinitionArn: string;
}

function accountOf(roleArn: string): { partition: string; account: string } {
  const [, partition = 'aws', , , account = ''] = roleArn.split(':');
  return { partition, account };
}

function arnOf(roleArn: string, region: string, resource: string, name: string): string {
  if (name.startsWith('arn:')) return name;
  const { partition, account } = accountOf(roleArn);
  return `arn:${partition}:ecs:${region}:${account}:${resource}/${name}`;
}

/** The resolved template, or why the trigger must wait. */
export async function resolveTemplate(
  obj: EcsTaskTrigger,
  lookups: TriggerLookups,
  defaultRegion: string,
): Promise<ResolvedTemplate | string> {
  const template = obj.spec.template;
  const namespace = obj.metadata.namespace ?? '';
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
  const inRegion = region ?? defaultRegion;
  return {
    cluster,
    clusterArn: arnOf(obj.spec.roleArn, inRegion, 'cluster', cluster),
    region: inRegion,
    taskDefinitionArn: arnOf(obj.spec.roleArn, inRegion, 'task-definition', taskDefinition),
  };
}
