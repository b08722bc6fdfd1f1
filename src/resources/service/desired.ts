/**
 * The desired ECS service: the spec with the task definition resolved and ECS's defaults filled
 * inside every block the spec sets, normalised into the {@link ServiceConfig} shape the planner
 * compares. Pure. Top-level fields the spec leaves out stay `undefined` and are never managed.
 */
import type { ServiceConfig } from './model.js';
import { normalizeMembers, normalizeNetwork } from './normalize-config.js';
import { normalizeDeploymentConfiguration } from './deployment-configuration.js';
import { normalizeGatewayConnectors, normalizeMonitoring } from './revision-fields.js';
import type { DeletionPolicy, EcsServiceSpec } from './types.js';

/** The desired service: where it lives, its configuration, its spec tags and our own settings. */
export interface DesiredService {
  readonly region: string;
  readonly cluster: string;
  readonly serviceName: string;
  readonly schedulingStrategy: 'REPLICA' | 'DAEMON';
  /** The comparable configuration; `undefined` members are not managed. */
  readonly config: ServiceConfig;
  /** The spec's tags (our ownership tags are added by the planner). */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The count CreateService gets: with autoscaling, the spec's count (or minCapacity) clamped into
   * [min, max]; otherwise the spec's count, or 1 for REPLICA when the spec leaves it out; none for
   * DAEMON.
   */
  readonly createDesiredCount?: number;
  /** Present when the spec has `autoscaling`: min and max capacity. */
  readonly autoscaling?: { readonly minCapacity: number; readonly maxCapacity: number };
  readonly restartAt?: string;
  /** `spec.role`: sent by CreateService only (ECS cannot change a service's role afterwards). */
  readonly role?: string;
  readonly adopt: boolean;
  readonly deletionPolicy: DeletionPolicy;
}

/** What {@link desiredService} needs beside the spec. */
export interface DesiredServiceInput {
  readonly spec: EcsServiceSpec;
  /** The object's name (the default service name). */
  readonly name: string;
  /**
   * The task definition the service must run: the resolved ARN of the referenced
   * EcsTaskDefinition, or `spec.taskDefinition`.
   */
  readonly taskDefinition: string;
  /** The operator's region, used when the spec has none. */
  readonly defaultRegion: string;
}

/** Clamps `n` into [min, max]. */
export function clamp(n: number, min: number, max: number): number {
  return Math.min(Math.max(n, min), max);
}

/** Builds the desired service from the spec. */
export function desiredService(input: DesiredServiceInput): DesiredService {
  const { spec } = input;
  const schedulingStrategy = spec.schedulingStrategy ?? 'REPLICA';
  const config: ServiceConfig = {
    taskDefinition: input.taskDefinition,
    schedulingStrategy,
    ...(spec.desiredCount !== undefined && schedulingStrategy === 'REPLICA'
      ? { desiredCount: spec.desiredCount }
      : {}),
    ...(spec.launchType !== undefined ? { launchType: spec.launchType } : {}),
    ...(spec.platformVersion !== undefined ? { platformVersion: spec.platformVersion } : {}),
    ...(spec.networkConfiguration !== undefined
      ? { networkConfiguration: normalizeNetwork(spec.networkConfiguration.awsvpcConfiguration, true) }
      : {}),
    // Capacity providers, load balancers, registries, placement, Service Connect, volumes, Lattice.
    ...normalizeMembers(spec),
    ...(spec.deploymentConfiguration !== undefined
      ? {
          deploymentConfiguration: normalizeDeploymentConfiguration(
            spec.deploymentConfiguration,
            schedulingStrategy,
          ),
        }
      : {}),
    ...(spec.deploymentController !== undefined
      ? { deploymentController: spec.deploymentController.type }
      : {}),
    ...(spec.healthCheckGracePeriodSeconds !== undefined
      ? { healthCheckGracePeriodSeconds: spec.healthCheckGracePeriodSeconds }
      : {}),
    ...(spec.enableExecuteCommand !== undefined ? { enableExecuteCommand: spec.enableExecuteCommand } : {}),
    ...(spec.propagateTags !== undefined ? { propagateTags: spec.propagateTags } : {}),
    ...(spec.enableECSManagedTags !== undefined ? { enableECSManagedTags: spec.enableECSManagedTags } : {}),
    ...(spec.availabilityZoneRebalancing !== undefined
      ? { availabilityZoneRebalancing: spec.availabilityZoneRebalancing }
      : {}),
    ...(spec.gatewayConnectors !== undefined
      ? { gatewayConnectors: normalizeGatewayConnectors(spec.gatewayConnectors) }
      : {}),
    ...(spec.monitoring !== undefined ? { monitoring: normalizeMonitoring(spec.monitoring) } : {}),
  };

  const autoscaling =
    spec.autoscaling === undefined
      ? undefined
      : { minCapacity: spec.autoscaling.minCapacity, maxCapacity: spec.autoscaling.maxCapacity };
  const createDesiredCount =
    schedulingStrategy === 'DAEMON'
      ? undefined
      : autoscaling !== undefined
        ? clamp(
            spec.desiredCount ?? autoscaling.minCapacity,
            autoscaling.minCapacity,
            autoscaling.maxCapacity,
          )
        : (spec.desiredCount ?? 1);

  const tags: Record<string, string> = {};
  for (const t of spec.tags ?? []) tags[t.key] = t.value;

  return {
    region: spec.region ?? input.defaultRegion,
    cluster: spec.cluster ?? '',
    serviceName: spec.serviceName ?? input.name,
    schedulingStrategy,
    config,
    tags,
    ...(createDesiredCount !== undefined ? { createDesiredCount } : {}),
    ...(autoscaling !== undefined ? { autoscaling } : {}),
    ...(spec.restartAt !== undefined ? { restartAt: spec.restartAt } : {}),
    ...(spec.role !== undefined ? { role: spec.role } : {}),
    adopt: spec.adopt ?? false,
    deletionPolicy: spec.deletionPolicy ?? 'Delete',
  };
}
