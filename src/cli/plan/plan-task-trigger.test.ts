import { describe, expect, it } from 'vitest';
import { API_GROUP_VERSION } from '../../resources/api-group.js';
import { desiredTrigger } from '../../resources/task-trigger/desired.js';
import {
  descriptionOf,
  INSTANCE_TAG,
  OWNER_TAG,
  runGroup,
  scheduleGroupName,
  triggerName,
} from '../../resources/task-trigger/identity.js';
import type { EcsTaskTriggerSpec } from '../../resources/task-trigger/types.js';
import { parseManifestText, type TaskTriggerManifest } from '../manifests.js';
import { readOnlyTriggerApis, type ReadOnlyAws, type ReadOnlyRegion } from '../read-only-aws.js';
import { FakeTriggerAws } from '../testing/fake-trigger-aws.js';
import { manifestOf } from '../testing/fixtures.js';
import { buildPlan } from './build-plan.js';
import { planExitCode } from './plan-model.js';
import { planTaskTriggerManifest, type PlanTaskTriggerContext } from './plan-task-trigger.js';
import { expectInPlaceUpdate } from '../testing/expect-plan.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const INSTANCE = 'prod';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/events-run-task`;
const TD = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/thumbnail:4`;
const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/demo`;

function trigger(spec: Partial<EcsTaskTriggerSpec>, name = 'uploads'): TaskTriggerManifest {
  return manifestOf<TaskTriggerManifest>('EcsTaskTrigger', name, 'shop', {
    template: { cluster: 'demo', taskDefinition: TD, launchType: 'FARGATE' },
    event: { pattern: '{"source":["shop.orders"]}' },
    roleArn: ROLE,
    ...spec,
  });
}

function awsOver(fake: FakeTriggerAws): ReadOnlyAws {
  // Only the trigger's APIs are used; the others are never reached by a trigger's plan.
  return (region) => ({ region, triggers: readOnlyTriggerApis(fake.apis) }) as unknown as ReadOnlyRegion;
}

function context(fake: FakeTriggerAws): PlanTaskTriggerContext {
  return {
    aws: awsOver(fake),
    instanceId: INSTANCE,
    defaultRegion: REGION,
    cluster: () => undefined,
    taskDefinition: () => Promise.reject(new Error('no taskDefinitionRef in these manifests')),
  };
}

