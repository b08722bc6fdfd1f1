/**
 * What Flux and Argo CD make of our status, in every state the status builders can leave an object
 * in. Objects are built with the same pure builders the reconcilers use
 * (taskDefinitionStatus, buildServiceStatus), then judged by kstatus (both upstream
 * sigs.k8s.io/cli-utils and Flux's fork github.com/fluxcd/cli-utils, which kustomize-controller's
 * `wait` and health checks use) and by our Argo CD health checks run with gopher-lua. Needs Go; no
 * test world.
 *
 * Two answers are facts about kstatus worth knowing rather than choices of ours:
 * - An object with no status at all is Current: kstatus cannot tell an operator that has not
 *   looked yet from a kind without conditions. That is why both reconcilers write
 *   Reconciling=True, Ready=Unknown on their first visit, before any AWS call.
 * - Ready=Unknown is InProgress even when Reconciling and Stalled are False, so a suspended
 *   EcsService never becomes Current for Flux (Argo CD shows it as Suspended).
 */
import type { Service } from '@aws-sdk/client-ecs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyAwsError } from '../../src/aws/errors.js';
import { buildServiceStatus, type ServiceStatusInput } from '../../src/resources/service/status.js';
import type { EcsService, RolloutStatus } from '../../src/resources/service/types.js';
import type { ObservedTaskDefinition } from '../../src/resources/task-definition/observe.js';
import {
  taskDefinitionStatus,
  type TaskDefinitionOutcome,
} from '../../src/resources/task-definition/status.js';
import type { EcsTaskDefinition } from '../../src/resources/task-definition/types.js';
import { healthScriptPath } from '../gitops/argocd/cm-patch.js';
import { buildGitopsTool, runGitopsTool } from '../gitops/go-tools.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const now = new Date('2026-03-01T12:00:00Z');

type KstatusStatus = 'InProgress' | 'Current' | 'Failed' | 'Terminating';
type ArgoHealth = 'Progressing' | 'Healthy' | 'Degraded' | 'Suspended';

interface Verdict {
  readonly status?: string;
  readonly message?: string;
  readonly error?: string;
}

// --- EcsTaskDefinition --------------------------------------------------------------------------

const HASH = 'v1:' + 'c'.repeat(64);

function taskDefinition(generation: number, status?: EcsTaskDefinition['status']): EcsTaskDefinition {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsTaskDefinition',
    metadata: { name: 'web', namespace: 'shop', generation },
    spec: { containerDefinitions: [{ name: 'web', image: 'nginx' }] },
    ...(status === undefined ? {} : { status }),
  };
}

const observedTd: ObservedTaskDefinition = {
  family: 'web',
  owned: [
    {
      arn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:4',
      family: 'web',
      revision: 4,
      status: 'ACTIVE',
      specHash: HASH,
      userTags: [],
    },
  ],
  inUse: new Set(),
  foreignActive: 0,
};

/** The object after one reconcile of `obj` that ended in `outcome`. */
function afterTd(
  obj: EcsTaskDefinition,
  outcome: TaskDefinitionOutcome,
  observed?: ObservedTaskDefinition,
): EcsTaskDefinition {
  return { ...obj, status: taskDefinitionStatus(obj, observed, outcome, now) };
}

const tdFresh = taskDefinition(1);
const tdFirstVisit = afterTd(tdFresh, { kind: 'progressing' });
const tdSynced = afterTd(tdFirstVisit, { kind: 'synced', specHash: HASH }, observedTd);
const tdEdited: EcsTaskDefinition = { ...tdSynced, metadata: { ...tdSynced.metadata, generation: 2 } };
const accessDenied = classifyAwsError(
  Object.assign(new Error('not authorized'), {
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  }),
);

// --- EcsService ---------------------------------------------------------------------------------

const TD_ARN = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:4';

function service(generation: number, spec: Partial<EcsService['spec']> = {}): EcsService {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsService',
    metadata: { name: 'web', namespace: 'shop', generation },
    spec: { cluster: 'demo', taskDefinitionRef: { name: 'web' }, desiredCount: 2, ...spec },
  };
}

