import type { Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import type { CreateServiceAction, UpdateServiceAction } from './actions.js';
import { applyServiceAction } from './apply.js';
import { delegatedCondition, DEPLOYMENTS_DELEGATED, splitByController } from './deployment-controller.js';
import { desiredWeb as desired } from './testing/fixtures.js';
import { observeService } from './observe.js';
import { ownerIdentity } from './ownership.js';
import { planService, type ServicePlanContext } from './plan.js';
import { buildServiceStatus } from './status.js';
import { FakeEcs } from '../../aws/testing/fake-ecs.js';
import { serviceObject } from './testing/harness.js';
import type { EcsServiceSpec } from './types.js';

const identity = ownerIdentity('default', 'web', 'inst-1');
const ctx: ServicePlanContext = {
  identity,
  desiredCountOwner: 'spec',
  clientToken: 'ecsb-token',
  managedTagKeys: [],
  holdRollout: false,
};

const TG_BLUE = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/1';
const TG_GREEN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/2';
const PROD_RULE = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/3';
const TEST_RULE = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/4';
const ELB_ROLE = 'arn:aws:iam::123456789012:role/ecs-elb';
const HOOK = 'arn:aws:lambda:us-east-1:123456789012:function:check';
const HOOK_ROLE = 'arn:aws:iam::123456789012:role/ecs-hooks';

const base: EcsServiceSpec = {
  cluster: 'demo',
  taskDefinition: 'web:1',
  desiredCount: 2,
  launchType: 'FARGATE',
  networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a'] } },
  loadBalancers: [
    {
      targetGroupArn: TG_BLUE,
      containerName: 'web',
      containerPort: 80,
      advancedConfiguration: {
        alternateTargetGroupArn: TG_GREEN,
        productionListenerRule: PROD_RULE,
        testListenerRule: TEST_RULE,
        roleArn: ELB_ROLE,
      },
    },
  ],
};

const blueGreen: EcsServiceSpec = {
  ...base,
  deploymentConfiguration: {
    strategy: 'BLUE_GREEN',
    bakeTimeInMinutes: 5,
    lifecycleHooks: [
      {
        hookTargetArn: HOOK,
        roleArn: HOOK_ROLE,
        lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT', 'PRE_SCALE_UP'],
      },
    ],
  },
};

async function existing(spec: EcsServiceSpec, change?: (s: Service) => void) {
  const ecs = new FakeEcs();
  for (const a of planService(desired(spec), undefined, ctx).actions) await applyServiceAction(ecs, a);
  if (change !== undefined) ecs.mutate('demo', 'web', change);
  return { ecs, observed: observeService(ecs.get('demo', 'web')!, identity) };
}

function createOf(spec: EcsServiceSpec): CreateServiceAction['input'] {
  const a = planService(desired(spec), undefined, ctx).actions.find(
    (x): x is CreateServiceAction => x.type === 'createService',
  );
  if (a === undefined) throw new Error('no create');
  return a.input;
}

function updateOf(actions: readonly { type: string }[]): UpdateServiceAction | undefined {
  return actions.find((a): a is UpdateServiceAction => a.type === 'updateService');
}

describe('deployment strategies: create', () => {
  it('sends the blue/green strategy, bake time, hooks and the alternate target group as written', () => {
    const input = createOf(blueGreen);
    expect(input.deploymentConfiguration).toMatchObject({
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 5,
      lifecycleHooks: [
        {
          targetType: 'AWS_LAMBDA',
          hookTargetArn: HOOK,
          roleArn: HOOK_ROLE,
          lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT', 'PRE_SCALE_UP'],
        },
      ],
    });
    expect(input.loadBalancers?.[0]?.advancedConfiguration).toEqual({
      alternateTargetGroupArn: TG_GREEN,
      productionListenerRule: PROD_RULE,
      testListenerRule: TEST_RULE,
      roleArn: ELB_ROLE,
    });
  });

  it.each([
    ['LINEAR', { linearConfiguration: { stepPercent: 10, stepBakeTimeInMinutes: 6 } }],
    ['CANARY', { canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 10 } }],
  ] as const)('fills ECS’s %s defaults when the spec leaves them out', (strategy, expected) => {
    const input = createOf({ ...base, deploymentConfiguration: { strategy } });
    expect(input.deploymentConfiguration).toMatchObject({ strategy, ...expected });
    expect(input.deploymentConfiguration).not.toHaveProperty('bakeTimeInMinutes');
  });

  it('keeps a rolling service’s request as it was: no strategy, no hooks', () => {
    const input = createOf({ ...base, deploymentConfiguration: { minimumHealthyPercent: 50 } });
    expect(input.deploymentConfiguration).not.toHaveProperty('strategy');
    expect(input.deploymentConfiguration).not.toHaveProperty('lifecycleHooks');
  });

  it('sends deploymentController only when the spec sets it', () => {
    expect(createOf(base)).not.toHaveProperty('deploymentController');
    expect(createOf({ ...base, deploymentController: { type: 'ECS' } }).deploymentController).toEqual({
      type: 'ECS',
    });
  });
});

