import type { Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { TAG_KEYS } from '../api-group.js';
import type { UpdateServiceAction } from './actions.js';
import { applyServiceAction } from './apply.js';
import { desiredWeb } from './testing/fixtures.js';
import { observeService } from './observe.js';
import { ownerIdentity } from './ownership.js';
import { planService } from './plan.js';
import { testPlanContext } from './testing/harness.js';
import { FakeEcs } from '../../aws/testing/fake-ecs.js';
import type { EcsServiceSpec } from './types.js';

const ctx = testPlanContext;
const identity = ctx.identity;
const OURS = [
  { key: TAG_KEYS.owner, value: 'default/web' },
  { key: TAG_KEYS.instance, value: 'inst-1' },
];

const base: EcsServiceSpec = {
  cluster: 'demo',
  taskDefinition: 'web:1',
  desiredCount: 2,
  launchType: 'FARGATE',
  networkConfiguration: {
    awsvpcConfiguration: { subnets: ['subnet-b', 'subnet-a'], assignPublicIp: 'ENABLED' },
  },
  tags: [{ key: 'team', value: 'shop' }],
};

const desired = (spec: EcsServiceSpec = base) => desiredWeb(spec);

/** Creates the service from `spec` in a fresh fake, as the operator would, and observes it. */
async function existing(spec: EcsServiceSpec = base, change?: (s: Service) => void) {
  const ecs = new FakeEcs();
  const plan = planService(desired(spec), undefined, ctx);
  for (const a of plan.actions) await applyServiceAction(ecs, a);
  if (change !== undefined) ecs.mutate('demo', 'web', change);
  const service = ecs.get('demo', 'web')!;
  return { ecs, observed: observeService(service, identity) };
}

function updateOf(actions: readonly { type: string }[]): UpdateServiceAction | undefined {
  return actions.find((a): a is UpdateServiceAction => a.type === 'updateService');
}

describe('planService: create', () => {
  it('creates a missing service once, with the client token, our tags and only the spec fields', () => {
    const plan = planService(desired(), undefined, ctx);
    expect(plan.outcome).toBe('converge');
    expect(plan.actions).toHaveLength(1);
    const [create] = plan.actions;
    expect(create).toEqual({
      type: 'createService',
      input: {
        cluster: 'demo',
        serviceName: 'web',
        clientToken: 'ecsb-token',
        taskDefinition: 'web:1',
        desiredCount: 2,
        launchType: 'FARGATE',
        schedulingStrategy: 'REPLICA',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], assignPublicIp: 'ENABLED' },
        },
        tags: [...OURS, { key: 'team', value: 'shop' }].sort((a, b) => (a.key < b.key ? -1 : 1)),
      },
    });
  });

  it('creates again over an INACTIVE service', async () => {
    const { observed } = await existing(base, (s) => (s.status = 'INACTIVE'));
    const plan = planService(desired(), observed, ctx);
    expect(plan.actions.map((a) => a.type)).toEqual(['createService']);
    expect(plan.reasons[0]).toContain('INACTIVE');
  });

  it.each([
    ['REPLICA without a count starts with 1', { desiredCount: undefined }, 1],
    [
      'with autoscaling, the count is clamped into [min, max]',
      { desiredCount: 9, autoscaling: { minCapacity: 1, maxCapacity: 4, cpu: { targetValue: 50 } } },
      4,
    ],
    [
      'with autoscaling and no count, minCapacity',
      { desiredCount: undefined, autoscaling: { minCapacity: 3, maxCapacity: 4, cpu: { targetValue: 50 } } },
      3,
    ],
    ['DAEMON sends no count', { desiredCount: undefined, schedulingStrategy: 'DAEMON' as const }, undefined],
  ])('%s', (_name, patch, count) => {
    const spec = { ...base, ...patch } as EcsServiceSpec;
    const [create] = planService(desired(spec), undefined, ctx).actions;
    expect(create?.type === 'createService' ? create.input.desiredCount : 'no create').toBe(count);
  });

  it('leaves empty lists out of CreateService', () => {
    const [create] = planService(
      desired({ ...base, loadBalancers: [], placementConstraints: [] }),
      undefined,
      ctx,
    ).actions;
    expect(create?.type === 'createService' && 'loadBalancers' in create.input).toBe(false);
  });
});

