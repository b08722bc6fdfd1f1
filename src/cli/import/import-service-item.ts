/**
 * What `ecs-bridge import` makes of one ECS service: whether it may be imported, and the
 * EcsTaskDefinition (once per family) and EcsService manifests that adopt it, read through the
 * read-only AWS views.
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { OurManifest } from '../manifests.js';
import { alarmsByName } from '../plan/plan-alarms.js';
import type { ReadOnlyRegion } from '../read-only-aws.js';
import { TAG_KEYS } from '../../resources/api-group.js';
import { scalableResourceId } from '../../resources/autoscaling/desired.js';
import { observeAutoscaling } from '../../resources/autoscaling/observe.js';
import { readRevisionFields, ServiceRevisionCache } from '../../resources/service/read-service-revision.js';
import { validateServiceSpec } from '../../resources/service/validate.js';
import type { Imported } from './import-output.js';
import { stepAlarmNamesToRead } from './import-policies.js';
import { importService, objectName } from './import-service.js';
import { importTaskDefinition } from './import-task-definition.js';
import type { ImportedDocument } from './import-yaml.js';

/** The services `names` of `cluster` by name (DescribeServices, ten names a call); missing ones absent. */
export async function describeAll(
  api: ReadOnlyRegion,
  cluster: string,
  names: readonly string[],
): Promise<Map<string, Service>> {
  const found = new Map<string, Service>();
  for (let i = 0; i < names.length; i += 10) {
    const batch = names.slice(i, i + 10);
    const { services } = await api.ecs.describeServices(cluster, batch);
    for (const s of services) if (s.serviceName !== undefined) found.set(s.serviceName, s);
  }
  return found;
}

/** Why a service cannot be imported, or undefined. */
export function importProblem(
  name: string,
  cluster: string,
  service: Service | undefined,
): string | undefined {
  if (service === undefined) return `${name}: no such service in cluster ${cluster}`;
  if (service.status !== undefined && service.status !== 'ACTIVE')
    return `${name}: the service is ${service.status}; only ACTIVE services are imported`;
  const owner = service.tags?.find((t) => t.key === TAG_KEYS.owner)?.value;
  if (owner !== undefined) {
    const instance = service.tags?.find((t) => t.key === TAG_KEYS.instance)?.value ?? 'unknown';
    return `${name}: already managed by ecs-bridge (object ${owner}, operator instance ${instance}); not imported`;
  }
  return undefined;
}

/** What {@link importServiceItem} needs besides the service. */
export interface ServiceItemInput {
  readonly api: ReadOnlyRegion;
  readonly service: Service;
  readonly clusterName: string;
  readonly region: string;
  readonly namespace: string;
  /** The imported EcsCluster's name, which the service refers to; undefined: `spec.cluster`. */
  readonly clusterRef: string | undefined;
  readonly manage: boolean;
  /** Family → the revision ARN already imported as an EcsTaskDefinition. */
  readonly families: Map<string, string>;
}

/**
 * The manifests adopting one service: its task definition (when managed and not imported yet for
 * its family), then the EcsService with its autoscaling and step alarms as AWS has them.
 */
export async function importServiceItem(input: ServiceItemInput): Promise<Imported> {
  const { api, service, clusterName, region, namespace } = input;
  const serviceName = service.serviceName ?? '';
  // With the scheduled actions: import expresses ours and notes anyone else's.
  const autoscaling = await observeAutoscaling(
    api.autoscaling,
    scalableResourceId(clusterName, serviceName),
    {},
    true,
  );
  // The alarms of our step policies (one DescribeAlarms, only when there is a step policy).
  const alarmNames = stepAlarmNamesToRead(autoscaling, { cluster: clusterName, serviceName });
  const alarms = alarmsByName(
    alarmNames.length === 0 ? [] : await api.alarms.describeAlarms(alarmNames),
    alarmNames,
  );
  const documents: ImportedDocument[] = [];
  const objects: OurManifest[] = [];
  let taskDefinitionRef: string | undefined;
  const arn = service.taskDefinition ?? '';
  if (input.manage) {
    const { taskDefinition, tags } = await api.ecs.describeTaskDefinition(arn);
    const family = taskDefinition.family ?? '';
    const already = input.families.get(family);
    if (already === undefined || already === arn) {
      taskDefinitionRef = objectName(family);
      if (already === undefined) {
        input.families.set(family, arn);
        const td = importTaskDefinition({ taskDefinition, tags, region, namespace });
        documents.push({ manifest: td.manifest, source: arn, notes: td.notes });
        objects.push({
          kind: 'EcsTaskDefinition',
          obj: td.manifest,
          source: `${objectName(serviceName)}.yaml`,
        });
      }
    }
  }
  // gatewayConnectors and monitoring are on the current service revision only (ADR 0048).
  const revision = await readRevisionFields(api.ecs, new ServiceRevisionCache(), service, {});
  const asImported = importService({
    service,
    revision,
    clusterName,
    region,
    namespace,
    autoscaling,
    alarms,
    taskDefinitionRef,
  });
  const imported = input.clusterRef === undefined ? asImported : referToCluster(asImported, input.clusterRef);
  const invalid = validateServiceSpec(imported.manifest.spec);
  const notes =
    invalid === undefined
      ? imported.notes
      : [
          ...imported.notes,
          { field: 'spec', kind: 'unexpressed' as const, message: `the manifest breaks a rule: ${invalid}` },
        ];
  documents.push({ manifest: imported.manifest, source: service.serviceArn ?? serviceName, notes });
  objects.push({
    kind: 'EcsService',
    obj: imported.manifest,
    source: `${imported.manifest.metadata.name}.yaml`,
  });
  return { name: imported.manifest.metadata.name, documents, objects };
}

/**
 * The service naming the imported EcsCluster with `clusterRef` instead of `spec.cluster`, and without
 * `spec.region`: the service runs in its EcsCluster's Region (the API server refuses both together).
 */
function referToCluster<T extends ReturnType<typeof importService>>(imported: T, name: string): T {
  const { cluster: _named, region: _inItsCluster, ...spec } = imported.manifest.spec;
  return { ...imported, manifest: { ...imported.manifest, spec: { ...spec, clusterRef: { name } } } };
}
