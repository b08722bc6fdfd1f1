import { describe, expect, it } from 'vitest';
import { FakeClock } from '../shared/testing/fake-clock.js';
import {
  AssumedRoleCredentials,
  AssumeRoleError,
  accountOfRoleArn,
  sessionKeyOf,
  sessionNameOfNamespace,
  stsName,
  type AssumeRoleAsk,
  type AssumedRoleCredentialsOptions,
  type StsApi,
  type TemporaryCredentials,
} from './assumed-role-credentials.js';
import { classifyAwsError } from './errors.js';

const ROLE = { roleArn: 'arn:aws:iam::222222222222:role/team-b', externalId: 'x-1', policy: 'team-b' };

/** A fake STS that issues numbered keys valid for `durationMs`, or fails with `failWith`. */
function fakeSts(
  clock: FakeClock,
  durationMs = 3_600_000,
): StsApi & { asks: AssumeRoleAsk[]; failWith: Error | undefined } {
  const sts = {
    asks: [] as AssumeRoleAsk[],
    failWith: undefined as Error | undefined,
    assumeRole(ask: AssumeRoleAsk): Promise<TemporaryCredentials> {
      sts.asks.push(ask);
      if (sts.failWith !== undefined) return Promise.reject(sts.failWith);
      return Promise.resolve({
        accessKeyId: `ASIA${sts.asks.length}`,
        secretAccessKey: 's',
        sessionToken: 't',
        expiration: new Date(clock.now() + durationMs),
      });
    },
  };
  return sts;
}

/** A fake clock at 0, a fake STS on it (keys valid `durationMs`), and credentials built on both. */
function onFakeSts(
  options: Omit<AssumedRoleCredentialsOptions, 'sts' | 'now'>,
  durationMs?: number,
): { clock: FakeClock; sts: ReturnType<typeof fakeSts>; creds: AssumedRoleCredentials } {
  const clock = new FakeClock(0);
  const sts = fakeSts(clock, durationMs);
  return { clock, sts, creds: new AssumedRoleCredentials({ sts, ...options, now: () => clock.now() }) };
}

function stsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 403 } });
}

