import type { ServiceDeploymentBrief } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { applyDeploymentControl } from './apply-deployment-control.js';
import {
  CONTROL_MARKER_TAG,
  pendingControl,
  planRollback,
  ROLLED_BACK_FROM_TAG,
  rollbackHolds,
} from './deployment-control.js';
import { TD2 } from './testing/fixtures.js';
import {
  CONTROLLED_DEPLOYMENT_ARN as SD,
  CONTROLLED_SERVICE_ARN,
  controlInput,
  recordingDeploymentEcs,
} from './testing/recording-deployment-ecs.js';
import type { DeploymentControlSpec } from './types.js';

const REQUEST: DeploymentControlSpec = { action: 'Rollback', requestedAt: '2026-12-06T03:40:00Z' };
const brief = (status: ServiceDeploymentBrief['status'], arn = SD, at = 2000): ServiceDeploymentBrief => ({
  serviceDeploymentArn: arn,
  status,
  createdAt: new Date(at),
});

describe('spec.deploymentControl, planned', () => {
  it('is pending until the marker tag names this very request', () => {
    expect(pendingControl(undefined, {})).toBeUndefined();
    expect(pendingControl(REQUEST, {})).toEqual(REQUEST);
    expect(
      pendingControl(REQUEST, { [CONTROL_MARKER_TAG]: 'Rollback@2026-12-06T03:40:00Z' }),
    ).toBeUndefined();
    // A new token is a new request.
    expect(
      pendingControl({ ...REQUEST, requestedAt: 'later' }, { [CONTROL_MARKER_TAG]: 'Rollback@x' }),
    ).toEqual({
      ...REQUEST,
      requestedAt: 'later',
    });
  });

  it('stops the newest deployment in progress; sends no stop to one ECS already rolls back; records a request with nothing to stop', () => {
    const marker = 'Rollback@2026-12-06T03:40:00Z';
    expect(planRollback(REQUEST, [brief('IN_PROGRESS', 'old', 1000), brief('PENDING')], TD2)).toEqual({
      kind: 'stop',
      arn: SD,
      hold: 'web:2',
      marker,
    });
    expect(planRollback(REQUEST, [brief('ROLLBACK_IN_PROGRESS')], TD2)).toEqual({
      kind: 'alreadyStopping',
      arn: SD,
      hold: 'web:2',
      marker,
    });
    expect(planRollback(REQUEST, [], TD2)).toEqual({ kind: 'nothingToStop', marker });
  });

  it('holds the spec while the acted-on request stays and the spec names the revision it was made against', () => {
    const tags = { [CONTROL_MARKER_TAG]: 'Rollback@2026-12-06T03:40:00Z', [ROLLED_BACK_FROM_TAG]: 'web:2' };
    expect(rollbackHolds(REQUEST, tags, TD2)).toBe(true);
    expect(rollbackHolds(REQUEST, tags, 'web:2')).toBe(true);
    // A new revision in the spec, the request removed, or not acted on yet: no hold.
    expect(rollbackHolds(REQUEST, tags, TD2.replace('web:2', 'web:3'))).toBe(false);
    expect(rollbackHolds(undefined, tags, TD2)).toBe(false);
    expect(rollbackHolds(REQUEST, { [ROLLED_BACK_FROM_TAG]: 'web:2' }, TD2)).toBe(false);
    expect(rollbackHolds(REQUEST, tags, undefined)).toBe(false);
  });
});

describe('spec.deploymentControl, applied', () => {
  const fakeEcs = (open: ServiceDeploymentBrief[], failStop = false) =>
    recordingDeploymentEcs({ open, ...(failStop ? { failStop: 'ConflictException' } : {}) });
  const input = (serviceTags: Record<string, string>) => controlInput(REQUEST, serviceTags);

  it('tags the hold, stops with ROLLBACK, then tags the marker: in that order, once', async () => {
    const { ecs, calls } = fakeEcs([brief('IN_PROGRESS')]);
    const outcome = await applyDeploymentControl(ecs, input({}));
    expect(calls).toEqual([
      `list demo ${CONTROLLED_SERVICE_ARN} PENDING,IN_PROGRESS,STOP_REQUESTED,ROLLBACK_REQUESTED,ROLLBACK_IN_PROGRESS`,
      `tag ${CONTROLLED_SERVICE_ARN} ${ROLLED_BACK_FROM_TAG}=web:2`,
      `stop ${SD}`,
      `tag ${CONTROLLED_SERVICE_ARN} ${CONTROL_MARKER_TAG}=Rollback@2026-12-06T03:40:00Z`,
    ]);
    expect(outcome?.tags).toEqual({
      [ROLLED_BACK_FROM_TAG]: 'web:2',
      [CONTROL_MARKER_TAG]: 'Rollback@2026-12-06T03:40:00Z',
    });
    // Once the marker is on the service, the same request costs no call at all.
    const again = fakeEcs([brief('IN_PROGRESS')]);
    expect(await applyDeploymentControl(again.ecs, input(outcome?.tags ?? {}))).toBeUndefined();
    expect(again.calls).toEqual([]);
  });

  it('a failed stop leaves the request pending (no marker), so the next visit plans it again', async () => {
    const { ecs, calls } = fakeEcs([brief('IN_PROGRESS')], true);
    await expect(applyDeploymentControl(ecs, input({}))).rejects.toThrow('ConflictException');
    expect(calls.some((c) => c.includes(CONTROL_MARKER_TAG))).toBe(false);
  });

  it('with nothing in progress, only the marker is written: no stop, no hold', async () => {
    const { ecs, calls } = fakeEcs([]);
    await applyDeploymentControl(ecs, input({}));
    expect(calls.slice(1)).toEqual([
      `tag ${CONTROLLED_SERVICE_ARN} ${CONTROL_MARKER_TAG}=Rollback@2026-12-06T03:40:00Z`,
    ]);
  });
});
