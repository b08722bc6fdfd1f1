/**
 * Several AWS accounts through EcsAccessPolicy `spec.roleArn` (ADR 0030), with the operator running
 * as users run it against the real API server and moto behind our proxy. moto keeps one state per
 * account and derives the account of a call from its access key: AssumeRole issues keys in the
 * role's account (moto/sts/models.py `assume_role`, moto/iam/models.py `get_account_id_from`), and
 * the proxy forwards the signed request unchanged, so each namespace's objects land in their
 * role's account. The test reads each account directly (keys of that account from moto's STS):
 * two namespaces with objects of the same name land in two accounts and nothing crosses; a second
 * Region in one account; credentials renewed before they expire while the objects keep converging;
 * and a role STS refuses, which stalls its namespace's objects with a condition naming the role and
 * STS's error, and no AWS write.
 *
 * A role that cannot be assumed is played by the proxy as STS answers it (HTTP 403, `AccessDenied`,
 * "User: … is not authorized to perform: sts:AssumeRole on resource: …"; see
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html, Errors, and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_roles.html): moto assumes any role,
 * existing or not, so the refusal of a trust policy is a fault rule on that role's AssumeRole.
 */
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { CreateClusterCommand } from '@aws-sdk/client-ecs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsAfter, proxyMark } from '../support/cli.js';
import { kubectl } from '../support/crds.js';
import { apply, condition, waitForReady, waitForResource } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import { startServiceOperator } from '../support/service-fixtures.js';
import { serviceAws, stopServiceOperator } from '../support/service-world.js';
import { taskDefinition } from '../support/task-definitions.js';
import { WORLD_CREDENTIALS } from '../world/world.js';
import { freshNamespace, proxyControl, worldInfo } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';

const suffix = randomBytes(3).toString('hex');
const ACCOUNT_A = '111111111111';
const ACCOUNT_B = '222222222222';
const ACCOUNT_C = '333333333333';
const DEFAULT_ACCOUNT = '123456789012';
const roleIn = (account: string, name: string): string => `arn:aws:iam::${account}:role/${name}`;
const ROLE_A = roleIn(ACCOUNT_A, `ecs-bridge-tenant-${suffix}`);
const ROLE_B = roleIn(ACCOUNT_B, `ecs-bridge-tenant-${suffix}`);
const ROLE_C = roleIn(ACCOUNT_C, `no-trust-${suffix}`);
const FAMILY = `web-${suffix}`;
const CLUSTER = `team-${suffix}`;
const OTHER_REGION = 'eu-west-1';

/** An ECS client acting in `account` (keys of that account from moto's STS), straight to moto. */
async function ecsIn(account: string, region = worldInfo().region): Promise<ECSClient> {
  const sts = new STSClient({
    region: worldInfo().region,
    endpoint: worldInfo().motoUrl,
    credentials: WORLD_CREDENTIALS,
  });
  try {
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleIn(account, 'test-reader'), RoleSessionName: 'test-reader' }),
    );
    const c = out.Credentials;
    if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined || c.SessionToken === undefined) {
      throw new Error('moto answered AssumeRole without credentials');
    }
    return new ECSClient({
      region,
      endpoint: worldInfo().motoUrl,
      maxAttempts: 1,
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
      },
    });
  } finally {
    sts.destroy();
  }
}

/** The ACTIVE revision of `family` in `account` and `region` with its tags, or undefined. */
async function revisionIn(
  account: string,
  family: string,
  region?: string,
): Promise<{ arn: string; image: string | undefined; owner: string | undefined } | undefined> {
  const ecs = account === DEFAULT_ACCOUNT ? defaultEcs(region) : await ecsIn(account, region);
  try {
    const out = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: family, include: ['TAGS'] }),
    );
    const td = out.taskDefinition;
    if (td?.taskDefinitionArn === undefined) return undefined;
    return {
      arn: td.taskDefinitionArn,
      image: td.containerDefinitions?.[0]?.image,
      owner: out.tags?.find((t) => t.key === 'ecs-bridge.dev/owner')?.value,
    };
  } catch (err) {
    // ECS answers ClientException for a family with no revision in this account and Region.
    if ((err as { name?: string }).name === 'ClientException') return undefined;
    throw err;
  } finally {
    ecs.destroy();
  }
}

