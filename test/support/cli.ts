/**
 * Runs the `ecs-bridge` command line as people run it (its own process, the bundle the global setup
 * built)
 * against the world the global setup started: AWS through the fault proxy (so every call is
 * counted), Kubernetes through the world's kubeconfig. Resolves with the exit code and both
 * outputs; it never rejects on a non-zero exit, so tests assert on codes.
 */
import { execFile, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { CallRecord } from '../world/aws-proxy/index.js';
import { WORLD_CREDENTIALS } from '../world/world.js';
import { cliEntryArgs } from '../world/operator-process.js';
import { operatorCli, proxyControl, worldInfo } from './world-client.js';

const projectDir = resolve(import.meta.dirname, '..', '..');

/** What one run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCli}. */
export interface CliOptions {
  /** Environment on top of the world's (AWS through the proxy, the world's kubeconfig). */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** Runs `ecs-bridge <args>`; resolves when it exits. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const info = worldInfo();
  return new Promise((done) => {
    execFile(
      process.execPath,
      [...cliEntryArgs(operatorCli()), ...args],
      {
        cwd: projectDir,
        timeout: options.timeoutMs ?? 90_000,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          AWS_ACCESS_KEY_ID: WORLD_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: WORLD_CREDENTIALS.secretAccessKey,
          AWS_REGION: info.region,
          AWS_ENDPOINT_URL: info.awsEndpoint,
          KUBECONFIG: info.kubeconfigPath,
          ...options.env,
        },
      },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** The newest call's sequence number at the proxy: "from here on". */
export async function proxyMark(): Promise<number> {
  return proxyControl().lastSeq();
}

/** Every call logged at the proxy after `mark`, oldest first. */
export function callsAfter(mark: number): Promise<readonly CallRecord[]> {
  return proxyControl().calls({ afterSeq: mark });
}

/** True for an AWS action that only reads (Describe…, List…). */
export function isReadAction(action: string): boolean {
  return /^(Describe|List|Get)/.test(action);
}

/** A command line left running (`status -w`). */
export interface RunningCli {
  /** Everything printed to stdout so far. */
  stdout(): string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `ecs-bridge <args>` and leaves it running; see {@link runCli} for the environment. */
export function startCli(args: readonly string[], options: CliOptions = {}): RunningCli {
  const info = worldInfo();
  const child = spawn(process.execPath, [...cliEntryArgs(operatorCli()), ...args], {
    cwd: projectDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      KUBECONFIG: info.kubeconfigPath,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.resume();
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    stdout: () => out,
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
