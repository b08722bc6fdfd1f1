/**
 * The benchmark's own Kubernetes client: the operator's keep-alive `KubeConfig`, so applying a
 * fleet does not spend the API server's time on a TLS handshake per request.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { KeepAliveKubeConfig } from '../../src/k8s/kube-config.js';

/** A keep-alive `KubeConfig` for the world's kubeconfig file. */
export function benchKubeConfig(kubeconfigPath: string): KubeConfig {
  const kc = new KeepAliveKubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return kc;
}
