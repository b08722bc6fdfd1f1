/**
 * The AWS emulator: moto's server mode on a random loopback port. Uses an installed moto 5.x when
 * there is one; otherwise installs the pinned `moto[server]` into a project-local virtualenv
 * (`.venv/`), once.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.js';
import { startProcess, type ManagedProcess } from './process-group.js';
import { MOTO_VERSION } from './versions.js';
import { waitFor } from './wait.js';

const run = promisify(execFile);

/** A running moto server. */
export interface MotoServer {
  readonly url: string;
  readonly version: string;
  /** Clears every emulated resource (`POST /moto-api/reset`). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

async function motoVersionOf(python: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(python, ['-c', 'import moto, flask, flask_cors; print(moto.__version__)']);
    return stdout.trim();
  } catch {
    return undefined;
  }
}

/** Finds a Python with moto 5.x and its server extras, installing into `.venv` when none has. */
export async function resolveMotoPython(
  projectDir: string,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<{ python: string; version: string }> {
  const venvPython = join(projectDir, '.venv', 'bin', 'python');
  for (const python of [venvPython, 'python3']) {
    if (python === venvPython && !existsSync(venvPython)) continue;
    const version = await motoVersionOf(python);
    if (version?.startsWith('5.')) return { python, version };
  }
  log(`world: installing moto[server]==${MOTO_VERSION} into ${join(projectDir, '.venv')}`);
  try {
    if (!existsSync(venvPython)) await run('python3', ['-m', 'venv', join(projectDir, '.venv')]);
    await run(venvPython, ['-m', 'pip', 'install', '--quiet', `moto[server]==${MOTO_VERSION}`], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? String(err);
    throw new Error(
      `installing moto failed: Python 3.9+ with venv and pip is needed (Debian: apt-get install python3-venv), or install moto[server] 5.x yourself:\n${stderr}`,
      { cause: err },
    );
  }
  const version = await motoVersionOf(venvPython);
  if (version === undefined) throw new Error(`moto was installed into .venv but does not import`);
  return { python: venvPython, version };
}

/** Starts moto's server on a free loopback port and waits until it answers. */
export async function startMoto(options: { dir: string; projectDir?: string }): Promise<MotoServer> {
  const { python, version } = await resolveMotoPython(resolve(options.projectDir ?? '.'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc: ManagedProcess = startProcess({
    name: 'moto',
    command: python,
    // moto.server with fixture-chosen ids for subnets, security groups and target groups (ADR 0014).
    args: [join(import.meta.dirname, 'moto-server.py'), '-H', '127.0.0.1', '-p', String(port)],
    logPath: join(options.dir, 'moto.log'),
    // Services start with nothing running; the AWS proxy plays the rollouts (see ADR 0001).
    env: { ...process.env, MOTO_ECS_SERVICE_RUNNING: '0', AWS_DEFAULT_REGION: 'us-east-1' },
  });
  await waitFor(
    async () => {
      const res = await fetch(`${url}/moto-api/data.json`);
      return res.ok ? true : undefined;
    },
    {
      timeoutMs: 60_000,
      what: `moto to answer at ${url} (log: ${proc.logPath})`,
      abortIf: () => (proc.isRunning() ? undefined : `moto exited; see ${proc.logPath}`),
    },
  );
  return {
    url,
    version,
    async reset() {
      const res = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset answered HTTP ${res.status}`);
    },
    stop: () => proc.stop(),
  };
}
