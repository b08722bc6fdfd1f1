/**
 * `ecs-bridge import` and `plan` per account (ADR 0030): with no flag, a terminal command reads AWS
 * as the role of the EcsAccessPolicy selecting the namespace, read from the cluster as the operator
 * reads it, so a namespace in account A imports and plans account A, and one in account B account
 * B. Two namespaces, two policies naming roles in two moto accounts, one cluster name in both
 * accounts with different services; no operator runs. The proxy's call log, counted per account
 * (the account of each call's access key), shows every ECS read of a command in its namespace's
 * account, and none a write. `--role-arn` names the role outright.
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsAfter, isReadAction, proxyMark, runCli } from '../support/cli.js';
import { installCrds, kubectl } from '../support/crds.js';
import { freshNamespace, worldControl, worldInfo } from '../support/world-client.js';
import { WORLD_CREDENTIALS } from '../world/world.js';

const suffix = randomBytes(3).toString('hex');
const ACCOUNT_A = '111111111111';
const ACCOUNT_B = '222222222222';
const roleIn = (account: string, name: string): string => `arn:aws:iam::${account}:role/${name}`;
const ROLE_A = roleIn(ACCOUNT_A, `ecs-bridge-tenant-${suffix}`);
const ROLE_B = roleIn(ACCOUNT_B, `ecs-bridge-tenant-${suffix}`);
const CLUSTER = `shop-${suffix}`;

/** Makes, in `account` (keys of that account from moto's STS, straight to moto), a service by hand. */
async function handMadeService(account: string, service: string): Promise<void> {
  const sts = new STSClient({
    region: worldInfo().region,
    endpoint: worldInfo().motoUrl,
    credentials: WORLD_CREDENTIALS,
  });
  const out = await sts.send(
    new AssumeRoleCommand({ RoleArn: roleIn(account, 'test-fixtures'), RoleSessionName: 'fixtures' }),
  );
  sts.destroy();
  const c = out.Credentials;
  const ecs = new ECSClient({
    region: worldInfo().region,
    endpoint: worldInfo().motoUrl,
    credentials: {
      accessKeyId: c?.AccessKeyId ?? '',
      secretAccessKey: c?.SecretAccessKey ?? '',
      sessionToken: c?.SessionToken ?? '',
    },
  });
  try {
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    const td = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: `${service}-${suffix}`,
        requiresCompatibilities: ['EC2'],
        networkMode: 'bridge',
        containerDefinitions: [{ name: 'app', image: `${service}:1`, memory: 128 }],
      }),
    );
    await ecs.send(
      new CreateServiceCommand({
        cluster: CLUSTER,
        serviceName: service,
        taskDefinition: td.taskDefinition?.taskDefinitionArn,
        desiredCount: 1,
        launchType: 'EC2',
      }),
    );
  } finally {
    ecs.destroy();
  }
}

/** The accounts of the ECS calls after `mark`, and whether any was a write. */
async function ecsAccountsAfter(mark: number): Promise<{ accounts: string[]; writes: string[] }> {
  const calls = (await callsAfter(mark)).filter((c) => c.service === 'ecs');
  return {
    accounts: [...new Set(calls.map((c) => c.account ?? 'unsigned'))].sort(),
    writes: calls.filter((c) => !isReadAction(c.action)).map((c) => c.action),
  };
}

