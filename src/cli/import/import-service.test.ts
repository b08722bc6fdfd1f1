import type { Service } from '@aws-sdk/client-ecs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importService, objectName } from './import-service.js';
import { ACCOUNT, CLUSTER, describedService, ownedTags, REGION, tgArn } from '../testing/fixtures.js';
import { observedPolicy } from '../../resources/autoscaling/testing/policy-fixtures.js';
import type { ServiceManifest } from '../manifests.js';
import { planServiceEntry } from '../plan/plan-service.js';
import {
  NO_REVISION_FIELDS,
  normalizeMonitoring,
  type RevisionFields,
} from '../../resources/service/revision-fields.js';
import type { ObservedAutoscaling } from '../../resources/autoscaling/observe.js';
import type { LabelResolution } from '../../resources/autoscaling/target-group-label.js';

const LB_PREFIX = 'app/shop-alb/50dc6c495c0c9188/';

/** The label the operator derives from a target group on the shop ALB. */
function labelText(targetGroupArn: string): string {
  return `${LB_PREFIX}${targetGroupArn.slice(targetGroupArn.indexOf('targetgroup/'))}`;
}

function labelOf(targetGroupArn: string): LabelResolution {
  return { resourceLabel: labelText(targetGroupArn) };
}

function noScaling(name: string): ObservedAutoscaling {
  return { resourceId: `service/${CLUSTER}/${name}`, target: undefined, policies: [] };
}

/** Imports `service`, then plans the manifest against the same service as the operator would. */
function importThenPlan(service: Service, autoscaling: ObservedAutoscaling) {
  const imported = importService({
    service,
    clusterName: CLUSTER,
    region: REGION,
    namespace: 'shop',
    autoscaling,
  });
  const manifest: ServiceManifest = { kind: 'EcsService', obj: imported.manifest, source: 'imported.yaml#1' };
  const alb = imported.manifest.spec.autoscaling?.albRequestCountPerTarget;
  const albTg =
    alb === undefined
      ? undefined
      : (alb.targetGroupArn ?? imported.manifest.spec.loadBalancers?.[0]?.targetGroupArn);
  const planFor = (described: Service) =>
    planServiceEntry({
      manifest,
      instanceId: 'default',
      region: REGION,
      taskDefinition: { kind: 'resolved', taskDefinition: imported.manifest.spec.taskDefinition ?? '' },
      described,
      autoscaling,
      albLabel: albTg === undefined ? undefined : labelOf(albTg),
    });
  const owner = `shop/${imported.manifest.metadata.name}`;
  return {
    imported,
    adopt: planFor(service),
    after: planFor({
      ...service,
      tags: [...(service.tags ?? []), ...ownedTags('shop', imported.manifest.metadata.name)],
    }),
    owner,
  };
}

const policy = observedPolicy;

