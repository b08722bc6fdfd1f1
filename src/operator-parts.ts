/**
 * What the composition root shares between the reconcilers, the controllers and the orphan scan it
 * builds: the clients, the informers, and the in-memory records kinds tell each other through
 * (never read from status).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { AwsClients } from './aws/clients.js';
import type { Config } from './config.js';
import type { CrdTermination } from './k8s/crd-termination.js';
import type { KubeEventRecorder } from './k8s/event-recorder.js';
import type { Logger } from './observability/logger.js';
import type { Metrics } from './observability/metrics.js';
import type { AwsForNamespace } from './operator-aws.js';
import type { OperatorInformers } from './operator-informers.js';
import type { AccessSnapshotSource } from './resources/access-policy/guards.js';
import type { ClusterReadiness } from './resources/cluster/ready-verdicts.js';
import type { RevisionsSeenInEcs } from './resources/revisions-seen.js';
import type { PublishedRevisions } from './resources/task-definition/published-revisions.js';

/** The parts of one operator, built once by `buildOperator`. */
export interface OperatorParts {
  readonly config: Config;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly kc: KubeConfig;
  readonly aws: AwsClients;
  /** The clients of a namespace's objects (ADR 0030). */
  readonly awsIn: AwsForNamespace;
  /** The access policies and namespace labels, as one snapshot per call (ADR 0021). */
  readonly access: AccessSnapshotSource;
  readonly defaultRegion: string;
  readonly informers: OperatorInformers;
  readonly events: KubeEventRecorder;
  /** Whether a kind's CRD is being deleted (its objects are then released untouched). */
  readonly crds: CrdTermination;
  /** The revision each EcsTaskDefinition publishes, as derived from ECS. */
  readonly published: PublishedRevisions;
  /** Whether each EcsCluster is Ready, as its reconciler concluded. */
  readonly clusterReadiness: ClusterReadiness;
  /** The revisions each EcsService runs, as ECS reports them (ADR 0031). */
  readonly revisionsSeen: RevisionsSeenInEcs;
}
