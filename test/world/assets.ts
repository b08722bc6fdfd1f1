/**
 * Finds kube-apiserver, etcd and kubectl: in `KUBEBUILDER_ASSETS` when set (the envtest
 * convention), else in a cache folder outside the repository keyed by version, building them from
 * the Go module proxy on first use (build-assets.sh; minutes cold, nothing warm).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { KUBERNETES_VERSION } from './versions.js';
import { withFileLock } from './file-lock.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

/** Paths of the three binaries. */
export interface KubeAssets {
  readonly dir: string;
  readonly kubeApiserver: string;
  readonly etcd: string;
  readonly kubectl: string;
  /** Whether this call built them (cold) or found them (warm). */
  readonly built: boolean;
}

/** The cache root: `$ECS_BRIDGE_CACHE_DIR`, else `$XDG_CACHE_HOME/ecs-bridge`, else `~/.cache/ecs-bridge`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ECS_BRIDGE_CACHE_DIR) return env.ECS_BRIDGE_CACHE_DIR;
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ecs-bridge');
}

function assetsIn(dir: string, built: boolean): KubeAssets {
  return {
    dir,
    kubeApiserver: join(dir, 'kube-apiserver'),
    etcd: join(dir, 'etcd'),
    kubectl: join(dir, 'kubectl'),
    built,
  };
}

function missingIn(dir: string): string[] {
  return ['kube-apiserver', 'etcd', 'kubectl'].filter((b) => !existsSync(join(dir, b)));
}

/** Resolves (building if needed) the binaries the world needs. */
export async function resolveKubeAssets(
  options: { env?: NodeJS.ProcessEnv; log?: (line: string) => void } = {},
): Promise<KubeAssets> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const fromEnv = env.KUBEBUILDER_ASSETS;
  if (fromEnv) {
    const missing = missingIn(fromEnv);
    // kubectl is not part of every envtest bundle; fall back to the one on PATH for it only.
    if (missing.length === 1 && missing[0] === 'kubectl') {
      return { ...assetsIn(fromEnv, false), kubectl: 'kubectl' };
    }
    if (missing.length > 0) {
      throw new Error(
        `KUBEBUILDER_ASSETS=${fromEnv} lacks ${missing.join(', ')}: point it at a folder holding kube-apiserver and etcd, or unset it to build them from the Go module proxy`,
      );
    }
    return assetsIn(fromEnv, false);
  }

  const root = join(cacheRoot(env), 'assets');
  const dir = join(root, `k8s-${KUBERNETES_VERSION}`);
  if (missingIn(dir).length === 0) return assetsIn(dir, false);

  mkdirSync(root, { recursive: true });
  return withFileLock(join(root, `k8s-${KUBERNETES_VERSION}.lock`), async () => {
    if (missingIn(dir).length === 0) return assetsIn(dir, false);
    try {
      await run('go', ['version'], { env });
    } catch {
      throw new Error(
        'Go not found: install Go 1.24+ (https://go.dev/dl/) to build kube-apiserver and etcd, or set KUBEBUILDER_ASSETS to a folder holding kube-apiserver, etcd and kubectl',
      );
    }
    log(
      `world: building kube-apiserver, etcd and kubectl ${KUBERNETES_VERSION} into ${dir} (first run only; takes minutes)`,
    );
    const started = Date.now();
    try {
      await run('bash', [join(here, 'build-assets.sh'), KUBERNETES_VERSION, dir], {
        maxBuffer: 64 * 1024 * 1024,
        env,
      });
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr ?? String(err);
      throw new Error(`building the test world's Kubernetes binaries failed:\n${stderr}`, { cause: err });
    }
    log(`world: built in ${Math.round((Date.now() - started) / 1000)} s`);
    return assetsIn(dir, true);
  });
}
