/**
 * An EcsService manifest from a described ECS service, pure, written so that applying it makes the
 * operator write nothing but its ownership tags: `adopt: true`, every field the planner compares set
 * to exactly what ECS reports, the task definition named by ARN (see docs/cli.md, "The import
 * contract"), desiredCount left to autoscaling when a scalable target exists, and
 * `deletionPolicy: Retain` so that deleting the object never deletes a service someone imported.
 * Whatever the spec cannot say is noted per field; ECS keeps it as it is.
 */
import type { GatewayConnector, Service } from '@aws-sdk/client-ecs';
import { importAutoscaling } from './import-autoscaling.js';
import { deploymentConfigurationOf } from './import-deployment-configuration.js';
import type { AlarmsByName } from './import-policies.js';
import { decision, unexpressed, type ImportNote } from './import-notes.js';
import { networkConfigurationOf } from './import-network.js';
import { importedObject } from './imported-object.js';
import type { ObservedAutoscaling } from '../../resources/autoscaling/observe.js';
import { isReservedTagKey } from '../../resources/service/ownership.js';
import type { RevisionFields } from '../../resources/service/revision-fields.js';
import {
  ECS_SERVICE_KIND,
  type EcsService,
  type EcsServiceSpec,
  type LoadBalancerSpec,
  type ServiceRegistrySpec,
} from '../../resources/service/types.js';
import { nameOfArn } from '../../shared/arn.js';

/** What {@link importService} needs. */
export interface ImportServiceInput {
  /** DescribeServices' answer, with tags. */
  readonly service: Service;
  /**
   * What the current service revision says of gatewayConnectors and monitoring (reported nowhere
   * else); undefined when it could not be read, and then the manifest leaves both out.
   */
  readonly revision?: RevisionFields | undefined;
  /** The cluster's name, as the spec will name it. */
  readonly clusterName: string;
  readonly region: string;
  readonly namespace: string;
  /** What Application Auto Scaling has for the service. */
  readonly autoscaling: ObservedAutoscaling;
  /** The alarms read for the step scaling policies, by name; none when absent. */
  readonly alarms?: AlarmsByName | undefined;
  /**
   * Reference this EcsTaskDefinition (by name) instead of naming the revision by ARN. Applying such
   * a manifest registers one revision and starts one deployment (see docs/cli.md).
   */
  readonly taskDefinitionRef?: string | undefined;
}

/** An imported service: the object to write and the notes to show. */
export interface ImportedService {
  readonly manifest: EcsService;
  readonly notes: readonly ImportNote[];
}

/** A Kubernetes object name for an ECS name: lowercase, `-` for anything else, at most 63 characters. */
export function objectName(awsName: string): string {
  const name = awsName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/g, '');
  return name === '' ? 'imported' : name;
}

/** `arn:<partition>:elasticloadbalancing:<region>:<account>:` for the service's ARN. */
function elbArnPrefix(serviceArn: string | undefined): string | undefined {
  const m = /^arn:(aws[a-z-]*):ecs:([a-z0-9-]+):(\d{12}):/.exec(serviceArn ?? '');
  return m === null ? undefined : `arn:${m[1]}:elasticloadbalancing:${m[2]}:${m[3]}:`;
}

function loadBalancersOf(service: Service, notes: ImportNote[]): LoadBalancerSpec[] | undefined {
  const lbs = service.loadBalancers ?? [];
  if (lbs.length === 0) return undefined;
  const incomplete = lbs.find((lb) => lb.containerName === undefined || lb.containerPort === undefined);
  if (incomplete !== undefined) {
    notes.push(
      unexpressed(
        'loadBalancers',
        'an entry without containerName or containerPort cannot be written; the load balancers are left out and not managed',
      ),
    );
    return undefined;
  }
  return lbs.map((lb) => {
    const a = lb.advancedConfiguration;
    const advanced =
      a?.alternateTargetGroupArn !== undefined &&
      a.productionListenerRule !== undefined &&
      a.roleArn !== undefined
        ? {
            alternateTargetGroupArn: a.alternateTargetGroupArn,
            productionListenerRule: a.productionListenerRule,
            ...(a.testListenerRule === undefined ? {} : { testListenerRule: a.testListenerRule }),
            roleArn: a.roleArn,
          }
        : undefined;
    return {
      ...(lb.targetGroupArn === undefined ? {} : { targetGroupArn: lb.targetGroupArn }),
      ...(lb.loadBalancerName === undefined ? {} : { loadBalancerName: lb.loadBalancerName }),
      containerName: lb.containerName ?? '',
      containerPort: lb.containerPort ?? 0,
      ...(advanced === undefined ? {} : { advancedConfiguration: advanced }),
    };
  });
}

