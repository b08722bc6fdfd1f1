/**
 * The real {@link S3NotificationApi}: GetBucketNotificationConfiguration and
 * PutBucketNotificationConfiguration through the shared rate limiter and the call observer, on an
 * S3 client imported and built on first use (`lazy-sdk-client.ts`). Bucket configuration calls are
 * rare (one read per trigger reconcile at most), so one modest bucket each is plenty.
 */
import type * as S3Sdk from '@aws-sdk/client-s3';
import type { CategoryLimit } from './ecs-categories.js';
import { lazySdkEdge, type LazySdkApi, type LazySdkApiOptions } from './lazy-sdk-edge.js';
import type { S3NotificationApi } from './s3-notification-api.js';

/** Throttling categories of S3 bucket configuration, as the rate limiter knows them. */
export type S3NotificationCategory = 's3:bucket-config-read' | 's3:bucket-config-write';

/** Our own limits for bucket configuration calls. */
export const S3_NOTIFICATION_CATEGORY_LIMITS: Readonly<Record<S3NotificationCategory, CategoryLimit>> = {
  's3:bucket-config-read': { burst: 20, sustained: 10 },
  's3:bucket-config-write': { burst: 5, sustained: 2 },
};

const ACTIONS = {
  GetBucketNotificationConfiguration: 's3:bucket-config-read',
  PutBucketNotificationConfiguration: 's3:bucket-config-write',
} as const satisfies Record<string, S3NotificationCategory>;

/** The real {@link S3NotificationApi} and a way to close its client. */
export type S3NotificationEdge = LazySdkApi<S3NotificationApi>;

/** Builds the real {@link S3NotificationApi} for one Region; the SDK is imported on the first call. */
export function createS3NotificationApi(options: LazySdkApiOptions): S3NotificationEdge {
  const edge = lazySdkEdge(options, {
    service: 's3',
    actions: ACTIONS,
    load: (): Promise<typeof S3Sdk> => import('@aws-sdk/client-s3'),
    // Path-style: an endpoint override (an emulator or proxy) has no per-bucket host names.
    build: (m, sdkConfig) =>
      new m.S3Client({
        ...sdkConfig,
        ...(sdkConfig.endpoint === undefined ? {} : { forcePathStyle: true }),
      }),
  });

  return {
    async getNotificationConfiguration(bucket, callOptions) {
      const out = await edge.send(
        'GetBucketNotificationConfiguration',
        (m) => new m.GetBucketNotificationConfigurationCommand({ Bucket: bucket }),
        callOptions,
      );
      const { $metadata: _metadata, ...configuration } = out;
      return configuration;
    },

    async putNotificationConfiguration(bucket, configuration, callOptions) {
      await edge.send(
        'PutBucketNotificationConfiguration',
        (m) =>
          new m.PutBucketNotificationConfigurationCommand({
            Bucket: bucket,
            NotificationConfiguration: configuration,
          }),
        callOptions,
      );
    },

    destroy: () => edge.destroy(),
  };
}
