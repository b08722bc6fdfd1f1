/**
 * EcsTaskTrigger under `ecs-bridge run`, against the test world that plays S3 → EventBridge → ECS
 * and Scheduler → ECS (test/world/event-delivery/) and task lifecycles (the proxy's
 * `/__proxy/tasks/outcome`). The seeds' scenario 10 end to end: PutObject → the trigger's rule →
 * RunTask with the bucket and key in the container's environment → the task STOPPED with exit code
 * 0 → shown in the trigger's status. Also: a schedule fires a run; suspend and resume are one write
 * each; a spec change is one minimal write; a rule without our tags is never changed; deleting the
 * object deletes what it owns; bad input is InvalidSpec with no AWS write.
 */
import { randomBytes } from 'node:crypto';
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateBucketCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_GROUP_VERSION } from '../../src/resources/api-group.js';
import { kubectl } from '../support/crds.js';
import {
  apply,
  condition,
  getResource,
  waitForGone,
  waitForResource,
  type Resource,
} from '../support/manifests.js';
import { QUICK_POLLS, startOperator, type OperatorProcess } from '../support/operator.js';
import { registerFargateApp, setUpTriggerWorld, WORLD_ACCOUNT } from '../support/trigger-fixtures.js';
import { freshNamespace, proxyControl, worldInfo } from '../support/world-client.js';
import { fireWorldSchedule } from '../world/event-delivery/routes.js';
import type { Network } from '../world/network-fixture.js';
import { WORLD_CREDENTIALS } from '../world/world.js';

const suffix = randomBytes(3).toString('hex');
const ROLE = `events-run-task-${suffix}`;
const ROLE_ARN = `arn:aws:iam::${WORLD_ACCOUNT}:role/${ROLE}`;
const BUCKET = `uploads-${suffix}`;
const CLUSTER = `jobs-${suffix}`;
const FAMILY = `thumbnail-${suffix}`;
const REPORT_FAMILY = `report-${suffix}`;

interface RunView {
  taskArn: string;
  lastStatus: string;
  stopCode?: string;
  containers: { name: string; exitCode?: number }[];
}

const runsOf = (r: Resource | undefined): RunView[] => (r?.status?.['runs'] as RunView[] | undefined) ?? [];

