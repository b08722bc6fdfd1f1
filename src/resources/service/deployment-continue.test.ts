import type { ServiceDeployment, ServiceDeploymentBrief } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { applyDeploymentControl } from './apply-deployment-control.js';
import { CONTROL_MARKER_TAG, planContinue, rollbackHolds } from './deployment-control.js';
import { TD2 } from './testing/fixtures.js';
import {
  CONTROLLED_DEPLOYMENT_ARN as SD,
  CONTROLLED_SERVICE_ARN,
  controlInput,
  recordingDeploymentEcs,
} from './testing/recording-deployment-ecs.js';
import type { DeploymentControlSpec } from './types.js';

const CONTINUE: DeploymentControlSpec = { action: 'Continue', requestedAt: '2026-12-06T05:00:00Z' };
const PAUSED: ServiceDeployment = {
  serviceDeploymentArn: SD,
  status: 'IN_PROGRESS',
  lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
  lifecycleHookDetails: [
    { hookId: 'ecs-pause-1', targetType: 'PAUSE', status: 'AWAITING_ACTION' },
    { targetType: 'AWS_LAMBDA', targetArn: 'arn:aws:lambda:us-east-1:1:function:f', status: 'IN_PROGRESS' },
  ],
};

describe('spec.deploymentControl action Continue, planned', () => {
  it('continues the PAUSE hooks awaiting action of the deployment in progress, and nothing else', () => {
    expect(planContinue(CONTINUE, PAUSED)).toEqual({
      kind: 'continue',
      arn: SD,
      hookIds: ['ecs-pause-1'],
      marker: 'Continue@2026-12-06T05:00:00Z',
    });
    const nothing = { kind: 'nothingPaused', marker: 'Continue@2026-12-06T05:00:00Z' };
    expect(planContinue(CONTINUE, undefined)).toEqual(nothing);
    // Not paused (a Lambda hook running), or no longer in progress: nothing to continue.
    expect(
      planContinue(CONTINUE, { ...PAUSED, lifecycleHookDetails: [PAUSED.lifecycleHookDetails![1]!] }),
    ).toEqual(nothing);
    expect(planContinue(CONTINUE, { ...PAUSED, status: 'ROLLBACK_IN_PROGRESS' })).toEqual(nothing);
    // Already continued (a retry after the marker failed): the hook no longer awaits action.
    const continued = { hookId: 'ecs-pause-1', targetType: 'PAUSE', status: 'SUCCEEDED' } as const;
    expect(planContinue(CONTINUE, { ...PAUSED, lifecycleHookDetails: [continued] })).toEqual(nothing);
  });

  it('never holds the spec (only a rollback does)', () => {
    expect(rollbackHolds(CONTINUE, { [CONTROL_MARKER_TAG]: 'Continue@2026-12-06T05:00:00Z' }, TD2)).toBe(
      false,
    );
  });
});

describe('spec.deploymentControl action Continue, applied', () => {
  const fakeEcs = (open: ServiceDeploymentBrief[], described: ServiceDeployment[], failContinue = false) =>
    recordingDeploymentEcs({
      open,
      described,
      ...(failContinue ? { failContinue: 'InvalidParameterException' } : {}),
    });
  const input = (serviceTags: Record<string, string>) => controlInput(CONTINUE, serviceTags);
  const open = [{ serviceDeploymentArn: SD, status: 'IN_PROGRESS' as const, createdAt: new Date(2000) }];

  it('lists, describes, continues the paused hook, then tags the marker: four calls, once', async () => {
    const { ecs, calls } = fakeEcs(open, [PAUSED]);
    const outcome = await applyDeploymentControl(ecs, input({}));
    expect(calls).toEqual([
      `list demo ${CONTROLLED_SERVICE_ARN} IN_PROGRESS`,
      `describe ${SD}`,
      `continue ${SD} ecs-pause-1`,
      `tag ${CONTROLLED_SERVICE_ARN} ${CONTROL_MARKER_TAG}=Continue@2026-12-06T05:00:00Z`,
    ]);
    expect(outcome?.plan.kind).toBe('continue');
    // Acted on (the marker is on the service): nothing more, not even a read.
    const again = fakeEcs(open, [PAUSED]);
    expect(await applyDeploymentControl(again.ecs, input(outcome!.tags))).toBeUndefined();
    expect(again.calls).toEqual([]);
  });

  it('records a request made when nothing is paused as done, with no continue', async () => {
    const { ecs, calls } = fakeEcs([], []);
    expect((await applyDeploymentControl(ecs, input({})))?.plan.kind).toBe('nothingPaused');
    expect(calls).toEqual([
      `list demo ${CONTROLLED_SERVICE_ARN} IN_PROGRESS`,
      `tag ${CONTROLLED_SERVICE_ARN} ${CONTROL_MARKER_TAG}=Continue@2026-12-06T05:00:00Z`,
    ]);
  });

  it('writes no marker when the continue fails, so the next visit sends it again', async () => {
    const { ecs, calls } = fakeEcs(open, [PAUSED], true);
    await expect(applyDeploymentControl(ecs, input({}))).rejects.toThrow('InvalidParameterException');
    expect(calls.some((c) => c.startsWith('tag'))).toBe(false);
  });
});
