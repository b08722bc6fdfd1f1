/**
 * Where an EcsTaskRun's tasks go: the cluster, Region and task definition its template names,
 * directly or through Ready EcsCluster and EcsTaskDefinition objects.
 */
import {
  resolveTemplatePlacement,
  type TemplateLookups,
  type TemplatePlacement,
} from '../task-template/template-placement.js';
import type { EcsTaskRun } from './types.js';

/** Where a run's tasks go, resolved from the template. */
export type ResolvedRun = TemplatePlacement;

/** The cluster, Region and task definition of the run's template, or why the run must wait. */
export function resolveRunPlacement(
  lookups: TemplateLookups,
  obj: EcsTaskRun,
): Promise<ResolvedRun | string> {
  return resolveTemplatePlacement(lookups, obj.metadata.namespace ?? '', obj.spec);
}
