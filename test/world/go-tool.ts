/**
 * Finds a command-line tool written in Go that a check needs (Helm, actionlint): the binary named
 * by its environment variable when set, else a cache folder outside the repository keyed by tool
 * and version (under the world's {@link cacheRoot}), building it from the Go module proxy on first
 * use (`go install <package>@<version>`; seconds to minutes cold, nothing warm). Release downloads
 * are not reachable from our machines; the module proxy is.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheRoot } from './assets.js';
import { withFileLock } from './file-lock.js';

const run = promisify(execFile);

/** One tool: what to build and how a user points at a binary of their own. */
export interface GoTool {
  /** The binary's name, and the cache folder's prefix: `helm`. */
  readonly name: string;
  /** The Go package of its main: `helm.sh/helm/v3/cmd/helm`. */
  readonly package: string;
  /** The module version to build: `v3.19.5`. */
  readonly version: string;
  /** The environment variable naming a binary to use instead: `ECS_BRIDGE_HELM`. */
  readonly envVar: string;
  /** Linker flags beyond `-s -w` (for a tool that reads its version from a variable). */
  readonly ldflags?: string;
}

/** Where the binary is and whether this call built it. */
export interface GoToolBinary {
  readonly path: string;
  readonly version: string;
  /** True when this call built it (cold); false when it was found (warm) or given. */
  readonly built: boolean;
  /** How long the build took, when `built`. */
  readonly buildMs?: number;
}

/** Options shared by every resolver. */
export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/** Resolves (building if needed) the tool's binary. */
export async function resolveGoTool(tool: GoTool, options: ResolveOptions = {}): Promise<GoToolBinary> {
  const env = options.env ?? process.env;
  const { name, version } = tool;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const given = env[tool.envVar];
  if (given) {
    if (!existsSync(given)) throw new Error(`${tool.envVar}=${given} does not exist`);
    return { path: given, version: 'given', built: false };
  }

  const root = join(cacheRoot(env), 'assets');
  const dir = join(root, `${name}-${version}`);
  const path = join(dir, name);
  if (existsSync(path)) return { path, version, built: false };

  mkdirSync(root, { recursive: true });
  return withFileLock(join(root, `${name}-${version}.lock`), async () => {
    if (existsSync(path)) return { path, version, built: false };
    try {
      await run('go', ['version'], { env });
    } catch {
      throw new Error(
        `Go not found: install Go 1.24+ (https://go.dev/dl/) to build ${name}, or set ${tool.envVar} to a ${name} binary`,
      );
    }
    log(`${name}: building ${version} into ${dir} (first run only)`);
    const started = Date.now();
    // Build into a scratch folder and rename: a half-built binary is never found by a later run.
    const scratch = `${dir}.build`;
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    try {
      await run(
        'go',
        [
          'install',
          '-trimpath',
          '-ldflags',
          `-s -w${tool.ldflags ? ` ${tool.ldflags}` : ''}`,
          `${tool.package}@${version}`,
        ],
        { env: { ...env, GOBIN: scratch, CGO_ENABLED: '0' }, maxBuffer: 64 * 1024 * 1024 },
      );
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr || String(err);
      throw new Error(`building ${name} ${version} from the Go module proxy failed:\n${stderr}`, {
        cause: err,
      });
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(scratch, dir);
    const buildMs = Date.now() - started;
    log(`${name}: built in ${Math.round(buildMs / 1000)} s`);
    return { path, version, built: true, buildMs };
  });
}
