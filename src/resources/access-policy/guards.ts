/**
 * The access policy as write guards of our three kinds (write-guard.ts): each turns its object and
 * plan into the asks rules.ts judges, against the snapshot of policies and namespace labels the
 * composition root keeps from its informers. Pure: the snapshot is read from memory, never from
 * the API server or AWS during the check.
 */
import { clusterNameOf as clusterObjectName } from '../cluster/desired.js';
import type { ClusterAction } from '../cluster/actions.js';
import type { EcsCluster } from '../cluster/types.js';
import type { ServiceAction } from '../service/actions.js';
import type { EcsService } from '../service/types.js';
import type { TaskDefinitionAction } from '../task-definition/actions.js';
import type { ObservedTaskDefinition } from '../task-definition/observe.js';
import type { EcsTaskDefinition } from '../task-definition/types.js';
import type { WriteGuard, WriteGuardInput } from '../write-guard.js';
import { infrastructureRoleAsks } from './infrastructure-roles.js';
import { ACCESS_GUARD, judgeAccess, type AccessAsk, type AccessSnapshot } from './rules.js';

/** Where the guards read the current snapshot from. */
export type AccessSnapshotSource = () => AccessSnapshot;

/** Marks revisions of a family that carry no owner tag. */
export const OUTSIDE_ECS_BRIDGE = 'revisions registered outside ecs-bridge';

function regionAsk(region: string): AccessAsk {
  return { rule: 'regions', field: 'spec.region', value: region };
}

/** The asks of an EcsTaskDefinition's plan. Exported for tests. */
export function taskDefinitionAsks(
  obj: EcsTaskDefinition,
  actions: readonly TaskDefinitionAction[],
  region: string,
  observed: ObservedTaskDefinition | undefined,
): AccessAsk[] {
  const spec = obj.spec;
  const namespace = obj.metadata.namespace ?? '';
  const asks: AccessAsk[] = [regionAsk(region)];
  if (spec.taskRoleArn !== undefined) {
    asks.push({ rule: 'taskRoleArns', field: 'spec.taskRoleArn', value: spec.taskRoleArn });
  }
  if (spec.executionRoleArn !== undefined) {
    asks.push({ rule: 'executionRoleArns', field: 'spec.executionRoleArn', value: spec.executionRoleArn });
  }
  if (spec.adopt === true)
    asks.push({ rule: 'adoption', field: 'spec.adopt', value: 'true', cluster: undefined });
  for (const action of actions) {
    if (action.type !== 'register') continue;
    const family = action.input.family ?? spec.family ?? obj.metadata.name;
    // An owner tag is `<namespace>/<name>` (its hashed form keeps the namespace prefix).
    const others = (observed?.foreignOwners ?? [])
      .map((owner) => owner.slice(0, Math.max(0, owner.indexOf('/'))))
      .filter((ns) => ns !== namespace);
    const otherOwners = [...new Set(others)].sort().map((ns) => `namespace ${ns}`);
    // Registering over revisions someone made by hand squats their family, unless this object adopts them.
    if (spec.adopt !== true && (observed?.adoptable?.length ?? 0) > 0) otherOwners.push(OUTSIDE_ECS_BRIDGE);
    asks.push({ rule: 'taskDefinitionFamilies', field: 'spec.family', value: family, otherOwners });
    break;
  }
  return asks;
}

/**
 * What a kind that runs tasks (EcsService, EcsTaskRun) asks: the cluster its writes go to (`cluster`,
 * a clusterRef resolved), named by the field the user wrote, and a task definition named directly
 * rather than by reference (`foreignTaskDefinitions`).
 */
export function clusterAndTaskDefinitionAsks(
  spec: { readonly cluster?: string | undefined; readonly taskDefinition?: string | undefined },
  cluster: string | undefined,
): AccessAsk[] {
  const asks: AccessAsk[] = [];
  if (cluster !== undefined && cluster !== '') {
    asks.push({
      rule: 'clusters',
      field: spec.cluster === undefined ? 'spec.clusterRef' : 'spec.cluster',
      value: cluster,
    });
  }
  if (spec.taskDefinition !== undefined) {
    asks.push({ rule: 'foreignTaskDefinitions', field: 'spec.taskDefinition', value: spec.taskDefinition });
  }
  return asks;
}