describe('deployment strategies: a live service', () => {
  it.each([
    ['BLUE_GREEN', blueGreen],
    ['LINEAR', { ...base, deploymentConfiguration: { strategy: 'LINEAR', bakeTimeInMinutes: 2 } }],
    [
      'CANARY',
      {
        ...base,
        deploymentConfiguration: { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 20 } },
      },
    ],
  ] as const)('%s: planning again after the create writes nothing', async (_name, spec) => {
    const { observed } = await existing(spec);
    expect(planService(desired(spec), observed, ctx).actions).toEqual([]);
  });

  it('changes the strategy in place with deploymentConfiguration alone (no new deployment)', async () => {
    const { observed } = await existing(base);
    const next: EcsServiceSpec = {
      ...base,
      deploymentConfiguration: { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 20 } },
    };
    const update = updateOf(planService(desired(next), observed, ctx).actions);
    expect(update?.fields).toEqual(['deploymentConfiguration']);
    expect(update?.input.deploymentConfiguration).toMatchObject({
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 20, canaryBakeTimeInMinutes: 10 },
    });
  });

  it('moves back to ROLLING by sending ROLLING and clearing the hooks', async () => {
    const { observed } = await existing(blueGreen);
    const next: EcsServiceSpec = { ...base, deploymentConfiguration: { strategy: 'ROLLING' } };
    const input = updateOf(planService(desired(next), observed, ctx).actions)?.input;
    expect(input?.deploymentConfiguration?.strategy).toBe('ROLLING');
    expect(input?.deploymentConfiguration?.lifecycleHooks).toEqual([]);
    expect(input?.deploymentConfiguration).not.toHaveProperty('bakeTimeInMinutes');
  });

  it('sends a hook’s details and timeout as written, and corrects them when changed outside', async () => {
    const hook = {
      hookTargetArn: HOOK,
      roleArn: HOOK_ROLE,
      lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
      hookDetails: { smokeTest: '/healthz', attempts: 3 },
      timeoutConfiguration: { timeoutInMinutes: 30, action: 'CONTINUE' },
    } as const;
    const spec: EcsServiceSpec = {
      ...base,
      deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5, lifecycleHooks: [hook] },
    };
    expect(createOf(spec).deploymentConfiguration?.lifecycleHooks?.[0]).toEqual({
      targetType: 'AWS_LAMBDA',
      ...hook,
      lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
    });
    expect(planService(desired(spec), (await existing(spec)).observed, ctx).actions).toEqual([]);
    const { observed } = await existing(spec, (s) => {
      s.deploymentConfiguration = {
        ...s.deploymentConfiguration,
        lifecycleHooks: [
          { ...hook, lifecycleStages: [...hook.lifecycleStages], hookDetails: { attempts: 1 } },
        ],
      };
    });
    const update = updateOf(planService(desired(spec), observed, ctx).actions);
    expect(update?.fields).toEqual(['deploymentConfiguration']);
    expect(update?.input.deploymentConfiguration?.lifecycleHooks?.[0]?.hookDetails).toEqual(hook.hookDetails);
  });

  it('compares a hook timeout left out equal to one ECS echoes with its defaults (1440 minutes, ROLLBACK)', async () => {
    const { observed } = await existing(blueGreen, (s) => {
      s.deploymentConfiguration = {
        ...s.deploymentConfiguration,
        lifecycleHooks: s.deploymentConfiguration?.lifecycleHooks?.map((h) => ({
          ...h,
          timeoutConfiguration: { timeoutInMinutes: 1440, action: 'ROLLBACK' },
        })),
      };
    });
    expect(planService(desired(blueGreen), observed, ctx).actions).toEqual([]);
    expect(createOf(blueGreen).deploymentConfiguration?.lifecycleHooks?.[0]).not.toHaveProperty(
      'timeoutConfiguration',
    );
  });

  it('does not compare a bake time the spec leaves to ECS', async () => {
    const spec: EcsServiceSpec = { ...base, deploymentConfiguration: { strategy: 'LINEAR' } };
    const { observed } = await existing(spec, (s) => {
      s.deploymentConfiguration = { ...s.deploymentConfiguration, bakeTimeInMinutes: 15 };
    });
    expect(planService(desired(spec), observed, ctx).actions).toEqual([]);
  });

  it('corrects a bake time changed outside ecs-bridge', async () => {
    const { observed } = await existing(blueGreen, (s) => {
      s.deploymentConfiguration = { ...s.deploymentConfiguration, bakeTimeInMinutes: 30 };
    });
    const input = updateOf(planService(desired(blueGreen), observed, ctx).actions)?.input;
    expect(input?.deploymentConfiguration?.bakeTimeInMinutes).toBe(5);
  });

  it('corrects a changed listener rule as a load balancer change', async () => {
    const { observed } = await existing(blueGreen, (s) => {
      s.loadBalancers = s.loadBalancers?.map((l) => ({
        ...l,
        advancedConfiguration: { ...l.advancedConfiguration, testListenerRule: PROD_RULE },
      }));
    });
    expect(updateOf(planService(desired(blueGreen), observed, ctx).actions)?.fields).toEqual([
      'loadBalancers',
    ]);
  });
});

