/**
 * The operator's two ties to its Kubernetes API server that come from settings: the KubeConfig the
 * flags name, and the leader election gate on a Lease (or none when `--leader-elect=false`).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { ConfigError, type Config } from './config.js';
import { alwaysLeading, type LeadershipGate } from './controller/manager.js';
import { observedLeadership } from './controller/observed-leadership.js';
import { kubeConfigFor } from './k8s/kube-config.js';
import { LeaseLeadershipGate } from './k8s/lease-leadership-gate.js';
import { KubeLeaseClient } from './k8s/lease-client.js';
import type { Logger } from './observability/logger.js';
import type { Metrics } from './observability/metrics.js';

/** The leader election gate the settings ask for; its state is the `leader_election_master_status` gauge. */
export function leadership(config: Config, kc: KubeConfig, log: Logger, metrics: Metrics): LeadershipGate {
  const le = config.leaderElection;
  if (!le.enabled) return alwaysLeading();
  // Pod name plus a random suffix: a restarted pod is a new candidate (client-go's advice).
  const identity = `${hostname()}_${randomBytes(4).toString('hex')}`;
  // controller-runtime's gauge: present as 0 while standing by, so dashboards see every replica.
  const status = metrics.leaderElectionStatus.labels({ name: le.id });
  status.set(0);
  const gate = new LeaseLeadershipGate({
    lease: new KubeLeaseClient({
      kubeConfig: kc,
      namespace: le.namespace,
      name: le.id,
    }),
    identity,
    leaseDurationMs: le.leaseDurationMs,
    renewDeadlineMs: le.renewDeadlineMs,
    retryPeriodMs: le.retryPeriodMs,
    log: log.child({ component: 'leader-election', lease: `${le.namespace}/${le.id}` }),
  });
  return observedLeadership(gate, (leading) => status.set(leading ? 1 : 0));
}

/**
 * The KubeConfig the settings name. One that cannot be used (a missing file, an unknown context) is
 * a setting to fix, not a crash: it becomes a {@link ConfigError}, so `ecs-bridge run` exits 2 with
 * the reason instead of 1 with a stack.
 */
export function kubeConfigFrom(config: Config): KubeConfig {
  return kubeConfigFor(config, (err) => {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    const message = err instanceof Error ? err.message : String(err);
    return new ConfigError(
      `${message}${cause}`,
      config.kubeContext === undefined ? '--kubeconfig' : '--context',
    );
  });
}
