import { describe, expect, it } from 'vitest';
import { renderStatus } from './render-status.js';
import {
  orphanViews,
  age,
  clusterView,
  latestEcsEvents,
  progressBar,
  serviceView,
  taskDefinitionView,
  type EventLike,
} from './status-model.js';
import { parseInterval } from '../status-command.js';
import { createStyle } from '../terminal.js';
import { API_GROUP_VERSION } from '../../resources/api-group.js';
import type { EcsCluster } from '../../resources/cluster/types.js';
import type { EcsService, ServiceDeploymentSummary } from '../../resources/service/types.js';
import type { EcsTaskDefinition } from '../../resources/task-definition/types.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const plain = createStyle(false);

const SERVICE: EcsService = {
  apiVersion: API_GROUP_VERSION,
  kind: 'EcsService',
  metadata: { name: 'web', namespace: 'shop', generation: 3, creationTimestamp: '2026-03-01T11:50:00Z' },
  spec: { cluster: 'demo', taskDefinitionRef: { name: 'web' } },
  status: {
    observedGeneration: 3,
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:4',
    desiredCount: 4,
    runningCount: 3,
    pendingCount: 1,
    rollout: { deploymentId: 'ecs-svc/2', state: 'InProgress' },
    deployments: [
      {
        id: 'ecs-svc/2',
        status: 'PRIMARY',
        taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:4',
        desiredCount: 4,
        runningCount: 2,
        pendingCount: 1,
        failedTasks: 0,
        rolloutState: 'IN_PROGRESS',
      },
      {
        id: 'ecs-svc/1',
        status: 'ACTIVE',
        taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3',
        desiredCount: 1,
        runningCount: 1,
        pendingCount: 0,
        failedTasks: 1,
        rolloutState: 'COMPLETED',
      },
    ],
    autoscaling: {
      resourceId: 'service/demo/web',
      minCapacity: 2,
      maxCapacity: 10,
      desiredCount: 4,
      policies: [],
    },
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        reason: 'RollingOut',
        message: 'deployment ecs-svc/2 is rolling out',
        lastTransitionTime: '2026-03-01T11:59:00Z',
      },
    ],
  },
};

const TASK_DEFINITION: EcsTaskDefinition = {
  apiVersion: API_GROUP_VERSION,
  kind: 'EcsTaskDefinition',
  metadata: { name: 'web', namespace: 'shop', generation: 2, creationTimestamp: '2026-02-27T12:00:00Z' },
  spec: { containerDefinitions: [{ name: 'app', image: 'x' }] },
  status: {
    observedGeneration: 1,
    family: 'web',
    revision: 4,
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'Registered',
        message: 'ok',
        lastTransitionTime: '2026-02-28T00:00:00Z',
      },
    ],
  },
};

/** An event about the EcsService `shop/<name>` at 2026-03-01 `time` (UTC). */
function serviceEvent(
  message: string,
  time: string,
  { name = 'web', reason = 'EcsServiceEvent', type }: { name?: string; reason?: string; type?: string } = {},
): EventLike {
  return {
    involvedObject: { kind: 'EcsService', name, namespace: 'shop' },
    reason,
    ...(type === undefined ? {} : { type }),
    message,
    lastTimestamp: `2026-03-01T${time}Z`,
  };
}

/** SERVICE in the middle of the ECS service deployment `deployment`. */
function deploying(deployment: Omit<ServiceDeploymentSummary, 'arn' | 'status'>): EcsService {
  return {
    ...SERVICE,
    status: { ...SERVICE.status, serviceDeployment: { arn: 'arn:sd', status: 'IN_PROGRESS', ...deployment } },
  };
}

/** The status screen of `service` alone, without colour, at NOW. */
function renderService(service: EcsService): string {
  return renderStatus({ services: [serviceView(service, [])], taskDefinitions: [], scope: 'x' }, plain, NOW);
}

const EVENTS: EventLike[] = [
  serviceEvent('old', '11:00:00'),
  serviceEvent('(service web) has started 2 tasks', '11:58:00'),
  serviceEvent('unable to place a task', '11:59:00', { type: 'Warning' }),
  serviceEvent('older', '10:00:00'),
  serviceEvent('not ours', '11:59:30', { name: 'other' }),
  serviceEvent('not an ECS event', '11:59:40', { reason: 'Updating' }),
];

