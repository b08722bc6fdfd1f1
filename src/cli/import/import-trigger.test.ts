/**
 * Import of EventBridge rules with an ECS target and Scheduler schedules with the templated ECS
 * target: the manifest, planned against the same in-memory AWS through the read-only view, is
 * adopted with no write (the round trip); what a trigger cannot express is refused by name.
 */
import type { Target } from '@aws-sdk/client-eventbridge';
import type { GetScheduleOutput } from '@aws-sdk/client-scheduler';
import { describe, expect, it } from 'vitest';
import { INSTANCE_TAG, OWNER_TAG } from '../../resources/task-trigger/identity.js';
import type { TaskTriggerManifest } from '../manifests.js';
import { planTaskTriggerManifest, type PlanTaskTriggerContext } from '../plan/plan-task-trigger.js';
import { readOnlyTriggerApis, type ReadOnlyAws, type ReadOnlyRegion } from '../read-only-aws.js';
import { FakeTriggerAws } from '../testing/fake-trigger-aws.js';
import { importRuleTrigger, importScheduleTrigger, type ImportedTrigger } from './import-trigger.js';
import { importTriggers } from './import-triggers.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/events-run-task`;
const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/media`;
const TD = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/thumbnail:7`;
const RULE_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:rule/uploads-to-thumbnail`;

/** A rule as someone made it by hand: their placeholder names, unsorted subnets, no TaskCount. */
function handMadeTarget(): Target {
  return {
    Id: 'thumbnail',
    Arn: CLUSTER_ARN,
    RoleArn: ROLE,
    EcsParameters: {
      TaskDefinitionArn: TD,
      LaunchType: 'FARGATE',
      NetworkConfiguration: {
        awsvpcConfiguration: { Subnets: ['subnet-b', 'subnet-a'], AssignPublicIp: 'ENABLED' },
      },
    },
    InputTransformer: {
      InputPathsMap: { bucket: '$.detail.bucket.name', key: '$.detail.object.key' },
      InputTemplate:
        '{"containerOverrides": [{"name": "app", "environment": [{"name": "BUCKET", "value": "<bucket>"}, {"name": "KEY", "value": "<key>"}]}]}',
    },
    RetryPolicy: { MaximumRetryAttempts: 4 },
  };
}

function fakeWithRule(target: Target = handMadeTarget()): FakeTriggerAws {
  const fake = new FakeTriggerAws();
  fake.rules.set('default/uploads-to-thumbnail', {
    rule: {
      Name: 'uploads-to-thumbnail',
      Arn: RULE_ARN,
      EventBusName: 'default',
      EventPattern: '{"source": ["aws.s3"], "detail-type": ["Object Created"]}',
      State: 'ENABLED',
    },
    tags: [{ Key: 'team', Value: 'media' }],
    targets: [target],
  });
  return fake;
}

function importedFrom(fake: FakeTriggerAws): ImportedTrigger {
  const stored = fake.rules.get('default/uploads-to-thumbnail');
  if (stored === undefined) throw new Error('no rule');
  return importRuleTrigger({ ...stored, region: REGION, namespace: 'media' });
}

function context(fake: FakeTriggerAws): PlanTaskTriggerContext {
  const aws: ReadOnlyAws = (region) =>
    ({ region, triggers: readOnlyTriggerApis(fake.apis) }) as unknown as ReadOnlyRegion;
  return {
    aws,
    instanceId: 'prod',
    defaultRegion: REGION,
    cluster: () => undefined,
    taskDefinition: () => Promise.reject(new Error('no taskDefinitionRef')),
  };
}

function manifestOf(imported: ImportedTrigger): TaskTriggerManifest {
  if (imported.kind !== 'imported') throw new Error(`refused: ${imported.reason}`);
  return { kind: 'EcsTaskTrigger', source: 'imported.yaml#1', obj: imported.manifest };
}

describe('import of an EventBridge rule with an ECS target', () => {
  it('writes an adopting trigger whose plan is adopt with no write', async () => {
    const fake = fakeWithRule();
    const imported = importedFrom(fake);
    const m = manifestOf(imported);
    expect(m.obj.metadata).toEqual({ name: 'uploads-to-thumbnail', namespace: 'media' });
    expect(m.obj.spec).toMatchObject({
      adopt: true,
      deletionPolicy: 'Retain',
      roleArn: ROLE,
      description: '',
      taskGroup: '',
      template: { region: REGION, cluster: 'media', taskDefinition: 'thumbnail:7', launchType: 'FARGATE' },
      event: { ruleName: 'uploads-to-thumbnail', targetId: 'thumbnail' },
      inputTransformer: {
        containerName: 'app',
        environment: [
          { name: 'BUCKET', path: '$.detail.bucket.name' },
          { name: 'KEY', path: '$.detail.object.key' },
        ],
      },
      retryPolicy: { maximumRetryAttempts: 4 },
    });
    expect(m.obj.spec.template.overrides).toBeUndefined();
    const entry = await planTaskTriggerManifest(m, context(fake));
    expect(entry.verdict).toBe('adopt');
    expect(entry.operations).toEqual([]);
    expect(fake.writes).toEqual([]);
  });

  it('plans the owner tags before the first write to an adopted rule', async () => {
    const fake = fakeWithRule();
    const m = manifestOf(importedFrom(fake));
    const changed = {
      ...m,
      obj: {
        ...m.obj,
        spec: { ...m.obj.spec, event: { ...m.obj.spec.event, pattern: '{"source":["aws.s3"]}' } },
      },
    };
    const entry = await planTaskTriggerManifest(changed, context(fake));
    expect(entry.verdict).toBe('update');
    expect(entry.operations.map((o) => o.call)).toEqual(['TagResource', 'PutRule']);
    expect(entry.operations[0]?.changes).toEqual([
      { path: `tags.${OWNER_TAG}`, after: 'media/uploads-to-thumbnail' },
      { path: `tags.${INSTANCE_TAG}`, after: 'prod' },
    ]);
  });

  it('is a conflict without adopt: the rule is not ecs-bridge’s', async () => {
    const fake = fakeWithRule();
    const m = manifestOf(importedFrom(fake));
    const { adopt: _adopt, ...spec } = m.obj.spec;
    const entry = await planTaskTriggerManifest({ ...m, obj: { ...m.obj, spec } }, context(fake));
    expect(entry.verdict).toBe('conflict');
    expect(fake.writes).toEqual([]);
  });

  it('keeps plain environment values and a plain input as the template’s overrides', async () => {
    const target: Target = {
      ...handMadeTarget(),
      InputTransformer: undefined,
      Input: '{"containerOverrides":[{"name":"app","command":["run"]}],"cpu":"512"}',
      EcsParameters: {
        ...handMadeTarget().EcsParameters,
        TaskDefinitionArn: TD,
        Group: 'thumbs',
        TaskCount: 1,
      },
    };
    const fake = fakeWithRule(target);
    const m = manifestOf(importedFrom(fake));
    expect(m.obj.spec.template.overrides).toEqual({
      containerOverrides: [{ name: 'app', command: ['run'] }],
      cpu: '512',
    });
    expect(m.obj.spec.taskGroup).toBe('thumbs');
    expect((await planTaskTriggerManifest(m, context(fake))).verdict).toBe('adopt');
  });

  it.each<[string, Partial<Target>[], RegExp]>([
    [
      'two targets',
      [{}, { Id: 'log', Arn: 'arn:aws:logs:us-east-1:123456789012:log-group:x' }],
      /2 targets \(thumbnail → .*cluster\/media, log → arn:aws:logs/,
    ],
    [
      'a Lambda target',
      [{ Arn: 'arn:aws:lambda:us-east-1:123456789012:function:f', EcsParameters: undefined }],
      /not an ECS target \(arn:aws:lambda/,
    ],
    ['InputPath', [{ InputTransformer: undefined, InputPath: '$.detail' }], /InputPath not expressed/],
    ['several tasks', [{ EcsParameters: { TaskDefinitionArn: TD, TaskCount: 3 } }], /TaskCount is 3/],
    [
      'a placeholder outside the environment',
      [
        {
          InputTransformer: {
            InputPathsMap: { key: '$.detail.object.key', id: '$.id' },
            InputTemplate:
              '{"containerOverrides":[{"name":"app","command":["<id>"],"environment":[{"name":"KEY","value":"<key>"}]}]}',
          },
        },
      ],
      /InputPathsMap names id outside a container's environment/,
    ],
    [
      'a bare placeholder',
      [{ InputTransformer: { InputPathsMap: { k: '$.id' }, InputTemplate: '{"containerOverrides": <k>}' } }],
      /not JSON/,
    ],
  ])('refuses a rule with %s, naming it', (_what, targets, reason) => {
    const fake = fakeWithRule();
    const stored = fake.rules.get('default/uploads-to-thumbnail');
    if (stored === undefined) throw new Error('no rule');
    const imported = importRuleTrigger({
      ...stored,
      targets: targets.map((t) => ({ ...handMadeTarget(), ...t })),
      region: REGION,
      namespace: 'media',
    });
    expect(imported.kind).toBe('refused');
    expect(imported.kind === 'refused' ? imported.reason : '').toMatch(reason);
  });

  it('refuses a rule ecs-bridge already manages and a scheduled rule', () => {
    const fake = fakeWithRule();
    const stored = fake.rules.get('default/uploads-to-thumbnail');
    if (stored === undefined) throw new Error('no rule');
    const ours = importRuleTrigger({
      ...stored,
      tags: [{ Key: OWNER_TAG, Value: 'media/x' }],
      region: REGION,
      namespace: 'media',
    });
    expect(ours).toEqual({
      kind: 'refused',
      reason: 'rule uploads-to-thumbnail: already managed by ecs-bridge (object media/x)',
    });
    const scheduled = importRuleTrigger({
      ...stored,
      rule: { ...stored.rule, EventPattern: undefined, ScheduleExpression: 'rate(1 day)' },
      region: REGION,
      namespace: 'media',
    });
    expect(scheduled.kind === 'refused' ? scheduled.reason : '').toMatch(
      /a scheduled rule \(rate\(1 day\)\)/,
    );
  });
});

describe('import of a Scheduler schedule with the templated ECS target', () => {
  function handMadeSchedule(): GetScheduleOutput {
    return {
      Name: 'nightly-report',
      GroupName: 'default',
      Arn: `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/default/nightly-report`,
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      State: 'ENABLED',
      Description: 'the nightly report',
      Target: {
        Arn: CLUSTER_ARN,
        RoleArn: ROLE,
        EcsParameters: { TaskDefinitionArn: TD, LaunchType: 'FARGATE', Group: 'reports', TaskCount: 1 },
        Input: '{"containerOverrides":[{"name":"app","command":["report","--nightly"]}]}',
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
      },
    };
  }

  it('writes an adopting trigger whose plan is adopt with no write', async () => {
    const fake = new FakeTriggerAws();
    fake.schedules.set('default/nightly-report', handMadeSchedule());
    const m = manifestOf(
      importScheduleTrigger({ schedule: handMadeSchedule(), region: REGION, namespace: 'ops' }),
    );
    expect(m.obj.spec).toMatchObject({
      adopt: true,
      schedule: {
        expression: 'cron(0 2 * * ? *)',
        timezone: 'Europe/Paris',
        flexibleTimeWindowMinutes: 15,
        name: 'nightly-report',
        groupName: 'default',
      },
      description: 'the nightly report',
      taskGroup: 'reports',
      template: { overrides: { containerOverrides: [{ name: 'app', command: ['report', '--nightly'] }] } },
    });
    // Scheduler's defaults are not written out.
    expect(m.obj.spec.retryPolicy).toBeUndefined();
    const entry = await planTaskTriggerManifest(m, context(fake));
    expect(entry.verdict).toBe('adopt');
    expect(fake.writes).toEqual([]);
    // The user's group is read as it is: never looked up as the installation's, never created.
    expect(fake.reads).toEqual(['GetSchedule nightly-report']);

    const edited = { ...m, obj: { ...m.obj, spec: { ...m.obj.spec, suspend: true } } };
    const update = await planTaskTriggerManifest(edited, context(fake));
    expect(update.operations.map((o) => o.call)).toEqual(['UpdateSchedule']);
  });

  it('refuses a universal RunTask target and one that deletes itself after completion', () => {
    const universal = importScheduleTrigger({
      schedule: {
        ...handMadeSchedule(),
        Target: { Arn: 'arn:aws:scheduler:::aws-sdk:ecs:runTask', RoleArn: ROLE, Input: '{}' },
      },
      region: REGION,
      namespace: 'ops',
    });
    expect(universal.kind === 'refused' ? universal.reason : '').toMatch(
      /a universal target .*templated ECS target/,
    );
    const once = importScheduleTrigger({
      schedule: { ...handMadeSchedule(), ActionAfterCompletion: 'DELETE' },
      region: REGION,
      namespace: 'ops',
    });
    expect(once.kind === 'refused' ? once.reason : '').toMatch(/ActionAfterCompletion DELETE not expressed/);
  });
});

describe('importTriggers (the reads of import --rule / --schedule / --all-triggers)', () => {
  it('imports the rules and schedules that start ECS tasks, skips the others, names the refused', async () => {
    const fake = fakeWithRule();
    fake.rules.set('default/to-lambda', {
      rule: { Name: 'to-lambda', Arn: `${RULE_ARN}-l`, EventPattern: '{"source":["x"]}', State: 'ENABLED' },
      tags: [],
      targets: [{ Id: 'f', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:f' }],
    });
    fake.rules.set('default/two', {
      rule: { Name: 'two', Arn: `${RULE_ARN}-2`, EventPattern: '{"source":["x"]}', State: 'ENABLED' },
      tags: [],
      targets: [handMadeTarget(), { Id: 'f', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:f' }],
    });
    const all = await importTriggers(readOnlyTriggerApis(fake.apis), {
      rules: [],
      eventBusName: 'default',
      schedules: [],
      scheduleGroup: 'default',
      all: true,
      region: REGION,
      namespace: 'media',
    });
    expect(all.imported.map((i) => i.name)).toEqual(['ecstasktrigger-uploads-to-thumbnail']);
    expect(all.refused).toEqual([expect.stringMatching(/^rule two: 2 targets/)]);
    expect(fake.writes).toEqual([]);
    const named = await importTriggers(readOnlyTriggerApis(fake.apis), {
      rules: ['to-lambda', 'missing'],
      eventBusName: 'default',
      schedules: [],
      scheduleGroup: 'default',
      all: false,
      region: REGION,
      namespace: 'media',
    });
    expect(named.imported).toEqual([]);
    expect(named.refused).toEqual([
      expect.stringMatching(/^rule to-lambda target f: not an ECS target/),
      'rule missing: no such rule on bus default',
    ]);
  });
});
