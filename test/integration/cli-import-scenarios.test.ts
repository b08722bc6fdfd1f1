/**
 * `ecs-bridge import` on every scenario of examples/ (1 to 9), made into services that ecs-bridge
 * does not own: the examples are applied with deletionPolicy Retain, converge, and are deleted (the
 * operator removes its tags from the services and leaves them running), and the ecs-bridge tags are
 * then stripped from their task definition revisions in the emulator. What is left is what a team
 * brings from the console or Terraform (the EcsClusters, Retained too, leave their clusters, whose
 * ecs-bridge tags are stripped the same way). Importing each cluster (an EcsCluster, its task
 * definitions and services) and applying the output in fresh namespaces makes every object Ready
 * with zero AWS writes at the proxy.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import {
  DescribeClustersCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { TAG_KEYS } from '../../src/resources/api-group.js';
import { callsAfter, isReadAction, proxyMark, runCli } from '../support/cli.js';
import { installCrds, kubectl } from '../support/crds.js';
import { waitForGone, waitForReady } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { kubeConfig, worldControl, worldInfo } from '../support/world-client.js';
import { createExampleFixtures, loadExamples } from '../world/example-fixtures.js';
import { WORLD_CREDENTIALS } from '../world/world.js';

const examplesDir = resolve(import.meta.dirname, '..', '..', 'examples');
/**
 * What `import` takes: the services, their task definitions and clusters. The two teams of
 * examples/tenancy/ live in other accounts behind their policies (multi-account.test.ts and
 * cli-accounts.test.ts import across accounts); task runs and triggers are not imported.
 */
const IMPORTED_KINDS = new Set(['EcsService', 'EcsTaskDefinition', 'EcsCluster']);
const examples = loadExamples(examplesDir, worldInfo().kubectl).filter(
  (o) => IMPORTED_KINDS.has(o.kind) && !o.file.startsWith('tenancy/'),
);
const pluralOf = (kind: string): 'ecsservices' | 'ecstaskdefinitions' | 'ecsclusters' =>
  kind === 'EcsService' ? 'ecsservices' : kind === 'EcsCluster' ? 'ecsclusters' : 'ecstaskdefinitions';

/** The ECS cluster a service of the examples runs in: its EcsCluster's name in ECS. */
function clusterOf(o: (typeof examples)[number]): string | undefined {
  const spec = o.body.spec as { cluster?: string; clusterRef?: { name: string } };
  if (spec.clusterRef === undefined) return spec.cluster;
  const c = examples.find(
    (x) => x.kind === 'EcsCluster' && x.namespace === o.namespace && x.name === spec.clusterRef?.name,
  );
  return (c?.body.spec as { clusterName?: string } | undefined)?.clusterName ?? c?.name;
}

interface Target {
  readonly region: string;
  readonly cluster: string;
  readonly namespace: string;
  readonly dir: string;
}