describe('planService: ownership', () => {
  it('waits while the service drains', async () => {
    const { observed } = await existing(base, (s) => (s.status = 'DRAINING'));
    const plan = planService(desired(), observed, ctx);
    expect([plan.outcome, plan.actions]).toEqual(['waiting', []]);
  });

  it.each([
    ['no owner tag, adopt unset', 'conflict', [], false],
    [
      'another object',
      'conflict',
      [
        { key: TAG_KEYS.owner, value: 'default/other' },
        { key: TAG_KEYS.instance, value: 'inst-1' },
      ],
      true,
    ],
    [
      'another operator instance',
      'conflict',
      [
        { key: TAG_KEYS.owner, value: 'default/web' },
        { key: TAG_KEYS.instance, value: 'inst-2' },
      ],
      true,
    ],
    ['no owner tag, adopt set', 'converge', [], true],
  ])('%s → %s', async (_name, outcome, tags, adopt) => {
    const { observed } = await existing(base, (s) => (s.tags = tags));
    const plan = planService(desired({ ...base, adopt }), observed, ctx);
    expect(plan.outcome).toBe(outcome);
    if (outcome === 'conflict') {
      expect(plan.actions).toEqual([]);
      expect(plan.message).toMatch(adopt ? /managed by/ : /spec.adopt: true/);
    }
  });

  /** The plan adopting a service tagged team=`awsTeam` with a spec asking for team=shop. */
  async function adoptingTeamShop(awsTeam: string) {
    const { observed } = await existing(base, (s) => (s.tags = [{ key: 'team', value: awsTeam }]));
    return planService(
      desired({ ...base, adopt: true, tags: [{ key: 'team', value: 'shop' }] }),
      observed,
      ctx,
    );
  }

  it('adopts a service that already matches with no write at all, not even owner tags', async () => {
    const plan = await adoptingTeamShop('shop');
    expect(plan.outcome).toBe('converge');
    expect(plan.actions).toEqual([]);
    expect(plan.reasons.join('\n')).toMatch(/nothing is written/);
  });

  it('adopts with a user tag change: owner tags ride along with it', async () => {
    const plan = await adoptingTeamShop('old');
    expect(plan.actions.map((a) => a.type)).toEqual(['tagService']);
    expect(plan.actions[0]).toMatchObject({
      tags: expect.arrayContaining([...OURS, { key: 'team', value: 'shop' }]),
    });
  });

  it('adopts by tagging first, then updating what differs', async () => {
    const { observed } = await existing(base, (s) => {
      s.tags = [{ key: 'team', value: 'shop' }];
      s.desiredCount = 5;
    });
    const plan = planService(desired({ ...base, adopt: true }), observed, ctx);
    expect(plan.actions.map((a) => a.type)).toEqual(['tagService', 'updateService']);
    expect(plan.actions[0]).toMatchObject({ tags: [OURS[1], OURS[0]] });
    expect(updateOf(plan.actions)?.fields).toEqual(['desiredCount']);
  });
});

