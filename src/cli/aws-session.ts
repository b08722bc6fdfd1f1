/**
 * The AWS side of a terminal command: the Region (flags, environment, else the AWS profile through
 * the SDK's own chain) and the AWS edge itself. Kept apart from cli-settings.ts so that commands
 * that never call AWS (`status`) never load the SDK.
 */
import { ECSClient } from '@aws-sdk/client-ecs';
import type { CliSettings } from './cli-settings.js';
import { createAwsClients, type AwsClients } from '../aws/clients.js';

/**
 * The Region: the settings' own, else the AWS SDK's default chain (the profile's `region` in
 * ~/.aws/config); undefined when there is none anywhere.
 */
export async function resolveRegion(settings: CliSettings): Promise<string | undefined> {
  if (settings.region !== undefined) return settings.region;
  const probe = new ECSClient({});
  try {
    return await probe.config.region();
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}

/**
 * The AWS edge for a terminal command: a few SDK retries, since no work queue backs off for it.
 * With `stsRegion`, it may also read as a role (STS AssumeRole in that Region, ADR 0030).
 */
export function cliAwsClients(settings: CliSettings, stsRegion?: string): AwsClients {
  return createAwsClients({
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    maxAttempts: 3,
    ...(stsRegion === undefined ? {} : { assumeRole: { instanceId: settings.instanceId, stsRegion } }),
  });
}
