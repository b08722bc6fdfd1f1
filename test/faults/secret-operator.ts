/**
 * `ecs-bridge run` started with a distinctive fake AWS secret access key, so the secrets scenario
 * can scan logs, status and Events for it (the world's own key, `testing`, is too common a word to
 * scan for). Otherwise the same process the integration tests run (test/world/operator-process.ts).
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { freePort } from '../world/ports.js';
import { startProcess } from '../world/process-group.js';
import { waitFor } from '../world/wait.js';
import { WORLD_CREDENTIALS } from '../world/world.js';
import type { OperatorProcess } from '../support/operator.js';
import { worldInfo } from '../support/world-client.js';

const projectDir = resolve(import.meta.dirname, '..', '..');

/** Starts the operator with `secretAccessKey` as its AWS secret key and `args` as extra flags. */
export async function startOperatorWithSecret(
  secretAccessKey: string,
  args: readonly string[],
): Promise<OperatorProcess> {
  const info = worldInfo();
  const name = `operator-secret-${randomBytes(3).toString('hex')}`;
  const port = await freePort();
  const metricsUrl = `http://127.0.0.1:${port}`;
  const logPath = join(info.dir, `${name}.log`);
  const proc = startProcess({
    name,
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      join(projectDir, 'src', 'cli', 'main.ts'),
      'run',
      `--kubeconfig=${info.kubeconfigPath}`,
      `--aws-endpoint-url=${info.awsEndpoint}`,
      `--aws-region=${info.region}`,
      `--metrics-bind-address=127.0.0.1:${port}`,
      // Single-tenant, as every world operator (test/world/operator-process.ts, ADR 0021).
      '--access-policies=off',
      ...args,
    ],
    logPath,
    cwd: projectDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      AWS_ACCESS_KEY_ID: WORLD_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      POD_NAME: name,
    },
  });
  const operator: OperatorProcess = {
    name,
    metricsUrl,
    logPath,
    process: proc,
    async stop() {
      proc.child.kill('SIGTERM');
      const { code } = await proc.exited;
      await proc.stop();
      return code;
    },
    async kill() {
      await proc.stop({ signal: 'SIGKILL', graceMs: 0 });
    },
    async metrics() {
      return (await fetch(`${metricsUrl}/metrics`)).text();
    },
    async readyz() {
      return (await fetch(`${metricsUrl}/readyz`)).status;
    },
  };
  await waitFor(async () => ((await operator.readyz()) === 200 ? true : undefined), {
    timeoutMs: 60_000,
    what: `operator ${name} to be ready (log: ${logPath})`,
    abortIf: () => (proc.isRunning() ? undefined : `operator exited; see ${logPath}`),
  });
  return operator;
}
