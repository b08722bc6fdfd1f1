/**
 * The real {@link StsApi}: AssumeRole through the shared rate limiter and the call observer, so STS
 * calls wait in their own bucket and are counted in the AWS call metrics like every other call.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 *
 * The SDK client is imported and built on the first AssumeRole (`lazy-sdk-client.ts`): only an
 * install whose EcsAccessPolicies name roles calls STS, so no other process loads it (ADR 0040).
 */
import type * as StsSdk from '@aws-sdk/client-sts';
import type { AssumeRoleAsk, StsApi, TemporaryCredentials } from './assumed-role-credentials.js';
import type { CategoryLimit } from './ecs-categories.js';
import { lazySdkEdge, type LazySdkApi, type LazySdkApiOptions } from './lazy-sdk-edge.js';

/** The throttling category of STS, as the rate limiter knows it. */
export type StsCategory = 'sts:assume-role';

/**
 * Our own limit: STS's quota is account-wide and shared with every other caller of the account;
 * the operator needs one call per role an hour or so, so a small bucket leaves the rest to others.
 */
export const STS_CATEGORY_LIMITS: Readonly<Record<StsCategory, CategoryLimit>> = {
  'sts:assume-role': { burst: 10, sustained: 2 },
};

/** The real {@link StsApi}, and a way to close its client (if it was ever built). */
export type StsEdge = LazySdkApi<StsApi>;

/** Builds the real {@link StsApi} (the operator's own credentials); the SDK is imported on first use. */
export function createStsApi(options: LazySdkApiOptions): StsEdge {
  const edge = lazySdkEdge(options, {
    service: 'sts',
    actions: { AssumeRole: 'sts:assume-role' },
    load: (): Promise<typeof StsSdk> => import('@aws-sdk/client-sts'),
    build: (sts, sdkConfig) => new sts.STSClient({ ...sdkConfig }),
  });
  return {
    destroy: () => edge.destroy(),
    async assumeRole(ask: AssumeRoleAsk, callOptions): Promise<TemporaryCredentials> {
      // Sent as a member of the imported module, the form the IAM policy test derives lazily loaded actions from.
      const out = await edge.send(
        'AssumeRole',
        (sts) =>
          new sts.AssumeRoleCommand({
            RoleArn: ask.roleArn,
            RoleSessionName: ask.sessionName,
            SourceIdentity: ask.sourceIdentity,
            Tags: ask.tags.map((t) => ({ Key: t.key, Value: t.value })),
            ...(ask.externalId === undefined ? {} : { ExternalId: ask.externalId }),
            ...(ask.durationSeconds === undefined ? {} : { DurationSeconds: ask.durationSeconds }),
          }),
        callOptions,
      );
      const c = out.Credentials;
      if (
        c?.AccessKeyId === undefined ||
        c.SecretAccessKey === undefined ||
        c.SessionToken === undefined ||
        c.Expiration === undefined
      ) {
        throw new Error(`STS AssumeRole of ${ask.roleArn} answered without credentials`);
      }
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      };
    },
  };
}