const stable: Service = {
  serviceArn: 'arn:aws:ecs:eu-west-1:123456789012:service/demo/web',
  serviceName: 'web',
  clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/demo',
  taskDefinition: TD_ARN,
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  deployments: [
    {
      id: 'ecs-svc/1',
      status: 'PRIMARY',
      taskDefinition: TD_ARN,
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      failedTasks: 0,
      rolloutState: 'COMPLETED',
    },
  ],
};
const rollingOut: Service = {
  ...stable,
  runningCount: 1,
  pendingCount: 1,
  deployments: [
    { ...stable.deployments![0]!, runningCount: 1, pendingCount: 1, rolloutState: 'IN_PROGRESS' },
  ],
};
const rollout = (state: RolloutStatus['state']): RolloutStatus => ({
  deploymentId: 'ecs-svc/1',
  taskDefinitionArn: TD_ARN,
  generation: 1,
  state,
  ...(state === 'Failed' ? { reason: 'ECS deployment circuit breaker: task failed to start.' } : {}),
});

/** The object after one reconcile of `obj`, as buildServiceStatus leaves it. */
function afterSvc(obj: EcsService, input: Omit<ServiceStatusInput, 'obj' | 'now'>): EcsService {
  return { ...obj, status: buildServiceStatus({ obj, now, ...input }) };
}

const converged = { kind: 'converged', created: false, updated: false } as const;
const svcFresh = service(1);
const svcCreating = afterSvc(svcFresh, { outcome: { kind: 'converged', created: true, updated: false } });
const svcRollingOut = afterSvc(svcCreating, {
  outcome: converged,
  service: rollingOut,
  rollout: rollout('InProgress'),
});
const svcReady = afterSvc(svcRollingOut, {
  outcome: converged,
  service: stable,
  rollout: rollout('Completed'),
});
// A BLUE_GREEN deployment in its bake: every task of the new revision runs and takes all production
// traffic, yet ECS keeps rolloutState IN_PROGRESS until the bake is over, so it is not Ready yet.
const baking: Service = {
  ...stable,
  deployments: [{ ...stable.deployments![0]!, rolloutState: 'IN_PROGRESS' }],
};
const svcBaking = afterSvc(svcRollingOut, {
  outcome: converged,
  service: baking,
  rollout: rollout('InProgress'),
  serviceDeployment: {
    arn: 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/demo/web/1',
    strategy: 'BLUE_GREEN',
    status: 'IN_PROGRESS',
    lifecycleStage: 'BAKE_TIME',
    productionTrafficPercent: 100,
    testTrafficPercent: 100,
    bakeTimeInMinutes: 10,
    bakeEndsBy: '2026-03-01T12:08:00.000Z',
  },
});
const svcEdited: EcsService = { ...svcReady, metadata: { ...svcReady.metadata, generation: 2 } };
const svcSuspendedSpec = service(2, { suspend: true });

// --- the table ----------------------------------------------------------------------------------

