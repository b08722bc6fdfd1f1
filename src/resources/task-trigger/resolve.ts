/**
 * Where a trigger's tasks go, resolved from its template: the cluster (by name or through the
 * EcsCluster it references), the Region and the task definition (an ARN, a family, or the exact
 * revision an EcsTaskDefinition publishes). EventBridge and Scheduler take ARNs only, so a name is
 * made an ARN in the account of `spec.roleArn` (the role EventBridge assumes lives in the account
 * that runs the task).
 */
import { resolveTemplatePlacement } from '../task-template/template-placement.js';
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
  const placement = await resolveTemplatePlacement(lookups, obj.metadata.namespace ?? '', obj.spec.template);
  if (typeof placement === 'string') return placement;
  const { cluster, region, taskDefinition } = placement;
  const inRegion = region ?? defaultRegion;
  return {
    cluster,
    clusterArn: arnOf(obj.spec.roleArn, inRegion, 'cluster', cluster),
    region: inRegion,
    taskDefinitionArn: arnOf(obj.spec.roleArn, inRegion, 'task-definition', taskDefinition),
  };
}
