/**
 * The access policy as the EcsTaskTrigger write guard: a trigger may put a rule or schedule that
 * starts tasks only in a Region and cluster the namespace's policies allow, with a role for
 * EventBridge or Scheduler that `triggerRoleArns` allows (ecs-bridge passes that role: iam:PassRole),
 * and a task definition not managed by ecs-bridge only when `foreignTaskDefinitions` allows it, as
 * for EcsTaskRun; one that adopts (`spec.adopt`) only where `adoption` allows it. Deletion is not guarded.
 */
import type { TriggerWrite } from '../task-trigger/actions.js';
import type { EcsTaskTrigger } from '../task-trigger/types.js';
import type { WriteGuard } from '../write-guard.js';
import type { AccessSnapshotSource } from './guards.js';
import { infrastructureRoleAsks } from './infrastructure-roles.js';
import { ACCESS_GUARD, judgeAccess, type AccessAsk } from './rules.js';

/** The asks of an EcsTaskTrigger's plan. Exported for tests. */
export function taskTriggerAsks(
  obj: EcsTaskTrigger,
  actions: readonly TriggerWrite[],
  region: string,
): AccessAsk[] {
  const template = obj.spec.template;
  const asks: AccessAsk[] = [{ rule: 'regions', field: 'spec.template.region', value: region }];
  const put = actions.find((a) => a.type === 'putTargets');
  const target = put?.type === 'putTargets' ? put.targets[0]?.Arn : undefined;
  const schedule = actions.find((a) => a.type === 'createSchedule' || a.type === 'updateSchedule');
  const scheduled =
    schedule?.type === 'createSchedule' || schedule?.type === 'updateSchedule'
      ? schedule.schedule.Target?.Arn
      : undefined;
  const cluster = target ?? scheduled ?? template.cluster;
  if (cluster !== undefined && cluster !== '') {
    asks.push({
      rule: 'clusters',
      field: template.cluster === undefined ? 'spec.template.clusterRef' : 'spec.template.cluster',
      value: cluster,
    });
  }
  asks.push({ rule: 'triggerRoleArns', field: 'spec.roleArn', value: obj.spec.roleArn });
  // Taking over a rule or schedule made outside ecs-bridge is adoption, as for services and clusters.
  if (obj.spec.adopt === true)
    asks.push({ rule: 'adoption', field: 'spec.adopt', value: 'true', cluster: cluster ?? 'default' });
  asks.push(...infrastructureRoleAsks(obj.spec, ['roleArn']));
  if (template.taskDefinition !== undefined) {
    asks.push({
      rule: 'foreignTaskDefinitions',
      field: 'spec.template.taskDefinition',
      value: template.taskDefinition,
    });
  }
  return asks;
}

/** The EcsTaskTrigger guard. `defaultRegion`: where a spec without a Region goes. */
export function taskTriggerAccessGuard(
  snapshot: AccessSnapshotSource,
  defaultRegion: string,
): WriteGuard<EcsTaskTrigger, TriggerWrite> {
  return {
    name: ACCESS_GUARD,
    check: ({ obj, actions, region }) =>
      judgeAccess(
        snapshot(),
        'EcsTaskTrigger',
        obj.metadata.namespace ?? '',
        taskTriggerAsks(obj, actions, region ?? defaultRegion),
      ),
  };
}