describe('ecs-bridge import: every scenario, applied with zero AWS writes', () => {
  let operator: OperatorProcess | undefined;
  const targets: Target[] = [];
  const families = new Set<string>();

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    await createExampleFixtures(examples, worldInfo().motoUrl, WORLD_CREDENTIALS);
    const bodies = examples.map((o) => ({ o, body: o.body }));
    for (const { o, body } of bodies) {
      const spec = body.spec as { family?: string };
      const cluster = o.kind === 'EcsService' ? clusterOf(o) : undefined;
      if (cluster !== undefined) {
        const region = o.region;
        const key = `${region}/${cluster}`;
        if (!targets.some((t) => `${t.region}/${t.cluster}` === key)) {
          targets.push({
            region,
            cluster,
            namespace: `imported-${targets.length}`,
            dir: mkdtempSync(join(tmpdir(), 'ecs-bridge-import-all-')),
          });
        }
      }
      if (o.kind === 'EcsTaskDefinition') families.add(spec.family ?? o.name);
    }
    const namespaces = [
      ...new Set([...examples.map((o) => o.namespace), ...targets.map((t) => t.namespace)]),
    ];
    const core = kubeConfig().makeApiClient(CoreV1Api);
    for (const namespace of namespaces) {
      await core.createNamespace({ body: { metadata: { name: namespace } } }).catch((err: unknown) => {
        if ((err as { code?: number }).code !== 409) throw err;
      });
    }
    operator = await startOperator({ args: [`--namespaces=${namespaces.join(',')}`] });

    // The scenarios as a team would have them: running, and not ecs-bridge's.
    for (const namespace of new Set(examples.map((o) => o.namespace))) {
      const docs = bodies
        .filter(({ o }) => o.namespace === namespace)
        .map(({ body }) => {
          const b = structuredClone(body) as { spec: Record<string, unknown> };
          b.spec.deletionPolicy = 'Retain';
          return stringify(b);
        });
      await kubectl(['apply', '-n', namespace, '-f', '-'], docs.join('---\n'));
    }
    for (const o of examples) await waitForReady(pluralOf(o.kind), o.namespace, o.name, 180_000);
    for (const o of examples.filter((x) => x.kind === 'EcsService')) {
      await kubectl(['delete', 'ecsservice', o.name, '-n', o.namespace, '--wait=false']);
    }
    for (const o of examples.filter((x) => x.kind === 'EcsService')) {
      await waitForGone('ecsservices', o.namespace, o.name, 120_000);
    }
    for (const o of examples.filter((x) => x.kind === 'EcsTaskDefinition')) {
      await kubectl(['delete', 'ecstaskdefinition', o.name, '-n', o.namespace, '--wait=false']);
    }
    for (const o of examples.filter((x) => x.kind === 'EcsTaskDefinition')) {
      await waitForGone('ecstaskdefinitions', o.namespace, o.name, 120_000);
    }
    // The clusters stay (Retain) with the services in them, as a team's would.
    for (const o of examples.filter((x) => x.kind === 'EcsCluster')) {
      await kubectl(['delete', 'ecscluster', o.name, '-n', o.namespace, '--wait=false']);
    }
    for (const o of examples.filter((x) => x.kind === 'EcsCluster')) {
      await waitForGone('ecsclusters', o.namespace, o.name, 120_000);
    }
    const regions = new Set([
      worldInfo().region,
      ...examples.map((o) => o.region),
      ...targets.map((t) => t.region),
    ]);
    for (const region of regions) {
      const ecs = new ECSClient({ region, endpoint: worldInfo().motoUrl, credentials: WORLD_CREDENTIALS });
      for (const family of families) {
        const listed = await ecs.send(
          new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE' }),
        );
        for (const arn of listed.taskDefinitionArns ?? []) {
          await ecs.send(
            new UntagResourceCommand({
              resourceArn: arn,
              tagKeys: [TAG_KEYS.owner, TAG_KEYS.instance, TAG_KEYS.ownerUid, TAG_KEYS.specHash],
            }),
          );
        }
      }
      // The clusters too: a Retained EcsCluster leaves its cluster as it was, our tags included.
      const inRegion = targets.filter((t) => t.region === region).map((t) => t.cluster);
      if (inRegion.length > 0) {
        const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: inRegion }));
        for (const c of clusters ?? []) {
          await ecs.send(
            new UntagResourceCommand({
              resourceArn: c.clusterArn ?? '',
              tagKeys: [TAG_KEYS.owner, TAG_KEYS.instance, TAG_KEYS.ownerUid],
            }),
          );
        }
      }
      ecs.destroy();
    }
  }, 900_000);

  afterAll(async () => {
    await operator?.stop();
  });

  it('imports every cluster of the scenarios with a clean check', async () => {
    expect(targets.length).toBeGreaterThanOrEqual(2);
    for (const t of targets) {
      const run = await runCli(
        ['import', '--cluster', t.cluster, '--all', '--region', t.region, '-n', t.namespace, '--out', t.dir],
        { timeoutMs: 120_000 },
      );
      const plan = run.code === 0 ? undefined : await runCli(['plan', '-f', t.dir, '--region', t.region]);
      expect(run.code, `${run.stderr}\n${plan?.stdout ?? ''}`).toBe(0);
      expect(run.stderr, run.stderr).toMatch(
        /finds nothing to change \(\d+ to adopt as they are, with no write\)/,
      );
    }
    // Each cluster's import (and its check) may take up to its own 120 s on a loaded machine.
  }, 300_000);

  it('applying what import wrote makes every object Ready with zero AWS writes', async () => {
    // A fresh operator, as when a team first installs it: this one cached the revisions' tags
    // (a revision's content never changes, so its DescribeTaskDefinition answer is kept) while they
    // still carried the ecs-bridge tags this test stripped behind its back.
    await operator?.stop();
    const namespaces = [
      ...new Set([...examples.map((o) => o.namespace), ...targets.map((t) => t.namespace)]),
    ];
    operator = await startOperator({ args: [`--namespaces=${namespaces.join(',')}`] });
    const mark = await proxyMark();
    const applied: { kind: string; namespace: string; name: string }[] = [];
    for (const t of targets) {
      await kubectl(['apply', '-f', t.dir]);
      const out = await kubectl([
        'get',
        'ecsclusters,ecsservices,ecstaskdefinitions',
        '-n',
        t.namespace,
        '-o',
        'name',
      ]);
      for (const line of out.split('\n').filter((l) => l.trim() !== '')) {
        const [kind, name] = line.trim().split('/');
        applied.push({ kind: kind ?? '', namespace: t.namespace, name: name ?? '' });
      }
    }
    const services = applied.filter((a) => a.kind.startsWith('ecsservice'));
    expect(services.length).toBe(examples.filter((o) => o.kind === 'EcsService').length);
    // One EcsCluster per imported cluster.
    expect(applied.filter((a) => a.kind.startsWith('ecscluster'))).toHaveLength(targets.length);
    for (const a of applied) {
      const plural = a.kind.startsWith('ecsservice')
        ? 'ecsservices'
        : a.kind.startsWith('ecscluster')
          ? 'ecsclusters'
          : 'ecstaskdefinitions';
      await waitForReady(plural, a.namespace, a.name, 180_000);
    }
    const writes = (await callsAfter(mark)).filter((c) => !isReadAction(c.action));
    expect(writes.map((c) => `${c.action} ${JSON.stringify(c.params)}`)).toEqual([]);
    expect(readdirSync(targets[0]?.dir ?? '').length).toBeGreaterThan(0);
  });
});
