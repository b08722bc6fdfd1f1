/**
 * The operator under measurement, as its own process. `source` is the test world's
 * `spawnOperator` (tsx compiling src/ on the fly, as the integration tests run it); `dist` is
 * `tsc -p tsconfig.build.json` into a scratch folder, then plain `node` on the compiled CLI, so the
 * footprint is the operator's and not the TypeScript loader's; `bundle` is the operator as users
 * run it: that compiled CLI bundled as `npm run build` bundles it (scripts/bundle.ts, ADR 0056).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { spawnOperator, type OperatorProcess } from '../../test/world/operator-process.js';
import { freePort } from '../../test/world/ports.js';
import { startProcess } from '../../test/world/process-group.js';
import { waitFor } from '../../test/world/wait.js';
import { WORLD_CREDENTIALS, type WorldInfo } from '../../test/world/world.js';
import { bundleCli } from '../../scripts/bundle.js';

const run = promisify(execFile);
const projectDir = resolve(import.meta.dirname, '..', '..');

/** How the operator process is started. */
export type OperatorEntry = 'source' | 'dist' | 'bundle';

/**
 * Compiles src/ into a fresh scratch folder under tmp/ and returns the CLI's path (the bundle's,
 * two folders below the scratch folder as the compiled CLI is, when `bundle`). Type errors (in
 * someone's unfinished file) do not stop it: tsc still emits, and the run says so through `warn`.
 */
export async function buildOperator(warn: (line: string) => void, bundle: boolean): Promise<string> {
  const outDir = join(projectDir, 'tmp', `bench-dist-${randomBytes(3).toString('hex')}`);
  const cli = join(outDir, 'cli', 'main.js');
  await run(
    process.execPath,
    [
      join(projectDir, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(projectDir, 'tsconfig.build.json'),
      '--outDir',
      outDir,
      '--declaration',
      'false',
      '--sourceMap',
      'false',
    ],
    { cwd: projectDir, maxBuffer: 16 * 1024 * 1024 },
  ).catch((err: unknown) => {
    if (!existsSync(cli)) throw err;
    const stdout = (err as { stdout?: string }).stdout ?? '';
    warn(`tsc reported errors but emitted the operator:\n${stdout.trim()}`);
  });
  return bundle ? bundleCli(outDir) : cli;
}

/** Options for {@link startOperator}. */
export interface StartOperatorOptions {
  readonly world: WorldInfo;
  readonly name: string;
  readonly args: readonly string[];
  /** The compiled CLI from {@link buildOperator}; the source (tsx) when undefined. */
  readonly compiledCli: string | undefined;
  /** Node.js flags before the compiled CLI. */
  readonly nodeArgs?: readonly string[];
  /** Extra environment of the compiled CLI's process (e.g. MALLOC_ARENA_MAX). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts `ecs-bridge run` against the world and waits until /readyz answers 200. */
export async function startOperator(options: StartOperatorOptions): Promise<OperatorProcess> {
  const { world, name, compiledCli } = options;
  if (compiledCli === undefined) return spawnOperator({ world, name, args: options.args });
  const port = await freePort();
  const metricsUrl = `http://127.0.0.1:${port}`;
  const logPath = join(world.dir, `${name}.log`);
  const proc = startProcess({
    name,
    command: process.execPath,
    args: [
      ...(options.nodeArgs ?? []),
      compiledCli,
      'run',
      `--kubeconfig=${world.kubeconfigPath}`,
      `--aws-endpoint-url=${world.awsEndpoint}`,
      `--aws-region=${world.region}`,
      `--metrics-bind-address=127.0.0.1:${port}`,
      ...options.args,
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
