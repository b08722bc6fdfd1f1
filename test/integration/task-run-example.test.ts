/**
 * examples/task-runs/migrate-before-rollout.yaml as a GitOps tool uses it, against the world with
 * the operator running as users run it. The files are applied as written (example-fixtures.ts
 * makes the emulator hold the ids they name). Argo CD's PreSync hook and Flux's `dependsOn` both
 * come down to: apply the run, wait until it is Complete (Argo CD: Healthy; Flux: Ready), then apply
 * the rest. The test does exactly that with `kubectl wait --for=condition=Complete`, and checks that
 * the service was created in ECS only after the migration's task stopped with exit code 0.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { installCrds, kubectl } from '../support/crds.js';
import { condition, getResource, waitForReady } from '../support/manifests.js';
import { QUICK_POLLS, startOperator, type OperatorProcess } from '../support/operator.js';
import { freshNamespace, proxyControl, worldControl, worldInfo } from '../support/world-client.js';
import { runCli } from '../support/cli.js';
import { createExampleFixtures, loadExamples, type ExampleObject } from '../world/example-fixtures.js';
import { WORLD_CREDENTIALS } from '../world/world.js';

const examplesDir = resolve(import.meta.dirname, '..', '..', 'examples');
const FILE = 'task-runs/migrate-before-rollout.yaml';
const objects = loadExamples(examplesDir, worldInfo().kubectl).filter(
  (o) => o.file === FILE || o.file === 'clusters/demo-fargate.yaml',
);
// A namespace of its own: examples.test applies every example in `default` and leaves them there,
// and a task run that already ran is Complete without starting anything in this file's world.
let namespace = '';

async function applyAsWritten(list: readonly ExampleObject[]): Promise<void> {
  await kubectl(['apply', '-n', namespace, '-f', '-'], list.map((o) => stringify(o.body)).join('---\n'));
}

describe('examples/task-runs/migrate-before-rollout.yaml', () => {
  let operator: OperatorProcess | undefined;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await proxyControl().reset();
    await installCrds();
    namespace = await freshNamespace('migrate');
    await createExampleFixtures(objects, worldInfo().motoUrl, WORLD_CREDENTIALS);
    operator = await startOperator({ args: [`--namespaces=${namespace}`, ...QUICK_POLLS] });
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('names the PreSync hook and the service it precedes', () => {
    const run = objects.find((o) => o.kind === 'EcsTaskRun');
    const annotations = (run?.body['metadata'] as { annotations?: Record<string, string> }).annotations;
    expect(annotations?.['argocd.argoproj.io/hook']).toBe('PreSync');
    expect(objects.filter((o) => o.file === FILE).map((o) => `${o.kind}/${o.name}`)).toEqual([
      'EcsTaskDefinition/shop-migrate',
      'EcsTaskDefinition/shop-web',
      'EcsTaskRun/shop-migrate',
      'EcsService/shop-web',
    ]);
  });

  it('runs the migration to Complete (kubectl wait returns), then the service rolls', async () => {
    const first = objects.filter((o) => o.kind !== 'EcsService');
    const service = objects.filter((o) => o.kind === 'EcsService');
    await applyAsWritten(first);
    // What Argo CD and Flux wait on; kubectl exits non-zero (and this rejects) on the timeout.
    const waited = await kubectl([
      'wait',
      '-n',
      namespace,
      'ecstaskruns/shop-migrate',
      '--for=condition=Complete',
      '--timeout=120s',
    ]);
    expect(waited).toContain('condition met');
    const run = await getResource('ecstaskruns', namespace, 'shop-migrate');
    expect(condition(run, 'Ready')?.status).toBe('True');
    expect(run?.status?.['succeeded']).toBe(1);
    const tasks = run?.status?.['tasks'] as { containers: { name: string; exitCode?: number }[] }[];
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.containers).toEqual([expect.objectContaining({ name: 'migrate', exitCode: 0 })]);
    // What `ecs-bridge status` shows of it: the verdict, the task and its container's exit code.
    const status = await runCli(['status', '-n', namespace]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(
      new RegExp(
        `${namespace}\\s+shop-migrate\\s+demo-fargate\\s+shop-migrate:1\\s+Complete\\s+Succeeded\\s+1\\s+0\\s+0`,
      ),
    );
    expect(status.stdout).toMatch(
      /attempt 1 {2}\S+ {2}STOPPED {2}EssentialContainerExited {2}exit migrate=0/,
    );
    const completedAt = Date.parse(String(run?.status?.['completionTime']));
    expect(Number.isNaN(completedAt)).toBe(false);

    const before = await proxyControl().calls({ action: 'CreateService' });
    expect(before).toEqual([]);
    await applyAsWritten(service);
    await waitForReady('ecsservices', namespace, 'shop-web', 120_000);
    const created = (await proxyControl().calls({ action: 'CreateService' })).filter(
      (c) => (c.status ?? 500) < 400,
    );
    expect(created).toHaveLength(1);
    expect(created[0]?.time).toBeGreaterThan(completedAt);
    // The migration ran once: a service rolling does not start it again.
    const started = (await proxyControl().taskLifecycles()).tasks.filter((t) => t.family === 'shop-migrate');
    expect(started).toHaveLength(1);
  });
});