describe('planService: updates', () => {
  it('does nothing when nothing differs', async () => {
    const { observed } = await existing();
    expect(planService(desired(), observed, { ...ctx, managedTagKeys: ['team'] }).actions).toEqual([]);
  });

  it('sends only the task definition when only it changed', async () => {
    const { observed } = await existing();
    const plan = planService(desired({ ...base, taskDefinition: 'web:2' }), observed, ctx);
    expect(plan.actions).toEqual([
      {
        type: 'updateService',
        input: { cluster: 'demo', service: 'web', taskDefinition: 'web:2' },
        fields: ['taskDefinition'],
        restart: false,
      },
    ]);
    expect(plan.reasons).toContain('update taskDefinition: web:1 -> web:2');
  });

  it('treats family:revision and the ARN of the same revision as equal', async () => {
    const { observed } = await existing();
    const arn = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1';
    expect(planService(desired({ ...base, taskDefinition: arn }), observed, ctx).actions).toEqual([]);
  });

  it('never sends a field the spec leaves out, whatever ECS holds', async () => {
    const { observed } = await existing(base, (s) => {
      s.placementStrategy = [{ type: 'random' }];
      s.healthCheckGracePeriodSeconds = 60;
      s.propagateTags = 'SERVICE';
      s.enableExecuteCommand = true;
      s.deploymentConfiguration = { minimumHealthyPercent: 50, maximumPercent: 100 };
      s.loadBalancers = [{ targetGroupArn: 'arn:tg', containerName: 'web', containerPort: 80 }];
    });
    expect(planService(desired(), observed, ctx).actions).toEqual([]);
  });

  it('reverts drift of a field the spec sets, sending only that field', async () => {
    const { observed } = await existing(base, (s) => {
      s.networkConfiguration = { awsvpcConfiguration: { subnets: ['subnet-a'], assignPublicIp: 'DISABLED' } };
    });
    const update = updateOf(planService(desired(), observed, ctx).actions);
    expect(update?.input).toEqual({
      cluster: 'demo',
      service: 'web',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], assignPublicIp: 'ENABLED' },
      },
    });
  });

  it('does not compare security groups the spec leaves to the VPC default', async () => {
    const { observed } = await existing(base, (s) => {
      s.networkConfiguration = {
        awsvpcConfiguration: {
          subnets: ['subnet-a', 'subnet-b'],
          securityGroups: ['sg-default'],
          assignPublicIp: 'ENABLED',
        },
      };
    });
    expect(planService(desired(), observed, ctx).actions).toEqual([]);
  });

  it('sends an explicit empty list to clear, and nothing once it is clear', async () => {
    const spec = { ...base, loadBalancers: [] };
    const { observed } = await existing(base, (s) => {
      s.loadBalancers = [{ targetGroupArn: 'arn:tg', containerName: 'web', containerPort: 80 }];
    });
    expect(updateOf(planService(desired(spec), observed, ctx).actions)?.input.loadBalancers).toEqual([]);
    const { observed: clear } = await existing(base);
    expect(planService(desired(spec), clear, ctx).actions).toEqual([]);
  });

  it('fills deployment configuration defaults and sends no default alarms block', async () => {
    const spec: EcsServiceSpec = {
      ...base,
      deploymentConfiguration: { maximumPercent: 100, minimumHealthyPercent: 50 },
    };
    const { observed } = await existing();
    const update = updateOf(planService(desired(spec), observed, ctx).actions);
    expect(update?.input.deploymentConfiguration).toEqual({
      minimumHealthyPercent: 50,
      maximumPercent: 100,
      deploymentCircuitBreaker: { enable: false, rollback: false },
    });
  });

  it('sends the circuit breaker threshold and reset when they change, and leaves ECS their defaults', async () => {
    const breaker = (extra: object): EcsServiceSpec => ({
      ...base,
      deploymentConfiguration: {
        maximumPercent: 200,
        minimumHealthyPercent: 100,
        deploymentCircuitBreaker: { enable: true, rollback: true, ...extra },
      },
    });
    const count = breaker({ resetOnHealthyTask: false, thresholdConfiguration: { type: 'COUNT', value: 5 } });
    const { observed } = await existing(count);
    expect(planService(desired(count), observed, ctx).actions).toEqual([]);

    const changed = breaker({
      resetOnHealthyTask: false,
      thresholdConfiguration: { type: 'COUNT', value: 8 },
    });
    const update = updateOf(planService(desired(changed), observed, ctx).actions);
    expect(update?.fields).toEqual(['deploymentConfiguration']);
    expect(update?.input.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({
      enable: true,
      rollback: true,
      resetOnHealthyTask: false,
      thresholdConfiguration: { type: 'COUNT', value: 8 },
    });

    // Left out of the spec, the settings ECS reports (its defaults) are not fought over.
    const { observed: defaults } = await existing(breaker({}), (s) => {
      const cb = s.deploymentConfiguration?.deploymentCircuitBreaker;
      if (cb !== undefined) {
        cb.resetOnHealthyTask = true;
        cb.thresholdConfiguration = { type: 'BOUNDED_PERCENT', value: 50 };
      }
    });
    expect(planService(desired(breaker({})), defaults, ctx).actions).toEqual([]);
    expect(planService(desired(count), defaults, ctx).actions).not.toEqual([]);
  });

  it('sends the early success criteria when they change, and leaves ECS theirs when the spec does not say', async () => {
    const rolling = (extra: object): EcsServiceSpec => ({
      ...base,
      deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 50, ...extra },
    });
    const early = rolling({
      earlySuccessCriteria: { enable: true, healthyPercent: 90, sourceServiceRevisionCleanup: 'DEFERRED' },
    });
    const { observed } = await existing(early);
    expect(planService(desired(early), observed, ctx).actions).toEqual([]);

    const blocking = rolling({
      earlySuccessCriteria: { enable: true, healthyPercent: 90, sourceServiceRevisionCleanup: 'BLOCKING' },
    });
    const update = updateOf(planService(desired(blocking), observed, ctx).actions);
    expect(update?.fields).toEqual(['deploymentConfiguration']);
    expect(update?.input.deploymentConfiguration?.earlySuccessCriteria).toEqual({
      enable: true,
      healthyPercent: 90,
      sourceServiceRevisionCleanup: 'BLOCKING',
    });
    // Turning them off is sent as ECS takes it; left out of the spec, ECS's are not fought over.
    const off = updateOf(
      planService(desired(rolling({ earlySuccessCriteria: { enable: false } })), observed, ctx).actions,
    );
    expect(off?.input.deploymentConfiguration?.earlySuccessCriteria).toEqual({ enable: false });
    expect(planService(desired(rolling({})), observed, ctx).actions).toEqual([]);

    // A service ECS reports without criteria has them off: `enable: false` in the spec is no change.
    const { observed: plain } = await existing(rolling({}));
    expect(
      planService(desired(rolling({ earlySuccessCriteria: { enable: false } })), plain, ctx).actions,
    ).toEqual([]);
    const plainUpdate = updateOf(planService(desired(rolling({})), plain, ctx).actions);
    expect(plainUpdate).toBeUndefined();
    expect(updateOf(planService(desired(early), plain, ctx).actions)?.fields).toEqual([
      'deploymentConfiguration',
    ]);
  });

  it('keeps placement strategy order but not constraint order', async () => {
    const spec: EcsServiceSpec = {
      ...base,
      placementStrategy: [
        { type: 'spread', field: 'attribute:ecs.availability-zone' },
        { type: 'binpack', field: 'memory' },
      ],
      placementConstraints: [
        { type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t2.*' },
        { type: 'distinctInstance' },
      ],
    };
    const { observed } = await existing(spec, (s) => {
      s.placementConstraints = [...(s.placementConstraints ?? [])].reverse();
    });
    expect(planService(desired(spec), observed, ctx).actions).toEqual([]);
    const { observed: swapped } = await existing(spec, (s) => {
      s.placementStrategy = [...(s.placementStrategy ?? [])].reverse();
    });
    expect(updateOf(planService(desired(spec), swapped, ctx).actions)?.fields).toEqual(['placementStrategy']);
  });
});