describe('status model', () => {
  it('keeps the newest three ECS events of the service, newest first', () => {
    expect(latestEcsEvents(EVENTS, 'shop', 'web').map((e) => e.message)).toEqual([
      'unable to place a task',
      '(service web) has started 2 tasks',
      'old',
    ]);
  });

  it.each([
    { from: new Date('2026-03-01T11:59:15Z'), text: '45s' },
    { from: new Date('2026-03-01T11:48:00Z'), text: '12m' },
    { from: new Date('2026-03-01T09:00:00Z'), text: '3h' },
    { from: new Date('2026-02-27T12:00:00Z'), text: '2d' },
    { from: undefined, text: '-' },
  ])('age $text', ({ from, text }) => {
    expect(age(from, NOW)).toBe(text);
  });

  it.each([
    { running: 0, desired: 4, bar: '[..........]' },
    { running: 2, desired: 4, bar: '[#####.....]' },
    { running: 5, desired: 4, bar: '[##########]' },
    { running: 0, desired: 0, bar: '[##########]' },
  ])('progress $running/$desired', ({ running, desired, bar }) => {
    expect(progressBar(running, desired)).toBe(bar);
  });

  it('reads every column from status', () => {
    expect(serviceView(SERVICE, [])).toMatchObject({
      ready: 'False',
      reason: 'RollingOut',
      running: 3,
      desired: 4,
      pending: 1,
      rollout: 'InProgress',
      autoscaling: { min: 2, max: 10, desired: 4 },
      taskDefinition: 'web:4',
      observed: true,
    });
    expect(taskDefinitionView(TASK_DEFINITION)).toMatchObject({
      revision: '4',
      ready: 'True',
      observed: false,
    });
  });
});

