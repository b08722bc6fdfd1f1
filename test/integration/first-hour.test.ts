/**
 * The README's first hour, as a new user lives it: in a world prepared as the sandbox prepares it
 * (example-fixtures.ts, and the example EcsCluster that makes the cluster `demo-fargate`, as the
 * sandbox applies it), the README's first object, taken from README.md itself so the README stays
 * true, is applied as written and `ecs-bridge wait` returns Ready. And `ecs-bridge wait` fails at
 * once, with the operator's reason, on an object that is Stalled, where `kubectl wait` would sit
 * out its whole timeout.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { parseAllDocuments, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCrds, kubectl } from '../support/crds.js';
import { runCli } from '../support/cli.js';
import { QUICK_POLLS, startOperator, type OperatorProcess } from '../support/operator.js';
import { kubeConfig, worldControl, worldInfo } from '../support/world-client.js';
import { waitForReady } from '../support/manifests.js';
import {
  createExampleFixtures,
  loadExamples,
  SANDBOX_EXTRA_CLUSTERS,
  type ExampleObject,
} from '../world/example-fixtures.js';
import { WORLD_CREDENTIALS } from '../world/world.js';

const projectDir = resolve(import.meta.dirname, '..', '..');
const NS = 'first-hour';

/** The first ```yaml block under "## A first object" in README.md, and the section's text. */
function readmeFirstObject(): { yaml: string; section: string } {
  const readme = readFileSync(resolve(projectDir, 'README.md'), 'utf8');
  const section = /^## A first object\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return { yaml, section };
}

describe('the README first hour', () => {
  let operator: OperatorProcess;
  let clusters: ExampleObject[] = [];
  const { yaml, section } = readmeFirstObject();
  const objects = parseAllDocuments(yaml).map(
    (d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string } },
  );

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    // What `npm run sandbox` creates before it applies anything.
    const examples = loadExamples(resolve(projectDir, 'examples'), worldInfo().kubectl);
    await createExampleFixtures(examples, worldInfo().motoUrl, WORLD_CREDENTIALS);
    // The README's cluster is made, in the sandbox, by the example EcsCluster of that name.
    clusters = examples.filter(
      (o) => o.kind === 'EcsCluster' && (SANDBOX_EXTRA_CLUSTERS as readonly string[]).includes(o.name),
    );
    expect(clusters.map((o) => o.name)).toEqual([...SANDBOX_EXTRA_CLUSTERS]);
    await kubeConfig()
      .makeApiClient(CoreV1Api)
      .createNamespace({ body: { metadata: { name: NS } } })
      .catch((err: unknown) => {
        if ((err as { code?: number }).code !== 409) throw err;
      });
    const clusterNamespaces = [...new Set(clusters.map((o) => o.namespace))];
    operator = await startOperator({
      args: [`--namespaces=${[NS, ...clusterNamespaces].join(',')}`, ...QUICK_POLLS],
    });
    for (const o of clusters) {
      await kubectl(['apply', '-n', o.namespace, '-f', '-'], stringify(o.body));
      await waitForReady('ecsclusters', o.namespace, o.name, 120_000);
    }
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('the README names an object of each kind, and waits for it with ecs-bridge wait', () => {
    expect(objects.map((o) => o.kind)).toEqual(['EcsTaskDefinition', 'EcsService']);
    const service = objects[1]?.metadata.name ?? '';
    expect(section).toMatch(new RegExp(`ecs-bridge wait [^\n]*ecssvc/${service}\\b`));
  });

  it('applied as written, it becomes Ready, and ecs-bridge wait says so', async () => {
    // The README applies into the current namespace; -n is that namespace here.
    await kubectl(['apply', '-n', NS, '-f', '-'], yaml);
    const names = objects.map((o) => `${o.kind === 'EcsService' ? 'ecssvc' : 'ecstd'}/${o.metadata.name}`);
    const run = await runCli(['wait', ...names, '-n', NS, '--timeout', '3m'], { timeoutMs: 200_000 });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    for (const name of names) expect(run.stdout).toContain(`${name} Ready`);
  });

  it('ecs-bridge wait fails at once, with the reason, when the object is Stalled', async () => {
    const td = objects[0] as unknown as { spec: Record<string, unknown> };
    const stalled = {
      ...td,
      metadata: { name: 'stalls' },
      // Not an IAM role ARN: the operator stalls it before any AWS call.
      spec: { ...td.spec, taskRoleArn: 'orders-task' },
    };
    await kubectl(['apply', '-n', NS, '-f', '-'], stringify(stalled));
    const started = Date.now();
    const run = await runCli(['wait', 'ecstd/stalls', '-n', NS, '--timeout', '5m'], { timeoutMs: 200_000 });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
    expect(run.stderr).toContain('ecstd/stalls in namespace first-hour is Stalled: InvalidSpec:');
    expect(run.stderr).toContain('spec.taskRoleArn "orders-task"');
    // Long before the 5 minutes kubectl wait would have waited.
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