describe('planService: desiredCount ownership', () => {
  const scaled: EcsServiceSpec = {
    ...base,
    autoscaling: { minCapacity: 1, maxCapacity: 10, cpu: { targetValue: 50 } },
  };

  it('does not call a different count drift when autoscaling owns it', async () => {
    const { observed } = await existing(scaled, (s) => (s.desiredCount = 7));
    const plan = planService(desired(scaled), observed, {
      ...ctx,
      desiredCountOwner: 'autoscaling',
      managedTagKeys: ['team'],
    });
    expect(plan.actions).toEqual([]);
    expect(plan.reasons).toContain('desiredCount: owned by autoscaling, not compared');
  });

  it('leaves the count out of an update that changes something else', async () => {
    const { observed } = await existing(scaled, (s) => (s.desiredCount = 7));
    const update = updateOf(
      planService(desired({ ...scaled, taskDefinition: 'web:2' }), observed, {
        ...ctx,
        desiredCountOwner: 'autoscaling',
      }).actions,
    );
    expect(update?.input).toEqual({ cluster: 'demo', service: 'web', taskDefinition: 'web:2' });
  });

  it('sets the spec count again once the spec owns it', async () => {
    const { observed } = await existing(base, (s) => (s.desiredCount = 7));
    expect(updateOf(planService(desired(), observed, ctx).actions)?.input.desiredCount).toBe(2);
  });
});

