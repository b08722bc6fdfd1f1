/**
 * Child processes started in their own process group, so that tearing one down also ends whatever
 * it spawned (moto's workers, a shell's children). Every group is remembered and killed when this
 * process exits, however it exits: no leaked processes, no leaked ports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

/** A child process running as the leader of its own process group. */
export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logPath: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` to the whole group, then SIGKILL after `graceMs`; resolves when it exited. */
  stop(options?: { signal?: NodeJS.Signals; graceMs?: number }): Promise<void>;
  /** True while the process runs. */
  isRunning(): boolean;
}

const live = new Set<ManagedProcess>();
let exitHookInstalled = false;

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: SIGKILL every group we still own.
  process.on('exit', () => {
    for (const p of live) killGroup(p.child.pid, 'SIGKILL');
  });
}

/** Options for {@link startProcess}. */
export interface StartProcessOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly logPath: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** Starts a command as its own process group with stdout and stderr appended to `logPath`. */
export function startProcess(options: StartProcessOptions): ManagedProcess {
  installExitHook();
  const log: WriteStream = createWriteStream(options.logPath, { flags: 'a' });
  const child = spawn(options.command, [...options.args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
    child.on('error', (err) => {
      running = false;
      log.write(`spawn error: ${err.message}\n`);
      resolve({ code: 127, signal: null });
    });
  });
  const managed: ManagedProcess = {
    name: options.name,
    child,
    logPath: options.logPath,
    exited,
    isRunning: () => running,
    async stop({ signal = 'SIGTERM', graceMs = 5_000 } = {}) {
      if (running) {
        killGroup(child.pid, signal);
        const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      // The leader may be gone while members linger: make sure the whole group is.
      killGroup(child.pid, 'SIGKILL');
      live.delete(managed);
      log.end();
    },
  };
  live.add(managed);
  void exited.then(() => {
    if (!running) live.delete(managed);
  });
  return managed;
}

/** Stops every process this module started, newest first. */
export async function stopAllProcesses(): Promise<void> {
  for (const p of [...live].reverse()) await p.stop({ graceMs: 3_000 });
}
