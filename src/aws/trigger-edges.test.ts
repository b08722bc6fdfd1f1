import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  ResourceNotFoundException as EventsNotFound,
} from '@aws-sdk/client-eventbridge';
import {
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  DeleteScheduleCommand,
  GetScheduleCommand,
  ResourceNotFoundException as SchedulerNotFound,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AwsCallObserver } from './call-observer.js';
import { EventsEntryError } from './events-api.js';
import { createEventsApi, EVENTS_SERVICE } from './events-client.js';
import { lazySdkClient } from './lazy-sdk-client.js';
import { isEventBridgeEnabled, withEventBridgeEnabled } from './s3-notification-api.js';
import { createS3NotificationApi, S3_NOTIFICATION_CATEGORY_LIMITS } from './s3-notification-client.js';
import { createSchedulerApi, SCHEDULER_SERVICE } from './scheduler-client.js';
import { AwsRateLimiter } from './rate-limiter.js';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { type ObservedCall, recordingCallObserver } from './testing/recording-call-observer.js';

// Class-level mocks: the edges build their clients lazily, after these are installed.
const events = mockClient(EventBridgeClient);
const scheduler = mockClient(SchedulerClient);
const s3 = mockClient(S3Client);

function apiOptions(observer: AwsCallObserver) {
  const clock = new FakeClock();
  return {
    rateLimiter: new AwsRateLimiter({
      limits: { ...EVENTS_SERVICE.limits, ...SCHEDULER_SERVICE.limits, ...S3_NOTIFICATION_CATEGORY_LIMITS },
      clock,
    }),
    account: '111111111111',
    region: 'eu-west-1',
    clock,
    observer,
    sdkConfig: { region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } },
  };
}

afterAll(() => {
  events.restore();
  scheduler.restore();
  s3.restore();
});

describe('createEventsApi', () => {
  let observed: ObservedCall[];
  let api: ReturnType<typeof createEventsApi>;

  beforeEach(() => {
    events.reset();
    const recording = recordingCallObserver();
    observed = recording.observed;
    api = createEventsApi(apiOptions(recording.observer));
  });

  it('answers undefined for a rule that does not exist, and counts the call as events', async () => {
    events
      .on(DescribeRuleCommand)
      .rejects(new EventsNotFound({ message: 'Rule r does not exist.', $metadata: {} }));
    await expect(api.describeRule('r', 'default')).resolves.toBeUndefined();
    expect(observed).toEqual([['events', 'DescribeRule', 'notFound']]);
  });

  it('returns the rule ARN of PutRule and sends the rule as given', async () => {
    events.on(PutRuleCommand).resolves({ RuleArn: 'arn:aws:events:eu-west-1:111111111111:rule/r' });
    await expect(
      api.putRule({ Name: 'r', EventPattern: '{"source":["aws.s3"]}', State: 'ENABLED' }),
    ).resolves.toBe('arn:aws:events:eu-west-1:111111111111:rule/r');
    expect(events.commandCalls(PutRuleCommand)[0]?.args[0].input).toEqual({
      Name: 'r',
      EventPattern: '{"source":["aws.s3"]}',
      State: 'ENABLED',
    });
  });

  it('follows NextToken through the targets of a rule', async () => {
    events
      .on(ListTargetsByRuleCommand)
      .resolvesOnce({ Targets: [{ Id: 'a', Arn: 'x' }], NextToken: 't' })
      .resolvesOnce({ Targets: [{ Id: 'b', Arn: 'y' }] });
    const targets = await api.listTargetsByRule('r', 'default');
    expect(targets.map((t) => t.Id)).toEqual(['a', 'b']);
    expect(events.commandCalls(ListTargetsByRuleCommand).map((c) => c.args[0].input.NextToken)).toEqual([
      undefined,
      't',
    ]);
  });

  it('makes failed PutTargets entries an error naming the target and code', async () => {
    events.on(PutTargetsCommand).resolves({
      FailedEntryCount: 1,
      FailedEntries: [
        { TargetId: 'run', ErrorCode: 'ValidationException', ErrorMessage: 'RoleArn is required' },
      ],
    });
    const put = api.putTargets('r', 'default', [
      { Id: 'run', Arn: 'arn:aws:ecs:eu-west-1:111111111111:cluster/c' },
    ]);
    await expect(put).rejects.toThrow(EventsEntryError);
    await expect(put).rejects.toThrow(/run: ValidationException: RoleArn is required/);
  });
});

