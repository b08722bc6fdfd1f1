/**
 * Every manifest in examples/ (scenarios 1 to 9 that ecs-bridge serves) converges in the world
 * with the operator running as users run it: the examples are what the README promises, and this
 * is the proof. The files are applied as written: example-fixtures.ts makes the emulator hold the
 * ids they name, as the sandbox does. Every service runs in a cluster an EcsCluster of the examples
 * makes (nothing creates a cluster behind the operator's back). The operator enforces access
 * policies, as installs do by default: examples/tenancy's put two teams in two AWS accounts (moto
 * plays both) and every other example in the operator's own. Scenario 8 is one kustomize base with
 * three overlays: each overlay is built with kubectl's kustomize and applied as built. Then
 * `ecs-bridge plan` against that world must find nothing to change: the files and what runs agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { installCrds, kubectl } from '../support/crds.js';
import { waitForReady, type OurPlural } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { kubeConfig, worldControl, worldInfo } from '../support/world-client.js';
import { createExampleFixtures, loadExamples, managedClusters } from '../world/example-fixtures.js';
import { runCli } from '../support/cli.js';
import { WORLD_CREDENTIALS } from '../world/world.js';
import { waitFor } from '../world/wait.js';

const examplesDir = resolve(import.meta.dirname, '..', '..', 'examples');
const examples = loadExamples(examplesDir, worldInfo().kubectl);
const pluralOf = (kind: string): OurPlural =>
  kind === 'EcsService'
    ? 'ecsservices'
    : kind === 'EcsCluster'
      ? 'ecsclusters'
      : kind === 'EcsTaskRun'
        ? 'ecstaskruns'
        : kind === 'EcsTaskTrigger'
          ? 'ecstasktriggers'
          : 'ecstaskdefinitions';
const scenario8 = join('scenario-8-environments', 'overlays');
const POLICY = 'EcsAccessPolicy';
/** The objects that converge in AWS (policies are cluster-scoped and only reported on). */
const converging = examples.filter((o) => o.kind !== POLICY);
/** examples/tenancy: each team's namespace and the account its policy's role is in. */
const TEAMS = [
  ['team-a', '111111111111'],
  ['team-b', '222222222222'],
] as const;

interface PolicyStatus {
  account?: string;
  conditions?: { type: string; status: string; reason: string; message: string }[];
}