describe('planService: restart, hold, immutables, tags', () => {
  it('forces a new deployment once per restart token, then marks the token on the service', async () => {
    const { ecs, observed } = await existing();
    const spec = { ...base, restartAt: '2026-05-01T10:00:00Z' };
    const plan = planService(desired(spec), observed, ctx);
    expect(plan.actions.map((a) => a.type)).toEqual(['updateService', 'tagService']);
    expect(updateOf(plan.actions)).toMatchObject({
      input: { cluster: 'demo', service: 'web', forceNewDeployment: true },
      fields: [],
      restart: true,
    });
    for (const a of plan.actions) await applyServiceAction(ecs, a);
    const after = observeService(ecs.get('demo', 'web')!, identity);
    expect(after.tags['ecs-bridge.dev/restart-at']).toBe('2026-05-01T10:00:00Z');
    // Whatever status says (or if it is gone), the marker on the service decides.
    expect(planService(desired(spec), after, ctx).actions).toEqual([]);
    expect(planService(desired(spec), after, { ...ctx, legacyRestartAt: 'a lie' }).actions).toEqual([]);
  });

  it('a service created with a restart token carries it, so it is not restarted', () => {
    const spec = { ...base, restartAt: 'r1' };
    const create = planService(desired(spec), undefined, ctx).actions[0];
    expect(create?.type === 'createService' ? create.input.tags : []).toContainEqual({
      key: 'ecs-bridge.dev/restart-at',
      value: 'r1',
    });
  });

  it('upgrade path: a service without the marker whose old status acted on the token is marked, not restarted', async () => {
    const { observed } = await existing();
    const spec = { ...base, restartAt: 'r1' };
    const plan = planService(desired(spec), observed, { ...ctx, legacyRestartAt: 'r1' });
    expect(plan.actions).toEqual([
      {
        type: 'tagService',
        resourceArn: observed.arn,
        tags: [{ key: 'ecs-bridge.dev/restart-at', value: 'r1' }],
      },
    ]);
  });

  it('holds deployment-starting fields while a failed rollout is held, but not the others', async () => {
    const { observed } = await existing(base, (s) => {
      s.taskDefinition = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:0';
      s.desiredCount = 1;
    });
    const plan = planService(desired(), observed, { ...ctx, holdRollout: true });
    expect(updateOf(plan.actions)?.input).toEqual({ cluster: 'demo', service: 'web', desiredCount: 2 });
    expect(plan.reasons.some((r) => r.startsWith('hold:'))).toBe(true);
  });

  it.each([
    ['schedulingStrategy', (s: Service) => (s.schedulingStrategy = 'DAEMON'), /schedulingStrategy DAEMON/],
    ['launchType', (s: Service) => (s.launchType = 'EC2'), /launchType EC2/],
  ])('refuses a %s that differs, writing nothing', async (_name, change, message) => {
    const { observed } = await existing(base, change);
    const plan = planService(desired(), observed, ctx);
    expect(plan.outcome).toBe('refused');
    expect(plan.actions).toEqual([]);
    expect(plan.message).toMatch(message);
  });

  it('moves from a capacity provider strategy back to the launch type with an empty strategy', async () => {
    const { observed } = await existing(base, (s) => {
      s.capacityProviderStrategy = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }];
      delete s.launchType;
    });
    expect(updateOf(planService(desired(), observed, ctx).actions)?.input).toEqual({
      cluster: 'demo',
      service: 'web',
      capacityProviderStrategy: [],
    });
  });

  it('moves from a launch type to a capacity provider strategy in place', async () => {
    const { observed } = await existing();
    const { launchType: _l, ...rest } = base;
    const spec: EcsServiceSpec = {
      ...rest,
      capacityProviderStrategy: [
        { capacityProvider: 'FARGATE_SPOT', weight: 2 },
        { capacityProvider: 'FARGATE', base: 1 },
      ],
    };
    expect(
      updateOf(planService(desired(spec), observed, ctx).actions)?.input.capacityProviderStrategy,
    ).toEqual([
      { capacityProvider: 'FARGATE', weight: 0, base: 1 },
      { capacityProvider: 'FARGATE_SPOT', weight: 2, base: 0 },
    ]);
  });

  it('tags changed spec tags, untags only keys it put there, and leaves other tags alone', async () => {
    const { observed } = await existing(base, (s) => {
      s.tags = [...(s.tags ?? []), { key: 'old', value: 'x' }, { key: 'someone-else', value: 'y' }];
    });
    const spec = { ...base, tags: [{ key: 'team', value: 'payments' }] };
    const plan = planService(desired(spec), observed, { ...ctx, managedTagKeys: ['team', 'old'] });
    expect(plan.actions).toEqual([
      { type: 'tagService', resourceArn: observed.arn, tags: [{ key: 'team', value: 'payments' }] },
      { type: 'untagService', resourceArn: observed.arn, tagKeys: ['old'] },
    ]);
  });
});

