/**
 * The operator's AWS edge: one set of clients built from the config (every call observed in the
 * metrics, the in-flight registry and the failure log), and the clients of a namespace's objects,
 * chosen by the access policies (ADR 0030).
 */
import { createAwsClients, type AwsClients, type RegionalAwsClients } from './aws/clients.js';
import type { Config } from './config.js';
import type { Logger } from './observability/logger.js';
import { logAwsFailures } from './observability/aws-call-log.js';
import type { InFlightCalls } from './observability/in-flight-calls.js';
import type { Metrics } from './observability/metrics.js';
import { accountFor } from './resources/access-policy/account.js';
import type { AccessSnapshotSource } from './resources/access-policy/guards.js';

/** The clients of a Region for the objects of `namespace` (the operator's own when undefined). */
export type AwsForNamespace = (region: string, namespace: string | undefined) => RegionalAwsClients;

/** Builds the AWS edge the config describes; nothing is contacted yet. */
export function operatorAwsClients(
  config: Config,
  log: Logger,
  metrics: Metrics,
  inFlight: InFlightCalls,
): AwsClients {
  return createAwsClients({
    ...(config.aws.endpointUrl === undefined ? {} : { endpoint: config.aws.endpointUrl }),
    maxAttempts: config.aws.maxAttempts,
    budgetFraction: config.aws.rateBudget,
    rateScale: config.aws.rateScale,
    timeouts: { readMs: config.aws.readTimeoutMs, writeMs: config.aws.writeTimeoutMs },
    connectTimeoutMs: config.aws.connectTimeoutMs,
    resyncPeriodMs: config.resyncPeriodMs,
    // Roles named by EcsAccessPolicies are assumed through the STS endpoint of the default Region.
    assumeRole: {
      instanceId: config.instanceId,
      stsRegion: config.aws.region ?? 'us-east-1',
      refreshMarginMs: config.aws.assumeRoleRefreshMarginMs,
    },
    observer: {
      observeCall: (service, operation, outcome, seconds) =>
        metrics.observeAwsCall({ service, operation, outcome, seconds }),
      callStarted: (service, operation, signal) => inFlight.started(service, operation, signal),
      observeFailure: logAwsFailures(log.child({ component: 'aws' })),
    },
  });
}

/**
 * The clients of a namespace's objects: those of the role its policies name, in that role's
 * account, through the namespace's own session (ADR 0030); the operator's own when they name none.
 * An ambiguous choice reads with the operator's own identity, and the access guard refuses every
 * write until the policies agree.
 */
export function awsForNamespace(aws: AwsClients, access: AccessSnapshotSource): AwsForNamespace {
  return (region, namespace) => {
    const choice = accountFor(access(), namespace ?? '');
    if (choice.kind !== 'role') return aws.forRegion(region);
    return aws.forRole(namespace === undefined ? choice.role : { ...choice.role, namespace }, region);
  };
}
