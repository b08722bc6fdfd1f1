import { describe, expect, it } from 'vitest';
import { EcsRolloutSimulator } from './ecs-rollouts.js';
import { CONTINUE_ROLLBACK_REASON } from './ecs-service-rollout.js';
import { FakeClock } from '../../../src/shared/testing/fake-clock.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';

const ACCOUNT = 'arn:aws:ecs:us-east-1:123456789012';
const td = (ref: string) => `${ACCOUNT}:task-definition/${ref}`;

function motoService(name: string): JsonObject {
  return {
    serviceArn: `${ACCOUNT}:service/c/${name}`,
    serviceName: name,
    clusterArn: `${ACCOUNT}:cluster/c`,
    status: 'ACTIVE',
    desiredCount: 2,
    taskDefinition: td('web:1'),
    deployments: [{ id: `ecs-svc/moto-${name}`, status: 'PRIMARY', taskDefinition: td('web:1') }],
    deploymentController: { type: 'ECS' },
  };
}

/** Blue/green that pauses after the test traffic shift, as in ECS's pause hook example. */
const PAUSED_BLUE_GREEN: JsonObject = {
  strategy: 'BLUE_GREEN',
  bakeTimeInMinutes: 1,
  lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }],
};

// rolloutMs 100: a stage lasts 10 ms and so does a configured minute; the whole run is 130 ms.
function setup() {
  const clock = new FakeClock(5000);
  const simulator = new EcsRolloutSimulator({
    clock,
    now: () => 1_700_000_000_000,
    config: { rolloutMs: 100 },
  });
  const obj = (v: JsonValue | undefined): JsonObject => {
    if (!isJsonObject(v)) throw new Error('not rewritten');
    return v;
  };
  const rewrite = async (action: string, request: JsonObject) =>
    obj(obj(await simulator.rewrite(action, request, { service: motoService('web') })).service);
  const latest = () => {
    const briefs = simulator.answer('ListServiceDeployments', { service: 'web', cluster: 'c' }).body
      .serviceDeployments as JsonObject[];
    const arn = briefs[0]?.serviceDeploymentArn as string;
    const answer = simulator.answer('DescribeServiceDeployments', { serviceDeploymentArns: [arn] });
    return (answer.body.serviceDeployments as JsonObject[])[0]!;
  };
  const resume = (params: JsonObject) => simulator.answer('ContinueServiceDeployment', params);
  return { clock, simulator, rewrite, latest, resume };
}

describe('PAUSE lifecycle hooks and ContinueServiceDeployment', () => {
  it('waits in AWAITING_ACTION at the hook’s stage until CONTINUE, then runs the rest of its stages', async () => {
    const { clock, rewrite, latest, resume } = setup();
    await rewrite('CreateService', { serviceName: 'web', deploymentConfiguration: PAUSED_BLUE_GREEN });
    clock.advance(1000); // paused at POST_TEST_TRAFFIC_SHIFT (40..50 ms) long after the run would end
    const paused = latest();
    expect(paused).toMatchObject({ status: 'IN_PROGRESS', lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT' });
    const details = paused.lifecycleHookDetails as JsonObject[];
    expect(details).toHaveLength(1);
    expect(details[0]).toMatchObject({ targetType: 'PAUSE', status: 'AWAITING_ACTION' });
    expect(details[0]).not.toHaveProperty('targetArn');
    const hookId = details[0]?.hookId as string;
    expect(hookId).toMatch(/^ecs-pause-[\w-]+$/);
    const arn = paused.serviceDeploymentArn as string;

    expect(resume({ serviceDeploymentArn: arn, hookId: 'ecs-pause-other' }).body.__type).toBe(
      'InvalidParameterException',
    );
    expect(resume({ serviceDeploymentArn: arn, hookId, action: 'ABORT' }).body.__type).toBe(
      'InvalidParameterException',
    );
    // No action is CONTINUE.
    expect(resume({ serviceDeploymentArn: arn, hookId })).toEqual({
      status: 200,
      body: { serviceDeploymentArn: arn },
    });
    expect(latest()).not.toHaveProperty('lifecycleHookDetails');
    clock.advance(40); // the rest of the stages from where it paused: 50..130 is 80 ms
    expect(latest()).toMatchObject({ status: 'IN_PROGRESS' });
    clock.advance(50);
    expect(latest()).toMatchObject({ status: 'SUCCESSFUL' });
    // Continued once: a second CONTINUE of the same hook is refused.
    expect(resume({ serviceDeploymentArn: arn, hookId }).body.__type).toBe('InvalidParameterException');
  });

  it('ROLLBACK rolls the paused deployment back to the last completed revision', async () => {
    const { clock, rewrite, latest, resume, simulator } = setup();
    await rewrite('CreateService', {
      serviceName: 'web',
      deploymentConfiguration: { strategy: 'BLUE_GREEN' },
    });
    clock.advance(1000);
    await rewrite('UpdateService', {
      service: 'web',
      taskDefinition: td('web:2'),
      deploymentConfiguration: PAUSED_BLUE_GREEN,
    });
    clock.advance(1000);
    const paused = latest();
    const hookId = (paused.lifecycleHookDetails as JsonObject[])[0]?.hookId as string;
    const arn = paused.serviceDeploymentArn as string;
    expect(resume({ serviceDeploymentArn: arn, hookId, action: 'ROLLBACK' }).status).toBe(200);
    expect(latest()).toMatchObject({
      status: 'ROLLBACK_IN_PROGRESS',
      rollback: { reason: CONTINUE_ROLLBACK_REASON },
    });
    expect(latest()).not.toHaveProperty('lifecycleHookDetails');
    clock.advance(100);
    expect(latest()).toMatchObject({ status: 'ROLLBACK_SUCCESSFUL' });
    expect(simulator.state().services[0]?.taskDefinition).toBe(td('web:1'));
    expect(
      resume({ serviceDeploymentArn: `${ACCOUNT}:service-deployment/c/web/1`, hookId }).body.__type,
    ).toBe('ServiceDeploymentNotFoundException');
  });

  it('runs a stage’s Lambda hooks before its PAUSE hook, and a paused deployment another replaces is STOPPED', async () => {
    const { clock, rewrite, latest, simulator } = setup();
    await rewrite('CreateService', {
      serviceName: 'web',
      deploymentConfiguration: {
        strategy: 'BLUE_GREEN',
        lifecycleHooks: [
          { targetType: 'PAUSE', lifecycleStages: ['POST_SCALE_UP'] },
          {
            hookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:check',
            lifecycleStages: ['POST_SCALE_UP'],
          },
        ],
      },
    });
    clock.advance(500);
    expect(simulator.hookInvocations().map((i) => i.lifecycleStage)).toEqual(['POST_SCALE_UP']);
    expect(latest()).toMatchObject({ lifecycleStage: 'POST_SCALE_UP', status: 'IN_PROGRESS' });
    await rewrite('UpdateService', { service: 'web', taskDefinition: td('web:2') });
    const briefs = simulator.answer('ListServiceDeployments', { service: 'web', cluster: 'c' }).body
      .serviceDeployments as JsonObject[];
    const old = simulator.answer('DescribeServiceDeployments', {
      serviceDeploymentArns: [briefs[1]?.serviceDeploymentArn as string],
    }).body.serviceDeployments as JsonObject[];
    expect(old[0]).toMatchObject({ status: 'STOPPED' });
    expect(old[0]).not.toHaveProperty('lifecycleHookDetails');
  });
});
