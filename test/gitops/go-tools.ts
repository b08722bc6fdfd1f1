/**
 * Builds and runs the two small Go programs the GitOps tests use (sources in test/gitops/tools/):
 * `lua-health` runs an Argo CD health check with gopher-lua, the interpreter Argo CD embeds, and
 * `kstatus` computes kstatus's verdict (upstream cli-utils and Flux's fork) for objects. Each is
 * built from the Go module proxy on first use into the cache folder the test world uses (outside
 * the repository), keyed by a hash of its sources and the Go version, so a warm run builds nothing.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cacheRoot } from '../world/assets.js';

const run = promisify(execFile);
const toolsDir = join(dirname(fileURLToPath(import.meta.url)), 'tools');

/** The programs under test/gitops/tools/, by folder name. */
export type GitopsTool = 'lua-health' | 'kstatus';

/** Where a tool's binary is, and whether this call had to build it. */
export interface BuiltTool {
  readonly path: string;
  readonly built: boolean;
  /** Wall-clock seconds the build took; 0 when the cached binary was used. */
  readonly seconds: number;
}

async function cacheKey(tool: GitopsTool): Promise<string> {
  const { stdout: goVersion } = await run('go', ['env', 'GOVERSION']);
  const hash = createHash('sha256').update(goVersion.trim());
  for (const file of ['go.mod', 'go.sum', join(tool, 'main.go')]) {
    hash.update(file).update(readFileSync(join(toolsDir, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Returns the tool's binary, building it first when the cache has none for these sources. Two
 * runs building at once each write their own temporary file and rename it into place, so neither
 * sees a half-written binary. Fails with Go's own output when the build fails.
 */
export async function buildGitopsTool(tool: GitopsTool): Promise<BuiltTool> {
  try {
    await run('go', ['version']);
  } catch {
    throw new Error(
      `Go not found: the GitOps tests build ${tool} from test/gitops/tools with Go 1.26+ (https://go.dev/dl/)`,
    );
  }
  const dir = join(cacheRoot(), 'gitops-tools', `${tool}-${await cacheKey(tool)}`);
  const path = join(dir, tool);
  if (existsSync(path)) return { path, built: false, seconds: 0 };
  mkdirSync(dir, { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  const started = Date.now();
  try {
    await run('go', ['build', '-trimpath', '-buildvcs=false', '-o', partial, `./${tool}`], {
      cwd: toolsDir,
      maxBuffer: 16 * 1024 * 1024,
      timeout: 20 * 60_000,
    });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? String(err);
    throw new Error(`building ${tool} from test/gitops/tools failed:\n${stderr}`, { cause: err });
  }
  renameSync(partial, path);
  return { path, built: true, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

/** Runs a tool with `args`, `input` as JSON on stdin, and returns its stdout parsed as JSON. */
export async function runGitopsTool<T>(binary: string, args: readonly string[], input: unknown): Promise<T> {
  const child = run(binary, [...args], { maxBuffer: 16 * 1024 * 1024, timeout: 60_000 });
  child.child.stdin?.end(JSON.stringify(input));
  const { stdout } = await child;
  return JSON.parse(stdout) as T;
}
