import { describe, expect, it } from 'vitest';
import type { ServiceAutoscaling, ServiceAutoscalingResult, ScalingActivityNoticeView } from './ports.js';
import { ServiceTestWorld, webServiceSpec } from './testing/harness.js';

/** Autoscaling that reports whatever activities the test holds in `shown`. */
function autoscalingShowing(shown: ScalingActivityNoticeView[]): ServiceAutoscaling {
  return {
    plan: () => {
      const result: ServiceAutoscalingResult = {
        status: { resourceId: 'service/demo/web', minCapacity: 1, maxCapacity: 6, policies: [] },
        condition: { type: 'AutoscalingReady', status: 'True', reason: 'TargetRegistered', message: 'ok' },
        ownsDesiredCount: true,
        terminal: false,
        activities: [...shown],
      };
      return Promise.resolve({ ownsDesiredCount: true, apply: () => Promise.resolve(result) });
    },
  };
}

const activity = (
  id: string,
  at: string,
  type: 'Normal' | 'Warning' = 'Normal',
): ScalingActivityNoticeView => ({
  id,
  at,
  type,
  message: `Setting desired count to 3 (${type === 'Normal' ? 'Successful' : 'Failed'}); cause: ${id}`,
});

describe('EcsServiceReconciler: scaling activities', () => {
  // The harness's clock says 2026-03-01T12:00:00Z: the process starts then.
  it('relays each finished activity once as a ScalingActivity Event, never what ended before the start', async () => {
    const w = new ServiceTestWorld({
      ...webServiceSpec,
      autoscaling: { minCapacity: 1, maxCapacity: 6, cpu: { targetValue: 60 } },
    });
    const shown = [activity('before-start', '2026-03-01T11:59:00.000Z')];
    const r = w.reconciler({ autoscaling: autoscalingShowing(shown) });
    await w.run(r);
    await w.run(r);
    shown.unshift(
      activity('alarm-high', '2026-03-01T12:01:00.000Z'),
      activity('failed', '2026-03-01T12:02:00.000Z', 'Warning'),
    );
    await w.run(r);
    await w.run(r);
    const relayed = w.events.events.filter((e) => e.reason === 'ScalingActivity');
    expect(relayed.map((e) => [e.type, e.message])).toEqual([
      ['Normal', 'Setting desired count to 3 (Successful); cause: alarm-high'],
      ['Warning', 'Setting desired count to 3 (Failed); cause: failed'],
    ]);

    // A second process (a restart) started later relays none of them again.
    const restarted = w.reconciler({
      autoscaling: autoscalingShowing(shown),
      now: () => new Date('2026-03-01T12:05:00Z'),
    });
    await w.run(restarted);
    expect(w.events.events.filter((e) => e.reason === 'ScalingActivity')).toHaveLength(2);
  });
});
