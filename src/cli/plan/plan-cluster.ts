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
import { diffFields, type FieldChange } from '../field-diff.js';
import type { ClusterManifest } from '../manifests.js';
import { entryIdentity, operation, type PlanEntry, type PlanOperation } from './plan-model.js';

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

/** The change to tag `key`: its value on the cluster, if any, and the value it gets (none for an untag). */
function tagChange(observed: ObservedCluster | undefined, key: string, after?: string): FieldChange {
  return {
    path: `tags.${key}`,
    ...(observed?.tags.has(key) === true ? { before: observed.tags.get(key) } : {}),
    ...(after === undefined ? {} : { after }),
  };
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
      return operation('+', 'CreateCluster', `create ${desired.clusterName}`, diffFields({}, after));
    case 'update':
      return operation(
        '~',
        'UpdateCluster',
        `update ${action.fields.join(', ')}`,
        diffFields(before, after).filter((c) =>
          action.fields.some((f) => c.path === f || c.path.startsWith(`${f}.`) || c.path.startsWith(`${f}[`)),
        ),
      );
    case 'putCapacityProviders':
      return operation(
        '~',
        'PutClusterCapacityProviders',
        'capacity providers and default strategy',
        diffFields(before, after).filter(
          (c) =>
            c.path.startsWith('capacityProviders') || c.path.startsWith('defaultCapacityProviderStrategy'),
        ),
      );
    case 'tag':
      return operation(
        '~',
        'TagResource',
        `tag ${desired.clusterName}`,
        action.tags.map((t) => tagChange(observed, t.key ?? '', t.value ?? '')),
      );
    case 'untag':
      return operation(
        '~',
        'UntagResource',
        `untag ${desired.clusterName}`,
        action.tagKeys.map((k) => tagChange(observed, k)),
      );
    case 'delete':
      return operation('-', 'DeleteCluster', `delete ${action.cluster}`);
    case 'createCapacityProvider':
      return operation('+', 'CreateCapacityProvider', `create capacity provider ${action.input.name ?? ''}`);
    case 'updateCapacityProvider':
      return operation(
        '~',
        'UpdateCapacityProvider',
        `update capacity provider ${action.input.name ?? ''}: ${action.fields.join(', ')}`,
      );
    case 'tagCapacityProvider':
      return operation(
        '~',
        'TagResource',
        `tag capacity provider ${action.name}`,
        action.tags.map((t) => ({ path: `tags.${t.key ?? ''}`, after: t.value ?? '' })),
      );
    case 'deleteCapacityProvider':
      return operation('-', 'DeleteCapacityProvider', `delete capacity provider ${action.name}`);
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
