/**
 * Runs the operator the way users run it: `ecs-bridge run` as its own process, against a world's
 * API server and AWS endpoint, with leader election, probes and metrics. From a built CLI when given
 * one (the integration tests, the fault suite and the benchmark: test/world/operator-build.ts), else
 * from source with tsx (the sandbox, where a change should show without a build).
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
  /** The built CLI (`cli` of test/world/operator-build.ts's build); from source with tsx when undefined. */
  readonly cli?: string | undefined;
  /** Node.js flags before the CLI (the install's heap flags, a profiler). */
  readonly nodeArgs?: readonly string[] | undefined;
  /** Environment on top of the world's (credentials, POD_NAME). */
  readonly env?: Readonly<Record<string, string>> | undefined;
}

/**
 * `node`'s arguments that start the `ecs-bridge` command line: the built `cli`, or the source
 * through tsx when there is none.
 */
export function cliEntryArgs(cli: string | undefined): string[] {
  return cli === undefined ? ['--import', 'tsx', join(projectDir, 'src', 'cli', 'main.ts')] : [cli];
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
      ...(options.nodeArgs ?? []),
      ...cliEntryArgs(options.cli),
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
      ...options.env,
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
      return (await get(`${metricsUrl}/metrics`)).text();
    },
    async readyz() {
      return (await get(`${metricsUrl}/readyz`)).status;
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

/** How many times a GET of the operator's HTTP server is tried when the connection fails. */
const GET_ATTEMPTS = 3;
/** How long one GET of the operator's HTTP server may take. */
const GET_TIMEOUT_MS = 10_000;

/**
 * GET on the operator's metrics server, tried again when the connection fails: a keep-alive
 * connection the server closes as the next request goes out answers ECONNRESET (seen in the
 * benchmark's restart phase at N = 5000, polling /metrics every 250 ms of a busy process). An
 * HTTP answer, whatever its status, is returned as it is; the last connection error is thrown.
 */
async function get(url: string): Promise<Response> {
  let last: unknown;
  for (let attempt = 1; attempt <= GET_ATTEMPTS; attempt++) {
    try {
      return await fetch(url, { signal: AbortSignal.timeout(GET_TIMEOUT_MS) });
    } catch (err) {
      last = err;
    }
  }
  throw last;
}