function serviceRegistriesOf(service: Service, notes: ImportNote[]): ServiceRegistrySpec[] | undefined {
  const regs = service.serviceRegistries ?? [];
  if (regs.length === 0) return undefined;
  if (regs.some((r) => r.registryArn === undefined)) {
    notes.push(
      unexpressed(
        'serviceRegistries',
        'an entry without registryArn cannot be written; left out and not managed',
      ),
    );
    return undefined;
  }
  return regs.map((r) => ({
    registryArn: r.registryArn ?? '',
    ...(r.port === undefined ? {} : { port: r.port }),
    ...(r.containerName === undefined ? {} : { containerName: r.containerName }),
    ...(r.containerPort === undefined ? {} : { containerPort: r.containerPort }),
  }));
}

/** The revision-only members as the spec writes them: left out when none is set (ECS's default). */
function revisionSpecOf(
  revision: RevisionFields | undefined,
): Pick<EcsServiceSpec, 'gatewayConnectors' | 'monitoring'> {
  if (revision === undefined) return {};
  const metrics = revision.monitoring['metricConfigurations'];
  return {
    ...(revision.gatewayConnectors.length === 0
      ? {}
      : { gatewayConnectors: revision.gatewayConnectors as unknown as GatewayConnector[] }),
    ...(Array.isArray(metrics) && metrics.length > 0 ? { monitoring: revision.monitoring } : {}),
  };
}

function noteUnmanaged(service: Service, notes: ImportNote[]): void {
  const controller = service.deploymentController?.type;
  if (controller !== undefined && controller !== 'ECS') {
    notes.push(
      decision(
        'deploymentController',
        `${controller}: written into the spec; ecs-bridge leaves deployments to that controller and manages only what ECS lets UpdateService change under it (ADR 0028)`,
      ),
    );
  }
  if ((service.taskSets ?? []).length > 0) {
    notes.push(unexpressed('taskSets', 'task sets (EXTERNAL or CODE_DEPLOY) are not managed by ecs-bridge'));
  }
  for (const t of service.tags ?? []) {
    if (t.key !== undefined && t.key.toLowerCase().startsWith('aws:')) {
      notes.push(unexpressed(`tags.${t.key}`, 'AWS-reserved tag; not part of the spec and left as it is'));
    }
  }
}

