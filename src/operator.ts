/**
 * The composition root: builds the real clients (Kubernetes, AWS), the informers, the two
 * controllers and the manager from one validated {@link Config}, and runs them until the signal
 * aborts. Nothing else in the operator builds an SDK client or reads configuration. The entry point
 * is `src/cli/main.ts`: `ecs-bridge run` (`cli/run-command.ts`) calls {@link runOperator}.
 */
import { hostname } from 'node:os';
import type { KubeConfig } from '@kubernetes/client-node';
import { kubeConfigFrom, leadership } from './operator-kube.js';
import { createAwsClients, type AwsClients } from './aws/clients.js';
import { ConfigError, type Config } from './config.js';
import { Controller } from './controller/controller.js';
import { Manager } from './controller/manager.js';
import { resourceName } from './k8s/custom-resource.js';
import { CrdTermination } from './k8s/crd-termination.js';
import { KubeEventRecorder } from './k8s/event-recorder.js';
import { Informer } from './k8s/informer.js';
import { ObjectWriter } from './k8s/object-writer.js';
import type { Logger } from './observability/logger.js';
import { InFlightCalls } from './observability/in-flight-calls.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { orphanGauge } from './observability/orphan-metrics.js';
import { trackObjectConditions } from './observability/object-conditions.js';
import { logAwsFailures } from './observability/aws-call-log.js';
import { startProbeServer } from './observability/http-server.js';
import { ClusterStatusWriter } from './k8s/cluster-status-writer.js';
import { NAMESPACE_TYPE, NamespaceListWatchClient } from './k8s/namespace-list-watch-client.js';
import { accountFor, knownAccountOf, roleOfPolicy } from './resources/access-policy/account.js';
import { orphanScanPlaces, type ScanPlace } from './resources/orphans/scan-places.js';
import {
  clusterAccessGuard,
  serviceAccessGuard,
  taskDefinitionAccessGuard,
} from './resources/access-policy/guards.js';
import { AccessPolicyReconciler } from './resources/access-policy/reconciler.js';
import {
  accessSnapshotFrom,
  objectsAffectedByNamespace,
  objectsAffectedByPolicy,
  policiesWithSelector,
  type NamespaceLike,
} from './resources/access-policy/snapshot.js';
import type { EcsAccessPolicy } from './resources/access-policy/types.js';
import { createServiceAutoscaling } from './resources/autoscaling/service-autoscaling.js';
import { ClusterReconciler } from './resources/cluster/reconciler.js';
import type { EcsCluster } from './resources/cluster/types.js';
import { OrphanScan } from './resources/orphans/orphan-scan.js';
import { EcsServiceReconciler } from './resources/service/reconciler.js';
import {
  ACCESS_POLICY_TYPE,
  CLUSTER_TYPE,
  SERVICE_TYPE,
  TASK_DEFINITION_TYPE,
  TASK_RUN_TYPE,
  TASK_TRIGGER_TYPE,
} from './resources/kinds.js';
import { objectDeleter } from './k8s/object-deleter.js';
import { taskRunAccessGuard } from './resources/access-policy/task-run-guard.js';
import { TaskRunReconciler } from './resources/task-run/reconciler.js';
import { taskTriggerAccessGuard } from './resources/access-policy/task-trigger-guard.js';
import { TaskTriggerReconciler } from './resources/task-trigger/reconciler.js';
import type { EcsTaskTrigger } from './resources/task-trigger/types.js';
import type { EcsTaskRun } from './resources/task-run/types.js';
import type { EcsService } from './resources/service/types.js';
import { inactiveScansByRegion } from './resources/task-definition/inactive-scan.js';
import { TaskDefinitionReconciler } from './resources/task-definition/reconciler.js';
import { PublishedRevisions } from './resources/task-definition/published-revisions.js';
import { ClusterReadiness } from './resources/cluster/ready-verdicts.js';
import { RevisionsSeenInEcs } from './resources/revisions-seen.js';
import type { EcsTaskDefinition } from './resources/task-definition/types.js';
import {
  clusterLookupFrom,
  forgetDeletedClusters,
  referencingClusterVerdict,
  clustersHoldingService,
  managedServicesFrom,
  clusterClaimantsFrom,
  objectsReferencing,
  roleProbeFrom,
  servicesReferencingCluster,
  ownersFrom,
  regionsInUse,
  revisionsInUseFrom,
  serviceStoreFrom,
  serviceEventsFrom,
  taskDefinitionLookupFrom,
  servicesReferencing,
  servicesReferencingName,
  forgetDeletedTaskDefinitions,
  taskDefinitionsReleasedBy,
  taskDefinitionsReleasedBySeen,
} from './wiring.js';

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
  const aws = createAwsClients({
    ...(config.aws.endpointUrl === undefined ? {} : { endpoint: config.aws.endpointUrl }),
    maxAttempts: config.aws.maxAttempts,
    budgetFraction: config.aws.rateBudget,
    rateScale: config.aws.rateScale,
    timeouts: { readMs: config.aws.readTimeoutMs, writeMs: config.aws.writeTimeoutMs },
    connectTimeoutMs: config.aws.connectTimeoutMs,
    resyncPeriodMs: config.resyncPeriodMs,
    // Roles named by EcsAccessPolicies are assumed through the STS endpoint of the default Region.
    assumeRole: {
      instanceId: config.instanceId,
      stsRegion: config.aws.region ?? 'us-east-1',
      refreshMarginMs: config.aws.assumeRoleRefreshMarginMs,
    },
    observer: {
      observeCall: (service, operation, outcome, seconds) =>
        metrics.observeAwsCall({ service, operation, outcome, seconds }),
      callStarted: (service, operation, signal) => inFlight.started(service, operation, signal),
      observeFailure: logAwsFailures(log.child({ component: 'aws' })),
    },
  });
  const defaultRegion = config.aws.region;
  if (defaultRegion === undefined) {
    throw new ConfigError(
      'no AWS region: set --aws-region (or AWS_REGION; IRSA sets it, EKS Pod Identity does not)',
      'aws-region',
    );
  }
  const informerOptions = {
    kubeConfig: kc,
    namespaces: config.namespaces,
    ...(config.labelSelector === undefined ? {} : { labelSelector: config.labelSelector }),
    log,
  };
  const taskDefinitions = new Informer<EcsTaskDefinition>({ ...informerOptions, type: TASK_DEFINITION_TYPE });
  const services = new Informer<EcsService>({ ...informerOptions, type: SERVICE_TYPE });
  const clusters = new Informer<EcsCluster>({ ...informerOptions, type: CLUSTER_TYPE });
  const taskRuns = new Informer<EcsTaskRun>({ ...informerOptions, type: TASK_RUN_TYPE });
  const taskTriggers = new Informer<EcsTaskTrigger>({ ...informerOptions, type: TASK_TRIGGER_TYPE });
  // The access policies (cluster-scoped) and the namespace labels they select by (ADR 0021): every
  // policy and namespace, whatever namespaces and selector the operator's own kinds are watched with.
  const policies = new Informer<EcsAccessPolicy>({ kubeConfig: kc, log, type: ACCESS_POLICY_TYPE });
  const namespaceObjects = new Informer<NamespaceLike & { spec: unknown; apiVersion: string; kind: string }>({
    client: new NamespaceListWatchClient(kc),
    log,
    type: NAMESPACE_TYPE,
  });
  const access = accessSnapshotFrom(config.accessPolicies, policies, namespaceObjects);
  // The clients of a namespace's objects: those of the role its policies name, in that role's
  // account, through the namespace's own session (ADR 0030); the operator's own when they name none.
  // An ambiguous choice reads with the operator's own identity, and the access guard refuses every
  // write until the policies agree.
  const awsIn = (region: string, namespace: string | undefined) => {
    const choice = accountFor(access(), namespace ?? '');
    if (choice.kind !== 'role') return aws.forRegion(region);
    return aws.forRole(namespace === undefined ? choice.role : { ...choice.role, namespace }, region);
  };
  // The inactive-revision scans are Region-wide lists: one set per account identity.
  const inactiveScans = new Map<string, ReturnType<typeof inactiveScansByRegion>>();
  // Before the informers start, so their first lists are counted.
  trackObjectConditions(taskDefinitions, 'EcsTaskDefinition', metrics.objects);
  trackObjectConditions(services, 'EcsService', metrics.objects);
  trackObjectConditions(clusters, 'EcsCluster', metrics.objects);
  trackObjectConditions(taskRuns, 'EcsTaskRun', metrics.objects);
  trackObjectConditions(taskTriggers, 'EcsTaskTrigger', metrics.objects);
  const events = new KubeEventRecorder({
    component: 'ecs-bridge',
    host: hostname(),
    kubeConfig: kc,
    log: log.child({ component: 'events' }),
  });

  // Deleting a CRD deletes every object of its kind: the finalizers then release them untouched.
  const crdLog = log.child({ component: 'crd-termination' });
  const crds = new CrdTermination({
    kubeConfig: kc,
    onForbidden: (crd) =>
      crdLog.warn(
        { crd },
        'cannot read crd; grant get on customresourcedefinitions so deleting a crd deletes nothing in aws',
      ),
  });
  // The revision each EcsTaskDefinition publishes, as derived from ECS (never read from status).
  const published = new PublishedRevisions();
  forgetDeletedTaskDefinitions(taskDefinitions, published);
  // Whether each EcsCluster is Ready, as its reconciler concluded (never read from status).
  const clusterReadiness = new ClusterReadiness();
  forgetDeletedClusters(clusters, clusterReadiness);
  // The revisions each EcsService runs, as ECS reports them (never read from status, ADR 0031).
  const revisionsSeen = new RevisionsSeenInEcs();
  const tdReconciler = new TaskDefinitionReconciler({
    ecsForRegion: (region, namespace) => awsIn(region ?? defaultRegion, namespace).ecs,
    writer: new ObjectWriter<EcsTaskDefinition>({ type: TASK_DEFINITION_TYPE, kubeConfig: kc }),
    events,
    revisionsInUse: revisionsInUseFrom(services, revisionsSeen),
    instanceId: config.instanceId,
    defaultDeletionPolicy: config.defaultDeletionPolicy,
    inactiveScanForRegion: (region, namespace) => {
      const choice = accountFor(access(), namespace ?? '');
      const role = choice.kind === 'role' ? choice.role : undefined;
      const key = JSON.stringify([role?.roleArn ?? '', role?.externalId ?? '', role?.policy ?? '']);
      let scans = inactiveScans.get(key);
      if (scans === undefined) {
        scans = inactiveScansByRegion(
          (r) => (maxPages) =>
            aws.forRole(role, r ?? defaultRegion).inventory.listTaskDefinitionsUpTo('INACTIVE', maxPages),
        );
        inactiveScans.set(key, scans);
      }
      return scans(region);
    },
    defaultManagementPolicy: config.defaultManagementPolicy,
    crdTerminating: () => crds.isTerminating(resourceName(TASK_DEFINITION_TYPE)),
    published,
    writeGuards: [taskDefinitionAccessGuard(access, defaultRegion)],
  });
  const serviceReconciler = new EcsServiceReconciler({
    ecsFor: (region, namespace) => awsIn(region, namespace).ecs,
    describeService: (region, cluster, name, options) =>
      awsIn(region, options?.namespace).describeServices.describeService(
        cluster,
        name,
        options?.signal === undefined ? {} : { signal: options.signal },
      ),
    store: serviceStoreFrom(new ObjectWriter<EcsService>({ type: SERVICE_TYPE, kubeConfig: kc })),
    events: serviceEventsFrom(events),
    taskDefinitions: taskDefinitionLookupFrom(taskDefinitions, published),
    clusters: clusterLookupFrom(clusters, clusterReadiness),
    autoscaling: createServiceAutoscaling({ apisFor: (region, namespace) => awsIn(region, namespace) }),
    instanceId: config.instanceId,
    defaultRegion,
    defaultDeletionPolicy: config.defaultDeletionPolicy,
    defaultManagementPolicy: config.defaultManagementPolicy,
    crdTerminating: () => crds.isTerminating(resourceName(SERVICE_TYPE)),
    writeGuards: [serviceAccessGuard(access, defaultRegion)],
    revisionsSeen: (obj, runs) =>
      runs === undefined ? revisionsSeen.forget(obj) : revisionsSeen.record(obj, runs),
    rolloutPollMs: config.progressPollMs,
    // A drain takes longer than a rollout step: polled at half the pace (10 s by default).
    drainPollMs: 2 * config.progressPollMs,
  });
  const clusterReconciler = new ClusterReconciler({
    apisFor: (region, namespace) => awsIn(region ?? defaultRegion, namespace),
    writer: new ObjectWriter<EcsCluster>({ type: CLUSTER_TYPE, kubeConfig: kc }),
    events,
    instanceId: config.instanceId,
    defaultDeletionPolicy: config.defaultDeletionPolicy,
    managedServicesIn: managedServicesFrom(services, defaultRegion),
    claimants: clusterClaimantsFrom(clusters, defaultRegion, (ns) => knownAccountOf(access(), ns)),
    writeGuards: [clusterAccessGuard(access, defaultRegion)],
    readiness: clusterReadiness,
  });

  const clusterLookup = clusterLookupFrom(clusters, clusterReadiness);
  const tdLookup = taskDefinitionLookupFrom(taskDefinitions, published);
  const taskRunReconciler = new TaskRunReconciler({
    tasksFor: (region, namespace) => awsIn(region ?? defaultRegion, namespace).tasks,
    writer: new ObjectWriter<EcsTaskRun>({ type: TASK_RUN_TYPE, kubeConfig: kc }),
    deleter: objectDeleter<EcsTaskRun>(kc, TASK_RUN_TYPE),
    events,
    lookups: {
      cluster: (namespace, name) => clusterLookup.get(namespace, name),
      taskDefinition: (namespace, name) => tdLookup.get(namespace, name),
    },
    instanceId: config.instanceId,
    pollIntervalMs: config.progressPollMs,
    writeGuards: [taskRunAccessGuard(access, defaultRegion)],
  });
  const taskTriggerReconciler = new TaskTriggerReconciler({
    apisFor: (region, namespace) => awsIn(region, namespace),
    writer: new ObjectWriter<EcsTaskTrigger>({ type: TASK_TRIGGER_TYPE, kubeConfig: kc }),
    events,
    lookups: {
      cluster: (namespace, name) => clusterLookup.get(namespace, name),
      taskDefinition: (namespace, name) => tdLookup.get(namespace, name),
    },
    instanceId: config.instanceId,
    defaultRegion,
    activePollMs: config.progressPollMs,
    idlePollMs: config.triggerPollMs,
    writeGuards: [taskTriggerAccessGuard(access, defaultRegion)],
  });

  const common = {
    log,
    metrics,
    workers: config.workers,
    resyncPeriodMs: config.resyncPeriodMs,
    reconcileTimeoutMs: config.reconcileTimeoutMs,
    stuck: config.stuck,
    activityOf: (signal: AbortSignal) => inFlight.of(signal),
  };
  const tdController = new Controller<EcsTaskDefinition>({
    ...common,
    name: 'ecstaskdefinition',
    source: taskDefinitions,
    reconciler: tdReconciler,
  })
    .watches(services, (_svc, event) => taskDefinitionsReleasedBy(taskDefinitions, event))
    .watches(revisionsSeen, (_seen, event) => taskDefinitionsReleasedBySeen(taskDefinitions, event))
    .watches(policies, (_p, event) => objectsAffectedByPolicy(taskDefinitions, namespaceObjects, event))
    .watches(namespaceObjects, (_ns, event) => objectsAffectedByNamespace(taskDefinitions, event));
  const serviceController = new Controller<EcsService>({
    ...common,
    name: 'ecsservice',
    source: services,
    reconciler: serviceReconciler,
  })
    .watches(taskDefinitions, (td) => servicesReferencing(services, td))
    .watches(published, (p) => servicesReferencingName(services, p.namespace, p.name))
    .watches(clusters, (cl) => servicesReferencingCluster(services, cl))
    .watches(clusterReadiness, (v) =>
      referencingClusterVerdict(services, v, (svc) => svc.spec.clusterRef?.name),
    )
    .watches(policies, (_p, event) => objectsAffectedByPolicy(services, namespaceObjects, event))
    .watches(namespaceObjects, (_ns, event) => objectsAffectedByNamespace(services, event));
  // A service going away may be what a cluster's deletion waits for: wake that cluster at once.
  const clusterController = new Controller<EcsCluster>({
    ...common,
    name: 'ecscluster',
    source: clusters,
    reconciler: clusterReconciler,
  })
    .watches(services, (svc, event) => clustersHoldingService(clusters, svc, event))
    .watches(policies, (_p, event) => objectsAffectedByPolicy(clusters, namespaceObjects, event))
    .watches(namespaceObjects, (_ns, event) => objectsAffectedByNamespace(clusters, event));
  // A run waits for the EcsCluster and EcsTaskDefinition it references: their changes wake it.
  const runsReferencing = (namespace: string | undefined, matches: (run: EcsTaskRun) => boolean): string[] =>
    objectsReferencing(taskRuns, namespace, matches);
  const taskRunController = new Controller<EcsTaskRun>({
    ...common,
    name: 'ecstaskrun',
    source: taskRuns,
    reconciler: taskRunReconciler,
  })
    .watches(clusters, (cl) =>
      runsReferencing(cl.metadata.namespace, (run) => run.spec.clusterRef?.name === cl.metadata.name),
    )
    .watches(published, (p) =>
      runsReferencing(p.namespace, (run) => run.spec.taskDefinitionRef?.name === p.name),
    )
    .watches(clusterReadiness, (v) =>
      referencingClusterVerdict(taskRuns, v, (run) => run.spec.clusterRef?.name),
    )
    .watches(policies, (_p, event) => objectsAffectedByPolicy(taskRuns, namespaceObjects, event))
    .watches(namespaceObjects, (_ns, event) => objectsAffectedByNamespace(taskRuns, event));
  // A trigger waits for the EcsCluster and EcsTaskDefinition its template references, and puts the
  // revision the EcsTaskDefinition publishes into its target: their changes wake it.
  const triggersReferencing = (
    namespace: string | undefined,
    matches: (t: EcsTaskTrigger) => boolean,
  ): string[] => objectsReferencing(taskTriggers, namespace, matches);
  const taskTriggerController = new Controller<EcsTaskTrigger>({
    ...common,
    name: 'ecstasktrigger',
    source: taskTriggers,
    reconciler: taskTriggerReconciler,
  })
    .watches(clusters, (cl) =>
      triggersReferencing(
        cl.metadata.namespace,
        (t) => t.spec.template.clusterRef?.name === cl.metadata.name,
      ),
    )
    .watches(published, (p) =>
      triggersReferencing(p.namespace, (t) => t.spec.template.taskDefinitionRef?.name === p.name),
    )
    .watches(clusterReadiness, (v) =>
      referencingClusterVerdict(taskTriggers, v, (t) => t.spec.template.clusterRef?.name),
    )
    .watches(policies, (_p, event) => objectsAffectedByPolicy(taskTriggers, namespaceObjects, event))
    .watches(namespaceObjects, (_ns, event) => objectsAffectedByNamespace(taskTriggers, event));
  // Each policy's status: the namespaces it selects, and whether it is enforced.
  const policyController = new Controller<EcsAccessPolicy>({
    ...common,
    name: 'ecsaccesspolicy',
    source: policies,
    reconciler: new AccessPolicyReconciler({
      mode: config.accessPolicies,
      namespaces: namespaceObjects,
      writer: new ClusterStatusWriter(kc, ACCESS_POLICY_TYPE),
      probeRole: roleProbeFrom(aws),
    }),
  }).watches(namespaceObjects, (_ns, event) => policiesWithSelector(policies, event));

  const manager = new Manager({
    log,
    leadership: leadership(config, kc, log, metrics),
    shutdownTimeoutMs: config.shutdownTimeoutMs,
  });
  manager
    .add(tdController)
    .add(serviceController)
    .add(clusterController)
    .add(taskRunController)
    .add(taskTriggerController)
    .add(policyController);
  // With a label selector, objects of the other shards are invisible here, not gone: no scan.
  if (config.orphanScanPeriodMs > 0 && config.labelSelector === undefined) {
    // Every Region in use, in the own account and in the account of every role a policy names
    // (ADR 0030): objects of a namespace with a role own resources in that role's account.
    let places = new Map<string, ScanPlace>();
    manager.add(
      new OrphanScan({
        instanceId: config.instanceId,
        regions: () => {
          const roles =
            config.accessPolicies === 'off' ? [] : policies.list().flatMap((p) => roleOfPolicy(p) ?? []);
          const found = orphanScanPlaces(regionsInUse(defaultRegion, taskDefinitions, services), roles);
          places = new Map(found.map((p) => [p.label, p]));
          return found.map((p) => p.label);
        },
        awsFor: (label) => {
          const place = places.get(label);
          return place === undefined ? aws.forRegion(label) : aws.forRole(place.role, place.region);
        },
        objects: () => ownersFrom(taskDefinitions, services),
        sources: [taskDefinitions, services],
        ...(config.namespaces.length === 0 ? {} : { namespaces: config.namespaces }),
        periodMs: config.orphanScanPeriodMs,
        events,
        setGauge: orphanGauge(metrics.registry),
        log: log.child({ component: 'orphan-scan' }),
      }),
    );
  }
  return { manager, metrics, aws, kubeConfig: kc };
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
