/**
 * What `ecs-bridge status` shows, derived purely from our objects' status (and the Kubernetes Events
 * the operator relays from ECS): one row per object, and per service its deployments with rollout
 * progress and its latest ECS events.
 */
import { clusterNamedBy } from '../../resources/service/cluster-ref.js';
import { findCondition } from '../../k8s/conditions.js';
import { ORPHANED_RESOURCE_REASON } from '../../resources/orphans/find-orphans.js';
import type { EcsCluster } from '../../resources/cluster/types.js';
import type {
  DeploymentSummary,
  EcsService,
  ServiceDeploymentSummary,
} from '../../resources/service/types.js';
import type { EcsTaskDefinition } from '../../resources/task-definition/types.js';
import { compareStrings } from '../../shared/compare-strings.js';

/** The fields of a core/v1 Event that status reads. */
export interface EventLike {
  readonly involvedObject?: { readonly kind?: string; readonly name?: string; readonly namespace?: string };
  readonly reason?: string;
  readonly message?: string;
  readonly type?: string;
  /** A Date from client-node's typings, a string on the wire. */
  readonly lastTimestamp?: Date | string;
  readonly firstTimestamp?: Date | string;
  readonly eventTime?: Date | string;
  readonly count?: number;
}

/** Which object a row shows: its namespace (`default` when the object names none) and name. */
export interface RowIdentity {
  readonly namespace: string;
  readonly name: string;
}

/** The {@link RowIdentity} of one of our objects. */
export function rowIdentity(obj: {
  readonly metadata: { readonly namespace?: string | undefined; readonly name: string };
}): RowIdentity {
  return { namespace: obj.metadata.namespace ?? 'default', name: obj.metadata.name };
}

/** One ECS event as shown. */
export interface ShownEvent {
  readonly at: Date | undefined;
  readonly type: string;
  readonly message: string;
}

/** One deployment of a service, with its rollout progress. */
export interface DeploymentView {
  readonly id: string;
  readonly status: string;
  readonly taskDefinition: string;
  readonly running: number;
  readonly desired: number;
  readonly pending: number;
  readonly failed: number;
  readonly rolloutState: string;
  readonly reason?: string | undefined;
}

/** One EcsService as shown. */
export interface ServiceView extends RowIdentity {
  readonly cluster: string;
  readonly serviceName: string;
  /** `True`, `False`, `Unknown`, or `-` before the first status. */
  readonly ready: string;
  readonly reason: string;
  readonly message: string;
  /** False while the operator has not seen the latest spec. */
  readonly observed: boolean;
  readonly running: number | undefined;
  readonly desired: number | undefined;
  readonly pending: number | undefined;
  readonly rollout: string;
  readonly autoscaling:
    { readonly min: number; readonly max: number; readonly desired?: number | undefined } | undefined;
  readonly taskDefinition: string;
  readonly createdAt: Date | undefined;
  readonly deployments: readonly DeploymentView[];
  /** A BLUE_GREEN, LINEAR or CANARY rollout in progress: `status.serviceDeployment`. */
  readonly serviceDeployment?: ServiceDeploymentSummary | undefined;
  readonly events: readonly ShownEvent[];
}

/** One EcsCluster as shown. */
export interface ClusterView extends RowIdentity {
  /** The ECS cluster name: what ECS reported, else what the spec names. */
  readonly clusterName: string;
  readonly region: string;
  /** ECS's status of the cluster (ACTIVE, PROVISIONING, ...), `-` before the first report. */
  readonly status: string;
  readonly ready: string;
  readonly reason: string;
  readonly message: string;
  readonly observed: boolean;
  /** The EcsServices ecs-bridge runs in it, as the operator last reported. */
  readonly services: number | undefined;
  readonly runningTasks: number | undefined;
  readonly pendingTasks: number | undefined;
  readonly capacityProviders: readonly string[];
  readonly createdAt: Date | undefined;
}

/** One EcsTaskDefinition as shown. */
export interface TaskDefinitionView extends RowIdentity {
  readonly family: string;
  readonly revision: string;
  readonly ready: string;
  readonly reason: string;
  readonly message: string;
  readonly observed: boolean;
  readonly createdAt: Date | undefined;
}

