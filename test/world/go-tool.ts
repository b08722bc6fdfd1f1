/**
 * Finds a Go-built tool the checks run (Helm, promtool): `$<envVar>` when set, else a cache folder
 * outside the repository keyed by name and version (under the world's {@link cacheRoot}), building
 * it from the Go module proxy on first use (minutes cold, nothing warm). Release downloads are not
 * reachable from our machines; the module proxy is. One build at a time per tool and version
 * (a file lock), into a scratch folder renamed when done: a half-built binary is never found.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheRoot } from './assets.js';
import { withFileLock } from './file-lock.js';

const run = promisify(execFile);

/** How to build one tool. */
export interface GoToolSpec {
  /** The binary's name, and the cache folder's prefix: `helm`, `promtool`. */
  readonly name: string;
  /** The module version to build: `v3.19.5`. */
  readonly version: string;
  /** The environment variable that names a ready binary instead: `ECS_BRIDGE_HELM`. */
  readonly envVar: string;
  /** The main package: `helm.sh/helm/v3/cmd/helm`. */
  readonly packagePath: string;
  /** The module the package is in, when it must be built from a wrapper module (see `viaWrapper`). */
  readonly module?: string;
  /**
   * Build from a throwaway module that requires `module@version` instead of `go install pkg@version`:
   * needed when the tool's go.mod has `exclude` or `replace` directives, which `go install` refuses
   * (Prometheus's has). The excluded versions are older than what the module graph selects anyway.
   */
  readonly viaWrapper?: boolean;
  /**
   * With `viaWrapper`: packages (import paths) to build as empty stubs, through a vendored copy of
   * the module graph. For imports made only to register optional features the checks never use.
   */
  readonly stubPackages?: readonly string[];
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

/** Options of {@link resolveGoTool}. */
export interface ResolveOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
}

/** Resolves (building if needed) the tool's binary. */
export async function resolveGoTool(spec: GoToolSpec, options: ResolveOptions = {}): Promise<GoToolBinary> {
  const env = options.env ?? process.env;
  const { name, version } = spec;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const given = env[spec.envVar];
  if (given) {
    if (!existsSync(given)) throw new Error(`${spec.envVar}=${given} does not exist`);
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
        `Go not found: install Go 1.24+ (https://go.dev/dl/) to build ${name}, or set ${spec.envVar} to a ${name} binary`,
      );
    }
    log(`${name}: building ${version} into ${dir} (first run only; takes minutes)`);
    const started = Date.now();
    const scratch = `${dir}.build`;
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    const ldflags = ['-ldflags', spec.ldflags ?? '-s -w'];
    const buildEnv = { ...env, CGO_ENABLED: '0' };
    try {
      if (spec.viaWrapper === true) {
        const wrapper = join(scratch, 'src');
        mkdirSync(wrapper);
        writeFileSync(join(wrapper, 'go.mod'), `module ecs-bridge.dev/${name}-build\n\ngo 1.24\n`);
        // Makes `go mod vendor` keep the tool's packages (a build-tagged file is never compiled).
        writeFileSync(
          join(wrapper, 'tools.go'),
          `//go:build tools\n\npackage tools\n\nimport _ "${spec.packagePath}"\n`,
        );
        const opts = { cwd: wrapper, env: buildEnv, maxBuffer: 64 * 1024 * 1024 };
        await run('go', ['get', `${spec.packagePath}@${version}`], opts);
        const stubs = spec.stubPackages ?? [];
        if (stubs.length > 0) {
          await run('go', ['mod', 'vendor'], opts);
          for (const pkg of stubs) {
            const pkgDir = join(wrapper, 'vendor', pkg);
            rmSync(pkgDir, { recursive: true, force: true });
            mkdirSync(pkgDir, { recursive: true });
            writeFileSync(join(pkgDir, 'stub.go'), `package ${pkg.split('/').at(-1) ?? 'stub'}\n`);
          }
        }
        const mod = stubs.length > 0 ? ['-mod=vendor'] : [];
        await run(
          'go',
          ['build', ...mod, '-trimpath', ...ldflags, '-o', join(scratch, name), spec.packagePath],
          opts,
        );
        rmSync(wrapper, { recursive: true, force: true });
      } else {
        await run('go', ['install', '-trimpath', ...ldflags, `${spec.packagePath}@${version}`], {
          env: { ...buildEnv, GOBIN: scratch },
          maxBuffer: 64 * 1024 * 1024,
        });
      }
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
