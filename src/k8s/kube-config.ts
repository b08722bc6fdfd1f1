/**
 * Loads the client-node `KubeConfig` the operator talks to the API server with: an explicit
 * kubeconfig file (and context), the in-cluster service account, or client-node's default chain
 * (`$KUBECONFIG`, `~/.kube/config`, then in-cluster when a service account token is mounted).
 *
 * The default chain reads the environment inside client-node; ecs-bridge's own code reads nothing
 * from it (src/config.ts passes the explicit choices).
 */
import { KubeConfig } from '@kubernetes/client-node';

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
 * Builds a `KubeConfig` from `options`, failing at start with a message that names what is wrong
 * (an unreadable file, an unknown context with the known ones listed, no current cluster).
 */
export function loadKubeConfig(options: KubeConfigOptions = {}): KubeConfig {
  const kc = new KubeConfig();
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
