import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyServiceAction } from './apply.js';
import { desiredWeb as desired } from './testing/fixtures.js';
import { observeService } from './observe.js';
import { ownerIdentity } from './ownership.js';
import { planService, type DesiredCountOwner, type ServicePlanContext } from './plan.js';
import { FakeEcs } from '../../aws/testing/fake-ecs.js';
import type { EcsServiceSpec } from './types.js';

const identity = ownerIdentity('default', 'web', 'inst-1');

const sortedUnique = <T>(arb: fc.Arbitrary<T>, max: number) => fc.uniqueArray(arb, { maxLength: max });

/** Specs over the fields the planner manages; launchType is fixed per run so no change is immutable. */
function specArb(launchType: 'EC2' | 'FARGATE' | undefined): fc.Arbitrary<EcsServiceSpec> {
  return fc
    .record(
      {
        taskDefinition: fc.constantFrom(
          'web:1',
          'web:2',
          'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3',
        ),
        desiredCount: fc.nat(6),
        capacityProviderStrategy: fc.uniqueArray(
          fc.record(
            {
              capacityProvider: fc.constantFrom('FARGATE', 'FARGATE_SPOT'),
              weight: fc.nat(3),
              base: fc.nat(2),
            },
            { requiredKeys: ['capacityProvider'] },
          ),
          { maxLength: 2, selector: (c) => c.capacityProvider },
        ),
        platformVersion: fc.constantFrom('LATEST', '1.4.0'),
        networkConfiguration: fc.record({
          awsvpcConfiguration: fc.record(
            {
              subnets: fc.uniqueArray(fc.constantFrom('subnet-a', 'subnet-b', 'subnet-c'), {
                minLength: 1,
                maxLength: 3,
              }),
              securityGroups: sortedUnique(fc.constantFrom('sg-1', 'sg-2'), 2),
              assignPublicIp: fc.constantFrom('ENABLED' as const, 'DISABLED' as const),
            },
            { requiredKeys: ['subnets'] },
          ),
        }),
        loadBalancers: fc.uniqueArray(
          fc.record({
            targetGroupArn: fc.constantFrom(
              'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/a/1',
              'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/b/2',
            ),
            containerName: fc.constant('web'),
            containerPort: fc.constantFrom(80, 8080),
          }),
          { maxLength: 2, selector: (l) => l.targetGroupArn },
        ),
        deploymentConfiguration: fc.record(
          {
            minimumHealthyPercent: fc.constantFrom(0, 50, 100),
            maximumPercent: fc.constantFrom(100, 150, 200),
            deploymentCircuitBreaker: fc.record({ enable: fc.boolean(), rollback: fc.boolean() }),
            alarms: fc.record({
              alarmNames: sortedUnique(fc.constantFrom('a', 'b'), 2),
              enable: fc.boolean(),
              rollback: fc.boolean(),
            }),
          },
          { requiredKeys: [] },
        ),
        placementStrategy: fc.array(
          fc.constantFrom(
            { type: 'binpack' as const, field: 'memory' },
            { type: 'spread' as const, field: 'instanceId' },
            { type: 'random' as const },
          ),
          { maxLength: 3 },
        ),
        placementConstraints: fc.uniqueArray(
          fc.constantFrom(
            { type: 'distinctInstance' as const },
            { type: 'memberOf' as const, expression: 'attribute:ecs.instance-type =~ t2.*' },
          ),
          { maxLength: 2 },
        ),
        healthCheckGracePeriodSeconds: fc.nat(120),
        enableExecuteCommand: fc.boolean(),
        propagateTags: fc.constantFrom('NONE' as const, 'SERVICE' as const, 'TASK_DEFINITION' as const),
        enableECSManagedTags: fc.boolean(),
        tags: fc.uniqueArray(
          fc.record({ key: fc.constantFrom('team', 'env', 'app'), value: fc.constantFrom('a', 'b') }),
          { maxLength: 3, selector: (t) => t.key },
        ),
        restartAt: fc.constantFrom('r1', 'r2'),
        autoscaling: fc.record({
          minCapacity: fc.integer({ min: 0, max: 2 }),
          maxCapacity: fc.integer({ min: 2, max: 8 }),
          cpu: fc.constant({ targetValue: 50 }),
        }),
      },
      { requiredKeys: ['taskDefinition'] },
    )
    .map((s): EcsServiceSpec => {
      const { capacityProviderStrategy, ...rest } = s;
      // A launch type and a capacity provider strategy are exclusive (CEL); pick per run.
      return launchType !== undefined
        ? { ...rest, cluster: 'demo', launchType }
        : {
            ...rest,
            cluster: 'demo',
            ...(capacityProviderStrategy !== undefined ? { capacityProviderStrategy } : {}),
          };
    });
}

