/**
 * Runs the operator the way users run it: `ecs-bridge run` as its own process (from source, with
 * tsx), against a world's API server and AWS endpoint, with leader election, probes and metrics.
 * Used by the integration tests and the sandbox.
 */
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort } from './ports.js';
import { startProcess, type ManagedProcess } from './process-group.js';
import { waitFor } from './wait.js';
import { WORLD_CREDENTIALS, type WorldInfo } from './world.js';

const projectDir = resolve(import.meta.dirname, '..', '..');

/** A running operator process. */
export interface OperatorProcess {
  readonly name: string;
  readonly metricsUrl: string;
  readonly logPath: string;
  readonly process: ManagedProcess;
  /** SIGTERM, wait for exit (graceful shutdown); resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown at all, as a crash. */
  kill(): Promise<void>;
  /** GET /metrics as text. */
  metrics(): Promise<string>;
  /** GET /readyz status. */
  readyz(): Promise<number>;
}

/** Options for {@link spawnOperator}. */
export interface SpawnOperatorOptions {
  readonly world: WorldInfo;
  /** Extra flags for `ecs-bridge run`. */
  readonly args?: readonly string[];
  readonly name?: string;
  /** Wait for /readyz 200 before resolving (default true). */
  readonly waitReady?: boolean;
  /** Where the log goes; `<world dir>/<name>.log` by default. */
  readonly logPath?: string;
}

/** Starts `ecs-bridge run` against the world. */
export async function spawnOperator(options: SpawnOperatorOptions): Promise<OperatorProcess> {
  const info = options.world;
  const name = options.name ?? `operator-${randomBytes(3).toString('hex')}`;
  const port = await freePort();
  const metricsUrl = `http://127.0.0.1:${port}`;
  const logPath = options.logPath ?? join(info.dir, `${name}.log`);
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
      // The world runs single-tenant unless a test asks for policies (the last flag wins): the one
      // place the test support and the sandbox opt out of access policies (ADR 0021).
      '--access-policies=off',
      ...(options.args ?? []),
    ],
    logPath,
    cwd: projectDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      AWS_ACCESS_KEY_ID: WORLD_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: WORLD_CREDENTIALS.secretAccessKey,
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
  if (options.waitReady ?? true) {
    await waitFor(async () => ((await operator.readyz()) === 200 ? true : undefined), {
      timeoutMs: 60_000,
      what: `operator ${name} to be ready (log: ${logPath})`,
      abortIf: () => (proc.isRunning() ? undefined : `operator exited; see ${logPath}`),
    });
  }
  return operator;
}
