import { describe, expect, it } from 'vitest';
import { hookFailureReason, lambdaHooksAt, parseHookAnswer } from './ecs-lifecycle-hooks.js';
import { EcsRolloutSimulator } from './ecs-rollouts.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { FakeClock } from '../../../src/shared/testing/fake-clock.js';

const ACCOUNT = 'arn:aws:ecs:us-east-1:123456789012';
const CHECK = 'arn:aws:lambda:us-east-1:123456789012:function:check';
const ROLE = 'arn:aws:iam::123456789012:role/hooks';

function obj(v: JsonValue | undefined): JsonObject {
  if (!isJsonObject(v)) throw new Error('not an object');
  return v;
}

// rolloutMs 100: a stage lasts 10 ms, a configured minute too, and a hook's 30 s callback 5 ms.
// BLUE_GREEN with no bake: POST_TEST_TRAFFIC_SHIFT is 40..50, the deployment done at 90.
function setup(hook: JsonObject) {
  const clock = new FakeClock(5000);
  const simulator = new EcsRolloutSimulator({
    clock,
    now: () => 1_700_000_000_000,
    config: { rolloutMs: 100 },
  });
  const deploymentConfiguration = {
    strategy: 'BLUE_GREEN',
    bakeTimeInMinutes: 0,
    lifecycleHooks: [{ roleArn: ROLE, ...hook }],
  };
  const create = async () =>
    simulator.rewrite(
      'CreateService',
      { serviceName: 'web', deploymentConfiguration },
      {
        service: {
          serviceArn: `${ACCOUNT}:service/c/web`,
          serviceName: 'web',
          clusterArn: `${ACCOUNT}:cluster/c`,
          status: 'ACTIVE',
          desiredCount: 2,
          taskDefinition: `${ACCOUNT}:task-definition/web:1`,
          deployments: [],
        },
      },
    );
  const deployment = (): JsonObject => {
    const briefs = simulator.answer('ListServiceDeployments', { service: 'web', cluster: 'c' }).body
      .serviceDeployments as JsonObject[];
    const answer = simulator.answer('DescribeServiceDeployments', {
      serviceDeploymentArns: [briefs[0]?.serviceDeploymentArn as string],
    });
    return obj((answer.body.serviceDeployments as JsonValue[])[0]);
  };
  return { clock, simulator, create, deployment };
}

describe('lifecycle hooks played by the rollout simulator', () => {
  it('invokes an AWS_LAMBDA hook at its stage with its hookDetails; unscripted it succeeds', async () => {
    const { clock, simulator, create, deployment } = setup({
      hookTargetArn: CHECK,
      lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
      hookDetails: { path: '/healthz' },
    });
    await create();
    clock.advance(39);
    expect(simulator.hookInvocations()).toEqual([]);
    clock.advance(1);
    expect(simulator.hookInvocations()).toEqual([
      expect.objectContaining({
        serviceName: 'web',
        hookTargetArn: CHECK,
        lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
        hookDetails: { path: '/healthz' },
        hookStatus: 'SUCCEEDED',
      }),
    ]);
    clock.advance(50);
    expect(deployment()).toMatchObject({ status: 'SUCCESSFUL' });
    expect(simulator.hookInvocations()).toHaveLength(1);
  });

  it('a hook that answers FAILED rolls the deployment back at its stage', async () => {
    const { clock, simulator, create, deployment } = setup({
      hookTargetArn: CHECK,
      lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
    });
    simulator.answerHooks({ serviceName: 'web', hookStatus: 'FAILED' });
    await create();
    clock.advance(45);
    // A first deployment has nothing to roll back to: it fails and stays failed, as in ECS.
    expect(deployment()).toMatchObject({
      status: 'STOPPED',
      statusReason: hookFailureReason(CHECK, 'POST_TEST_TRAFFIC_SHIFT'),
      lifecycleStage: 'TEST_TRAFFIC_SHIFT',
    });
    expect(simulator.state().services[0]?.deployments[0]?.rolloutState).toBe('FAILED');
  });

  it('IN_PROGRESS holds the deployment at its stage, invoked again every callback, until it succeeds', async () => {
    const { clock, simulator, create, deployment } = setup({
      hookTargetArn: CHECK,
      lifecycleStages: ['POST_SCALE_UP'],
    });
    simulator.answerHooks({ serviceName: 'web', hookTargetArn: CHECK, hookStatus: 'IN_PROGRESS' });
    await create();
    clock.advance(200); // POST_SCALE_UP began at 20: held since
    expect(deployment()).toMatchObject({
      status: 'IN_PROGRESS',
      lifecycleStage: 'POST_SCALE_UP',
      lifecycleHookDetails: [{ targetType: 'AWS_LAMBDA', targetArn: CHECK, status: 'IN_PROGRESS' }],
    });
    const calls = simulator.hookInvocations();
    expect(calls.length).toBe(37); // at 20, 25, ..., 200
    expect(new Set(calls.map((c) => c.hookStatus))).toEqual(new Set(['IN_PROGRESS']));

    simulator.answerHooks({ serviceName: 'web', hookStatus: 'SUCCEEDED' });
    clock.advance(5); // invoked at 205: succeeds, 185 ms late
    expect(deployment()).toMatchObject({ status: 'IN_PROGRESS', lifecycleStage: 'POST_SCALE_UP' });
    expect(deployment()).not.toHaveProperty('lifecycleHookDetails');
    clock.advance(10);
    expect(deployment()).toMatchObject({ lifecycleStage: 'TEST_TRAFFIC_SHIFT' });
    clock.advance(59); // due at 90 + 185 = 275
    expect(deployment()).toMatchObject({ status: 'IN_PROGRESS' });
    clock.advance(1);
    expect(deployment()).toMatchObject({ status: 'SUCCESSFUL' });
  });

  it('invokes nothing for PAUSE hooks or other stages', () => {
    const dc = {
      lifecycleHooks: [
        { targetType: 'PAUSE', lifecycleStages: ['POST_SCALE_UP'] },
        { hookTargetArn: CHECK, lifecycleStages: ['PRE_SCALE_UP'] },
        { targetType: 'AWS_LAMBDA', hookTargetArn: `${CHECK}2`, lifecycleStages: ['POST_SCALE_UP'] },
      ],
    };
    expect(lambdaHooksAt(dc, 'POST_SCALE_UP')).toEqual([{ hookTargetArn: `${CHECK}2` }]);
    expect(lambdaHooksAt(dc, 'BAKE_TIME')).toEqual([]);
    expect(lambdaHooksAt(undefined, 'PRE_SCALE_UP')).toEqual([]);
  });

  it('parses a scripted answer, naming the field at fault', () => {
    expect(parseHookAnswer({ serviceName: 'web', hookStatus: 'FAILED', lifecycleStage: 'SCALE_UP' })).toEqual(
      {
        serviceName: 'web',
        hookStatus: 'FAILED',
        lifecycleStage: 'SCALE_UP',
      },
    );
    expect(() => parseHookAnswer({ serviceName: 'web', hookStatus: 'DONE' })).toThrow(/hookStatus/);
    expect(() => parseHookAnswer({ hookStatus: 'FAILED' })).toThrow(/serviceName/);
    expect(() => parseHookAnswer({ serviceName: 'web', hookStatus: 'FAILED', cluster: 1 })).toThrow(
      /cluster/,
    );
  });
});
