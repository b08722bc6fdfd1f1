/**
 * Loads the client-node `KubeConfig` the operator talks to the API server with: an explicit
 * kubeconfig file (and context), the in-cluster service account, or client-node's default chain
 * (`$KUBECONFIG`, `~/.kube/config`, then in-cluster when a service account token is mounted).
 *
 * The default chain reads the environment inside client-node; ecs-bridge's own code reads nothing
 * from it (src/config.ts passes the explicit choices).
 */
import type { RequestContext } from '@kubernetes/client-node';
// The module itself, not the package: the package's index loads client-node's whole generated
// client (see kube-rest.ts and client-node-slim.ts).
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import type { Dispatcher } from 'undici';

/**
 * A `KubeConfig` whose API calls share one keep-alive connection pool per TLS identity.
 *
 * client-node (1.x and 2.x alike) builds a new HTTP agent for every API call when the cluster has a
 * CA or a client certificate, hence a new TCP and TLS connection per call; at N = 1000 the status
 * writes, finalizer patches and Events then spend most of their time in handshakes (measured with
 * 1.4: idle apply-to-first-write p99 238 ms without, 55 ms with). This subclass swaps that fresh
 * undici `Agent` for the first one built for the same identity. Headers, including bearer tokens
 * client-node refreshes per call, are untouched; clusters reached through a proxy keep what
 * client-node chose; without TLS options client-node sets no agent and undici's global keep-alive
 * pool is used already.
 *
 * The cache key is the current cluster and user as the kubeconfig names them (CA, certificate and
 * key data or file paths, server name, verification): a certificate file rewritten in place keeps
 * the pool until restart, like a bearer-token file does not need to.
 */
export class KeepAliveKubeConfig extends KubeConfig {
  readonly #pools = new Map<string, Dispatcher>();

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const fresh = context.getDispatcher();
    const cluster = this.getCurrentCluster();
    if (fresh === undefined || cluster === null || cluster.proxyUrl !== undefined) return;
    const key = JSON.stringify([cluster, this.getCurrentUser()]);
    let pool = this.#pools.get(key);
    // The first dispatcher built for an identity becomes its pool: it already carries that
    // identity's TLS options (which client-node keeps private) and keep-alive sockets.
    if (pool === undefined) {
      pool = fresh;
      this.#pools.set(key, pool);
    }
    if (pool !== fresh) {
      context.setDispatcher(pool);
      void fresh.close();
    }
  }
}

/** Where to find cluster credentials. Every field is optional: none means client-node's defaults. */
export interface KubeConfigOptions {
  /** A kubeconfig file; wins over the default chain. */
  readonly kubeconfigPath?: string;
  /**
   * Several kubeconfig files, merged as `KUBECONFIG` merges them (the first file's current context
   * wins); wins over the default chain. Empty means none.
   */
  readonly kubeconfigPaths?: readonly string[];
  /** A context of that kubeconfig; its current context when absent. */
  readonly context?: string;
  /** Use the pod's service account (`KUBERNETES_SERVICE_HOST`, the mounted token and CA). */
  readonly inCluster?: boolean;
}

/**
 * Builds a keep-alive `KubeConfig` (see {@link KeepAliveKubeConfig}) from `options`, failing at start with a message that names what is wrong
 * (an unreadable file, an unknown context with the known ones listed, no current cluster).
 */
export function loadKubeConfig(options: KubeConfigOptions = {}): KubeConfig {
  const kc = new KeepAliveKubeConfig();
  const paths = [
    ...(options.kubeconfigPath === undefined ? [] : [options.kubeconfigPath]),
    ...(options.kubeconfigPaths ?? []),
  ];
  if (options.inCluster === true && paths.length > 0) {
    throw new Error('choose either an in-cluster config or a kubeconfig path, not both');
  }
  if (options.inCluster === true) {
    kc.loadFromCluster();
  } else if (paths.length > 0) {
    paths.forEach((path, i) => {
      const target = i === 0 ? kc : new KubeConfig();
      try {
        target.loadFromFile(path);
      } catch (cause) {
        throw new Error(`cannot read kubeconfig "${path}"`, { cause });
      }
      if (target !== kc) kc.mergeConfig(target, true);
    });
  } else {
    kc.loadFromDefault();
  }
  if (options.context !== undefined) {
    const known = kc.getContexts().map((c) => c.name);
    if (!known.includes(options.context)) {
      const list = known.length === 0 ? 'none' : known.map((n) => `"${n}"`).join(', ');
      throw new Error(`kubeconfig context "${options.context}" not found; known contexts: ${list}`);
    }
    kc.setCurrentContext(options.context);
  }
  const cluster = kc.getCurrentCluster();
  if (cluster === null) {
    throw new Error(`kubeconfig has no cluster for the current context "${kc.getCurrentContext()}"`);
  }
  return kc;
}

/** Where a kubeconfig comes from, as the operator's and the CLI's settings both spell it. */
export interface KubeConfigSettings {
  /** The kubeconfig files, merged as `KUBECONFIG` merges them; empty means the default chain. */
  readonly kubeconfigPaths: readonly string[];
  /** A context of that kubeconfig; its current context when undefined. */
  readonly kubeContext: string | undefined;
}

/**
 * {@link loadKubeConfig} for `settings`. A kubeconfig that cannot be used is a setting to fix, not a
 * crash: `failure` turns the error into the caller's own (naming its flag and the fix).
 */
export function kubeConfigFor(settings: KubeConfigSettings, failure: (err: unknown) => Error): KubeConfig {
  try {
    return loadKubeConfig({
      kubeconfigPaths: settings.kubeconfigPaths,
      ...(settings.kubeContext === undefined ? {} : { context: settings.kubeContext }),
    });
  } catch (err) {
    throw failure(err);
  }
}