describe('examples/', () => {
  let operator: OperatorProcess;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    await createExampleFixtures(examples, worldInfo().motoUrl, WORLD_CREDENTIALS);
    const core = kubeConfig().makeApiClient(CoreV1Api);
    for (const namespace of [...new Set(examples.map((o) => o.namespace))]) {
      await core.createNamespace({ body: { metadata: { name: namespace } } }).catch((err: unknown) => {
        if ((err as { code?: number }).code !== 409) throw err;
      });
    }
    operator = await startOperator({
      args: [
        `--namespaces=${[...new Set(examples.map((o) => o.namespace))].join(',')}`,
        '--access-policies=required',
      ],
    });
    for (const namespace of [...new Set(examples.map((o) => o.namespace))]) {
      const docs = examples.filter((o) => o.namespace === namespace).map((o) => stringify(o.body));
      await kubectl(['apply', '-n', namespace, '-f', '-'], docs.join('---\n'));
    }
  });

  afterAll(async () => {
    await operator?.stop();
    // The policies are cluster-scoped: the platform one selects every other namespace, so left in
    // place it would allow what the next test file's namespaces are meant to be refused.
    const policies = examples.filter((o) => o.kind === POLICY).map((o) => o.name);
    if (policies.length > 0)
      await kubectl(['delete', 'ecsaccesspolicies', ...policies, '--ignore-not-found']).catch(
        () => undefined,
      );
  });

  it('covers every scenario ecs-bridge serves (1 to 10)', () => {
    const scenarios = new Set(examples.flatMap((o) => /scenario-(\d+)/.exec(o.file)?.[1] ?? []));
    // Scenario 7 is a task definition (full-app.yaml, used by scenario 9's service).
    expect([...scenarios].sort()).toEqual(['1', '10', '2', '3', '4', '5', '6', '8', '9']);
    expect(examples.some((o) => o.file === join('task-definitions', 'full-app.yaml'))).toBe(true);
  });

  it('every service refers to an EcsCluster of the examples, in its own namespace', () => {
    const services = examples.filter((o) => o.kind === 'EcsService');
    expect(services.length).toBeGreaterThan(0);
    for (const s of services) {
      const spec = s.body.spec as { cluster?: string; clusterRef?: { name: string } };
      expect(spec.cluster, `${s.file}: ${s.name}`).toBeUndefined();
      const ref = spec.clusterRef?.name;
      expect(
        examples.some((c) => c.kind === 'EcsCluster' && c.namespace === s.namespace && c.name === ref),
        `${s.file}: ${s.namespace}/${s.name} clusterRef ${ref}`,
      ).toBe(true);
    }
  });

  it('scenario 8 is one base built by three overlays: same objects, one cluster per environment', () => {
    const built = examples.filter((o) => o.file.startsWith(scenario8));
    const environments = ['dev', 'prod', 'staging'];
    expect([...new Set(built.map((o) => o.namespace))].sort()).toEqual(environments);
    for (const env of environments) {
      const objects = built.filter((o) => o.namespace === env);
      expect(objects.map((o) => `${o.kind}/${o.name}`).sort()).toEqual([
        'EcsCluster/web',
        'EcsService/web',
        'EcsTaskDefinition/sample-fargate',
      ]);
    }
    // Distinct ECS clusters; prod in its own Region, the service following its cluster there.
    expect(managedClusters(built)).toEqual([
      'us-east-1/web-dev',
      'us-east-1/web-staging',
      'us-west-2/web-prod',
    ]);
    expect(built.filter((o) => o.namespace === 'prod').map((o) => o.region)).toEqual([
      'us-west-2',
      'us-west-2',
      'us-west-2',
    ]);
  });

  it.each(converging.map((o) => [`${o.kind} ${o.namespace}/${o.name} (${o.file})`, o] as const))(
    '%s becomes Ready',
    async (_label, obj) => {
      const ready = await waitForReady(pluralOf(obj.kind), obj.namespace, obj.name, 120_000);
      expect(ready.status?.observedGeneration).toBe(ready.metadata.generation);
    },
  );

  it('every ECS cluster the services run in was made by the operator from an EcsCluster', async () => {
    for (const o of examples.filter((e) => e.kind === 'EcsService')) {
      const svc = await waitForReady('ecsservices', o.namespace, o.name, 120_000);
      const status = svc.status as { cluster?: string; region?: string } | undefined;
      const ref = (o.body.spec as { clusterRef: { name: string } }).clusterRef.name;
      const cluster = await waitForReady('ecsclusters', o.namespace, ref, 120_000);
      const made = cluster.status as { clusterArn?: string } | undefined;
      expect(made?.clusterArn, `${o.namespace}/${ref}`).toMatch(/^arn:aws:ecs:[a-z0-9-]+:\d{12}:cluster\//);
      expect(status?.cluster, `${o.namespace}/${o.name}`).toBe(made?.clusterArn);
    }
  });

  it('two teams in two accounts: each policy assumed its role, each team converged in its account', async () => {
    const names = examples.filter((o) => o.kind === POLICY).map((o) => o.name);
    expect(names.sort()).toEqual(['platform', 'team-a', 'team-b']);
    for (const name of names) {
      const status = await waitFor(
        async () => {
          const out = await kubectl(['get', 'ecsaccesspolicy', name, '-o', 'json']);
          const s = (JSON.parse(out) as { status?: PolicyStatus }).status ?? {};
          const ready = s.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
          return ready && (name === 'platform' || s.account !== undefined) ? s : undefined;
        },
        { timeoutMs: 60_000, what: `EcsAccessPolicy ${name} enforced and its role assumed` },
      );
      const team = TEAMS.find(([ns]) => ns === name);
      expect(status.account, name).toBe(team?.[1]);
    }
    for (const [ns, account] of TEAMS) {
      const cluster = await waitForReady('ecsclusters', ns, 'web', 120_000);
      const td = await waitForReady('ecstaskdefinitions', ns, 'web', 120_000);
      const svc = await waitForReady('ecsservices', ns, 'web', 120_000);
      const arns = [
        (cluster.status as { clusterArn?: string } | undefined)?.clusterArn,
        (td.status as { taskDefinitionArn?: string } | undefined)?.taskDefinitionArn,
        (svc.status as { serviceArn?: string } | undefined)?.serviceArn,
      ];
      // Same names (`web`) in both teams, each in its own account.
      for (const arn of arns) expect(arn, ns).toMatch(new RegExp(`^arn:aws:ecs:us-east-1:${account}:`));
    }
  });

  it('plan -f examples/ finds nothing to change once they are Ready, clusters included', async () => {
    for (const o of converging) await waitForReady(pluralOf(o.kind), o.namespace, o.name, 120_000);
    const run = await runCli(['plan', '-f', examplesDir, '--output', 'json'], { timeoutMs: 120_000 });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const report = JSON.parse(run.stdout) as {
      objects: { kind: string; verdict: string }[];
      skipped: { kind: string; source: string }[];
    };
    // The CLI does not plan policies: it reports them as skipped. An EcsTaskRun the cluster holds
    // already ran (or runs): its plan starts nothing.
    const unplanned = [POLICY];
    const planned = converging.filter((o) => !o.file.startsWith(scenario8) && !unplanned.includes(o.kind));
    expect(report.objects.map((e) => `${e.kind}:${e.verdict}`).sort()).toEqual(
      planned.map((o) => `${o.kind}:nothing`).sort(),
    );
    expect(new Set(report.skipped.map((s) => s.kind.slice(s.kind.lastIndexOf('/') + 1)))).toEqual(
      new Set([...unplanned, 'kustomization']),
    );
    // Scenario 8's base and overlays are kustomize inputs, not objects: reported, not read.
    expect(report.skipped.filter((s) => s.kind === 'kustomization').map((s) => s.source)).toHaveLength(4);
  });

  it.each(['dev', 'staging', 'prod'])(
    'plan of what overlays/%s builds finds nothing to change',
    async (env) => {
      const built = await kubectl(['kustomize', join(examplesDir, scenario8, env)]);
      const file = join(mkdtempSync(join(tmpdir(), 'ecs-bridge-overlay-')), `${env}.yaml`);
      writeFileSync(file, built);
      const run = await runCli(['plan', '-f', file], { timeoutMs: 120_000 });
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toContain('No changes: AWS matches the manifests.');
    },
  );
});
