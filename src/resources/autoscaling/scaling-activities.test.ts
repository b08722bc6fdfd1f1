import type { ScalingActivity } from '@aws-sdk/client-application-auto-scaling';
import { describe, expect, it } from 'vitest';
import { scalingActivityNotices, scalingActivityStatus } from './scaling-activities.js';

const t = (minute: number): Date => new Date(Date.UTC(2026, 11, 6, 3, minute));

function activity(id: string, minute: number, over: Partial<ScalingActivity> = {}): ScalingActivity {
  return {
    ActivityId: id,
    ServiceNamespace: 'ecs',
    ResourceId: 'service/c/web',
    ScalableDimension: 'ecs:service:DesiredCount',
    Description: 'Setting desired count to 3.',
    Cause: 'monitor alarm web-high in state ALARM triggered policy ecs-bridge-step-out',
    StartTime: t(minute),
    EndTime: t(minute + 1),
    StatusCode: 'Successful',
    ...over,
  };
}

describe('scalingActivityStatus', () => {
  it('shows the newest five, newest first, with the fields AWS gave', () => {
    const all = [1, 7, 3, 9, 5, 2].map((m) => activity(`a${m}`, m));
    const status = scalingActivityStatus(all);
    expect(status.map((a) => a.activityId)).toEqual(['a9', 'a7', 'a5', 'a3', 'a2']);
    expect(status[0]).toEqual({
      activityId: 'a9',
      statusCode: 'Successful',
      description: 'Setting desired count to 3.',
      cause: 'monitor alarm web-high in state ALARM triggered policy ecs-bridge-step-out',
      startTime: '2026-12-06T03:09:00.000Z',
      endTime: '2026-12-06T03:10:00.000Z',
    });
  });

  it('leaves out an end time while the activity runs, and skips entries without an id or start', () => {
    const status = scalingActivityStatus([
      activity('run', 4, { StatusCode: 'InProgress', EndTime: undefined, StatusMessage: 'Waiting' }),
      activity('', 5, { ActivityId: undefined }),
      activity('nostart', 6, { StartTime: undefined }),
    ]);
    expect(status).toEqual([
      {
        activityId: 'run',
        statusCode: 'InProgress',
        description: 'Setting desired count to 3.',
        cause: 'monitor alarm web-high in state ALARM triggered policy ecs-bridge-step-out',
        statusMessage: 'Waiting',
        startTime: '2026-12-06T03:04:00.000Z',
      },
    ]);
  });
});

describe('scalingActivityNotices', () => {
  it('turns finished activities into notices: Normal when successful, Warning otherwise', () => {
    const notices = scalingActivityNotices([
      activity('ok', 1),
      activity('failed', 2, { StatusCode: 'Failed', StatusMessage: 'Failed to set desired count.' }),
      activity('unfulfilled', 3, { StatusCode: 'Unfulfilled', Cause: undefined }),
      activity('running', 4, { StatusCode: 'InProgress', EndTime: undefined }),
      activity('pending', 5, { StatusCode: 'Pending', EndTime: undefined }),
    ]);
    expect(notices).toEqual([
      {
        id: 'ok',
        at: '2026-12-06T03:02:00.000Z',
        type: 'Normal',
        message:
          'Setting desired count to 3 (Successful); cause: monitor alarm web-high in state ALARM triggered policy ecs-bridge-step-out',
      },
      {
        id: 'failed',
        at: '2026-12-06T03:03:00.000Z',
        type: 'Warning',
        message:
          'Setting desired count to 3 (Failed); cause: monitor alarm web-high in state ALARM triggered policy ecs-bridge-step-out; Failed to set desired count.',
      },
      {
        id: 'unfulfilled',
        at: '2026-12-06T03:04:00.000Z',
        type: 'Warning',
        message: 'Setting desired count to 3 (Unfulfilled)',
      },
    ]);
  });
});
