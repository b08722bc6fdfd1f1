/**
 * The real {@link S3NotificationApi}: GetBucketNotificationConfiguration and
 * PutBucketNotificationConfiguration through the shared rate limiter and the call observer, on an
 * S3 client imported and built on first use (`lazy-sdk-client.ts`). Bucket configuration calls are
 * rare (one read per trigger reconcile at most), so one modest bucket each is plenty.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type * as S3Sdk from '@aws-sdk/client-s3';
import { AwsCallRunner, type AwsApiOptions } from './call-runner.js';
import type { CategoryLimit } from './ecs-categories.js';
import { lazySdkClient } from './lazy-sdk-client.js';
import type { S3NotificationApi } from './s3-notification-api.js';
import { installThrottleReporter } from './throttle-reporter.js';

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

type S3NotificationAction = keyof typeof ACTIONS;

const isS3NotificationAction = (action: string): action is S3NotificationAction => action in ACTIONS;

/** Options for {@link createS3NotificationApi}. */
export interface S3NotificationApiOptions extends AwsApiOptions {
  /** The SDK client configuration (region, endpoint, credentials, retries) for the lazy client. */
  readonly sdkConfig: Readonly<Record<string, unknown>>;
}

/** The real {@link S3NotificationApi} and a way to close its client. */
export interface S3NotificationEdge extends S3NotificationApi {
  destroy(): void;
}

/** Builds the real {@link S3NotificationApi} for one Region; the SDK is imported on the first call. */
export function createS3NotificationApi(options: S3NotificationApiOptions): S3NotificationEdge {
  const runner = new AwsCallRunner<S3NotificationAction>({
    ...options,
    service: 's3',
    categoryOf: (action) => ACTIONS[action],
  });
  const lazy = lazySdkClient<S3Client>(async () => {
    const { S3Client } = await import('@aws-sdk/client-s3');
    // Path-style: an endpoint override (an emulator or proxy) has no per-bucket host names.
    const client = new S3Client({
      ...options.sdkConfig,
      ...(options.sdkConfig.endpoint === undefined ? {} : { forcePathStyle: true }),
    });
    installThrottleReporter(client.middlewareStack, (action) =>
      runner.reportThrottle(action, isS3NotificationAction),
    );
    return client;
  });
  const sdk = (): Promise<typeof S3Sdk> => import('@aws-sdk/client-s3');

  return {
    async getNotificationConfiguration(bucket, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      const out = await runner.run(
        'GetBucketNotificationConfiguration',
        (http) => client.send(new m.GetBucketNotificationConfigurationCommand({ Bucket: bucket }), http),
        callOptions,
      );
      const { $metadata: _metadata, ...configuration } = out;
      return configuration;
    },

    async putNotificationConfiguration(bucket, configuration, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      await runner.run(
        'PutBucketNotificationConfiguration',
        (http) =>
          client.send(
            new m.PutBucketNotificationConfigurationCommand({
              Bucket: bucket,
              NotificationConfiguration: configuration,
            }),
            http,
          ),
        callOptions,
      );
    },

    destroy: () => lazy.destroy(),
  };
}
