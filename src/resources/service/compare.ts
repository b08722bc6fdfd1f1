/**
 * Field-by-field comparison of a desired and an observed {@link ServiceConfig}. Pure. A desired
 * field that is `undefined` is unmanaged and always matches; inside a managed block, the only
 * "don't care" member is awsvpc `securityGroups` left out by the spec (ECS then picks the VPC's
 * default group, which the spec cannot know).
 */
import { isDeepStrictEqual } from 'node:util';
import {
  MUTABLE_FIELDS,
  taskDefinitionKey,
  type DeploymentConfigurationModel,
  type EcsBlock,
  type MutableField,
  type NetworkModel,
  type ServiceConfig,
} from './model.js';
import { pickDefined } from '../../shared/pick-defined.js';

function networkMatches(desired: NetworkModel, observed: NetworkModel | undefined): boolean {
  if (observed === undefined) return false;
  const d = desired.awsvpcConfiguration;
  const o = observed.awsvpcConfiguration;
  return (
    isDeepStrictEqual(d.subnets, o.subnets) &&
    d.assignPublicIp === o.assignPublicIp &&
    (d.securityGroups === undefined || isDeepStrictEqual(d.securityGroups, o.securityGroups ?? []))
  );
}

function deploymentConfigurationMatches(
  desired: DeploymentConfigurationModel,
  observed: DeploymentConfigurationModel | undefined,
): boolean {
  if (observed === undefined) return false;
  // A bake time the spec leaves out is ECS's to choose (it is required only for BLUE_GREEN, which
  // the CRD enforces), so the one ECS reports is not compared; so are the circuit breaker's reset
  // and threshold settings, which ECS fills with its defaults, and the early success criteria.
  // Criteria ECS does not report are off, as `{ enable: false }` written in the spec is.
  const wanted: DeploymentConfigurationModel = {
    ...desired,
    ...(desired.bakeTimeInMinutes === undefined && observed.bakeTimeInMinutes !== undefined
      ? { bakeTimeInMinutes: observed.bakeTimeInMinutes }
      : {}),
    deploymentCircuitBreaker: {
      ...pickDefined(observed.deploymentCircuitBreaker, ['resetOnHealthyTask', 'thresholdConfiguration']),
      ...desired.deploymentCircuitBreaker,
    },
    earlySuccessCriteria: desired.earlySuccessCriteria ?? observed.earlySuccessCriteria ?? EARLY_SUCCESS_OFF,
  };
  const seen = { ...observed, earlySuccessCriteria: observed.earlySuccessCriteria ?? EARLY_SUCCESS_OFF };
  return isDeepStrictEqual(wanted, seen);
}

const EARLY_SUCCESS_OFF = { enable: false } as const;

/**
 * True when every member `desired` sets has the same value in `observed`, recursively (lists
 * element by element, same length). For Service Connect and EBS volume configurations, whose echo
 * on the deployment may carry members ECS fills in (a default discoveryName, a volume type), the
 * spec's members are what is compared; a member the spec leaves out is ECS's to choose.
 */
export function blockCovers(desired: unknown, observed: unknown): boolean {
  if (Array.isArray(desired))
    return (
      Array.isArray(observed) &&
      desired.length === observed.length &&
      desired.every((d, i) => blockCovers(d, observed[i]))
    );
  if (typeof desired === 'object' && desired !== null) {
    if (typeof observed !== 'object' || observed === null || Array.isArray(observed)) return false;
    const o = observed as Record<string, unknown>;
    return Object.entries(desired).every(([k, v]) => blockCovers(v, o[k]));
  }
  return isDeepStrictEqual(desired, observed);
}

/**
 * The Service Connect proxy settings (`containerConfigurations`) are not ECS's to choose: an
 * UpdateService that leaves them out returns the proxy to its defaults (ServiceConnectConfiguration,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectConfiguration.html), so a
 * spec without them asks for none and is compared as such.
 */
function proxySettingsMatch(desired: EcsBlock, observed: EcsBlock | undefined): boolean {
  return isDeepStrictEqual(
    desired['containerConfigurations'] ?? [],
    observed?.['containerConfigurations'] ?? [],
  );
}

/**
 * The two members only service revisions report (ADR 0048): not compared when the revision could
 * not be read (the observed side lacks them). A gateway connector's members the spec leaves out are
 * ECS's to fill (its health check and deregistration delay defaults); monitoring is compared whole.
 */
function revisionFieldMatches(
  field: 'gatewayConnectors' | 'monitoring',
  desired: ServiceConfig,
  observed: ServiceConfig,
): boolean {
  const d = desired[field];
  const o = observed[field];
  if (d === undefined || o === undefined) return true;
  return field === 'gatewayConnectors' ? blockCovers(d, o) : isDeepStrictEqual(d, o);
}

/** True when the observed value of `field` satisfies the desired one. */
export function fieldMatches(field: MutableField, desired: ServiceConfig, observed: ServiceConfig): boolean {
  if (field === 'taskDefinition') {
    const d = desired.taskDefinition;
    const o = observed.taskDefinition;
    return d === undefined || (o !== undefined && taskDefinitionKey(d) === taskDefinitionKey(o));
  }
  if (field === 'networkConfiguration') {
    const d = desired.networkConfiguration;
    return d === undefined || networkMatches(d, observed.networkConfiguration);
  }
  if (field === 'deploymentController') {
    // ECS leaves the controller out of some answers; it is then the default, ECS.
    const d = desired.deploymentController;
    return d === undefined || d === (observed.deploymentController ?? 'ECS');
  }
  if (field === 'deploymentConfiguration') {
    const d = desired.deploymentConfiguration;
    return d === undefined || deploymentConfigurationMatches(d, observed.deploymentConfiguration);
  }
  if (field === 'serviceConnectConfiguration') {
    const d = desired.serviceConnectConfiguration;
    return (
      d === undefined ||
      (blockCovers(d, observed.serviceConnectConfiguration) &&
        proxySettingsMatch(d, observed.serviceConnectConfiguration))
    );
  }
  if (field === 'volumeConfigurations') {
    const d = desired.volumeConfigurations;
    return d === undefined || blockCovers(d, observed.volumeConfigurations);
  }
  if (field === 'gatewayConnectors' || field === 'monitoring')
    return revisionFieldMatches(field, desired, observed);
  const d: unknown = desired[field];
  return d === undefined || isDeepStrictEqual(d, observed[field]);
}

/** The managed UpdateService fields whose observed value differs from the desired one, in a stable order. */
export function differingFields(desired: ServiceConfig, observed: ServiceConfig): MutableField[] {
  return MUTABLE_FIELDS.filter((f) => !fieldMatches(f, desired, observed));
}
