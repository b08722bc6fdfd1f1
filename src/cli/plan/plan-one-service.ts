/**
 * Plans one EcsService for `ecs-bridge plan`: resolves the task definition it would run (planned
 * among the manifests, else the newest revision its EcsTaskDefinition owns in AWS), reads its
 * autoscaling (Application Auto Scaling, the ALB label, step scaling's alarms) when either side has
 * any, and hands all of it to the pure service planner. An AWS error becomes the entry's error.
 */
import { readRevisionFields, ServiceRevisionCache } from '../../resources/service/read-service-revision.js';
import type { Service } from '@aws-sdk/client-ecs';
import { ownerTagValue } from '../../resources/api-group.js';
import type { ObservedAlarm } from '../../resources/autoscaling/alarms.js';
import { scalableResourceId } from '../../resources/autoscaling/desired.js';
import { observeAutoscaling, type ObservedAutoscaling } from '../../resources/autoscaling/observe.js';
import { lookupResourceLabel, type LabelResolution } from '../../resources/autoscaling/target-group-label.js';
import { clusterNamedBy } from '../../resources/service/cluster-ref.js';
import type { ServiceManifest } from '../manifests.js';
import type { ReadOnlyAws } from '../read-only-aws.js';
import { awsErrorEntry } from './error-entry.js';
import { observeFamily } from './observe-family.js';
import { alarmNamesToPlan, alarmsByName } from './plan-alarms.js';
import { albTargetGroupOf } from './plan-autoscaling.js';
import type { PlanEntry } from './plan-model.js';
import { planServiceEntry, type TaskDefinitionResolution } from './plan-service.js';

/** What planning one service needs of the plan's options. */
export interface ServiceReadOptions {
  readonly aws: ReadOnlyAws;
  /** The operator installation whose instance tag marks what is ours. */
  readonly instanceId: string;
  /** The endpoint URL, for error advice. */
  readonly endpoint?: string | undefined;
}

/** The plan entry of service `s` in `region`, `described` as DescribeServices answered (undefined: missing). */
export async function planOneService(
  s: ServiceManifest,
  region: string,
  described: Service | undefined,
  tdEntries: ReadonlyMap<string, PlanEntry>,
  options: ServiceReadOptions,
): Promise<PlanEntry> {
  const namespace = s.obj.metadata.namespace ?? 'default';
  const api = options.aws(region, namespace);
  const serviceName = s.obj.spec.serviceName ?? s.obj.metadata.name;
  const target = `ECS service ${serviceName} in cluster ${s.obj.spec.cluster}`;
  try {
    const taskDefinition = await resolveTaskDefinition(s, namespace, region, tdEntries, options);
    const cluster = described?.clusterArn ?? clusterNamedBy(s.obj.spec);
    const loadBalancers = described?.loadBalancers ?? s.obj.spec.loadBalancers;
    let autoscaling: ObservedAutoscaling | undefined;
    let albLabel: LabelResolution | undefined;
    let alarms: ReadonlyMap<string, ObservedAlarm> | undefined;
    // Application Auto Scaling is read when the spec has autoscaling or the service exists (to find
    // leftovers of ours); a service that does not exist yet has no scalable target.
    if (s.obj.spec.autoscaling !== undefined || described !== undefined) {
      autoscaling = await observeAutoscaling(
        api.autoscaling,
        scalableResourceId(cluster, serviceName),
        {},
        true,
      );
      const tg = albTargetGroupOf({ spec: s.obj.spec.autoscaling, cluster, serviceName, loadBalancers });
      if (tg !== undefined) albLabel = await lookupResourceLabel(api.loadBalancing, tg);
      // Step scaling's alarms, by name, only when either side has a step policy (one DescribeAlarms).
      const names = alarmNamesToPlan(s.obj.spec.autoscaling, autoscaling, { cluster, serviceName });
      if (names.length > 0) alarms = alarmsByName(await api.alarms.describeAlarms(names), names);
    }
    // gatewayConnectors and monitoring are on the current service revision only (ADR 0048): read
    // it when the spec sets one of them, as the operator does.
    const wantsRevision = s.obj.spec.gatewayConnectors !== undefined || s.obj.spec.monitoring !== undefined;
    const revision =
      described !== undefined && wantsRevision
        ? await readRevisionFields(api.ecs, new ServiceRevisionCache(), described, {})
        : undefined;
    return planServiceEntry({
      manifest: s,
      instanceId: options.instanceId,
      region,
      taskDefinition,
      described,
      autoscaling,
      albLabel,
      alarms,
      revision,
    });
  } catch (err) {
    const doing = `planning ECS service ${serviceName}`;
    return awsErrorEntry(s, target, err, {
      doing,
      region,
      cluster: s.obj.spec.cluster,
      endpoint: options.endpoint,
    });
  }
}

async function resolveTaskDefinition(
  s: ServiceManifest,
  namespace: string,
  region: string,
  tdEntries: ReadonlyMap<string, PlanEntry>,
  options: ServiceReadOptions,
): Promise<TaskDefinitionResolution> {
  const ref = s.obj.spec.taskDefinitionRef;
  if (ref === undefined) return { kind: 'resolved', taskDefinition: s.obj.spec.taskDefinition ?? '' };
  return resolveTaskDefinitionRef(ref.name, namespace, region, tdEntries, options);
}

/** The revision an EcsTaskDefinition `namespace/refName` publishes: planned above, else its newest in AWS. */
export async function resolveTaskDefinitionRef(
  refName: string,
  namespace: string,
  region: string,
  tdEntries: ReadonlyMap<string, PlanEntry>,
  options: ServiceReadOptions,
): Promise<TaskDefinitionResolution> {
  const ref = { name: refName };
  const entry = tdEntries.get(`${namespace}/${ref.name}`);
  if (entry !== undefined) {
    if (entry.resolvedRevision === undefined) {
      return {
        kind: 'unresolved',
        message: `EcsTaskDefinition ${namespace}/${ref.name} cannot be planned (${entry.verdict}); the operator would wait for it`,
      };
    }
    return { kind: 'resolved', taskDefinition: entry.resolvedRevision };
  }
  // Not among the manifests: the object may exist in the cluster already. Its revisions carry its
  // owner tag; assume the family is its name (the default) and take the newest revision it owns.
  const observation = await observeFamily(
    options.aws(region, namespace).ecs,
    ref.name,
    ownerTagValue(namespace, ref.name),
    options.instanceId,
    namespace,
    new Set(),
  );
  const newest = observation.observed.owned.filter((r) => r.status === 'ACTIVE').at(-1);
  if (newest === undefined) {
    return {
      kind: 'unresolved',
      message: `taskDefinitionRef ${ref.name}: no EcsTaskDefinition ${namespace}/${ref.name} among the manifests, and no revision of family ${ref.name} registered for it in AWS; add its manifest with -f`,
    };
  }
  return {
    kind: 'resolved',
    taskDefinition: newest.arn,
    note: `EcsTaskDefinition ${namespace}/${ref.name} is not among the manifests: assuming its newest revision in AWS, ${newest.family}:${newest.revision}`,
  };
}
