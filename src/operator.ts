/**
 * The composition root: builds the real clients (Kubernetes, AWS: `operator-aws.ts`), the informers
 * (`operator-informers.ts`), the reconcilers (`operator-reconcilers.ts`), the controllers
 * (`operator-controllers.ts`), the orphan scan and the manager from one validated {@link Config},
 * and runs them until the signal aborts. Nothing else in the operator builds an SDK client or reads configuration. The entry point
 * is `src/cli/main.ts`: `ecs-bridge run` (`cli/run-command.ts`) calls {@link runOperator}.
 */
import { hostname } from 'node:os';
import type { KubeConfig } from '@kubernetes/client-node';
import { kubeConfigFrom, leadership } from './operator-kube.js';
import type { AwsClients } from './aws/clients.js';
import { ConfigError, type Config } from './config.js';
import { Manager } from './controller/manager.js';
import { CrdTermination } from './k8s/crd-termination.js';
import { KubeEventRecorder } from './k8s/event-recorder.js';
import type { Logger } from './observability/logger.js';
import { InFlightCalls } from './observability/in-flight-calls.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { startProbeServer } from './observability/http-server.js';
import { awsForNamespace, operatorAwsClients } from './operator-aws.js';
import { operatorControllers, operatorReconcilers } from './operator-controllers.js';
import { operatorInformers } from './operator-informers.js';
import { operatorOrphanScan } from './operator-orphan-scan.js';
import type { OperatorParts } from './operator-parts.js';

import { accessSnapshotFrom } from './resources/access-policy/snapshot.js';
import { ClusterReadiness } from './resources/cluster/ready-verdicts.js';
import { RevisionsSeenInEcs } from './resources/revisions-seen.js';
import { PublishedRevisions } from './resources/task-definition/published-revisions.js';
import { forgetDeletedClusters, forgetDeletedTaskDefinitions } from './wiring.js';

/** What {@link runOperator} needs beside the config. */
export interface OperatorDeps {
  readonly log: Logger;
  /** Aborts on SIGTERM/SIGINT: graceful shutdown. */
  readonly signal: AbortSignal;
}

/** The parts of a built operator, for the CLI and tests. */
export interface Operator {
  readonly manager: Manager;
  readonly metrics: Metrics;
  readonly aws: AwsClients;
  readonly kubeConfig: KubeConfig;
}

/** Builds the operator from config: clients, informers, reconcilers, controllers, manager. */
export function buildOperator(config: Config, log: Logger): Operator {
  const kc = kubeConfigFrom(config);
  const metrics = createMetrics({});
  // Which AWS call each reconcile waits on, for the log line and probe detail of stuck workers.
  const inFlight = new InFlightCalls();
  const aws = operatorAwsClients(config, log, metrics, inFlight);
  const defaultRegion = config.aws.region;
  if (defaultRegion === undefined) {
    throw new ConfigError(
      'no AWS region: set --aws-region (or AWS_REGION; IRSA sets it, EKS Pod Identity does not)',
      'aws-region',
    );
  }
  const informers = operatorInformers(config, kc, log, metrics);
  const access = accessSnapshotFrom(config.accessPolicies, informers.policies, informers.namespaceObjects);
  const parts: OperatorParts = {
    config,
    log,
    metrics,
    kc,
    aws,
    awsIn: awsForNamespace(aws, access),
    access,
    defaultRegion,
    informers,
    events: new KubeEventRecorder({
      component: 'ecs-bridge',
      host: hostname(),
      kubeConfig: kc,
      log: log.child({ component: 'events' }),
    }),
    crds: crdTermination(kc, log),
    published: new PublishedRevisions(),
    clusterReadiness: new ClusterReadiness(),
    revisionsSeen: new RevisionsSeenInEcs(),
  };
  forgetDeletedTaskDefinitions(informers.taskDefinitions, parts.published);
  forgetDeletedClusters(informers.clusters, parts.clusterReadiness);
  const controllers = operatorControllers(parts, operatorReconcilers(parts), inFlight);
  const manager = new Manager({
    log,
    leadership: leadership(config, kc, log, metrics),
    shutdownTimeoutMs: config.shutdownTimeoutMs,
  });
  for (const controller of controllers) manager.add(controller);
  const orphanScan = operatorOrphanScan(parts);
  if (orphanScan !== undefined) manager.add(orphanScan);
  return { manager, metrics, aws, kubeConfig: kc };
}

/** Deleting a CRD deletes every object of its kind: the finalizers then release them untouched. */
function crdTermination(kc: KubeConfig, log: Logger): CrdTermination {
  const crdLog = log.child({ component: 'crd-termination' });
  return new CrdTermination({
    kubeConfig: kc,
    onForbidden: (crd) =>
      crdLog.warn(
        { crd },
        'cannot read crd; grant get on customresourcedefinitions so deleting a crd deletes nothing in aws',
      ),
  });
}

/**
 * Runs the operator until `deps.signal` aborts, then shuts down gracefully. Resolves with the
 * process exit code: 0 after a graceful shutdown, 1 when the manager could not prove it stopped
 * writing (a lost lease with reconciles that would not end).
 */
export async function runOperator(config: Config, deps: OperatorDeps): Promise<number> {
  const { log } = deps;
  const operator = buildOperator(config, log);
  const probes =
    config.metricsBindAddress === undefined
      ? undefined
      : await startProbeServer({
          ...(config.metricsBindAddress.host === undefined ? {} : { host: config.metricsBindAddress.host }),
          port: config.metricsBindAddress.port,
          probes: operator.manager,
          registry: operator.metrics.registry,
          log,
        });
  log.info(
    {
      namespaces: config.namespaces,
      selector: config.labelSelector,
      instanceId: config.instanceId,
      leaderElection: config.leaderElection.enabled,
      probes: probes?.address,
    },
    'operator starting',
  );
  try {
    // The manager stops on the signal, even one that aborted while the probe server was starting.
    await operator.manager.start(deps.signal);
    log.info('operator stopped');
    return 0;
  } catch (err) {
    log.error({ err }, 'operator failed');
    return 1;
  } finally {
    await probes?.close();
    operator.aws.destroy();
  }
}