/** Builds the EcsService manifest for one described service. Pure. */
export function importService(input: ImportServiceInput): ImportedService {
  const { service } = input;
  const serviceName = service.serviceName ?? '';
  const name = objectName(serviceName);
  const notes: ImportNote[] = [];
  noteUnmanaged(service, notes);

  const loadBalancers = loadBalancersOf(service, notes);
  const scaling = importAutoscaling(input.autoscaling, {
    loadBalancers: service.loadBalancers,
    elbArnPrefix: elbArnPrefix(service.serviceArn),
    cluster: input.clusterName,
    serviceName,
    alarms: input.alarms,
  });
  notes.push(...scaling.notes);
  const capacity = (service.capacityProviderStrategy ?? []).map((c) => ({
    capacityProvider: c.capacityProvider ?? '',
    ...(c.weight === undefined ? {} : { weight: c.weight }),
    ...(c.base === undefined ? {} : { base: c.base }),
  }));
  const awsvpc = service.networkConfiguration?.awsvpcConfiguration;
  const tags = (service.tags ?? [])
    .filter((t) => t.key !== undefined && !isReservedTagKey(t.key))
    .map((t) => ({ key: t.key ?? '', value: t.value ?? '' }));
  const schedulingStrategy = service.schedulingStrategy ?? 'REPLICA';
  const taskDefinition = service.taskDefinition ?? '';
  if (input.taskDefinitionRef === undefined) {
    notes.push(
      decision(
        'taskDefinition',
        `named by ARN (${nameOfArn(taskDefinition)}): applying registers nothing; see docs/cli.md to move to taskDefinitionRef`,
      ),
    );
  }
  notes.push(
    decision(
      'deletionPolicy',
      'Retain: deleting the object leaves the ECS service running; set Delete once you want that',
    ),
  );

  const placementStrategy = (service.placementStrategy ?? []).map((p) => ({
    type: p.type ?? 'random',
    ...(p.field === undefined ? {} : { field: p.field }),
  }));
  const placementConstraints = (service.placementConstraints ?? []).map((p) => ({
    type: p.type ?? 'distinctInstance',
    ...(p.expression === undefined ? {} : { expression: p.expression }),
  }));
  const grace = service.healthCheckGracePeriodSeconds;
  // ECS reports these three on the deployments; the PRIMARY one is what the service runs.
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY') ?? service.deployments?.[0];
  const serviceConnect = primary?.serviceConnectConfiguration;
  const volumes = primary?.volumeConfigurations ?? [];
  const lattice = primary?.vpcLatticeConfigurations ?? [];
  // The service-linked role is what ECS uses when CreateService names none: not a user's choice.
  const role =
    service.roleArn !== undefined && service.roleArn !== '' && !/AWSServiceRoleForECS$/.test(service.roleArn)
      ? service.roleArn
      : undefined;
  const spec = {
    region: input.region,
    cluster: input.clusterName,
    ...(name === serviceName ? {} : { serviceName }),
    adopt: true,
    deletionPolicy: 'Retain',
    ...(input.taskDefinitionRef === undefined
      ? { taskDefinition }
      : { taskDefinitionRef: { name: input.taskDefinitionRef } }),
    schedulingStrategy,
    ...(schedulingStrategy === 'REPLICA' && !scaling.ownsDesiredCount && service.desiredCount !== undefined
      ? { desiredCount: service.desiredCount }
      : {}),
    ...(capacity.length > 0
      ? { capacityProviderStrategy: capacity }
      : service.launchType !== undefined
        ? { launchType: service.launchType }
        : {}),
    ...(service.platformVersion === undefined ? {} : { platformVersion: service.platformVersion }),
    // A service's spec always states assignPublicIp: left out by ECS, it is ECS's default DISABLED.
    ...networkConfigurationOf(
      awsvpc === undefined ? undefined : { ...awsvpc, assignPublicIp: awsvpc.assignPublicIp ?? 'DISABLED' },
    ),
    ...(loadBalancers === undefined ? {} : { loadBalancers }),
    ...((): Partial<EcsServiceSpec> => {
      const registries = serviceRegistriesOf(service, notes);
      return registries === undefined ? {} : { serviceRegistries: registries };
    })(),
    ...((): Partial<EcsServiceSpec> => {
      const dc = deploymentConfigurationOf(service, notes);
      return dc === undefined || Object.keys(dc).length === 0 ? {} : { deploymentConfiguration: dc };
    })(),
    ...(service.deploymentController?.type === undefined || service.deploymentController.type === 'ECS'
      ? {}
      : { deploymentController: { type: service.deploymentController.type } }),
    ...(placementStrategy.length === 0 ? {} : { placementStrategy }),
    ...(placementConstraints.length === 0 ? {} : { placementConstraints }),
    // ECS refuses a grace period on a service without load balancers, so 0 is written only with them.
    ...(grace !== undefined && (grace > 0 || loadBalancers !== undefined)
      ? { healthCheckGracePeriodSeconds: grace }
      : {}),
    enableExecuteCommand: service.enableExecuteCommand ?? false,
    ...(service.propagateTags === undefined ? {} : { propagateTags: service.propagateTags }),
    enableECSManagedTags: service.enableECSManagedTags ?? false,
    ...(service.availabilityZoneRebalancing === undefined
      ? {}
      : { availabilityZoneRebalancing: service.availabilityZoneRebalancing }),
    ...(role === undefined ? {} : { role }),
    ...(serviceConnect?.enabled === true ? { serviceConnectConfiguration: serviceConnect } : {}),
    ...(volumes.length === 0 ? {} : { volumeConfigurations: volumes }),
    ...(lattice.length === 0 ? {} : { vpcLatticeConfigurations: lattice }),
    ...revisionSpecOf(input.revision),
    ...(tags.length === 0 ? {} : { tags }),
    ...(scaling.spec === undefined ? {} : { autoscaling: scaling.spec }),
  } as EcsServiceSpec;
  return { manifest: importedObject(ECS_SERVICE_KIND, { name, namespace: input.namespace }, spec), notes };
}
