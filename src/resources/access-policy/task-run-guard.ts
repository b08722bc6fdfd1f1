/**
 * The access policy as the EcsTaskRun write guard: a run may start tasks only in a Region and
 * cluster the namespace's policies allow, and a task definition not managed by ecs-bridge only when
 * `foreignTaskDefinitions` allows it, as for EcsService. StopTask of the run's own tasks is not
 * guarded (as deletion is not).
 */
import type { TaskRunAction } from '../task-run/actions.js';
import type { EcsTaskRun } from '../task-run/types.js';
import { accessGuard, clusterAndTaskDefinitionAsks } from './guards.js';
import { infrastructureRoleAsks } from './infrastructure-roles.js';
import type { AccessAsk } from './rules.js';

/** The asks of an EcsTaskRun's plan. Exported for tests. */
export function taskRunAsks(obj: EcsTaskRun, actions: readonly TaskRunAction[], region: string): AccessAsk[] {
  const spec = obj.spec;
  const asks: AccessAsk[] = [{ rule: 'regions', field: 'spec.region', value: region }];
  const run = actions.find((a) => a.type === 'runTask');
  const cluster = run?.type === 'runTask' ? run.input.cluster : spec.cluster;
  asks.push(...clusterAndTaskDefinitionAsks(spec, cluster), ...infrastructureRoleAsks(spec));
  return asks;
}

/** The EcsTaskRun guard. `defaultRegion`: where a spec without a Region goes. */
export const taskRunAccessGuard = accessGuard<EcsTaskRun, TaskRunAction>(
  'EcsTaskRun',
  ({ obj, actions }, region) => taskRunAsks(obj, actions, region),
);