function context(
  owner: DesiredCountOwner,
  managedTagKeys: readonly string[],
  restart?: string,
): ServicePlanContext {
  return {
    identity,
    desiredCountOwner: owner,
    clientToken: 'ecsb-token',
    managedTagKeys,
    ...(restart !== undefined ? { legacyRestartAt: restart } : {}),
    holdRollout: false,
  };
}

/**
 * A world where an earlier spec created the service, someone may have changed its count since
 * (autoscaling or the console), and the operator remembers what it did then.
 */
const scenario = fc.constantFrom('EC2' as const, 'FARGATE' as const, undefined).chain((launchType) =>
  fc.record({
    before: specArb(launchType),
    after: specArb(launchType),
    exists: fc.boolean(),
    driftCount: fc.option(fc.nat(9), { nil: null }),
    owner: fc.constantFrom('spec' as const, 'autoscaling' as const),
  }),
);

async function seeded(before: EcsServiceSpec, exists: boolean, driftCount: number | null) {
  const ecs = new FakeEcs();
  if (exists) {
    for (const a of planService(desired(before), undefined, context('spec', [])).actions)
      await applyServiceAction(ecs, a);
    if (driftCount !== null) ecs.mutate('demo', 'web', (s) => (s.desiredCount = driftCount));
  }
  return ecs;
}

async function observe(ecs: FakeEcs) {
  const s = (await ecs.describeServices('demo', ['web'])).services[0];
  return s === undefined ? undefined : observeService(s, identity);
}

describe('planService properties', () => {
  it('is idempotent: applying a plan and planning again yields nothing', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ before, after, exists, driftCount, owner }) => {
        const ecs = await seeded(before, exists, driftCount);
        const beforeKeys = (before.tags ?? []).map((t) => t.key);
        const first = planService(
          desired(after),
          await observe(ecs),
          context(owner, exists ? beforeKeys : [], exists ? before.restartAt : undefined),
        );
        for (const a of first.actions) await applyServiceAction(ecs, a);
        const afterKeys = (after.tags ?? []).map((t) => t.key);
        const second = planService(
          desired(after),
          await observe(ecs),
          context(owner, afterKeys, after.restartAt),
        );
        expect(second.reasons.filter((r) => !r.startsWith('desiredCount:'))).toEqual([]);
        expect(second.actions).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('with autoscaling owning the count, no UpdateService ever carries desiredCount', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ before, after, exists, driftCount }) => {
        const ecs = await seeded(before, exists, driftCount);
        const plan = planService(desired(after), await observe(ecs), context('autoscaling', []));
        for (const a of plan.actions) {
          if (a.type === 'updateService') {
            expect(a.input.desiredCount).toBeUndefined();
            expect(a.fields).not.toContain('desiredCount');
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never writes to a service it does not own unless adoption is asked for', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, fc.boolean(), async ({ before, after }, foreign) => {
        const ecs = new FakeEcs();
        const { tags: _t, ...untagged } = before;
        for (const a of planService(desired(untagged), undefined, context('spec', [])).actions) {
          await applyServiceAction(ecs, a);
        }
        ecs.mutate('demo', 'web', (s) => {
          s.tags = foreign ? [{ key: 'ecs-bridge.dev/owner', value: 'other/web' }] : [];
        });
        const plan = planService(
          desired({ ...after, adopt: false }),
          await observe(ecs),
          context('spec', []),
        );
        expect(plan.outcome).toBe('conflict');
        expect(plan.actions).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
