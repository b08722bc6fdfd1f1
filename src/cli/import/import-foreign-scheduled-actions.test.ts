/**
 * Import of scheduled actions under names ecs-bridge did not choose (ADR 0041 addendum): each is
 * expressed with `scheduledActionName` and without `adopt`, and the imported spec plans no write.
 */
import { describe, expect, it } from 'vitest';
import {
  desiredAutoscalingIntent,
  isInvalidAutoscaling,
  resolveDesiredAutoscaling,
} from '../../resources/autoscaling/desired.js';
import type { ObservedAutoscaling } from '../../resources/autoscaling/observe.js';
import { planAutoscaling } from '../../resources/autoscaling/plan.js';
import type { NormalScheduledAction } from '../../resources/autoscaling/scheduled-actions.js';
import { importAutoscaling } from './import-autoscaling.js';

const RID = 'service/demo/worker';
const SERVICE_REF = { cluster: 'demo', serviceName: 'worker' };

/** A scheduled action as observeAutoscaling normalises DescribeScheduledActions. */
const action = (name: string, extra: Partial<NormalScheduledAction> = {}): NormalScheduledAction => ({
  scheduledActionName: name,
  schedule: 'cron(0 22 * * ? *)',
  timezone: 'UTC',
  minCapacity: 1,
  maxCapacity: 3,
  ...extra,
});

function roundTrip(scheduledActions: NormalScheduledAction[]) {
  const observed: ObservedAutoscaling = {
    resourceId: RID,
    target: { minCapacity: 1, maxCapacity: 10 },
    policies: [],
    scheduledActions,
  };
  const imported = importAutoscaling(observed, {
    loadBalancers: undefined,
    elbArnPrefix: undefined,
    ...SERVICE_REF,
  });
  if (imported.spec === undefined) throw new Error('nothing expressed');
  const intent = desiredAutoscalingIntent(imported.spec, SERVICE_REF);
  if (isInvalidAutoscaling(intent)) throw new Error(intent.invalid);
  const { desired } = resolveDesiredAutoscaling(intent, undefined);
  return { imported, spec: imported.spec, plan: planAutoscaling({ desired, observed }) };
}

describe('import: scheduled actions ecs-bridge did not name', () => {
  it('names each with scheduledActionName, no adopt, beside ours, and plans nothing', () => {
    const { imported, spec, plan } = roundTrip([
      action('ecs-bridge-night'),
      action('night', { timezone: 'Europe/Berlin', endTime: 1893456000 }),
      action('Morning scale-out'),
    ]);
    expect(spec.scheduledActions).toEqual([
      { name: 'night', schedule: 'cron(0 22 * * ? *)', minCapacity: 1, maxCapacity: 3 },
      {
        name: 'Morning-scale-out',
        scheduledActionName: 'Morning scale-out',
        schedule: 'cron(0 22 * * ? *)',
        minCapacity: 1,
        maxCapacity: 3,
      },
      {
        name: 'night-2',
        scheduledActionName: 'night',
        schedule: 'cron(0 22 * * ? *)',
        timezone: 'Europe/Berlin',
        endTime: '2030-01-01T00:00:00Z',
        minCapacity: 1,
        maxCapacity: 3,
      },
    ]);
    expect(JSON.stringify(spec)).not.toContain('adopt');
    expect(plan.actions).toEqual([]);
    expect(plan.notOwned).toEqual([]);
    const decisions = imported.notes.filter((n) => n.kind === 'decision').map((n) => n.field);
    expect(decisions).toContain('autoscaling.scheduledActions.night.scheduledActionName');
    expect(decisions).toContain('autoscaling.scheduledActions.Morning scale-out.scheduledActionName');
    expect(imported.notes.filter((n) => n.kind === 'unexpressed')).toEqual([]);
  });

  it('notes and leaves alone an action whose name the spec cannot say', () => {
    const { imported, spec, plan } = roundTrip([action('ecs-bridge-night'), action('nächtlich')]);
    expect(spec.scheduledActions?.map((a) => a.name)).toEqual(['night']);
    expect(plan.actions).toEqual([]);
    const unexpressed = imported.notes.filter((n) => n.kind === 'unexpressed');
    expect(unexpressed.map((n) => n.field)).toEqual(['autoscaling.scheduledActions.nächtlich']);
    expect(unexpressed[0]?.message).toContain('scheduledActionName "nächtlich" must be 1 to 256 printable');
  });
});