function defaultEcs(region = worldInfo().region): ECSClient {
  return new ECSClient({
    region,
    endpoint: worldInfo().motoUrl,
    credentials: WORLD_CREDENTIALS,
    maxAttempts: 1,
  });
}

function ec2Spec(image: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    family: FAMILY,
    requiresCompatibilities: ['EC2'],
    networkMode: 'bridge',
    containerDefinitions: [{ name: 'app', image, memory: 128 }],
    ...extra,
  };
}

interface PolicyStatus {
  account?: string;
  conditions?: { type: string; status: string; reason: string; message: string }[];
}

/** Waits until a policy's status satisfies `ok`, and returns it. */
async function policyStatus(name: string, ok: (s: PolicyStatus) => boolean): Promise<PolicyStatus> {
  return waitFor(
    async () => {
      const out = await kubectl(['get', 'ecsaccesspolicy', name, '-o', 'json']);
      const status = (JSON.parse(out) as { status?: PolicyStatus }).status ?? {};
      return ok(status) ? status : undefined;
    },
    { timeoutMs: 30_000, what: `policy ${name}'s status` },
  );
}

function policy(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'ecs-bridge.dev/v1alpha1', kind: 'EcsAccessPolicy', metadata: { name }, spec };
}

describe('EcsAccessPolicy spec.roleArn: each namespace in its own AWS account', () => {
  let operator: OperatorProcess | undefined;
  let nsA: string;
  let nsB: string;
  let nsC: string;
  // A second namespace under role A: its own STS session (ADR 0030).
  let nsD: string;
  let startMark = 0;
  const policies = [`acct-a-${suffix}`, `acct-b-${suffix}`, `acct-c-${suffix}`] as const;
  let refusal: string | undefined;

  beforeAll(async () => {
    await serviceAws();
    nsA = await freshNamespace('acct-a');
    nsB = await freshNamespace('acct-b');
    nsC = await freshNamespace('acct-c');
    nsD = await freshNamespace('acct-d');
    // The ECS cluster of team A exists in account A only.
    const ecsA = await ecsIn(ACCOUNT_A);
    try {
      await ecsA.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    } finally {
      ecsA.destroy();
    }
    // Account C's role trusts nobody: STS refuses it, as it does a trust policy that does not
    // name the caller.
    refusal = (
      await proxyControl().addRule({
        service: 'sts',
        action: 'AssumeRole',
        bodyContains: encodeURIComponent(ROLE_C),
        fault: {
          kind: 'error',
          status: 403,
          code: 'AccessDenied',
          message: `User: arn:aws:iam::${DEFAULT_ACCOUNT}:user/ecs-bridge is not authorized to perform: sts:AssumeRole on resource: ${ROLE_C}`,
        },
        description: 'a role whose trust policy does not allow the operator (STS AccessDenied)',
      })
    ).id;
    await kubectl(
      ['apply', '-f', '-'],
      [
        policy(policies[0], {
          namespaces: { names: [nsA, nsD] },
          roleArn: ROLE_A,
          externalId: `ext-${suffix}`,
        }),
        // Short sessions: with the margin below, the operator renews B's credentials every ~5 s.
        policy(policies[1], { namespaces: { names: [nsB] }, roleArn: ROLE_B, sessionDurationSeconds: 900 }),
        policy(policies[2], { namespaces: { names: [nsC] }, roleArn: ROLE_C }),
      ]
        .map((p) => stringify(p))
        .join('---\n'),
    );
    startMark = await proxyMark();
    operator = await startServiceOperator(`${nsA},${nsB},${nsC},${nsD}`, {
      extraArgs: ['--access-policies=required', '--aws-assume-role-refresh-margin=895s'],
    });
  }, 120_000);

  afterAll(async () => {
    await stopServiceOperator(operator, 'multi-account');
    if (refusal !== undefined) await proxyControl().removeRule(refusal);
    await kubectl(['delete', 'ecsaccesspolicies', ...policies, '--ignore-not-found']).catch(() => undefined);
  });

  it('two namespaces with same-named objects land in two accounts, and nothing crosses', async () => {
    await apply(nsA, taskDefinition('web', ec2Spec('team-a:1')), {
      apiVersion: 'ecs-bridge.dev/v1alpha1',
      kind: 'EcsService',
      metadata: { name: 'web' },
      spec: { cluster: CLUSTER, desiredCount: 1, launchType: 'EC2', taskDefinitionRef: { name: 'web' } },
    });
    await apply(nsB, taskDefinition('web', ec2Spec('team-b:1')));
    const tdA = await waitForReady('ecstaskdefinitions', nsA, 'web');
    const tdB = await waitForReady('ecstaskdefinitions', nsB, 'web');
    await waitForReady('ecsservices', nsA, 'web');

    // Each namespace's revision is in its role's account, owned by its object, with its image.
    const inA = await revisionIn(ACCOUNT_A, FAMILY);
    const inB = await revisionIn(ACCOUNT_B, FAMILY);
    expect(inA).toMatchObject({ image: 'team-a:1', owner: `${nsA}/web` });
    expect(inA?.arn).toContain(`:${ACCOUNT_A}:task-definition/${FAMILY}:1`);
    expect(inB).toMatchObject({ image: 'team-b:1', owner: `${nsB}/web` });
    expect(inB?.arn).toContain(`:${ACCOUNT_B}:task-definition/${FAMILY}:1`);
    // Both revision 1: neither namespace saw (or squatted) the other's family.
    expect((tdA as { status?: { taskDefinitionArn?: string } }).status?.taskDefinitionArn).toBe(inA?.arn);
    expect((tdB as { status?: { taskDefinitionArn?: string } }).status?.taskDefinitionArn).toBe(inB?.arn);
    // Nothing in the operator's own account.
    expect(await revisionIn(DEFAULT_ACCOUNT, FAMILY)).toBeUndefined();
    // The policies report that their roles could be assumed, and in which account.
    const statusA = await policyStatus(policies[0], (p) => p.account !== undefined);
    expect(statusA.account).toBe(ACCOUNT_A);
    expect(statusA.conditions?.find((c) => c.type === 'RoleAssumed')).toMatchObject({
      status: 'True',
      message: `assumed ${ROLE_A}`,
    });

    // The service runs in account A's cluster; account B has no such cluster.
    const ecsA = await ecsIn(ACCOUNT_A);
    const ecsB = await ecsIn(ACCOUNT_B);
    try {
      const a = await ecsA.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['web'] }));
      expect(a.services?.[0]?.taskDefinition).toBe(inA?.arn);
      const b = await ecsB.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['web'] })).then(
        (out) => out.services ?? [],
        (err: unknown) => (err as { name?: string }).name,
      );
      expect(b).toBe('ClusterNotFoundException');
    } finally {
      ecsA.destroy();
      ecsB.destroy();
    }
  });

  it('two namespaces under one role act through two sessions, each named and tagged after its namespace', async () => {
    const family = `${FAMILY}-d`;
    await apply(nsD, taskDefinition('web-d', ec2Spec('team-d:1', { family })));
    await waitForReady('ecstaskdefinitions', nsD, 'web-d');
    // Namespace D's revision is in role A's account, owned by its own object.
    expect(await revisionIn(ACCOUNT_A, family)).toMatchObject({ image: 'team-d:1', owner: `${nsD}/web-d` });

    // What CloudTrail would show of each AssumeRole of role A: its session name and session tags.
    const sessions = (await callsAfter(startMark))
      .filter((c) => c.service === 'sts' && c.action === 'AssumeRole' && c.status === 200)
      .map((c) => (c.params ?? {}) as Record<string, string>)
      .filter((p) => p['RoleArn'] === ROLE_A)
      .map((p) => {
        const tags: Record<string, string> = {};
        for (let i = 1; p[`Tags.member.${i}.Key`] !== undefined; i += 1) {
          tags[p[`Tags.member.${i}.Key`] ?? ''] = p[`Tags.member.${i}.Value`] ?? '';
        }
        return { name: p['RoleSessionName'], sourceIdentity: p['SourceIdentity'], tags };
      });
    for (const ns of [nsA, nsD]) {
      const session = sessions.find((x) => x.name === `ecs-bridge.${ns}`);
      expect(
        sessions.map((x) => x.name),
        `an AssumeRole of role A for namespace ${ns}`,
      ).toContain(`ecs-bridge.${ns}`);
      expect(session?.tags).toMatchObject({
        'ecs-bridge.dev/namespace': ns,
        'ecs-bridge.dev/access-policy': policies[0],
      });
      // The install's instance id, the same on every session (the source identity carries it too).
      expect(session?.tags['ecs-bridge.dev/instance']).toMatch(/\S/);
      expect(new Set(sessions.map((x) => x.tags['ecs-bridge.dev/instance']))).toEqual(
        new Set([session?.tags['ecs-bridge.dev/instance']]),
      );
      expect(session?.sourceIdentity).toMatch(/^ecs-bridge\./);
    }
    // Every session of role A names one of its two namespaces or, for work that is no namespace's
    // (the Region-wide scans, the policy's role probe), the policy.
    for (const session of sessions) {
      expect([`ecs-bridge.${nsA}`, `ecs-bridge.${nsD}`, `ecs-bridge.${policies[0]}`]).toContain(session.name);
    }
  });

  it('a second Region in the same account', async () => {
    await apply(
      nsB,
      taskDefinition('web-eu', ec2Spec('team-b-eu:1', { family: `${FAMILY}-eu`, region: OTHER_REGION })),
    );
    await waitForReady('ecstaskdefinitions', nsB, 'web-eu');
    const eu = await revisionIn(ACCOUNT_B, `${FAMILY}-eu`, OTHER_REGION);
    expect(eu?.arn).toBe(`arn:aws:ecs:${OTHER_REGION}:${ACCOUNT_B}:task-definition/${FAMILY}-eu:1`);
    expect(await revisionIn(ACCOUNT_B, `${FAMILY}-eu`)).toBeUndefined();
    expect(await revisionIn(ACCOUNT_A, `${FAMILY}-eu`, OTHER_REGION)).toBeUndefined();
  });

  it('renews the credentials before they expire, and the objects keep converging', async () => {
    const mark = await proxyMark();
    // 900 s sessions renewed 895 s before expiry: credentials older than ~5 s are renewed at their
    // next use. Renewal is on demand, so keep changing the object until two renewals were needed.
    let version = 1;
    await waitFor(
      async () => {
        version += 1;
        await apply(nsB, taskDefinition('web', ec2Spec(`team-b:${version}`)));
        const image = `team-b:${version}`;
        await waitFor(
          async () => ((await revisionIn(ACCOUNT_B, FAMILY))?.image === image ? true : undefined),
          {
            timeoutMs: 30_000,
            what: `team B's ${image} in account B`,
          },
        );
        const assumes = (await callsAfter(mark)).filter(
          (c) =>
            c.service === 'sts' && c.action === 'AssumeRole' && JSON.stringify(c.params).includes(ROLE_B),
        );
        return assumes.length >= 2 ? assumes : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 2_000, what: "two renewals of team B's role credentials" },
    );
    const latest = await revisionIn(ACCOUNT_B, FAMILY);
    expect(latest?.image).toBe(`team-b:${version}`);
    expect(latest?.arn).toContain(`:${ACCOUNT_B}:task-definition/${FAMILY}:${version}`);
    expect((await revisionIn(ACCOUNT_A, FAMILY))?.image).toBe('team-a:1');
    // Account A's one-hour session is not renewed in this time.
    const assumesA = (await callsAfter(mark)).filter(
      (c) => c.service === 'sts' && c.action === 'AssumeRole' && JSON.stringify(c.params).includes(ROLE_A),
    );
    expect(assumesA).toEqual([]);
  });

  it('an unassumable role stalls its objects with the role and STS error, and writes nothing', async () => {
    const mark = await proxyMark();
    await apply(nsC, taskDefinition('web', ec2Spec('team-c:1', { family: `${FAMILY}-c` })));
    const r = await waitForResource(
      'ecstaskdefinitions',
      nsC,
      'web',
      (x) => condition(x, 'Stalled')?.status === 'True',
      { what: 'to stall on the role that cannot be assumed' },
    );
    const stalled = condition(r, 'Stalled');
    expect(stalled?.reason).toBe('AccessDenied');
    expect(stalled?.message).toContain(`assuming role ${ROLE_C} failed: STS answered AccessDenied`);
    expect(condition(r, 'Ready')?.status).toBe('False');
    const calls = await callsAfter(mark);
    expect(calls.filter((c) => c.service === 'ecs' && c.action === 'RegisterTaskDefinition')).toEqual([]);
    // STS was asked, and refused: the proxy's rule answered for the role.
    expect(calls.some((c) => c.service === 'sts' && c.action === 'AssumeRole' && c.status === 403)).toBe(
      true,
    );

    // The policy says so too.
    const statusC = await policyStatus(policies[2], (p) =>
      (p.conditions ?? []).some((c) => c.type === 'RoleAssumed'),
    );
    expect(statusC.account).toBeUndefined();
    expect(statusC.conditions?.find((c) => c.type === 'RoleAssumed')).toMatchObject({
      status: 'False',
      reason: 'AssumeRoleFailed',
    });
    expect(statusC.conditions?.find((c) => c.type === 'RoleAssumed')?.message).toContain(
      `assuming role ${ROLE_C} failed: STS answered AccessDenied`,
    );

    // Once the role's trust policy lets the operator in, a policy change converges the object.
    if (refusal !== undefined) await proxyControl().removeRule(refusal);
    refusal = undefined;
    // A policy event wakes the refused object; touch it until the credential cache's backoff
    // (5 s, doubling) has passed and the next AssumeRole succeeds.
    await waitFor(
      async () => {
        await kubectl(['annotate', 'ecsaccesspolicy', policies[2], `touched=${Date.now()}`, '--overwrite']);
        const now = await waitForResource('ecstaskdefinitions', nsC, 'web', () => true);
        return condition(now, 'Ready')?.status === 'True' ? true : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 3_000, what: 'the once refused object to converge in account C' },
    );
    expect((await revisionIn(ACCOUNT_C, `${FAMILY}-c`))?.owner).toBe(`${nsC}/web`);
  });

  it('the documented multi-account policies are valid, and a role setting without a role is refused', async () => {
    const file = new URL('../../docs/examples/multi-account-policies.yaml', import.meta.url).pathname;
    const out = await kubectl(['apply', '--dry-run=server', '-f', file]);
    expect(out).toContain('ecsaccesspolicy.ecs-bridge.dev/payments-prod created (server dry run)');
    expect(out).toContain('ecsaccesspolicy.ecs-bridge.dev/web-prod created (server dry run)');
    const bad = policy(`no-role-${suffix}`, { namespaces: { names: [nsA] }, externalId: 'x-1' });
    const refused = await kubectl(['apply', '--dry-run=server', '-f', '-'], stringify(bad)).then(
      () => 'accepted',
      (err: unknown) => String(err),
    );
    expect(refused).toContain('spec.externalId and spec.sessionDurationSeconds apply to an assumed role');
  });
});