/** The asks of an EcsService's plan. Exported for tests. */
export function serviceAsks(obj: EcsService, actions: readonly ServiceAction[], region: string): AccessAsk[] {
  const spec = obj.spec;
  const asks: AccessAsk[] = [regionAsk(region)];
  // The cluster as the plan sends it (a clusterRef resolved); else as the spec names it.
  let cluster = spec.cluster;
  for (const action of actions) {
    if ((action.type === 'createService' || action.type === 'updateService') && action.input.cluster) {
      cluster = action.input.cluster;
      break;
    }
  }
  asks.push(...clusterAndTaskDefinitionAsks(spec, cluster), ...infrastructureRoleAsks(spec));
  if (spec.adopt === true)
    asks.push({ rule: 'adoption', field: 'spec.adopt', value: 'true', cluster: cluster ?? 'default' });
  asks.push(...autoscalingAdoptionAsks(spec.autoscaling, cluster ?? 'default'));
  return asks;
}

/**
 * Each `spec.autoscaling` entry that adopts a policy or scheduled action ecs-bridge did not create
 * (ADR 0041) is an adoption on the service's cluster, judged like `spec.adopt`.
 */
function autoscalingAdoptionAsks(
  autoscaling: EcsService['spec']['autoscaling'],
  cluster: string,
): AccessAsk[] {
  if (autoscaling === undefined) return [];
  const entries = [
    ...(['cpu', 'memory', 'albRequestCountPerTarget'] as const).map(
      (s) => [`spec.autoscaling.${s}`, autoscaling[s]] as const,
    ),
    ...(autoscaling.customMetrics ?? []).map((p, i) => [`spec.autoscaling.customMetrics[${i}]`, p] as const),
    ['spec.autoscaling.predictive', autoscaling.predictive] as const,
    ...(autoscaling.stepScaling ?? []).map((p, i) => [`spec.autoscaling.stepScaling[${i}]`, p] as const),
    ...(autoscaling.scheduledActions ?? []).map(
      (a, i) => [`spec.autoscaling.scheduledActions[${i}]`, a] as const,
    ),
  ];
  return entries.flatMap(([path, p]) =>
    p?.adopt === true ? [{ rule: 'adoption' as const, field: `${path}.adopt`, value: 'true', cluster }] : [],
  );
}

/** The asks of an EcsCluster's plan. Exported for tests. */
export function clusterAsks(obj: EcsCluster, region: string): AccessAsk[] {
  const name = clusterObjectName(obj);
  const field = obj.spec.clusterName === undefined ? 'metadata.name' : 'spec.clusterName';
  const asks: AccessAsk[] = [regionAsk(region), { rule: 'clusters', field, value: name }];
  if (obj.spec.adopt === true)
    asks.push({ rule: 'adoption', field: 'spec.adopt', value: 'true', cluster: name });
  return asks;
}

/**
 * The one access guard factory: `kind`'s guard judges the asks `asks` makes of the object and its
 * plan, in the Region the writes go to (`defaultRegion` where the spec names none).
 */
export function accessGuard<Obj extends { metadata: { namespace?: string } }, Action, Observed = never>(
  kind: string,
  asks: (input: WriteGuardInput<Obj, Action, Observed>, region: string) => AccessAsk[],
): (snapshot: AccessSnapshotSource, defaultRegion: string) => WriteGuard<Obj, Action, Observed> {
  return (snapshot, defaultRegion) => ({
    name: ACCESS_GUARD,
    check: (input) =>
      judgeAccess(
        snapshot(),
        kind,
        input.obj.metadata.namespace ?? '',
        asks(input, input.region ?? defaultRegion),
      ),
  });
}

/** The EcsTaskDefinition guard. `defaultRegion`: where a spec without a Region goes. */
export const taskDefinitionAccessGuard = accessGuard<
  EcsTaskDefinition,
  TaskDefinitionAction,
  ObservedTaskDefinition
>('EcsTaskDefinition', ({ obj, actions, observed }, region) =>
  taskDefinitionAsks(obj, actions, region, observed),
);

/** The EcsService guard. */
export const serviceAccessGuard = accessGuard<EcsService, ServiceAction>(
  'EcsService',
  ({ obj, actions }, region) => serviceAsks(obj, actions, region),
);

/** The EcsCluster guard. */
export const clusterAccessGuard = accessGuard<EcsCluster, ClusterAction>('EcsCluster', ({ obj }, region) =>
  clusterAsks(obj, region),
);
