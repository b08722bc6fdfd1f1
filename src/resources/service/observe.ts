/**
 * Maps an ECS `Service` (DescribeServices with `include: ["TAGS"]`) into the same normalised shape
 * the desired side uses, and judges its ownership from its tags. Pure: the read itself is the
 * injected `describeService` function (the batcher), called by the reconciler.
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { ServiceConfig } from './model.js';
import { normalizeMembers, normalizeNetwork } from './normalize-config.js';
import { normalizeDeploymentConfiguration } from './deployment-configuration.js';
import { ownershipOf, type OwnerIdentity, type Ownership } from './ownership.js';

/** The lifecycle state ECS reports; anything unexpected counts as ACTIVE so we never re-create over it. */
export type ServiceLifecycle = 'ACTIVE' | 'DRAINING' | 'INACTIVE';

/** An observed service: identity, lifecycle, normalised configuration, tags and ownership. */
export interface ObservedService {
  readonly arn: string;
  readonly serviceName: string;
  readonly clusterArn?: string;
  readonly lifecycle: ServiceLifecycle;
  /** Every field filled with what ECS reports or its default. */
  readonly config: ServiceConfig;
  readonly tags: Readonly<Record<string, string>>;
  readonly ownership: Ownership;
  /** The service as ECS described it, for rollout tracking and status. */
  readonly service: Service;
}

function lifecycleOf(status: string | undefined): ServiceLifecycle {
  if (status === 'DRAINING') return 'DRAINING';
  if (status === 'INACTIVE') return 'INACTIVE';
  return 'ACTIVE';
}

/** Maps ECS's tag list into a map (entries without a key are dropped). */
export function tagMap(tags: Service['tags']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.key !== undefined) out[t.key] = t.value ?? '';
  return out;
}

/** Normalises the configuration of an ECS service, filling ECS's defaults where it reports nothing. */
export function observedConfig(service: Service): ServiceConfig {
  const schedulingStrategy = service.schedulingStrategy ?? 'REPLICA';
  const awsvpc = service.networkConfiguration?.awsvpcConfiguration;
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
  return {
    ...(service.taskDefinition !== undefined ? { taskDefinition: service.taskDefinition } : {}),
    ...(service.desiredCount !== undefined ? { desiredCount: service.desiredCount } : {}),
    ...(service.launchType !== undefined ? { launchType: service.launchType } : {}),
    ...(service.platformVersion !== undefined ? { platformVersion: service.platformVersion } : {}),
    ...(awsvpc !== undefined ? { networkConfiguration: normalizeNetwork(awsvpc, false) } : {}),
    ...normalizeMembers({
      capacityProviderStrategy: service.capacityProviderStrategy ?? [],
      loadBalancers: service.loadBalancers ?? [],
      serviceRegistries: service.serviceRegistries ?? [],
      placementStrategy: service.placementStrategy ?? [],
      placementConstraints: service.placementConstraints ?? [],
      // ECS reports these three on the deployments, not on the service (DescribeServices: Deployment
      // has serviceConnectConfiguration, volumeConfigurations and vpcLatticeConfigurations); the
      // PRIMARY deployment carries what the service runs now. Absent there means none.
      serviceConnectConfiguration: primary?.serviceConnectConfiguration ?? { enabled: false },
      volumeConfigurations: primary?.volumeConfigurations ?? [],
      vpcLatticeConfigurations: primary?.vpcLatticeConfigurations ?? [],
    }),
    deploymentConfiguration: normalizeDeploymentConfiguration(
      service.deploymentConfiguration ?? {},
      schedulingStrategy,
    ),
    deploymentController: service.deploymentController?.type ?? 'ECS',
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds ?? 0,
    enableExecuteCommand: service.enableExecuteCommand ?? false,
    propagateTags: service.propagateTags ?? 'NONE',
    enableECSManagedTags: service.enableECSManagedTags ?? false,
    ...(service.availabilityZoneRebalancing !== undefined
      ? { availabilityZoneRebalancing: service.availabilityZoneRebalancing }
      : {}),
    schedulingStrategy,
  };
}

/** Maps a described service into an {@link ObservedService}. */
export function observeService(service: Service, identity: OwnerIdentity): ObservedService {
  const tags = tagMap(service.tags);
  return {
    arn: service.serviceArn ?? '',
    serviceName: service.serviceName ?? '',
    ...(service.clusterArn !== undefined ? { clusterArn: service.clusterArn } : {}),
    lifecycle: lifecycleOf(service.status),
    config: observedConfig(service),
    tags,
    ownership: ownershipOf(tags, identity),
    service,
  };
}
