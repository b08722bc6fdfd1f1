/**
 * Scheduled actions under names ecs-bridge did not choose (`scheduledActionName`, `adopt`; ADR 0041
 * addendum): validation, and a reconcile against the stateful fake.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ScheduledActionSpec } from '../service/types.js';
import type { AutoscalingSpec } from './desired.js';
import { desiredScheduledActions } from './scheduled-actions.js';
import type { FakeAwsAutoscaling } from './testing/fake-apis.js';
import { expectNotOwned, fakeWithTarget, previewOnce, reconcileRunner } from './testing/reconcile-runner.js';

const RID = 'service/prod/api';
const NIGHT: ScheduledActionSpec = { name: 'night', schedule: 'cron(0 22 * * ? *)', minCapacity: 1 };

describe('scheduledActionName and adopt: validation', () => {
  const invalid = (specs: ScheduledActionSpec[]): string => {
    const out = desiredScheduledActions(specs);
    return typeof out === 'string' ? out : '(valid)';
  };

  it.each([
    [
      [{ ...NIGHT, adopt: true }],
      'scheduledActions[0].adopt is true but spec.autoscaling.scheduledActions[0].scheduledActionName is not set',
    ],
    [
      [{ ...NIGHT, scheduledActionName: 'ecs-bridge-night' }],
      'scheduledActions[0].scheduledActionName "ecs-bridge-night" starts with ecs-bridge-',
    ],
    [[{ ...NIGHT, scheduledActionName: 'a:b' }], 'scheduledActionName "a:b" must be 1 to 256 printable'],
    [[{ ...NIGHT, scheduledActionName: 'x/y' }], 'scheduledActionName "x/y" must be'],
    [[{ ...NIGHT, scheduledActionName: ' lead' }], 'scheduledActionName " lead" must be'],
    [[{ ...NIGHT, scheduledActionName: 'x'.repeat(257) }], 'must be 1 to 256 printable'],
    [
      [
        { ...NIGHT, scheduledActionName: 'night-by-hand' },
        { ...NIGHT, name: 'other', scheduledActionName: 'night-by-hand' },
      ],
      'scheduledActions[1].scheduledActionName "night-by-hand" is also spec.autoscaling.scheduledActions[0].scheduledActionName',
    ],
  ] as [ScheduledActionSpec[], string][])('rejects %j naming the field', (specs, message) => {
    expect(invalid(specs)).toContain(message);
  });

  it('accepts a name with inner blanks and carries the given name and the adopt flag', () => {
    const out = desiredScheduledActions([
      { ...NIGHT, scheduledActionName: 'Night scale-in (team a)' },
      { ...NIGHT, name: 'morning', scheduledActionName: 'morning-by-hand', adopt: true },
      { ...NIGHT, name: 'ours' },
    ]);
    if (typeof out === 'string') throw new Error(out);
    expect(out.map((a) => [a.scheduledActionName, a.adopt])).toEqual([
      ['Night scale-in (team a)', false],
      ['ecs-bridge-ours', undefined],
      ['morning-by-hand', true],
    ]);
  });
});

describe('scheduledActionName and adopt: reconcile', () => {
  let aws: FakeAwsAutoscaling;
  let run: ReturnType<typeof reconcileRunner>;
  const names = async (): Promise<string[]> =>
    (await aws.describeScheduledActions(RID)).map((a) => a.ScheduledActionName ?? '').sort();
  const action = async (name: string) =>
    (await aws.describeScheduledActions(RID)).find((a) => a.ScheduledActionName === name);
  const withActions = (...scheduledActions: ScheduledActionSpec[]): AutoscalingSpec => ({
    minCapacity: 1,
    maxCapacity: 4,
    scheduledActions,
  });

  beforeEach(async () => {
    // The target and a hand-made night action exist before the manifest does.
    aws = await fakeWithTarget();
    run = reconcileRunner(aws);
    await aws.putScheduledAction({
      ServiceNamespace: 'ecs',
      ResourceId: RID,
      ScalableDimension: 'ecs:service:DesiredCount',
      ScheduledActionName: 'night-by-hand',
      Schedule: 'cron(0 22 * * ? *)',
      Timezone: 'Europe/Berlin',
      EndTime: new Date('2030-01-01T00:00:00Z'),
      ScalableTargetAction: { MinCapacity: 1 },
    });
    aws.calls.length = 0;
  });

  const BY_HAND: ScheduledActionSpec = {
    name: 'night',
    scheduledActionName: 'night-by-hand',
    schedule: 'cron(0 22 * * ? *)',
    timezone: 'Europe/Berlin',
    endTime: '2030-01-01T00:00:00Z',
    minCapacity: 1,
  };

  it('writes nothing and is ready when a referenced action matches its entry', async () => {
    const out = await run(withActions(BY_HAND));
    expect(aws.writes()).toEqual([]);
    expect(out.condition).toMatchObject({ status: 'True', reason: 'TargetRegistered' });
    expect(await names()).toEqual(['night-by-hand']);
  });

  it('reports NotOwned and writes nothing when a referenced action differs or is missing', async () => {
    const out = await run(
      withActions(
        { ...BY_HAND, minCapacity: 2 },
        { ...NIGHT, name: 'morning', scheduledActionName: 'morning-by-hand' },
      ),
    );
    expect(aws.writes()).toEqual([]);
    expectNotOwned(
      out,
      'scheduled action night-by-hand differs from its entry',
      'scheduled action morning-by-hand does not exist',
    );
    expect((await action('night-by-hand'))?.ScalableTargetAction).toEqual({ MinCapacity: 1 });
  });

  it('shows a referenced action that differs as drift when only observing, with no write to make', async () => {
    expect(await previewOnce(aws, withActions({ ...BY_HAND, minCapacity: 2 }))).toEqual({
      actions: [],
      changes: [{ path: 'autoscaling.scheduledActions[night-by-hand].minCapacity', before: 1, after: 2 }],
      writes: [],
    });
  });

  it('puts an adopted action under its own name, once, and never a second action beside it', async () => {
    const spec = withActions({ ...BY_HAND, minCapacity: 2, adopt: true });
    const out = await run(spec);
    expect(aws.writes()).toEqual([
      { op: 'putScheduledAction', input: expect.objectContaining({ ScheduledActionName: 'night-by-hand' }) },
    ]);
    expect(out.condition).toMatchObject({ status: 'True', reason: 'TargetRegistered' });
    expect((await action('night-by-hand'))?.ScalableTargetAction).toEqual({ MinCapacity: 2 });
    expect(await names()).toEqual(['night-by-hand']);

    aws.calls.length = 0;
    await run(spec);
    expect(aws.writes()).toEqual([]);
  });

  it('replaces an adopted action whose end time the entry dropped (a put cannot clear it)', async () => {
    const { endTime: _dropped, ...noEnd } = BY_HAND;
    await run(withActions({ ...noEnd, adopt: true }));
    expect(aws.writes().map((c) => c.op)).toEqual(['deleteScheduledAction', 'putScheduledAction']);
    expect((await action('night-by-hand'))?.EndTime).toBeUndefined();
  });

  it('never deletes an adopted action: dropping the entry or the block releases it', async () => {
    const ours = { ...NIGHT, name: 'late' };
    await run(withActions({ ...BY_HAND, adopt: true }, ours));
    expect(await names()).toEqual(['ecs-bridge-late', 'night-by-hand']);
    aws.calls.length = 0;
    await run(withActions(ours));
    expect(aws.writes()).toEqual([]);

    const out = await run(undefined);
    expect(aws.writes()).toEqual([
      {
        op: 'deleteScheduledAction',
        input: expect.objectContaining({ ScheduledActionName: 'ecs-bridge-late' }),
      },
    ]);
    expect(await names()).toEqual(['night-by-hand']);
    expect(aws.target(RID)).toMatchObject({ ResourceId: RID, ScalableDimension: 'ecs:service:DesiredCount' });
    expect(out.condition).toMatchObject({ reason: 'ForeignPoliciesRemain' });
  });
});