describe('EcsTaskTrigger', () => {
  const info = worldInfo();
  const config = {
    region: info.region,
    endpoint: info.motoUrl,
    credentials: WORLD_CREDENTIALS,
    maxAttempts: 1,
  };
  // Test-side reads and setup go straight to moto: the proxy's call log then holds the operator's calls.
  const events = new EventBridgeClient(config);
  const scheduler = new SchedulerClient(config);
  // Uploads go through the proxy: the world's event delivery watches the proxy's answered calls.
  const s3 = new S3Client({ ...config, endpoint: info.awsEndpoint, forcePathStyle: true });
  const control = proxyControl();
  let operator: OperatorProcess | undefined;
  let ns: string;
  let network: Network;
  let taskDefinitionArn = '';
  let reportDefinitionArn = '';

  function trigger(name: string, spec: Record<string, unknown>): object {
    return {
      apiVersion: API_GROUP_VERSION,
      kind: 'EcsTaskTrigger',
      metadata: { name },
      spec: {
        roleArn: ROLE_ARN,
        ...spec,
        template: {
          cluster: CLUSTER,
          taskDefinition: taskDefinitionArn,
          launchType: 'FARGATE',
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: [network.subnetIds[0]],
              securityGroups: [network.securityGroupId],
            },
          },
          ...(spec['template'] as Record<string, unknown> | undefined),
        },
      },
    };
  }

  const uploadTrigger = (keyPrefix: string, extra: Record<string, unknown> = {}): object =>
    trigger('on-upload', {
      event: { s3: { bucket: BUCKET, keyPrefix } },
      inputTransformer: {
        containerName: 'app',
        environment: [
          { name: 'BUCKET', path: '$.detail.bucket.name' },
          { name: 'KEY', path: '$.detail.object.key' },
        ],
      },
      ...extra,
    });

  /** The operator's EventBridge writes after `mark`, as `Action Name`. */
  async function ruleWritesAfter(mark: number): Promise<string[]> {
    const calls = await control.calls({ service: 'events', afterSeq: mark });
    return calls
      .filter((c) => !/^(Describe|List)/.test(c.action))
      .map((c) => {
        const params = c.params as { Name?: string; Rule?: string };
        return `${c.action} ${params.Name ?? params.Rule ?? '?'}`;
      });
  }

  const register = (family: string): Promise<string> =>
    registerFargateApp(family, {
      taskRoleArn: `arn:aws:iam::${WORLD_ACCOUNT}:role/thumbnail-task-${suffix}`,
    });

  beforeAll(async () => {
    network = await setUpTriggerWorld({
      role: ROLE,
      rolePrincipals: ['events.amazonaws.com', 'scheduler.amazonaws.com'],
      cluster: CLUSTER,
      networkOctet: 66,
      bucket: BUCKET,
      s3,
    });
    taskDefinitionArn = await register(FAMILY);
    reportDefinitionArn = await register(REPORT_FAMILY);
    await control.scriptTaskOutcome({ family: FAMILY, exitCode: 0 });
    await control.scriptTaskOutcome({ family: REPORT_FAMILY, exitCode: 0 });
    ns = await freshNamespace('trigger');
    operator = await startOperator({
      args: [`--namespaces=${ns}`, `--leader-election-namespace=${ns}`, ...QUICK_POLLS],
    });
  }, 120_000);

  afterAll(async () => {
    await operator?.stop();
    events.destroy();
    scheduler.destroy();
    s3.destroy();
  });

  it('scenario 10: PutObject → rule → RunTask with bucket and key → STOPPED exit 0 → in status', async () => {
    await apply(ns, uploadTrigger('incoming/'));
    const ready = await waitForResource(
      'ecstasktriggers',
      ns,
      'on-upload',
      (r) => condition(r, 'Ready')?.status === 'True',
      {
        what: 'the trigger to be Ready',
        timeoutMs: 60_000,
      },
    );
    const name = `ecsb-${ns}-on-upload`;
    expect(ready.status).toMatchObject({ mode: 'rule', name, state: 'ENABLED', suspended: false });
    // The rule and its one target exist in AWS, tagged as ours.
    const rule = await events.send(new DescribeRuleCommand({ Name: name }));
    expect(rule.State).toBe('ENABLED');
    const tags = await events.send(new ListTagsForResourceCommand({ ResourceARN: rule.Arn }));
    expect(tags.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'ecs-bridge.dev/owner', Value: `${ns}/on-upload` },
        { Key: 'ecs-bridge.dev/instance', Value: 'default' },
      ]),
    );
    const targets = (await events.send(new ListTargetsByRuleCommand({ Rule: name }))).Targets ?? [];
    expect(targets.map((t) => [t.Id, t.RoleArn, t.EcsParameters?.TaskDefinitionArn])).toEqual([
      ['ecs-bridge-task', ROLE_ARN, taskDefinitionArn],
    ]);

    const mark = await control.lastSeq();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'incoming/photo.jpg', Body: 'hello' }));
    const done = await waitForResource(
      'ecstasktriggers',
      ns,
      'on-upload',
      (r) => runsOf(r).some((run) => run.lastStatus === 'STOPPED'),
      { what: 'the run to show as STOPPED in status', timeoutMs: 90_000 },
    );
    const [run] = runsOf(done);
    expect(runsOf(done)).toHaveLength(1);
    expect(run).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      containers: [{ name: 'app', exitCode: 0 }],
    });
    // RunTask came from the rule, with the bucket and key in the container's environment.
    const runTasks = await control.calls({ service: 'ecs', action: 'RunTask', afterSeq: mark });
    expect(runTasks).toHaveLength(1);
    expect(runTasks[0]?.params).toMatchObject({
      startedBy: `events-rule/${name}`,
      group: `ecs-bridge:${name}`,
      overrides: {
        containerOverrides: [
          {
            name: 'app',
            environment: [
              { name: 'BUCKET', value: BUCKET },
              { name: 'KEY', value: 'incoming/photo.jpg' },
            ],
          },
        ],
      },
    });
    expect(done.status?.['lastRunTime']).toEqual(expect.any(String));
  });

  it('a spec change is one minimal write; suspend and resume are one write each', async () => {
    const name = `ecsb-${ns}-on-upload`;
    let mark = await control.lastSeq();
    await apply(ns, uploadTrigger('inbox/'));
    await waitForResource(
      'ecstasktriggers',
      ns,
      'on-upload',
      (r) =>
        condition(r, 'Ready')?.status === 'True' &&
        r.status?.['observedGeneration'] === r.metadata.generation,
      { what: 'the new generation to be Ready', timeoutMs: 60_000 },
    );
    // The pattern changed, the target did not: one PutRule, no PutTargets.
    expect(await ruleWritesAfter(mark)).toEqual([`PutRule ${name}`]);
    const pattern = JSON.parse(
      (await events.send(new DescribeRuleCommand({ Name: name }))).EventPattern ?? '{}',
    );
    expect(pattern.detail.object.key).toEqual([{ prefix: 'inbox/' }]);

    mark = await control.lastSeq();
    await apply(ns, uploadTrigger('inbox/', { suspend: true }));
    const suspended = await waitForResource(
      'ecstasktriggers',
      ns,
      'on-upload',
      (r) => r.status?.['suspended'] === true && condition(r, 'Ready')?.reason === 'Suspended',
      { what: 'the trigger to be suspended', timeoutMs: 60_000 },
    );
    expect(suspended.status?.['state']).toBe('DISABLED');
    expect((await events.send(new DescribeRuleCommand({ Name: name }))).State).toBe('DISABLED');
    expect(await ruleWritesAfter(mark)).toEqual([`PutRule ${name}`]);

    mark = await control.lastSeq();
    await apply(ns, uploadTrigger('inbox/'));
    await waitForResource(
      'ecstasktriggers',
      ns,
      'on-upload',
      (r) => r.status?.['suspended'] === false && condition(r, 'Ready')?.reason === 'Synced',
      { what: 'the trigger to resume', timeoutMs: 60_000 },
    );
    expect((await events.send(new DescribeRuleCommand({ Name: name }))).State).toBe('ENABLED');
    expect(await ruleWritesAfter(mark)).toEqual([`PutRule ${name}`]);
  });

  it('a schedule fires a run that status shows', async () => {
    await apply(
      ns,
      trigger('nightly', {
        schedule: { expression: 'cron(0 3 * * ? *)', timezone: 'Europe/Paris' },
        template: {
          taskDefinition: reportDefinitionArn,
          overrides: { containerOverrides: [{ name: 'app', command: ['report'] }] },
        },
      }),
    );
    const ready = await waitForResource(
      'ecstasktriggers',
      ns,
      'nightly',
      (r) => condition(r, 'Ready')?.status === 'True',
      {
        what: 'the schedule trigger to be Ready',
        timeoutMs: 60_000,
      },
    );
    const name = `ecsb-${ns}-nightly`;
    expect(ready.status).toMatchObject({ mode: 'schedule', name, state: 'ENABLED' });
    const schedule = await scheduler.send(
      new GetScheduleCommand({ Name: name, GroupName: 'ecs-bridge-default' }),
    );
    expect(schedule.ScheduleExpression).toBe('cron(0 3 * * ? *)');
    const mark = await control.lastSeq();
    const record = await fireWorldSchedule(info.controlUrl, name, 'ecs-bridge-default');
    expect(record, record.error).toMatchObject({ source: 'schedule', name, outcome: 'run-task' });
    const runs = await control.calls({ service: 'ecs', action: 'RunTask', afterSeq: mark });
    expect(runs.map((c) => (c.params as { group?: string }).group)).toEqual([`ecs-bridge:${name}`]);
    const done = await waitForResource(
      'ecstasktriggers',
      ns,
      'nightly',
      (r) => runsOf(r).some((run) => run.lastStatus === 'STOPPED'),
      { what: 'the scheduled run to show as STOPPED', timeoutMs: 90_000 },
    );
    expect(runsOf(done)[0]).toMatchObject({
      lastStatus: 'STOPPED',
      containers: [{ name: 'app', exitCode: 0 }],
    });
  });

  it('never changes a rule without our tags (NotOwned), and bad input is InvalidSpec with no AWS write', async () => {
    const foreign = `ecsb-${ns}-foreign`;
    const foreignPattern = JSON.stringify({ source: ['someone.else'] });
    await events.send(new PutRuleCommand({ Name: foreign, EventPattern: foreignPattern, State: 'DISABLED' }));
    const mark = await control.lastSeq();
    await apply(
      ns,
      trigger('foreign', { event: { pattern: JSON.stringify({ source: ['my.app'] }) } }),
      trigger('bad', { event: { pattern: '["not", "an object"]' } }),
    );
    const notOwned = await waitForResource(
      'ecstasktriggers',
      ns,
      'foreign',
      (r) => condition(r, 'Stalled')?.status === 'True',
      {
        what: 'the trigger to stall on a rule not ours',
        timeoutMs: 60_000,
      },
    );
    expect(condition(notOwned, 'Stalled')?.reason).toBe('NotOwned');
    const bad = await waitForResource(
      'ecstasktriggers',
      ns,
      'bad',
      (r) => condition(r, 'Stalled')?.status === 'True',
      {
        what: 'the bad trigger to stall',
        timeoutMs: 60_000,
      },
    );
    expect(condition(bad, 'Stalled')).toMatchObject({ reason: 'InvalidSpec' });
    expect(condition(bad, 'Stalled')?.message).toContain('spec.event.pattern');
    const rule = await events.send(new DescribeRuleCommand({ Name: foreign }));
    expect([rule.State, JSON.parse(rule.EventPattern ?? '{}')]).toEqual([
      'DISABLED',
      JSON.parse(foreignPattern),
    ]);
    expect(await ruleWritesAfter(mark)).toEqual([]);
    // Deleting the object leaves the rule that was never ours.
    await kubectl(['delete', 'ecstasktrigger', 'foreign', 'bad', '-n', ns, '--wait=false']);
    await waitForGone('ecstasktriggers', ns, 'foreign');
    await waitForGone('ecstasktriggers', ns, 'bad');
    expect((await events.send(new DescribeRuleCommand({ Name: foreign }))).Name).toBe(foreign);
    expect(await ruleWritesAfter(mark)).toEqual([]);
  });

  it('a bucket that sends no events to EventBridge is BucketEventsOff with no bucket write; the opt-in turns it on keeping its other settings', async () => {
    const quiet = `quiet-${suffix}`;
    const audit = {
      Id: 'audit',
      TopicArn: `arn:aws:sns:${info.region}:${WORLD_ACCOUNT}:audit-${suffix}`,
      Events: ['s3:ObjectRemoved:*' as const],
    };
    await s3.send(new CreateBucketCommand({ Bucket: quiet }));
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: quiet,
        NotificationConfiguration: { TopicConfigurations: [audit] },
      }),
    );
    // S3 is REST: the proxy names none of its actions (`unknown`); its reads (GET) carry no body, a
    // PutBucketNotificationConfiguration carries the whole configuration (no object is uploaded here).
    const bucketWritesAfter = async (mark: number): Promise<string[]> =>
      (await control.calls({ service: 's3', afterSeq: mark }))
        .filter((c) => c.params !== undefined)
        .map((c) =>
          JSON.stringify(c.params).includes('EventBridgeConfiguration')
            ? 'PutBucketNotificationConfiguration'
            : c.action,
        );
    const mark = await control.lastSeq();
    await apply(ns, trigger('quiet', { event: { s3: { bucket: quiet, keyPrefix: 'in/' } } }));
    const off = await waitForResource(
      'ecstasktriggers',
      ns,
      'quiet',
      (r) => condition(r, 'Stalled')?.reason === 'BucketEventsOff',
      { what: 'the trigger to say the bucket sends no events', timeoutMs: 60_000 },
    );
    expect(condition(off, 'Ready')?.status).toBe('False');
    const message = condition(off, 'Stalled')?.message ?? '';
    expect(message).toContain(`bucket ${quiet} does not send its events to EventBridge`);
    expect(message).toContain('spec.event.s3.enableEventBridge: true');
    expect(await bucketWritesAfter(mark)).toEqual([]);

    await apply(
      ns,
      trigger('quiet', { event: { s3: { bucket: quiet, keyPrefix: 'in/', enableEventBridge: true } } }),
    );
    await waitForResource('ecstasktriggers', ns, 'quiet', (r) => condition(r, 'Ready')?.status === 'True', {
      what: 'the trigger to be Ready once the bucket sends events',
      timeoutMs: 60_000,
    });
    expect(await bucketWritesAfter(mark)).toEqual(['PutBucketNotificationConfiguration']);
    const now = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: quiet }));
    // EventBridge delivery on is an empty EventBridgeConfiguration element (absent when off).
    expect(now.EventBridgeConfiguration).toEqual({});
    expect(now.TopicConfigurations).toEqual([
      expect.objectContaining({ Id: 'audit', TopicArn: audit.TopicArn }),
    ]);
    await kubectl(['delete', 'ecstasktrigger', 'quiet', '-n', ns, '--wait=false']);
    await waitForGone('ecstasktriggers', ns, 'quiet');
  });

  it('deleting the object deletes its rule and target, and its schedule', async () => {
    const rule = `ecsb-${ns}-on-upload`;
    const mark = await control.lastSeq();
    await kubectl(['delete', 'ecstasktrigger', 'on-upload', 'nightly', '-n', ns, '--wait=false']);
    await waitForGone('ecstasktriggers', ns, 'on-upload');
    await waitForGone('ecstasktriggers', ns, 'nightly');
    expect(await ruleWritesAfter(mark)).toEqual([`RemoveTargets ${rule}`, `DeleteRule ${rule}`]);
    await expect(events.send(new DescribeRuleCommand({ Name: rule }))).rejects.toThrow(/does not exist/);
    await expect(
      scheduler.send(new GetScheduleCommand({ Name: `ecsb-${ns}-nightly`, GroupName: 'ecs-bridge-default' })),
    ).rejects.toThrow(/not/i);
    expect(await getResource('ecstasktriggers', ns, 'on-upload')).toBeUndefined();
  });
});