function toDate(v: Date | string | undefined): Date | undefined {
  if (v === undefined) return undefined;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** `family:revision` of a task definition ARN (or the input when it is not one). */
export function shortTaskDefinition(arn: string | undefined): string {
  if (arn === undefined || arn === '') return '-';
  const at = arn.indexOf(':task-definition/');
  return at < 0 ? arn : arn.slice(at + ':task-definition/'.length);
}

function deploymentView(d: DeploymentSummary): DeploymentView {
  return {
    id: d.id,
    status: d.status,
    taskDefinition: shortTaskDefinition(d.taskDefinition),
    running: d.runningCount,
    desired: d.desiredCount,
    pending: d.pendingCount,
    failed: d.failedTasks,
    rolloutState: d.rolloutState ?? '-',
    reason: d.rolloutStateReason,
  };
}

/** The newest `max` ECS events relayed for one service, newest first. */
export function latestEcsEvents(
  events: readonly EventLike[],
  namespace: string,
  name: string,
  max = 3,
): ShownEvent[] {
  return events
    .filter(
      (e) =>
        e.reason === 'EcsServiceEvent' &&
        e.involvedObject?.kind === 'EcsService' &&
        e.involvedObject.name === name &&
        (e.involvedObject.namespace ?? namespace) === namespace,
    )
    .map((e) => ({
      at: toDate(e.lastTimestamp) ?? toDate(e.eventTime) ?? toDate(e.firstTimestamp),
      type: e.type ?? 'Normal',
      message: e.message ?? '',
    }))
    .sort((a, b) => (b.at?.getTime() ?? 0) - (a.at?.getTime() ?? 0))
    .slice(0, max);
}

/**
 * What every view shows of an object's conditions: Ready's status, the reason and message of Stalled
 * when it is True (what blocks), else of Ready's; and whether status speaks for the latest spec.
 */
function conditionsView(obj: {
  readonly metadata: { readonly generation?: number };
  readonly status?: {
    readonly conditions?: Parameters<typeof findCondition>[0];
    readonly observedGeneration?: number;
  };
}): { ready: string; reason: string; message: string; observed: boolean } {
  const s = obj.status;
  const ready = findCondition(s?.conditions, 'Ready');
  const stalled = findCondition(s?.conditions, 'Stalled');
  const shown = stalled?.status === 'True' ? stalled : ready;
  return {
    ready: ready?.status ?? '-',
    reason: shown?.reason ?? '-',
    message: shown?.message ?? '',
    observed: s?.observedGeneration === obj.metadata.generation,
  };
}

/** The view of one EcsService. */
export function serviceView(obj: EcsService, events: readonly EventLike[]): ServiceView {
  const s = obj.status;
  const id = rowIdentity(obj);
  const a = s?.autoscaling;
  return {
    ...id,
    cluster: clusterNamedBy(obj.spec),
    serviceName: obj.spec.serviceName ?? obj.metadata.name,
    ...conditionsView(obj),
    running: s?.runningCount,
    desired: s?.desiredCount,
    pending: s?.pendingCount,
    rollout: s?.rollout?.state ?? s?.rolloutState ?? '-',
    autoscaling:
      a === undefined ? undefined : { min: a.minCapacity, max: a.maxCapacity, desired: a.desiredCount },
    taskDefinition: shortTaskDefinition(s?.taskDefinitionArn),
    createdAt: toDate(obj.metadata.creationTimestamp),
    deployments: (s?.deployments ?? []).map(deploymentView),
    ...(s?.serviceDeployment === undefined ? {} : { serviceDeployment: s.serviceDeployment }),
    events: latestEcsEvents(events, id.namespace, id.name),
  };
}

/** The view of one EcsTaskDefinition. */
export function taskDefinitionView(obj: EcsTaskDefinition): TaskDefinitionView {
  const s = obj.status;
  return {
    ...rowIdentity(obj),
    family: s?.family ?? obj.spec.family ?? obj.metadata.name,
    revision: s?.revision === undefined ? '-' : String(s.revision),
    ...conditionsView(obj),
    createdAt: toDate(obj.metadata.creationTimestamp),
  };
}

/** The view of one EcsCluster: its status as the operator last wrote it. */
export function clusterView(obj: EcsCluster): ClusterView {
  const s = obj.status;
  return {
    ...rowIdentity(obj),
    clusterName: s?.clusterName ?? obj.spec.clusterName ?? obj.metadata.name,
    region: obj.spec.region ?? '-',
    status: s?.status ?? '-',
    ...conditionsView(obj),
    services: s?.services?.length,
    runningTasks: s?.runningTasksCount,
    pendingTasks: s?.pendingTasksCount,
    capacityProviders: s?.capacityProviders ?? [],
    createdAt: toDate(obj.metadata.creationTimestamp),
  };
}

/** kubectl's age: `45s`, `12m`, `3h`, `2d`. */
export function age(from: Date | undefined, now: Date): string {
  if (from === undefined) return '-';
  const s = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172_800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** A ten-cell bar of running/desired: `[#####.....]`. */
export function progressBar(running: number, desired: number): string {
  const cells = 10;
  const filled = desired <= 0 ? cells : Math.min(cells, Math.round((running / desired) * cells));
  return `[${'#'.repeat(filled)}${'.'.repeat(cells - filled)}]`;
}

/** One orphan the operator's scan reported: on the name of the object that owned it. */
export interface OrphanView {
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  readonly message: string;
  readonly lastSeen?: string;
  readonly count: number;
}

/**
 * The orphans the operator reported (Events with reason `OrphanedResource`, one per gone object and
 * resource), newest first. The Events carry the whole finding in their message.
 */
export function orphanViews(events: readonly EventLike[]): OrphanView[] {
  const when = (e: EventLike): string | undefined => {
    const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp;
    return t === undefined ? undefined : new Date(t).toISOString();
  };
  return events
    .filter((e) => e.reason === ORPHANED_RESOURCE_REASON)
    .map((e) => {
      const lastSeen = when(e);
      return {
        namespace: e.involvedObject?.namespace ?? '',
        kind: e.involvedObject?.kind ?? '',
        name: e.involvedObject?.name ?? '',
        message: e.message ?? '',
        ...(lastSeen === undefined ? {} : { lastSeen }),
        count: e.count ?? 1,
      };
    })
    .sort((a, b) => compareStrings(b.lastSeen ?? '', a.lastSeen ?? ''));
}