describe('importService', () => {
  it('writes gatewayConnectors and monitoring from the current revision; applying it writes nothing', () => {
    const service = describedService('web');
    const revision = {
      gatewayConnectors: [{ portName: 'http', deregistrationDelay: { timeoutSeconds: 30 } }],
      monitoring: normalizeMonitoring({
        metricConfigurations: [
          { metricNames: ['MemoryUtilization', 'CPUUtilization'], resolutionSeconds: 20 },
        ],
      }),
    };
    const base = {
      service,
      clusterName: CLUSTER,
      region: REGION,
      namespace: 'shop',
      autoscaling: noScaling('web'),
    };
    const imported = importService({ ...base, revision });
    expect(imported.manifest.spec.gatewayConnectors).toEqual(revision.gatewayConnectors);
    expect(imported.manifest.spec.monitoring).toEqual({
      metricConfigurations: [{ metricNames: ['CPUUtilization', 'MemoryUtilization'], resolutionSeconds: 20 }],
    });
    const plan = (rev: RevisionFields | undefined) =>
      planServiceEntry({
        manifest: { kind: 'EcsService', obj: imported.manifest, source: 'imported.yaml#1' },
        instanceId: 'default',
        region: REGION,
        taskDefinition: { kind: 'resolved', taskDefinition: imported.manifest.spec.taskDefinition ?? '' },
        described: { ...service, tags: [...(service.tags ?? []), ...ownedTags('shop', 'web')] },
        autoscaling: noScaling('web'),
        albLabel: undefined,
        revision: rev,
      });
    expect(plan(revision).verdict).toBe('nothing');
    // The same manifest against a revision without them plans the update that sets them.
    expect(plan(NO_REVISION_FIELDS).verdict).not.toBe('nothing');
    // A revision with neither, or none read: the manifest leaves both out.
    for (const none of [NO_REVISION_FIELDS, undefined]) {
      const spec = importService({ ...base, revision: none }).manifest.spec;
      expect(spec).not.toHaveProperty('gatewayConnectors');
      expect(spec).not.toHaveProperty('monitoring');
    }
  });

  it('writes an adopting EcsService with the task definition by ARN and deletionPolicy Retain', () => {
    const service = describedService('web', { tags: [{ key: 'team', value: 'a' }] });
    const { imported, adopt, after } = importThenPlan(service, noScaling('web'));
    expect(imported.manifest).toMatchObject({
      apiVersion: 'ecs-bridge.dev/v1alpha1',
      kind: 'EcsService',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        region: REGION,
        cluster: CLUSTER,
        adopt: true,
        deletionPolicy: 'Retain',
        taskDefinition: service.taskDefinition,
        desiredCount: 1,
        launchType: 'FARGATE',
        tags: [{ key: 'team', value: 'a' }],
      },
    });
    expect(imported.manifest.spec.serviceName).toBeUndefined();
    expect(adopt.verdict).toBe('adopt');
    expect(after.verdict).toBe('nothing');
  });

  it.each([
    ['BLUE_GREEN', {}],
    ['LINEAR', { linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 2 } }],
    ['CANARY', { canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 3 } }],
  ] as const)(
    'imports a %s service with its hooks and listener rules, and applying it writes nothing',
    (strategy, extra) => {
      const tg = tgArn('web');
      const service = describedService('web', {
        loadBalancers: [
          {
            targetGroupArn: tg,
            containerName: 'app',
            containerPort: 80,
            advancedConfiguration: {
              alternateTargetGroupArn: tgArn('web-green'),
              productionListenerRule: `${tg}-prod-rule`,
              testListenerRule: `${tg}-test-rule`,
              roleArn: `arn:aws:iam::${ACCOUNT}:role/ecs-elb`,
            },
          },
        ],
        deploymentConfiguration: {
          minimumHealthyPercent: 100,
          maximumPercent: 200,
          strategy,
          bakeTimeInMinutes: 5,
          lifecycleHooks: [
            {
              hookTargetArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:check`,
              roleArn: `arn:aws:iam::${ACCOUNT}:role/hooks`,
              lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
              hookDetails: { smokeTest: '/healthz', attempts: 3 },
              timeoutConfiguration: { timeoutInMinutes: 30, action: 'CONTINUE' },
            },
          ],
          ...extra,
        },
      });
      const { imported, adopt, after } = importThenPlan(service, noScaling('web'));
      expect(imported.manifest.spec.deploymentConfiguration).toMatchObject({
        strategy,
        bakeTimeInMinutes: 5,
        ...extra,
      });
      expect(imported.manifest.spec.deploymentConfiguration?.lifecycleHooks?.[0]).toMatchObject({
        hookDetails: { smokeTest: '/healthz', attempts: 3 },
        timeoutConfiguration: { timeoutInMinutes: 30, action: 'CONTINUE' },
      });
      expect(imported.manifest.spec.loadBalancers?.[0]?.advancedConfiguration?.testListenerRule).toBe(
        `${tg}-test-rule`,
      );
      expect(imported.notes.filter((n) => n.kind === 'unexpressed')).toEqual([]);
      expect(adopt.verdict).toBe('adopt');
      expect(after.verdict).toBe('nothing');
    },
  );

  it('names the object for Kubernetes and keeps the ECS name in spec.serviceName', () => {
    const { imported, adopt } = importThenPlan(describedService('Web_API'), noScaling('Web_API'));
    expect(imported.manifest.metadata.name).toBe('web-api');
    expect(imported.manifest.spec.serviceName).toBe('Web_API');
    expect(adopt.verdict).toBe('adopt');
  });

  it.each([
    { aws: 'My.Service--1', k8s: 'my-service--1' },
    { aws: '__', k8s: 'imported' },
    { aws: `a${'b'.repeat(80)}`, k8s: `a${'b'.repeat(62)}` },
  ])('objectName($aws) = $k8s', ({ aws, k8s }) => {
    expect(objectName(aws)).toBe(k8s);
  });

  it('expresses policies named as ecs-bridge names them, and leaves desiredCount to the autoscaler', () => {
    const tg = tgArn('web');
    const service = describedService('web', {
      loadBalancers: [{ targetGroupArn: tg, containerName: 'app', containerPort: 80 }],
      desiredCount: 4,
    });
    const autoscaling: ObservedAutoscaling = {
      resourceId: 'service/demo/web',
      target: { minCapacity: 2, maxCapacity: 8 },
      policies: [
        policy({ policyName: 'ecs-bridge-cpu', targetValue: 60, scaleOutCooldown: 60 }),
        policy({
          policyName: 'ecs-bridge-alb-request-count',
          metricType: 'ALBRequestCountPerTarget',
          targetValue: 1000,
          resourceLabel: labelText(tg),
        }),
      ],
    };
    const { imported, adopt } = importThenPlan(service, autoscaling);
    expect(imported.manifest.spec.desiredCount).toBeUndefined();
    expect(imported.manifest.spec.autoscaling).toEqual({
      minCapacity: 2,
      maxCapacity: 8,
      cpu: { targetValue: 60, scaleOutCooldown: 60, scaleInCooldown: 300 },
      albRequestCountPerTarget: { targetValue: 1000, scaleOutCooldown: 300, scaleInCooldown: 300 },
    });
    expect(adopt.verdict).toBe('adopt');
  });

  it('names the ALB policy target group when it is not the service first one', () => {
    const other = tgArn('other');
    const service = describedService('web', {
      loadBalancers: [{ targetGroupArn: tgArn('web'), containerName: 'app', containerPort: 80 }],
    });
    const autoscaling: ObservedAutoscaling = {
      resourceId: 'service/demo/web',
      target: { minCapacity: 1, maxCapacity: 2 },
      policies: [
        policy({
          policyName: 'ecs-bridge-alb-request-count',
          metricType: 'ALBRequestCountPerTarget',
          resourceLabel: labelText(other),
        }),
      ],
    };
    const { imported, adopt } = importThenPlan(service, autoscaling);
    expect(imported.manifest.spec.autoscaling?.albRequestCountPerTarget?.targetGroupArn).toBe(other);
    expect(adopt.verdict).toBe('adopt');
  });

  it('leaves policies it cannot express alone, says so per policy, and writes no autoscaling', () => {
    const autoscaling: ObservedAutoscaling = {
      resourceId: 'service/demo/web',
      target: { minCapacity: 1, maxCapacity: 4 },
      policies: [policy({ policyName: 'steps', policyType: 'StepScaling', metricType: undefined })],
    };
    const { imported, adopt } = importThenPlan(describedService('web', { desiredCount: 3 }), autoscaling);
    expect(imported.manifest.spec.autoscaling).toBeUndefined();
    expect(imported.manifest.spec.desiredCount).toBeUndefined();
    const fields = imported.notes.filter((n) => n.kind === 'unexpressed').map((n) => n.field);
    expect(fields).toEqual(['autoscaling.policies.steps', 'autoscaling']);
    expect(adopt.verdict).toBe('adopt');
  });

  it('expresses a target-tracking policy ecs-bridge did not name by policyName, without adopt, and plans nothing', () => {
    const autoscaling: ObservedAutoscaling = {
      resourceId: 'service/demo/web',
      target: { minCapacity: 1, maxCapacity: 4 },
      policies: [
        policy({ policyName: 'cpu-tracking' }),
        policy({ policyName: 'steps', policyType: 'StepScaling', metricType: undefined }),
      ],
    };
    const { imported, adopt, after } = importThenPlan(
      describedService('web', { desiredCount: 3 }),
      autoscaling,
    );
    expect(imported.manifest.spec.autoscaling).toMatchObject({
      minCapacity: 1,
      maxCapacity: 4,
      cpu: { policyName: 'cpu-tracking' },
    });
    expect(imported.manifest.spec.autoscaling?.cpu?.adopt).toBeUndefined();
    const fields = imported.notes.filter((n) => n.kind === 'unexpressed').map((n) => n.field);
    expect(fields).toEqual(['autoscaling.policies.steps']);
    expect(imported.notes.map((n) => n.field)).toContain('autoscaling.cpu.policyName');
    expect(adopt.operations.map((o) => o.call)).toEqual([]);
    expect(after.verdict).toBe('nothing');
  });

  it('notes every field the spec cannot hold, and imports the ones it now can', () => {
    const service = describedService('web', {
      deploymentController: { type: 'CODE_DEPLOY' },
      roleArn: `arn:aws:iam::${ACCOUNT}:role/ecsServiceRole`,
      availabilityZoneRebalancing: 'ENABLED',
      deploymentConfiguration: {
        minimumHealthyPercent: 100,
        maximumPercent: 200,
        bakeTimeInMinutes: 5,
        lifecycleHooks: [],
        strategy: 'ROLLING',
      },
      tags: [{ key: 'aws:cloudformation:stack-name', value: 'x' }],
      deployments: [
        {
          id: 'd',
          status: 'PRIMARY',
          serviceConnectConfiguration: { enabled: true },
          volumeConfigurations: [{ name: 'v' }],
        },
      ],
    });
    const { imported } = importThenPlan(service, noScaling('web'));
    expect(imported.manifest.spec.deploymentController).toEqual({ type: 'CODE_DEPLOY' });
    expect(imported.notes.filter((n) => n.kind === 'unexpressed').map((n) => n.field)).toEqual([
      'tags.aws:cloudformation:stack-name',
      'deploymentConfiguration.bakeTimeInMinutes',
    ]);
    expect(imported.manifest.spec.tags).toBeUndefined();
    // The spec now holds these, read where ECS reports them (Service Connect and volumes on the
    // PRIMARY deployment).
    expect(imported.manifest.spec).toMatchObject({
      role: `arn:aws:iam::${ACCOUNT}:role/ecsServiceRole`,
      availabilityZoneRebalancing: 'ENABLED',
      serviceConnectConfiguration: { enabled: true },
      volumeConfigurations: [{ name: 'v' }],
    });
  });

  it('applying any imported service writes nothing at all, and nothing once it is ours (property)', () => {
    const name = fc.constantFrom('web', 'api', 'Web_Front');
    const strings = (prefix: string) =>
      fc.uniqueArray(
        fc.integer({ min: 0, max: 9 }).map((i) => `${prefix}-${i}`),
        { minLength: 1, maxLength: 3 },
      );
    const loadBalancer = fc.record({
      targetGroupArn: fc.constantFrom(tgArn('web'), tgArn('api')),
      containerName: fc.constantFrom('app', 'proxy'),
      containerPort: fc.constantFrom(80, 8080),
    });
    const service = fc.record(
      {
        name,
        scheduling: fc.constantFrom<'REPLICA' | 'DAEMON'>('REPLICA', 'DAEMON'),
        desiredCount: fc.integer({ min: 0, max: 10 }),
        capacity: fc.oneof(
          fc.constantFrom({ launchType: 'FARGATE' as const }, { launchType: 'EC2' as const }, {}),
          fc.record({
            capacityProviderStrategy: fc
              .constant(null)
              .map(() => [{ capacityProvider: 'FARGATE_SPOT', weight: 2, base: 1 }]),
          }),
        ),
        platformVersion: fc.option(fc.constantFrom('LATEST', '1.4.0'), { nil: undefined }),
        network: fc.option(
          fc.record({
            subnets: strings('subnet'),
            securityGroups: fc.option(strings('sg'), { nil: undefined }),
            assignPublicIp: fc.option(fc.constantFrom<'ENABLED' | 'DISABLED'>('ENABLED', 'DISABLED'), {
              nil: undefined,
            }),
          }),
          { nil: undefined },
        ),
        loadBalancers: fc.array(loadBalancer, { maxLength: 2 }),
        deploymentConfiguration: fc.option(
          fc.record(
            {
              minimumHealthyPercent: fc.integer({ min: 0, max: 100 }),
              maximumPercent: fc.integer({ min: 100, max: 200 }),
              deploymentCircuitBreaker: fc.record({ enable: fc.boolean(), rollback: fc.boolean() }),
              alarms: fc.record({
                alarmNames: fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 }),
                enable: fc.boolean(),
                rollback: fc.boolean(),
              }),
            },
            { requiredKeys: [] },
          ),
          { nil: undefined },
        ),
        placementStrategy: fc.array(
          fc.record({
            type: fc.constantFrom<'spread' | 'binpack'>('spread', 'binpack'),
            field: fc.constantFrom('memory', 'instanceId'),
          }),
          { maxLength: 2 },
        ),
        placementConstraints: fc.array(
          fc.record({
            type: fc.constant<'memberOf'>('memberOf'),
            expression: fc.constantFrom('attribute:x == 1', 'attribute:y == 2'),
          }),
          { maxLength: 2 },
        ),
        grace: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
        exec: fc.option(fc.boolean(), { nil: undefined }),
        propagateTags: fc.option(
          fc.constantFrom<'NONE' | 'SERVICE' | 'TASK_DEFINITION'>('NONE', 'SERVICE', 'TASK_DEFINITION'),
          { nil: undefined },
        ),
        managedTags: fc.option(fc.boolean(), { nil: undefined }),
        azRebalancing: fc.option(fc.constantFrom<'ENABLED' | 'DISABLED'>('ENABLED', 'DISABLED'), {
          nil: undefined,
        }),
        serviceConnect: fc.option(
          fc.record({
            enabled: fc.boolean(),
            namespace: fc.constantFrom('shop', 'arn:aws:servicediscovery:us-east-1:1:namespace/ns-1'),
            services: fc.array(
              fc.record({
                portName: fc.constantFrom('http', 'grpc'),
                discoveryName: fc.constantFrom('web', 'api'),
              }),
              { maxLength: 2 },
            ),
          }),
          { nil: undefined },
        ),
        volume: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
        tags: fc.uniqueArray(
          fc.record({ key: fc.constantFrom('team', 'env', 'cost'), value: fc.constantFrom('a', 'b', '') }),
          { selector: (t) => t.key, maxLength: 3 },
        ),
        scaling: fc.option(
          fc.record({
            min: fc.integer({ min: 0, max: 3 }),
            extra: fc.integer({ min: 0, max: 5 }),
            cpu: fc.option(
              fc.record({
                targetValue: fc.integer({ min: 1, max: 100 }),
                scaleInCooldown: fc.integer({ min: 0, max: 600 }),
                disableScaleIn: fc.boolean(),
              }),
              { nil: undefined },
            ),
            foreign: fc.boolean(),
          }),
          { nil: undefined },
        ),
      },
      {
        requiredKeys: [
          'name',
          'scheduling',
          'desiredCount',
          'capacity',
          'loadBalancers',
          'placementStrategy',
          'placementConstraints',
          'tags',
        ],
      },
    );
    fc.assert(
      fc.property(service, (g) => {
        const fields: Partial<Service> = {
          schedulingStrategy: g.scheduling,
          desiredCount: g.desiredCount,
          launchType: undefined,
          ...g.capacity,
          platformVersion: g.platformVersion,
          networkConfiguration: g.network === undefined ? undefined : { awsvpcConfiguration: g.network },
          loadBalancers: g.loadBalancers,
          deploymentConfiguration: g.deploymentConfiguration,
          placementStrategy: g.placementStrategy,
          placementConstraints: g.placementConstraints,
          healthCheckGracePeriodSeconds: g.grace,
          enableExecuteCommand: g.exec,
          propagateTags: g.propagateTags,
          enableECSManagedTags: g.managedTags,
          availabilityZoneRebalancing: g.azRebalancing,
          tags: g.tags,
          deployments: [
            {
              id: 'ecs-svc/1',
              status: 'PRIMARY',
              ...(g.serviceConnect === undefined ? {} : { serviceConnectConfiguration: g.serviceConnect }),
              ...(g.volume === undefined
                ? {}
                : {
                    volumeConfigurations: [
                      {
                        name: 'data',
                        managedEBSVolume: { roleArn: 'arn:aws:iam::1:role/ebs', sizeInGiB: g.volume },
                      },
                    ],
                  }),
            },
          ],
        };
        const s: Service = describedService(g.name, fields);
        const replica = g.scheduling === 'REPLICA';
        const scaling: ObservedAutoscaling =
          g.scaling === undefined || !replica
            ? noScaling(g.name)
            : {
                resourceId: `service/${CLUSTER}/${g.name}`,
                target: { minCapacity: g.scaling.min, maxCapacity: g.scaling.min + g.scaling.extra },
                policies: [
                  ...(g.scaling.cpu === undefined
                    ? []
                    : [policy({ policyName: 'ecs-bridge-cpu', ...g.scaling.cpu })]),
                  ...(g.scaling.foreign
                    ? [
                        policy({
                          policyName: 'legacy-memory',
                          metricType: 'ECSServiceAverageMemoryUtilization',
                        }),
                      ]
                    : []),
                ],
              };
        const { adopt, after } = importThenPlan(s, scaling);
        expect(adopt.verdict, JSON.stringify(adopt)).toBe('adopt');
        expect(adopt.operations.map((o) => o.call)).toEqual([]);
        expect(after.verdict, JSON.stringify(after)).toBe('nothing');
      }),
      { numRuns: 300 },
    );
  });
});