describe('createSchedulerApi', () => {
  beforeEach(() => scheduler.reset());

  it('answers undefined for a missing schedule and treats deleting a missing one as done', async () => {
    const { observer, observed } = recordingCallObserver();
    const api = createSchedulerApi(apiOptions(observer));
    const notFound = new SchedulerNotFound({
      message: 'Schedule s does not exist.',
      Message: 'Schedule s does not exist.',
      $metadata: {},
    });
    scheduler.on(GetScheduleCommand).rejects(notFound);
    scheduler.on(DeleteScheduleCommand).rejects(notFound);
    await expect(api.getSchedule('s', 'default')).resolves.toBeUndefined();
    await expect(api.deleteSchedule('s', 'default')).resolves.toBeUndefined();
    expect(observed.map((o) => o.slice(0, 2))).toEqual([
      ['scheduler', 'GetSchedule'],
      ['scheduler', 'DeleteSchedule'],
    ]);
  });
});

describe('createS3NotificationApi', () => {
  beforeEach(() => s3.reset());

  it('reads the configuration without SDK metadata and writes what it is given', async () => {
    const api = createS3NotificationApi(apiOptions(recordingCallObserver().observer));
    s3.on(GetBucketNotificationConfigurationCommand).resolves({
      QueueConfigurations: [
        { QueueArn: 'arn:aws:sqs:eu-west-1:111111111111:q', Events: ['s3:ObjectCreated:*'] },
      ],
      $metadata: { httpStatusCode: 200 },
    });
    s3.on(PutBucketNotificationConfigurationCommand).resolves({});
    const read = await api.getNotificationConfiguration('uploads');
    expect(read).toEqual({
      QueueConfigurations: [
        { QueueArn: 'arn:aws:sqs:eu-west-1:111111111111:q', Events: ['s3:ObjectCreated:*'] },
      ],
    });
    expect(isEventBridgeEnabled(read)).toBe(false);
    await api.putNotificationConfiguration('uploads', withEventBridgeEnabled(read));
    expect(s3.commandCalls(PutBucketNotificationConfigurationCommand)[0]?.args[0].input).toEqual({
      Bucket: 'uploads',
      NotificationConfiguration: { ...read, EventBridgeConfiguration: {} },
    });
  });
});

describe('lazySdkClient', () => {
  it('builds once for concurrent first calls, and destroy before any call does nothing', async () => {
    let builds = 0;
    let destroyed = 0;
    const lazy = lazySdkClient(() => {
      builds++;
      return Promise.resolve({ destroy: () => void destroyed++ });
    });
    lazy.destroy();
    expect(destroyed).toBe(0);
    const [a, b] = await Promise.all([lazy.get(), lazy.get()]);
    expect(a).toBe(b);
    expect(builds).toBe(1);
    lazy.destroy();
    expect(destroyed).toBe(1);
  });

  it('builds again after a failed build', async () => {
    const built = { destroy: () => undefined };
    let attempts = 0;
    const lazy = lazySdkClient(() => {
      attempts++;
      return attempts === 1 ? Promise.reject(new Error('no module')) : Promise.resolve(built);
    });
    await expect(lazy.get()).rejects.toThrow('no module');
    await expect(lazy.get()).resolves.toBe(built);
    expect(attempts).toBe(2);
  });
});
