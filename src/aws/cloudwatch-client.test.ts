import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CLOUDWATCH_SERVICE, createCloudWatchApi } from './cloudwatch-client.js';
import { clientTestOptions } from './testing/client-test-options.js';
import type { ObservedCall } from './testing/recording-call-observer.js';

describe('createCloudWatchApi', () => {
  // Every CloudWatchClient instance, so the one the lazy client builds is mocked too.
  const mock = mockClient(CloudWatchClient);
  let observed: ObservedCall[];
  let api: ReturnType<typeof createCloudWatchApi>;

  beforeEach(() => {
    mock.reset();
    const built = clientTestOptions(CLOUDWATCH_SERVICE.limits, 1);
    observed = built.observed;
    api = createCloudWatchApi({ sdkConfig: { region: 'eu-west-1' }, ...built.options });
  });

  it('describes alarms by name, 100 names a call, metric alarms only, following pages', async () => {
    const names = Array.from({ length: 150 }, (_, i) => `a-${i}`);
    mock
      .on(DescribeAlarmsCommand)
      .resolvesOnce({ MetricAlarms: [{ AlarmName: 'a-1' }], NextToken: 't' })
      .resolvesOnce({ MetricAlarms: [{ AlarmName: 'a-2' }] })
      .resolves({ MetricAlarms: [{ AlarmName: 'a-120' }] });
    const alarms = await api.describeAlarms(names);
    expect(alarms.map((a) => a.AlarmName)).toEqual(['a-1', 'a-2', 'a-120']);
    const inputs = mock.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => i.AlarmNames?.length)).toEqual([100, 100, 50]);
    expect(inputs[1]?.NextToken).toBe('t');
    expect(inputs.every((i) => i.AlarmTypes?.join() === 'MetricAlarm')).toBe(true);
    expect(observed.map(([s, o]) => `${s}:${o}`)).toEqual(Array(3).fill('cloudwatch:DescribeAlarms'));
  });

  it('lists by prefix page by page, and stops at maxPages or at a token seen before', async () => {
    mock
      .on(DescribeAlarmsCommand)
      .resolves({ MetricAlarms: [{ AlarmName: 'ecs-bridge-x' }], NextToken: 'same' });
    const circle = await api.listAlarmsUpTo('ecs-bridge-', 10);
    expect(circle.complete).toBe(false);
    expect(mock.commandCalls(DescribeAlarmsCommand)).toHaveLength(2);
    expect(mock.commandCalls(DescribeAlarmsCommand)[0]?.args[0].input.AlarmNamePrefix).toBe('ecs-bridge-');
    mock.reset();
    mock.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'ecs-bridge-y' }] });
    expect(await api.listAlarmsUpTo('ecs-bridge-', 10)).toEqual({
      items: [{ AlarmName: 'ecs-bridge-y' }],
      complete: true,
    });
  });

  it('puts and deletes with one command each, and deleting nothing calls nothing', async () => {
    mock.on(PutMetricAlarmCommand).resolves({});
    mock.on(DeleteAlarmsCommand).resolves({});
    await api.putMetricAlarm({
      AlarmName: 'ecs-bridge-a',
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    await api.deleteAlarms([]);
    await api.deleteAlarms(['ecs-bridge-a']);
    expect(mock.commandCalls(PutMetricAlarmCommand)[0]?.args[0].input.AlarmName).toBe('ecs-bridge-a');
    expect(mock.commandCalls(DeleteAlarmsCommand).map((c) => c.args[0].input.AlarmNames)).toEqual([
      ['ecs-bridge-a'],
    ]);
    expect(observed.map(([, o]) => o)).toEqual(['PutMetricAlarm', 'DeleteAlarms']);
  });
});