describe('another deployment controller (ADR 0028)', () => {
  it('under CODE_DEPLOY sends only what UpdateService accepts there, and no restart', async () => {
    const { observed } = await existing(base, (s) => {
      s.deploymentController = { type: 'CODE_DEPLOY' };
    });
    const next: EcsServiceSpec = { ...base, taskDefinition: 'web:2', desiredCount: 4, restartAt: 'r1' };
    const plan = planService(desired(next), observed, ctx);
    const update = updateOf(plan.actions);
    expect(update?.fields).toEqual(['desiredCount']);
    expect(update?.input).not.toHaveProperty('taskDefinition');
    expect(update?.input.forceNewDeployment).toBeUndefined();
    expect(plan.reasons).toContain(
      'delegate: the CODE_DEPLOY controller runs deployments; not sending taskDefinition',
    );
    expect(plan.delegated).toEqual(['taskDefinition']);
    // Nothing withheld, nothing to report.
    expect(planService(desired(base), observed, ctx).delegated).toBeUndefined();
  });

  it('under EXTERNAL withholds deploymentConfiguration too', () => {
    expect(splitByController('EXTERNAL', ['deploymentConfiguration', 'desiredCount'])).toEqual({
      send: ['desiredCount'],
      withheld: ['deploymentConfiguration'],
    });
    expect(splitByController('CODE_DEPLOY', ['deploymentConfiguration'])).toEqual({
      send: ['deploymentConfiguration'],
      withheld: [],
    });
    expect(splitByController(undefined, ['taskDefinition'])).toEqual({
      send: ['taskDefinition'],
      withheld: [],
    });
  });

  it('sends the move to ECS with the rest when the spec asks for it; ECS judges it', async () => {
    const { observed } = await existing(base, (s) => {
      s.deploymentController = { type: 'CODE_DEPLOY' };
    });
    const next: EcsServiceSpec = { ...base, taskDefinition: 'web:2', deploymentController: { type: 'ECS' } };
    const update = updateOf(planService(desired(next), observed, ctx).actions);
    expect(update?.fields).toEqual(['taskDefinition', 'deploymentController']);
  });

  it('says so in the DeploymentsDelegated condition, and drops it once ECS runs the deployments', () => {
    const obj = serviceObject({ cluster: 'demo', taskDefinition: 'web:1' });
    const service: Service = {
      serviceName: 'web',
      status: 'ACTIVE',
      deploymentController: { type: 'EXTERNAL' },
    };
    const outcome = { kind: 'converged', created: false, updated: false } as const;
    const first = buildServiceStatus({ obj, outcome, service, now: new Date(0) });
    const cond = first.conditions?.find((c) => c.type === DEPLOYMENTS_DELEGATED);
    expect(cond).toMatchObject({ status: 'True', reason: 'ExternalController' });
    expect(cond?.message).toContain('never starts a deployment (Ready follows its task sets)');
    expect(cond?.message).not.toContain('is not sent');
    // A spec change the controller owns leads the message, with the field named.
    const withheld = buildServiceStatus({
      obj,
      outcome: { ...outcome, delegated: ['taskDefinition', 'deploymentConfiguration'] },
      service,
      now: new Date(0),
    }).conditions?.find((c) => c.type === DEPLOYMENTS_DELEGATED);
    expect(withheld?.message).toMatch(
      /^spec\.taskDefinition, spec\.deploymentConfiguration differ from the service and are not sent: ECS refuses them in UpdateService under EXTERNAL\. ECS service web uses/,
    );
    const back = buildServiceStatus({
      obj: { ...obj, status: first },
      outcome,
      service: { ...service, deploymentController: { type: 'ECS' } },
      now: new Date(1),
    });
    expect(back.conditions?.some((c) => c.type === DEPLOYMENTS_DELEGATED)).toBe(false);
    expect(delegatedCondition({ serviceName: 'web' }, 'x')).toBeUndefined();
  });
});