describe('renderStatus', () => {
  it('draws the tables, the deployments with progress, the latest events and counts', () => {
    const text = renderStatus(
      {
        services: [serviceView(SERVICE, EVENTS)],
        taskDefinitions: [taskDefinitionView(TASK_DEFINITION)],
        scope: 'namespace shop',
      },
      plain,
      NOW,
    );
    expect(text).toBe(
      [
        'NAMESPACE  ECSSERVICE  CLUSTER  READY  REASON      RUNNING/DESIRED  PENDING  ROLLOUT     AUTOSCALING  TASK DEFINITION  AGE',
        'shop       web         demo     False  RollingOut  3/4              1        InProgress  2-10 (4)     web:4            10m',
        '',
        'Deployments and latest ECS events:',
        '  shop/web',
        '    PRIMARY  web:4  [#####.....] 2/4 running, 1 pending  IN_PROGRESS',
        '    ACTIVE   web:3  [##########] 1/1 running, 0 pending, 1 failed  COMPLETED',
        '    RollingOut: deployment ecs-svc/2 is rolling out',
        '    11:59:00  unable to place a task',
        '    11:58:00  (service web) has started 2 tasks',
        '    11:00:00  old',
        '',
        'NAMESPACE  ECSTASKDEFINITION  FAMILY  REVISION  READY  REASON      AGE',
        'shop       web                web     4         True*  Registered  2d',
        '',
        '1 EcsService(s), 0 ready; 1 EcsTaskDefinition(s), 1 ready (namespace shop); * = the operator has not seen the latest spec yet',
        '',
      ].join('\n'),
    );
  });

  it('shows the stage and the traffic of a BLUE_GREEN, LINEAR or CANARY rollout', () => {
    const text = renderService(
      deploying({
        strategy: 'CANARY',
        lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT',
        productionTrafficPercent: 10,
        testTrafficPercent: 100,
        bakeTimeInMinutes: 5,
        waitingOnHooks: [
          {
            targetType: 'AWS_LAMBDA',
            targetArn: 'arn:aws:lambda:us-east-1:1:function:check',
            status: 'IN_PROGRESS',
          },
        ],
      }),
    );
    expect(text).toContain(
      '    CANARY IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT  production 10 %, test 100 %  (bake 5 min)',
    );
    expect(text).toContain('    waiting on arn:aws:lambda:us-east-1:1:function:check (IN_PROGRESS)\n');
    const paused = deploying({
      strategy: 'BLUE_GREEN',
      lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
      waitingOnHooks: [{ targetType: 'PAUSE', hookId: 'ecs-pause-abc', status: 'AWAITING_ACTION' }],
    });
    expect(renderService(paused)).toContain(
      `    waiting on PAUSE hook ecs-pause-abc (AWAITING_ACTION)  continue: ecs-bridge deployment continue ${SERVICE.metadata.name} -n ${SERVICE.metadata.namespace}`,
    );
    expect(renderService(SERVICE)).not.toContain('CANARY');
  });

  it('shows the bake time left of a rollout in BAKE_TIME, from status.serviceDeployment.bakeEndsBy', () => {
    const screen = (at: number): string =>
      renderService(
        deploying({
          strategy: 'CANARY',
          lifecycleStage: 'BAKE_TIME',
          productionTrafficPercent: 100,
          bakeTimeInMinutes: 15,
          bakeEndsBy: new Date(NOW.getTime() + at).toISOString(),
        }),
      );
    expect(screen(245_000)).toContain(
      '    CANARY IN_PROGRESS BAKE_TIME  production 100 %  (bake 15 min, at most 4m05s left)',
    );
    expect(screen(3_720_000)).toContain('(bake 15 min, at most 1h02m left)');
    expect(screen(-5_000)).toContain('(bake 15 min, at most 0m00s left)');
  });

  it('shows EcsClusters first: ECS status, readiness, services and tasks in them, and why one is not Ready', () => {
    const cluster = (name: string, status: EcsCluster['status'], generation = 1): EcsCluster => ({
      apiVersion: API_GROUP_VERSION,
      kind: 'EcsCluster',
      metadata: { name, namespace: 'shop', generation, creationTimestamp: '2026-03-01T11:00:00Z' },
      spec: { clusterName: `${name}-prod`, region: 'us-west-2' },
      ...(status === undefined ? {} : { status }),
    });
    const ready = cluster('web', {
      observedGeneration: 1,
      clusterName: 'web-prod',
      status: 'ACTIVE',
      runningTasksCount: 5,
      pendingTasksCount: 1,
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      services: ['shop/web', 'shop/api'],
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Active',
          message: 'cluster is ACTIVE',
          lastTransitionTime: '',
        },
      ],
    });
    const blocked = cluster('old', {
      observedGeneration: 1,
      clusterName: 'old-prod',
      status: 'ACTIVE',
      conditions: [
        { type: 'Ready', status: 'False', reason: 'ServicesRemain', message: 'm', lastTransitionTime: '' },
        {
          type: 'Stalled',
          status: 'True',
          reason: 'ServicesRemain',
          message: 'services remain in ECS cluster old-prod: api',
          lastTransitionTime: '',
        },
      ],
    });
    const text = renderStatus(
      {
        clusters: [ready, blocked, cluster('new', undefined, 1)].map(clusterView),
        services: [],
        taskDefinitions: [],
        scope: 'namespace shop',
      },
      plain,
      NOW,
    );
    expect(text.split('\n').slice(0, 6)).toEqual([
      'NAMESPACE  ECSCLUSTER  CLUSTER NAME  REGION     STATUS  READY  REASON          SERVICES  TASKS RUNNING/PENDING  CAPACITY PROVIDERS    AGE',
      'shop       web         web-prod      us-west-2  ACTIVE  True   Active          2         5/1                    FARGATE,FARGATE_SPOT  60m',
      'shop       old         old-prod      us-west-2  ACTIVE  False  ServicesRemain  -         -/-                    -                     60m',
      'shop       new         new-prod      us-west-2  -       -      -               -         -/-                    -                     60m',
      '  shop/old ServicesRemain: services remain in ECS cluster old-prod: api',
      '',
    ]);
    expect(text).toContain('3 EcsCluster(s), 1 ready; 0 EcsService(s)');
  });

  it('says when there is nothing', () => {
    expect(renderStatus({ services: [], taskDefinitions: [], scope: 'all namespaces' }, plain, NOW)).toBe(
      'No EcsCluster, EcsService or EcsTaskDefinition objects in all namespaces.\n',
    );
  });

  it.each([
    { value: undefined, ms: 2000 },
    { value: '5', ms: 5000 },
    { value: '1.5s', ms: 1500 },
  ])('reads --interval $value', ({ value, ms }) => {
    expect(parseInterval(value)).toBe(ms);
  });

  it.each(['0', 'soon', '7200'])('refuses --interval %s', (value) => {
    expect(() => parseInterval(value)).toThrow('--interval');
  });
});

describe('orphans in ecs-bridge status', () => {
  const event = {
    involvedObject: { kind: 'EcsService', name: 'web', namespace: 'shop' },
    reason: 'OrphanedResource',
    type: 'Warning',
    message:
      'ECS service demo/web (eu-west-1) is tagged as owned by EcsService shop/web (uid u1), which no longer exists',
    lastTimestamp: '2026-02-01T00:00:00Z',
    count: 3,
  };

  it('lists the orphans the operator reported, even with no object left', () => {
    const orphans = orphanViews([event, { ...event, reason: 'EcsServiceEvent' }]);
    expect(orphans).toHaveLength(1);
    const text = renderStatus(
      { services: [], taskDefinitions: [], scope: 'namespace shop', orphans },
      plain,
      new Date('2026-02-01T00:05:00Z'),
    );
    expect(text).toContain('No EcsCluster, EcsService or EcsTaskDefinition objects in namespace shop.');
    expect(text).toContain('Orphaned AWS resources (1)');
    expect(text).toContain('shop/web (EcsService, last reported 5m ago): ECS service demo/web');
  });
});
