/**
 * Finds the Helm binary the chart checks run: `$ECS_BRIDGE_HELM` when set, else a cache folder
 * outside the repository keyed by version (under the world's {@link cacheRoot}), building it from the
 * Go module proxy on first use (`go install helm.sh/helm/v3/cmd/helm@<version>`; minutes cold,
 * nothing warm). Release downloads are not reachable from our machines; the module proxy is.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheRoot } from './assets.js';
import { withFileLock } from './file-lock.js';

const run = promisify(execFile);

/**
 * The Helm release built when no binary is given. v3.19 is the newest 3.x whose go.mod asks for
 * Go 1.24, the same floor the world's Kubernetes build needs, so one Go serves both.
 */
export const HELM_VERSION = 'v3.19.5';

/** Where the Helm binary is and whether this call built it. */
export interface HelmBinary {
  readonly path: string;
  readonly version: string;
  /** True when this call built it (cold); false when it was found (warm) or given. */
  readonly built: boolean;
  /** How long the build took, when `built`. */
  readonly buildMs?: number;
}

/** Resolves (building if needed) the Helm binary. */
export async function resolveHelm(
  options: { env?: NodeJS.ProcessEnv; log?: (line: string) => void; version?: string } = {},
): Promise<HelmBinary> {
  const env = options.env ?? process.env;
  const version = options.version ?? HELM_VERSION;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const given = env.ECS_BRIDGE_HELM;
  if (given) {
    if (!existsSync(given)) throw new Error(`ECS_BRIDGE_HELM=${given} does not exist`);
    return { path: given, version: 'given', built: false };
  }

  const root = join(cacheRoot(env), 'assets');
  const dir = join(root, `helm-${version}`);
  const path = join(dir, 'helm');
  if (existsSync(path)) return { path, version, built: false };

  mkdirSync(root, { recursive: true });
  return withFileLock(join(root, `helm-${version}.lock`), async () => {
    if (existsSync(path)) return { path, version, built: false };
    try {
      await run('go', ['version'], { env });
    } catch {
      throw new Error(
        'Go not found: install Go 1.24+ (https://go.dev/dl/) to build Helm, or set ECS_BRIDGE_HELM to a helm binary',
      );
    }
    log(`helm: building ${version} into ${dir} (first run only; takes minutes)`);
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
          // Helm reads its version from this variable; without it `helm version` says "main".
          `-s -w -X helm.sh/helm/v3/internal/version.version=${version}`,
          `helm.sh/helm/v3/cmd/helm@${version}`,
        ],
        { env: { ...env, GOBIN: scratch, CGO_ENABLED: '0' }, maxBuffer: 64 * 1024 * 1024 },
      );
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr || String(err);
      throw new Error(`building Helm ${version} from the Go module proxy failed:\n${stderr}`, { cause: err });
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(scratch, dir);
    const buildMs = Date.now() - started;
    log(`helm: built in ${Math.round(buildMs / 1000)} s`);
    return { path, version, built: true, buildMs };
  });
}