describe('planService: orphans of an earlier object of the same name (owner-uid tag)', () => {
  const first = ownerIdentity('default', 'web', 'inst-1', 'uid-first');
  const second = ownerIdentity('default', 'web', 'inst-1', 'uid-second');

  /** A service the first object created; observed by the second object of the same name. */
  async function leftBehind(spec: EcsServiceSpec = base) {
    const ecs = new FakeEcs();
    const plan = planService(desired(spec), undefined, { ...ctx, identity: first });
    for (const a of plan.actions) await applyServiceAction(ecs, a);
    return observeService(ecs.get('demo', 'web')!, second);
  }

  it('the create tags the object uid with the owner and instance', () => {
    const [create] = planService(desired(), undefined, { ...ctx, identity: first }).actions;
    expect(create?.type === 'createService' && create.input.tags).toContainEqual({
      key: TAG_KEYS.ownerUid,
      value: 'uid-first',
    });
  });

  it('is an orphan: a Conflict naming spec.adopt, and nothing written', async () => {
    const observed = await leftBehind();
    expect(observed.ownership).toEqual({ kind: 'orphaned', owner: 'default/web', uid: 'uid-first' });
    const plan = planService(desired({ ...base, desiredCount: 5 }), observed, { ...ctx, identity: second });
    expect(plan.outcome).toBe('conflict');
    expect(plan.actions).toEqual([]);
    expect(plan.message).toContain('uid-first');
    expect(plan.message).toContain('spec.adopt: true');
  });

  it('with spec.adopt it is taken over: re-tagged with the new uid, then converged', async () => {
    const observed = await leftBehind();
    const plan = planService(desired({ ...base, adopt: true, desiredCount: 5 }), observed, {
      ...ctx,
      identity: second,
    });
    expect(plan.outcome).toBe('converge');
    expect(plan.actions[0]).toEqual({
      type: 'tagService',
      resourceArn: observed.arn,
      tags: [{ key: TAG_KEYS.ownerUid, value: 'uid-second' }],
    });
    expect(updateOf(plan.actions)?.input.desiredCount).toBe(5);
  });

  it('a service tagged before the uid tag existed stays ours and is not re-tagged', async () => {
    const legacy = ownerIdentity('default', 'web', 'inst-1');
    const ecs = new FakeEcs();
    for (const a of planService(desired(), undefined, { ...ctx, identity: legacy }).actions)
      await applyServiceAction(ecs, a);
    const observed = observeService(ecs.get('demo', 'web')!, second);
    expect(observed.ownership.kind).toBe('ours');
    expect(planService(desired(), observed, { ...ctx, identity: second }).actions).toEqual([]);
  });
});

