/**
 * The plan of one EcsCluster, pure: the cluster kind's own validate → desired → plan functions,
 * applied to what DescribeClusters answered, and turned into a plan entry people can read. The
 * field changes compare the same normalised shapes the operator compares, so ECS's defaults never
 * show as changes.
 */
import type { ClusterAction } from '../../resources/cluster/actions.js';
import { desiredCluster, type DesiredCluster } from '../../resources/cluster/desired.js';
import type { ObservedCapacityProvider } from '../../resources/cluster/capacity-provider-observe.js';
import type { ObservedCluster } from '../../resources/cluster/observe.js';
import { planCluster } from '../../resources/cluster/plan.js';
import { describeClusterProblems, validateClusterSpec } from '../../resources/cluster/validate.js';
import { diffFields } from '../field-diff.js';
import type { ClusterManifest } from '../manifests.js';
import { entryIdentity, type PlanEntry, type PlanOperation } from './plan-model.js';

/** What {@link planClusterEntry} needs. */
export interface PlanClusterInput {
  readonly manifest: ClusterManifest;
  readonly instanceId: string;
  readonly region: string;
  /** The cluster's kind's own observation; undefined when it does not exist (or is INACTIVE). */
  readonly observed: ObservedCluster | undefined;
  /** The declared Auto Scaling group capacity providers ECS has, by name (none declared: undefined). */
  readonly providers?: ReadonlyMap<string, ObservedCapacityProvider> | undefined;
}

/** The members of a cluster the spec manages, in comparable form. */
function managedView(
  d: Pick<DesiredCluster, 'settings' | 'configuration' | 'serviceConnectNamespace' | 'capacity'>,
  only?: DesiredCluster,
): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  const want = only ?? d;
  if (want.settings.size > 0) {
    view.settings = Object.fromEntries([...want.settings.keys()].map((k) => [k, d.settings.get(k)]));
  }
  if (want.configuration !== undefined) view.configuration = d.configuration;
  if (want.serviceConnectNamespace !== undefined) {
    view.serviceConnectDefaults = { namespace: d.serviceConnectNamespace };
  }
  if (want.capacity !== undefined) {
    view.capacityProviders = d.capacity?.providers;
    view.defaultCapacityProviderStrategy = d.capacity?.strategy;
  }
  return view;
}

function operationOf(
  action: ClusterAction,
  desired: DesiredCluster,
  observed: ObservedCluster | undefined,
): PlanOperation {
  const before = observed === undefined ? {} : managedView(observed, desired);
  const after = managedView(desired);
  switch (action.type) {
    case 'create':
      return {
        call: 'CreateCluster',
        symbol: '+',
        title: `create ${desired.clusterName}`,
        changes: diffFields({}, after),
      };
    case 'update':
      return {
        call: 'UpdateCluster',
        symbol: '~',
        title: `update ${action.fields.join(', ')}`,
        changes: diffFields(before, after).filter((c) =>
          action.fields.some((f) => c.path === f || c.path.startsWith(`${f}.`) || c.path.startsWith(`${f}[`)),
        ),
      };
    case 'putCapacityProviders':
      return {
        call: 'PutClusterCapacityProviders',
        symbol: '~',
        title: 'capacity providers and default strategy',
        changes: diffFields(before, after).filter(
          (c) =>
            c.path.startsWith('capacityProviders') || c.path.startsWith('defaultCapacityProviderStrategy'),
        ),
      };
    case 'tag':
      return {
        call: 'TagResource',
        symbol: '~',
        title: `tag ${desired.clusterName}`,
        changes: action.tags.map((t) => ({
          path: `tags.${t.key ?? ''}`,
          ...(observed?.tags.has(t.key ?? '') === true ? { before: observed.tags.get(t.key ?? '') } : {}),
          after: t.value ?? '',
        })),
      };
    case 'untag':
      return {
        call: 'UntagResource',
        symbol: '~',
        title: `untag ${desired.clusterName}`,
        changes: action.tagKeys.map((k) => ({
          path: `tags.${k}`,
          ...(observed?.tags.has(k) === true ? { before: observed.tags.get(k) } : {}),
        })),
      };
    case 'delete':
      return { call: 'DeleteCluster', symbol: '-', title: `delete ${action.cluster}`, changes: [] };
    case 'createCapacityProvider':
      return {
        call: 'CreateCapacityProvider',
        symbol: '+',
        title: `create capacity provider ${action.input.name ?? ''}`,
        changes: [],
      };
    case 'updateCapacityProvider':
      return {
        call: 'UpdateCapacityProvider',
        symbol: '~',
        title: `update capacity provider ${action.input.name ?? ''}: ${action.fields.join(', ')}`,
        changes: [],
      };
    case 'tagCapacityProvider':
      return {
        call: 'TagResource',
        symbol: '~',
        title: `tag capacity provider ${action.name}`,
        changes: action.tags.map((t) => ({ path: `tags.${t.key ?? ''}`, after: t.value ?? '' })),
      };
    case 'deleteCapacityProvider':
      return {
        call: 'DeleteCapacityProvider',
        symbol: '-',
        title: `delete capacity provider ${action.name}`,
        changes: [],
      };
  }
}

/** Plans one EcsCluster against what ECS has. Pure. */
export function planClusterEntry(input: PlanClusterInput): PlanEntry {
  const { manifest, instanceId, region, observed } = input;
  const obj = manifest.obj;
  const clusterName = obj.spec.clusterName ?? obj.metadata.name;
  const base = {
    ...entryIdentity('EcsCluster', manifest, region),
    target: `ECS cluster ${clusterName}`,
    notes: [] as string[],
  };
  const problems = validateClusterSpec(obj.spec);
  if (problems.length > 0) {
    return { ...base, verdict: 'invalid', summary: describeClusterProblems(problems), operations: [] };
  }
  const desired = desiredCluster(obj, instanceId);
  const plan = planCluster(desired, observed, input.providers);
  if (plan.refusal !== undefined) {
    return { ...base, verdict: 'conflict', summary: plan.refusal.message, operations: [] };
  }
  const operations = plan.actions.map((a) => operationOf(a, desired, observed));
  if (observed === undefined) {
    return { ...base, verdict: 'create', summary: `create ECS cluster ${clusterName}`, operations };
  }
  if (operations.length > 0) {
    return {
      ...base,
      verdict: 'update',
      summary: `${operations.length} change(s) to ECS cluster ${clusterName}${plan.adopting ? ' (adopting it: our ownership tags go with the first write)' : ''}`,
      operations,
    };
  }
  return plan.adopting
    ? {
        ...base,
        verdict: 'adopt',
        summary: `adopt ECS cluster ${clusterName} as it is: made outside ecs-bridge and matching the spec; nothing is written`,
        operations,
      }
    : { ...base, verdict: 'nothing', summary: `ECS cluster ${clusterName} matches the spec`, operations };
}
