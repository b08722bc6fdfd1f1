/**
 * The narrow interface over the one part of Amazon S3 ecs-bridge touches: a bucket's notification
 * configuration, to check that the bucket sends its events to EventBridge (the EcsTaskTrigger `s3`
 * shorthand) and, when the user opts in, to turn that on while keeping every other notification.
 * SDK shapes; errors thrown unchanged. Every method takes an optional trailing {@link AwsCallOptions}.
 */
import type { NotificationConfiguration } from '@aws-sdk/client-s3';
import type { AwsCallOptions } from './call-runner.js';

/** The S3 calls ecs-bridge makes. */
export interface S3NotificationApi {
  /** GetBucketNotificationConfiguration: the whole configuration (empty when the bucket has none). */
  getNotificationConfiguration(bucket: string, options?: AwsCallOptions): Promise<NotificationConfiguration>;
  /**
   * PutBucketNotificationConfiguration. S3 replaces the whole configuration, so callers pass what
   * they read plus their change (see {@link withEventBridgeEnabled}).
   */
  putNotificationConfiguration(
    bucket: string,
    configuration: NotificationConfiguration,
    options?: AwsCallOptions,
  ): Promise<void>;
}

/**
 * Whether a bucket sends its events to EventBridge: S3 does once the configuration has an
 * `EventBridgeConfiguration` (https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html).
 */
export function isEventBridgeEnabled(configuration: NotificationConfiguration): boolean {
  return configuration.EventBridgeConfiguration !== undefined;
}

/** `configuration` with EventBridge on and every other notification kept as it was. */
export function withEventBridgeEnabled(configuration: NotificationConfiguration): NotificationConfiguration {
  return { ...configuration, EventBridgeConfiguration: configuration.EventBridgeConfiguration ?? {} };
}
