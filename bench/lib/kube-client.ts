/**
 * The benchmark's own Kubernetes client: a `KubeConfig` whose API calls share one keep-alive HTTPS
 * agent. client-node 1.4 builds a new agent, hence a new TLS connection, for every request; on a
 * loaded machine those handshakes made the API server, not the operator, the bottleneck of
 * applying a fleet. Watches are left as client-node makes them.
 */
import { Agent } from 'node:https';
import { KubeConfig, type RequestContext } from '@kubernetes/client-node';

/** A `KubeConfig` reusing connections across API calls (see the module comment). */
export class KeepAliveKubeConfig extends KubeConfig {
  private pooled: Agent | undefined;

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const fresh = context.getAgent();
    // One identity per benchmark: the agent built for the first call serves them all.
    if (fresh instanceof Agent) {
      this.pooled ??= new Agent({ ...fresh.options, keepAlive: true });
      context.setAgent(this.pooled);
    }
  }
}

/** A keep-alive `KubeConfig` for the world's kubeconfig file. */
export function benchKubeConfig(kubeconfigPath: string): KubeConfig {
  const kc = new KeepAliveKubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return kc;
}