const cases: [name: string, obj: EcsTaskDefinition | EcsService, kstatus: KstatusStatus, argo: ArgoHealth][] =
  [
    ['EcsTaskDefinition with no status at all', tdFresh, 'Current', 'Progressing'],
    ['EcsTaskDefinition after the first visit', tdFirstVisit, 'InProgress', 'Progressing'],
    ['EcsTaskDefinition synced', tdSynced, 'Current', 'Healthy'],
    ['EcsTaskDefinition with a generation not yet observed', tdEdited, 'InProgress', 'Progressing'],
    [
      'EcsTaskDefinition whose synced revision is not ACTIVE yet',
      afterTd(tdFirstVisit, { kind: 'synced', specHash: HASH }),
      'InProgress',
      'Progressing',
    ],
    [
      'EcsTaskDefinition with an invalid spec',
      afterTd(tdFresh, { kind: 'invalid', message: 'spec.cpu: 300 is not a Fargate size' }),
      'Failed',
      'Degraded',
    ],
    [
      'EcsTaskDefinition AWS refused (terminal)',
      afterTd(tdFirstVisit, { kind: 'failed', reason: 'AccessDenied', message: accessDenied.message }),
      'Failed',
      'Degraded',
    ],
    [
      'EcsTaskDefinition change waiting behind throttling',
      afterTd(tdEdited, { kind: 'retrying', reason: 'Throttled', message: 'Rate exceeded' }),
      'InProgress',
      'Progressing',
    ],
    ['EcsService with no status at all', svcFresh, 'Current', 'Progressing'],
    ['EcsService after the first visit (creating)', svcCreating, 'InProgress', 'Progressing'],
    ['EcsService rolling out', svcRollingOut, 'InProgress', 'Progressing'],
    ['EcsService rollout complete', svcReady, 'Current', 'Healthy'],
    ['EcsService BLUE_GREEN in its bake, every task running', svcBaking, 'InProgress', 'Progressing'],
    ['EcsService with a generation not yet observed', svcEdited, 'InProgress', 'Progressing'],
    [
      'EcsService rollout failed',
      afterSvc(svcRollingOut, { outcome: converged, service: stable, rollout: rollout('Failed') }),
      'Failed',
      'Degraded',
    ],
    [
      'EcsService owned by someone else',
      afterSvc(svcFresh, { outcome: { kind: 'conflict', message: 'no ecs-bridge owner tag' } }),
      'Failed',
      'Degraded',
    ],
    [
      'EcsService waiting for its task definition',
      afterSvc(svcFresh, {
        outcome: { kind: 'waiting', reason: 'TaskDefinitionNotReady', message: 'web has no ready revision' },
      }),
      'InProgress',
      'Progressing',
    ],
    [
      'EcsService throttled while ready',
      afterSvc(svcReady, {
        outcome: {
          kind: 'awsError',
          error: classifyAwsError(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })),
          terminal: false,
          during: 'describing service',
        },
      }),
      'InProgress',
      'Progressing',
    ],
    [
      'EcsService suspended (kstatus reads Ready=Unknown as InProgress)',
      afterSvc(svcSuspendedSpec, { outcome: { kind: 'suspended' } }),
      'InProgress',
      'Suspended',
    ],
    [
      'EcsService being deleted',
      afterSvc(
        { ...svcReady, metadata: { ...svcReady.metadata, deletionTimestamp: '2026-03-01T12:00:00Z' } },
        { outcome: { kind: 'deleting', message: 'the ECS service is draining' } },
      ),
      'Terminating',
      'Progressing',
    ],
  ];

const kstatusResults: { upstream: Verdict; flux: Verdict }[] = [];
const argoResults: Verdict[] = [];

beforeAll(async () => {
  const [kstatus, lua] = await Promise.all([buildGitopsTool('kstatus'), buildGitopsTool('lua-health')]);
  // A round trip through JSON: the tools see the objects as the API server would serve them.
  const objects = cases.map(([, obj]) => JSON.parse(JSON.stringify(obj)) as unknown);
  kstatusResults.push(
    ...(await runGitopsTool<{ upstream: Verdict; flux: Verdict }[]>(kstatus.path, [], objects)),
  );
  for (const kind of ['EcsTaskDefinition', 'EcsService']) {
    const indexes = cases.flatMap(([, obj], i) => (obj.kind === kind ? [i] : []));
    const out = await runGitopsTool<Verdict[]>(
      lua.path,
      [join(root, healthScriptPath(kind))],
      indexes.map((i) => objects[i]),
    );
    indexes.forEach((i, j) => (argoResults[i] = out[j] ?? { error: 'no result' }));
  }
});

describe('kstatus (Flux) and Argo CD read our status as meant', () => {
  it.each(
    cases.map(([name, , kstatus, argo], i) => [`${name}: kstatus ${kstatus}, Argo CD ${argo}`, i] as const),
  )('%s', (_title, i) => {
    const [, obj, kstatus, argo] = cases[i]!;
    const k = kstatusResults[i];
    expect(k?.upstream.error).toBeUndefined();
    expect(k?.upstream.status, 'sigs.k8s.io/cli-utils').toBe(kstatus);
    expect(k?.flux.status, 'github.com/fluxcd/cli-utils').toBe(kstatus);
    expect(argoResults[i]?.status, 'Argo CD health.lua').toBe(argo);
    // Objects the operator has written to carry the generation their status describes, except the
    // task definition's first visit (no AWS call yet) and a change still waiting.
    if (obj.status !== undefined && kstatus === 'Current') {
      expect(obj.status.observedGeneration).toBe(obj.metadata.generation);
    }
  });

  it('passes the Stalled message through to Flux and Argo CD', () => {
    const i = cases.findIndex(([name]) => name === 'EcsService rollout failed');
    expect(kstatusResults[i]?.flux.message).toContain('circuit breaker');
    expect(argoResults[i]?.message).toContain('circuit breaker');
  });
});