/** Puts into `fake` what the operator leaves in AWS for `m`: the tagged rule and its target, or the schedule. */
function asTheOperatorLeavesIt(fake: FakeTriggerAws, m: TaskTriggerManifest): void {
  const name = triggerName(m.obj);
  const desired = desiredTrigger(m.obj.spec, {
    name,
    clusterArn: CLUSTER_ARN,
    taskDefinitionArn: TD,
    scheduleGroup: scheduleGroupName(INSTANCE),
    description: descriptionOf(m.obj),
    group: runGroup(name),
  });
  if (desired.kind === 'rule') {
    const { Tags: _tags, ...rule } = desired.rule;
    fake.rules.set(`${rule.EventBusName}/${name}`, {
      rule: { ...rule, Arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}` },
      tags: [
        { Key: OWNER_TAG, Value: `shop/${m.obj.metadata.name}` },
        { Key: INSTANCE_TAG, Value: INSTANCE },
      ],
      // EventBridge answers the input as it was put, spacing and key order its own.
      targets: [{ ...desired.target, Input: desired.target.Input }],
    });
    return;
  }
  const group = desired.schedule.GroupName;
  fake.groups.set(group, {
    arn: `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule-group/${group}`,
    tags: [{ Key: INSTANCE_TAG, Value: INSTANCE }],
  });
  fake.schedules.set(`${group}/${name}`, {
    ...desired.schedule,
    Arn: `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/${group}/${name}`,
  });
}

describe('plan of an EcsTaskTrigger', () => {
  it('would create a missing rule with its ECS target, reading only', async () => {
    const fake = new FakeTriggerAws();
    const entry = await planTaskTriggerManifest(trigger({}), context(fake));
    expect(entry).toMatchObject({
      kind: 'EcsTaskTrigger',
      verdict: 'create',
      target: 'EventBridge rule ecsb-shop-uploads on bus default',
      region: REGION,
    });
    expect(entry.operations.map((o) => `${o.symbol} ${o.call}`)).toEqual(['+ PutRule', '+ PutTargets']);
    expect(entry.operations[0]?.changes).toContainEqual({
      path: 'EventPattern',
      after: { source: ['shop.orders'] },
    });
    expect(entry.operations[1]?.changes).toContainEqual({ path: 'Arn', after: CLUSTER_ARN });
    expect(fake.writes).toEqual([]);
    expect(fake.reads).toEqual(['DescribeRule ecsb-shop-uploads']);
  });

  it('says nothing to change for the rule and target the operator left, then one PutRule for suspend', async () => {
    const fake = new FakeTriggerAws();
    const m = trigger({
      inputTransformer: { containerName: 'app', environment: [{ name: 'KEY', path: '$.detail.key' }] },
      retryPolicy: { maximumRetryAttempts: 3 },
    });
    asTheOperatorLeavesIt(fake, m);
    const same = await planTaskTriggerManifest(m, context(fake));
    expect(same.verdict).toBe('nothing');
    expect(same.summary).toBe(
      'EventBridge rule ecsb-shop-uploads on bus default and its ECS target match the manifest',
    );
    expect(planExitCode([same])).toBe(0);

    const suspended = { ...m, obj: { ...m.obj, spec: { ...m.obj.spec, suspend: true } } };
    const entry = await planTaskTriggerManifest(suspended, context(fake));
    expectInPlaceUpdate(entry, [
      'PutRule',
      'rule ecsb-shop-uploads',
      [{ path: 'State', before: 'ENABLED', after: 'DISABLED' }],
    ]);
    expect(planExitCode([entry])).toBe(2);
    expect(fake.writes).toEqual([]);
  });

  it('shows a changed target field by field, and a stranger target to remove', async () => {
    const fake = new FakeTriggerAws();
    const m = trigger({});
    asTheOperatorLeavesIt(fake, m);
    const stored = fake.rules.get('default/ecsb-shop-uploads');
    stored?.targets.push({ Id: 'hand-made', Arn: 'arn:aws:sqs:us-east-1:123456789012:q' });
    const changed = {
      ...m,
      obj: {
        ...m.obj,
        spec: { ...m.obj.spec, template: { ...m.obj.spec.template, launchType: 'EC2' as const } },
      },
    };
    const entry = await planTaskTriggerManifest(changed, context(fake));
    expect(entry.operations.map((o) => `${o.symbol} ${o.call}`)).toEqual(['~ PutTargets', '- RemoveTargets']);
    expect(entry.operations[0]?.changes).toEqual([
      { path: 'EcsParameters.LaunchType', before: 'FARGATE', after: 'EC2' },
    ]);
    expect(entry.operations[1]?.title).toContain('hand-made');
  });

  it('reports a rule of that name without our tags as a conflict and reads none of its targets', async () => {
    const fake = new FakeTriggerAws();
    const m = trigger({});
    asTheOperatorLeavesIt(fake, m);
    const stored = fake.rules.get('default/ecsb-shop-uploads');
    stored?.tags.splice(0);
    const entry = await planTaskTriggerManifest(m, context(fake));
    expect(entry.verdict).toBe('conflict');
    expect(entry.summary).toContain('exists without ecs-bridge');
    expect(fake.reads.some((r) => r.startsWith('ListTargetsByRule'))).toBe(false);
    expect(planExitCode([entry])).toBe(1);
  });

  it('would create the schedule group and the schedule; nothing once they are there', async () => {
    const fake = new FakeTriggerAws();
    const m = trigger({ schedule: { expression: 'cron(0 2 * * ? *)', timezone: 'Europe/Paris' } }, 'nightly');
    const spec = { ...m.obj.spec };
    delete (spec as { event?: unknown }).event;
    const scheduled = { ...m, obj: { ...m.obj, spec } };
    const entry = await planTaskTriggerManifest(scheduled, context(fake));
    expect(entry.verdict).toBe('create');
    expect(entry.target).toBe('Scheduler schedule ecsb-shop-nightly in group ecs-bridge-prod');
    expect(entry.operations.map((o) => `${o.symbol} ${o.call}`)).toEqual([
      '+ CreateScheduleGroup',
      '+ CreateSchedule',
    ]);
    asTheOperatorLeavesIt(fake, scheduled);
    expect((await planTaskTriggerManifest(scheduled, context(fake))).verdict).toBe('nothing');
    const later = {
      ...scheduled,
      obj: { ...scheduled.obj, spec: { ...spec, schedule: { expression: 'cron(0 3 * * ? *)' } } },
    };
    const moved = await planTaskTriggerManifest(later, context(fake));
    expect(moved.operations[0]?.changes).toEqual([
      { path: 'ScheduleExpression', before: 'cron(0 2 * * ? *)', after: 'cron(0 3 * * ? *)' },
      { path: 'ScheduleExpressionTimezone', before: 'Europe/Paris', after: 'UTC' },
    ]);
    expect(fake.writes).toEqual([]);
  });

  it('refuses a bad spec with no AWS call', async () => {
    const fake = new FakeTriggerAws();
    const entry = await planTaskTriggerManifest(trigger({ roleArn: 'events-role' }), context(fake));
    expect(entry.verdict).toBe('invalid');
    expect(entry.summary).toContain('roleArn');
    expect(fake.reads).toEqual([]);
  });

  it('notes a bucket that sends no events to EventBridge, and plans turning them on when asked', async () => {
    const fake = new FakeTriggerAws();
    fake.buckets.set('uploads', { TopicConfigurations: [] });
    const off = await planTaskTriggerManifest(
      trigger({ event: { s3: { bucket: 'uploads' } } }),
      context(fake),
    );
    expect(off.notes.join('\n')).toContain('bucket uploads does not send its events to EventBridge');
    expect(off.operations.map((o) => o.call)).not.toContain('PutBucketNotificationConfiguration');
    const asked = await planTaskTriggerManifest(
      trigger({ event: { s3: { bucket: 'uploads', enableEventBridge: true } } }),
      context(fake),
    );
    expect(asked.operations.map((o) => o.call)).toEqual([
      'PutBucketNotificationConfiguration',
      'PutRule',
      'PutTargets',
    ]);
    expect(fake.writes).toEqual([]);
  });

  it('is read from manifests and planned by buildPlan, in manifest order', async () => {
    const fake = new FakeTriggerAws();
    const set = parseManifestText(
      [
        `apiVersion: ${API_GROUP_VERSION}`,
        'kind: EcsTaskTrigger',
        'metadata: {name: uploads}',
        'spec:',
        `  template: {cluster: demo, taskDefinition: "${TD}"}`,
        `  event: {pattern: '{"source":["shop.orders"]}'}`,
        `  roleArn: ${ROLE}`,
      ].join('\n'),
      'trigger.yaml',
      'shop',
    );
    expect(set.objects.map((o) => o.kind)).toEqual(['EcsTaskTrigger']);
    const entries = await buildPlan(set, { aws: awsOver(fake), instanceId: INSTANCE, defaultRegion: REGION });
    expect(entries.map((e) => `${e.kind} ${e.namespace}/${e.name} ${e.verdict}`)).toEqual([
      'EcsTaskTrigger shop/uploads create',
    ]);
  });
});