describe('planService: Service Connect, EBS volumes, VPC Lattice, AZ rebalancing, role', () => {
  const sc = {
    enabled: true,
    namespace: 'demo',
    services: [{ portName: 'http', clientAliases: [{ port: 80 }] }],
  };
  const spec: EcsServiceSpec = {
    ...base,
    role: 'ecsServiceRole',
    availabilityZoneRebalancing: 'DISABLED',
    serviceConnectConfiguration: sc,
  };

  it('creates with them, the role included (CreateService is the only call that sets it)', () => {
    const create = planService(desired(spec), undefined, ctx).actions[0];
    expect(create?.type === 'createService' ? create.input : undefined).toMatchObject({
      role: 'ecsServiceRole',
      availabilityZoneRebalancing: 'DISABLED',
      serviceConnectConfiguration: sc,
    });
  });

  // The service `created` made, AZ rebalancing as ECS reports `rebalancing`, its primary deployment
  // echoing what `echo` sets.
  async function observedEchoing(
    created: EcsServiceSpec,
    echo: (primary: NonNullable<Service['deployments']>[number]) => void,
    rebalancing: Service['availabilityZoneRebalancing'] = 'DISABLED',
  ) {
    const { observed } = await existing(created, (s) => {
      s.availabilityZoneRebalancing = rebalancing;
      const primary = s.deployments?.[0];
      if (primary !== undefined) {
        primary.status = 'PRIMARY';
        echo(primary);
      }
    });
    return observed;
  }

  it('reads them where ECS reports them and leaves members ECS fills in alone', async () => {
    const observed = await observedEchoing(spec, (primary) => {
      // ECS's echo names the discovery name and client alias DNS name it chose.
      primary.serviceConnectConfiguration = {
        ...sc,
        services: [
          { portName: 'http', discoveryName: 'http', clientAliases: [{ port: 80, dnsName: 'http.demo' }] },
        ],
      };
    });
    expect(planService(desired(spec), observed, { ...ctx, managedTagKeys: ['team'] }).actions).toEqual([]);

    const changed = { ...spec, serviceConnectConfiguration: { ...sc, namespace: 'other' } };
    const update = updateOf(
      planService(desired(changed), observed, { ...ctx, managedTagKeys: ['team'] }).actions,
    );
    expect(update?.fields).toEqual(['serviceConnectConfiguration']);
    expect(update?.input).toEqual({
      cluster: 'demo',
      service: 'web',
      serviceConnectConfiguration: { ...sc, namespace: 'other' },
    });
  });

  // Plans specs against the service `created` made, its primary deployment echoing what `echo` sets.
  async function plannerOver(
    created: EcsServiceSpec,
    echo: (primary: NonNullable<Service['deployments']>[number]) => void,
  ) {
    const observed = await observedEchoing(created, echo);
    return (s: EcsServiceSpec) =>
      updateOf(planService(desired(s), observed, { ...ctx, managedTagKeys: ['team'] }).actions);
  }

  it('sends the Service Connect proxy settings when they change, and nothing when they do not', async () => {
    const withProxy = { ...sc, containerConfigurations: [{ logLevel: 'debug' as const }] };
    const proxySpec = { ...spec, serviceConnectConfiguration: withProxy };
    const plan = await plannerOver(spec, (primary) => {
      primary.serviceConnectConfiguration = withProxy;
    });
    expect(plan(proxySpec)).toBeUndefined();

    const info = { ...sc, containerConfigurations: [{ logLevel: 'info' as const }] };
    expect(plan({ ...spec, serviceConnectConfiguration: info })?.input).toEqual({
      cluster: 'demo',
      service: 'web',
      serviceConnectConfiguration: info,
    });
    // Left out, ECS returns the proxy to its defaults: a spec without them asks for that.
    expect(plan(spec)?.input).toEqual({ cluster: 'demo', service: 'web', serviceConnectConfiguration: sc });
  });

  it('sends a VPC Lattice advanced configuration when it changes, and nothing when it does not', async () => {
    const lattice = {
      roleArn: 'arn:aws:iam::123456789012:role/ecsInfrastructureRole',
      targetGroupArn: 'arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-blue',
      portName: 'http',
      advancedConfiguration: {
        alternateTargetGroupArn: 'arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-green',
        productionListenerRule:
          'arn:aws:vpc-lattice:us-east-1:123456789012:service/svc/listener/l-1/rule/r-1',
      },
    };
    const latticeSpec = { ...spec, vpcLatticeConfigurations: [lattice] };
    const plan = await plannerOver(latticeSpec, (primary) => {
      primary.serviceConnectConfiguration = sc;
      primary.vpcLatticeConfigurations = [lattice];
    });
    expect(plan(latticeSpec)).toBeUndefined();

    const moved = {
      ...lattice,
      advancedConfiguration: { ...lattice.advancedConfiguration, testListenerRule: 'arn:test-rule' },
    };
    const update = plan({ ...spec, vpcLatticeConfigurations: [moved] });
    expect(update?.fields).toEqual(['vpcLatticeConfigurations']);
    expect(update?.input).toEqual({ cluster: 'demo', service: 'web', vpcLatticeConfigurations: [moved] });
  });

  it('sends AZ rebalancing alone when only it differs (it starts no deployment)', async () => {
    const observed = await observedEchoing(
      spec,
      (primary) => {
        primary.serviceConnectConfiguration = sc;
      },
      'ENABLED',
    );
    const update = updateOf(
      planService(desired(spec), observed, { ...ctx, managedTagKeys: ['team'] }).actions,
    );
    expect(update?.input).toEqual({
      cluster: 'demo',
      service: 'web',
      availabilityZoneRebalancing: 'DISABLED',
    });
  });
});
