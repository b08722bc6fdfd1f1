/**
 * Every manifest in examples/ (scenarios 1 to 9 that ecs-bridge serves) converges in the world
 * with the operator running as users run it: the examples are what the README promises, and this
 * is the proof. The files are applied as written: example-fixtures.ts makes the emulator hold the
 * ids they name, as the sandbox does. Then `ecs-bridge plan -f examples/` against that world must
 * find nothing to change: the files and what runs agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { installCrds, kubectl } from '../support/crds.js';
import { waitForReady, type OurPlural } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { kubeConfig, worldControl, worldInfo } from '../support/world-client.js';
import { createExampleFixtures, loadExamples } from '../world/example-fixtures.js';
import { runCli } from '../support/cli.js';
import { WORLD_CREDENTIALS } from '../world/world.js';

const examplesDir = resolve(import.meta.dirname, '..', '..', 'examples');
const examples = loadExamples(examplesDir);

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
      args: [`--namespaces=${[...new Set(examples.map((o) => o.namespace))].join(',')}`],
    });
    for (const namespace of [...new Set(examples.map((o) => o.namespace))]) {
      const docs = examples.filter((o) => o.namespace === namespace).map((o) => stringify(o.body));
      await kubectl(['apply', '-n', namespace, '-f', '-'], docs.join('---\n'));
    }
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('covers every scenario ecs-bridge serves (1 to 9)', () => {
    const scenarios = new Set(examples.flatMap((o) => /scenario-(\d+)/.exec(o.file)?.[1] ?? []));
    // Scenario 7 is a task definition (full-app.yaml, used by scenario 9's service).
    expect([...scenarios].sort()).toEqual(['1', '2', '3', '4', '5', '6', '8', '9']);
    expect(examples.some((o) => o.file === join('task-definitions', 'full-app.yaml'))).toBe(true);
  });

  it.each(examples.map((o) => [`${o.kind} ${o.namespace}/${o.name} (${o.file})`, o] as const))(
    '%s becomes Ready',
    async (_label, obj) => {
      const plural: OurPlural = obj.kind === 'EcsService' ? 'ecsservices' : 'ecstaskdefinitions';
      const ready = await waitForReady(plural, obj.namespace, obj.name, 120_000);
      expect(ready.status?.observedGeneration).toBe(ready.metadata.generation);
    },
  );

  it('plan -f examples/ finds nothing to change once they are Ready', async () => {
    for (const o of examples) {
      await waitForReady(
        o.kind === 'EcsService' ? 'ecsservices' : 'ecstaskdefinitions',
        o.namespace,
        o.name,
        120_000,
      );
    }
    const run = await runCli(['plan', '-f', examplesDir], { timeoutMs: 120_000 });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('No changes: AWS matches the manifests.');
  });
});