describe('plan and import read the namespace’s account', () => {
  let nsA: string;
  let nsB: string;
  const policies = [`cli-a-${suffix}`, `cli-b-${suffix}`];
  const dirA = mkdtempSync(join(tmpdir(), 'ecsb-cli-a-'));

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    nsA = await freshNamespace('cli-acct-a');
    nsB = await freshNamespace('cli-acct-b');
    await kubectl(['label', 'namespace', nsB, `tenant=b-${suffix}`]);
    await handMadeService(ACCOUNT_A, 'web');
    await handMadeService(ACCOUNT_B, 'api');
    await kubectl(
      ['apply', '-f', '-'],
      [
        { metadata: { name: policies[0] }, spec: { namespaces: { names: [nsA] }, roleArn: ROLE_A } },
        {
          metadata: { name: policies[1] },
          spec: { namespaces: { selector: { matchLabels: { tenant: `b-${suffix}` } } }, roleArn: ROLE_B },
        },
      ]
        .map((p) => stringify({ apiVersion: 'ecs-bridge.dev/v1alpha1', kind: 'EcsAccessPolicy', ...p }))
        .join('---\n'),
    );
  }, 120_000);

  afterAll(async () => {
    await kubectl(['delete', 'ecsaccesspolicies', ...policies, '--ignore-not-found']).catch(() => undefined);
  });

  it('import lists and reads the services of its namespace’s account only', async () => {
    const markA = await proxyMark();
    const a = await runCli(['import', '--cluster', CLUSTER, '--all', '-n', nsA, '--out', dirA], {
      timeoutMs: 120_000,
    });
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).toContain(`reading namespace ${nsA} as ${ROLE_A} (EcsAccessPolicy ${policies[0]})`);
    expect(readdirSync(dirA)).toContain('web.yaml');
    expect(await ecsAccountsAfter(markA)).toEqual({ accounts: [ACCOUNT_A], writes: [] });

    // The same cluster name, from the namespace selected by labels: account B's service.
    const markB = await proxyMark();
    const b = await runCli(['import', '--cluster', CLUSTER, '--all', '-n', nsB], { timeoutMs: 120_000 });
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toContain(`reading namespace ${nsB} as ${ROLE_B}`);
    expect(b.stdout).toContain('name: api');
    expect(b.stdout).not.toContain('name: web');
    expect(await ecsAccountsAfter(markB)).toEqual({ accounts: [ACCOUNT_B], writes: [] });
  });

  it('plan reads its namespace’s account: what import wrote for A is no change there, and not in B', async () => {
    const mark = await proxyMark();
    const inA = await runCli(['plan', '-f', dirA, '-n', nsA]);
    expect(inA.code, `${inA.stdout}\n${inA.stderr}`).toBe(0);
    expect(inA.stderr).toContain(`reading namespace ${nsA} as ${ROLE_A}`);
    expect(await ecsAccountsAfter(mark)).toEqual({ accounts: [ACCOUNT_A], writes: [] });

    // Read as account B's role: the service `web` is not there, so the plan would change something.
    const markB = await proxyMark();
    const inB = await runCli(['plan', '-f', dirA, '-n', nsA, '--role-arn', ROLE_B]);
    expect(inB.stderr).toContain(`reading AWS as ${ROLE_B} (--role-arn)`);
    expect(inB.code, `${inB.stdout}\n${inB.stderr}`).not.toBe(0);
    expect(await ecsAccountsAfter(markB)).toEqual({ accounts: [ACCOUNT_B], writes: [] });
  });

  it('plan reads each namespace of one set of manifests in its own account', async () => {
    const both = join(mkdtempSync(join(tmpdir(), 'ecsb-cli-ab-')), 'both.yaml');
    const svc = (ns: string, name: string) => ({
      apiVersion: 'ecs-bridge.dev/v1alpha1',
      kind: 'EcsService',
      metadata: { name, namespace: ns },
      spec: {
        cluster: CLUSTER,
        taskDefinition: `${name}-${suffix}:1`,
        desiredCount: 1,
        launchType: 'EC2',
        adopt: true,
      },
    });
    writeFileSync(both, [svc(nsA, 'web'), svc(nsB, 'api')].map((d) => stringify(d)).join('---\n'));
    const mark = await proxyMark();
    const run = await runCli(['plan', '-f', both, '-o', 'json']);
    expect(run.stderr).toContain(`reading namespace ${nsA} as ${ROLE_A}`);
    expect(run.stderr).toContain(`reading namespace ${nsB} as ${ROLE_B}`);
    // Each service found (adopted as it is) in its own account: nothing to create in either.
    const report = JSON.parse(run.stdout) as { objects: { name: string; verdict: string }[] };
    expect(report.objects.map((o) => o.verdict)).not.toContain('create');
    const calls = (await callsAfter(mark)).filter(
      (c) => c.service === 'ecs' && c.action === 'DescribeServices',
    );
    const byAccount = (account: string): string =>
      JSON.stringify(calls.filter((c) => c.account === account).map((c) => c.params));
    expect(byAccount(ACCOUNT_A)).toContain('"web"');
    expect(byAccount(ACCOUNT_A)).not.toContain('"api"');
    expect(byAccount(ACCOUNT_B)).toContain('"api"');
    expect(byAccount(ACCOUNT_B)).not.toContain('"web"');
  });
});