describe('AssumedRoleCredentials', () => {
  it('assumes once, shares the answer, and renews a margin before expiry', async () => {
    const { clock, sts, creds } = onFakeSts({ instanceId: 'prod', refreshMarginMs: 600_000 });
    const [a, b] = await Promise.all([creds.credentialsFor(ROLE), creds.credentialsFor(ROLE)]);
    expect(a.accessKeyId).toBe('ASIA1');
    expect(b.accessKeyId).toBe('ASIA1');
    expect(sts.asks).toHaveLength(1);
    clock.advance(2_999_000); // 10 min + 1 s left: still cached
    expect((await creds.credentialsFor(ROLE)).accessKeyId).toBe('ASIA1');
    clock.advance(2_000); // inside the margin: renewed before expiry
    expect((await creds.credentialsFor(ROLE)).accessKeyId).toBe('ASIA2');
    expect(sts.asks).toHaveLength(2);
  });

  it('sends the session name, source identity, tags and external id STS accepts', () => {
    const { creds } = onFakeSts({ instanceId: 'prod eu/1' });
    expect(creds.askFor({ ...ROLE, durationSeconds: 900 })).toEqual({
      roleArn: ROLE.roleArn,
      sessionName: 'ecs-bridge.team-b',
      externalId: 'x-1',
      durationSeconds: 900,
      sourceIdentity: 'ecs-bridge.prod-eu-1',
      tags: [
        { key: 'ecs-bridge.dev/instance', value: 'prod eu/1' },
        { key: 'ecs-bridge.dev/access-policy', value: 'team-b' },
      ],
    });
    expect(stsName('x'.repeat(80))).toHaveLength(64);
    expect(stsName('a')).toHaveLength(2);
  });

  it("names a namespace's session after the namespace, and tags it with it", () => {
    const { creds } = onFakeSts({ instanceId: 'prod' });
    expect(creds.askFor({ ...ROLE, namespace: 'payments' })).toEqual({
      roleArn: ROLE.roleArn,
      sessionName: 'ecs-bridge.payments',
      externalId: 'x-1',
      sourceIdentity: 'ecs-bridge.prod',
      tags: [
        { key: 'ecs-bridge.dev/instance', value: 'prod' },
        { key: 'ecs-bridge.dev/access-policy', value: 'team-b' },
        { key: 'ecs-bridge.dev/namespace', value: 'payments' },
      ],
    });
  });

  it('shortens a long namespace with a hash: valid for STS, never shared, never a whole name', () => {
    const STS_NAME = /^[\w+=,.@-]{2,64}$/;
    const fits = 'n'.repeat(53); // ecs-bridge. + 53 = 64: kept whole
    expect(sessionNameOfNamespace(fits)).toBe(`ecs-bridge.${fits}`);
    const long = `${'a'.repeat(40)}-team-one-prod-eu-west-1x`; // 63 characters
    const twin = `${'a'.repeat(40)}-team-one-prod-eu-west-1y`; // same head, another namespace
    const [l, t] = [sessionNameOfNamespace(long), sessionNameOfNamespace(twin)];
    for (const name of [l, t, sessionNameOfNamespace(fits), sessionNameOfNamespace('a')]) {
      expect(name).toMatch(STS_NAME);
    }
    expect(l).toHaveLength(64);
    expect(l.startsWith(`ecs-bridge.${'a'.repeat(28)}.`)).toBe(true);
    expect(l).not.toBe(t);
    // The dot before the hash: a namespace name (an RFC 1123 label) never holds one.
    expect(l.slice('ecs-bridge.'.length)).toContain('.');
    expect(sessionNameOfNamespace(long)).toBe(l);
  });

  it('caches one session per role and namespace: two namespaces of one role assume twice', async () => {
    const { sts, creds } = onFakeSts({ instanceId: 'prod' });
    const a = await creds.credentialsFor({ ...ROLE, namespace: 'team-a' });
    const b = await creds.credentialsFor({ ...ROLE, namespace: 'team-b' });
    expect(await creds.credentialsFor({ ...ROLE, namespace: 'team-a' })).toBe(a);
    expect(a.accessKeyId).not.toBe(b.accessKeyId);
    expect(sts.asks.map((ask) => ask.sessionName)).toEqual(['ecs-bridge.team-a', 'ecs-bridge.team-b']);
    expect(sessionKeyOf({ ...ROLE, namespace: 'team-a' })).not.toBe(
      sessionKeyOf({ ...ROLE, namespace: 'team-b' }),
    );
    // No namespace (a scan, a probe) is a session of its own, not the empty namespace's.
    expect(sessionKeyOf(ROLE)).not.toBe(sessionKeyOf({ ...ROLE, namespace: '' }));
  });

  it('names the role and STS error on failure, and backs off before asking STS again', async () => {
    const { clock, sts, creds } = onFakeSts({
      instanceId: 'prod',
      failureBackoffMs: 1_000,
      maxFailureBackoffMs: 4_000,
    });
    sts.failWith = stsError('AccessDenied', 'User: x is not authorized to perform: sts:AssumeRole');
    const err = await creds.credentialsFor(ROLE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AssumeRoleError);
    expect((err as Error).message).toBe(
      `assuming role ${ROLE.roleArn} failed: STS answered AccessDenied: User: x is not authorized to perform: sts:AssumeRole`,
    );
    expect(classifyAwsError(err).kind).toBe('accessDenied');
    await expect(creds.credentialsFor(ROLE)).rejects.toBe(err); // within the backoff: no STS call
    expect(sts.asks).toHaveLength(1);
    clock.advance(1_000);
    await expect(creds.credentialsFor(ROLE)).rejects.toBeInstanceOf(AssumeRoleError);
    expect(sts.asks).toHaveLength(2);
    clock.advance(1_999); // the backoff doubled to 2 s
    await expect(creds.credentialsFor(ROLE)).rejects.toBeInstanceOf(AssumeRoleError);
    expect(sts.asks).toHaveLength(2);
    sts.failWith = undefined;
    clock.advance(1);
    expect((await creds.credentialsFor(ROLE)).accessKeyId).toBe('ASIA3');
  });

  it('keeps a throttled STS answer retryable', async () => {
    const { sts, creds } = onFakeSts({ instanceId: 'prod' });
    sts.failWith = Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
    const err = await creds.credentialsFor(ROLE).catch((e: unknown) => e);
    expect(classifyAwsError(err).kind).toBe('throttled');
  });

  it('tells the SDK an expiration that makes it ask again when the refresh margin begins', async () => {
    const { clock, sts, creds: provider } = onFakeSts({ instanceId: 'p', refreshMarginMs: 895_000 }, 900_000);
    // The SDK renews 5 min before the expiration it is told: 5 s from now, when the margin begins.
    expect((await provider.providerFor(ROLE)()).expiration.getTime()).toBe(5_000 + 300_000);
    const small = new AssumedRoleCredentials({
      sts,
      instanceId: 'p',
      refreshMarginMs: 60_000,
      now: () => clock.now(),
    });
    // A margin under the SDK's window: the real expiration (the SDK then asks, the cache answers).
    expect((await small.providerFor(ROLE)()).expiration.getTime()).toBe(900_000);
  });

  it('reads the account of a role ARN', () => {
    expect(accountOfRoleArn(ROLE.roleArn)).toBe('222222222222');
    expect(accountOfRoleArn('arn:aws:iam::nope:role/x')).toBeUndefined();
  });
});
