/**
 * The CLI on an EcsTaskTrigger the operator runs, against the test world that plays S3 →
 * EventBridge → ECS and task lifecycles: `ecs-bridge status` shows the trigger's rule, its state
 * and the run an upload started with its exit code; `ecs-bridge plan -f` of the applied manifest says
 * nothing would change and makes no AWS write, and shows the one write a changed manifest needs.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateScheduleCommand, GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_GROUP_VERSION } from '../../src/resources/api-group.js';
import { callsAfter, isReadAction, proxyMark, runCli, type CliRun } from '../support/cli.js';
import { kubectl } from '../support/crds.js';
import { apply, condition, waitForResource, type Resource } from '../support/manifests.js';
import { QUICK_POLLS, startOperator, type OperatorProcess } from '../support/operator.js';
import { registerFargateApp, setUpTriggerWorld, WORLD_ACCOUNT } from '../support/trigger-fixtures.js';
import { freshNamespace, proxyControl, worldInfo } from '../support/world-client.js';
import type { Network } from '../world/network-fixture.js';
import { WORLD_CREDENTIALS } from '../world/world.js';

const suffix = randomBytes(3).toString('hex');
const ROLE = `cli-events-run-task-${suffix}`;
const ROLE_ARN = `arn:aws:iam::${WORLD_ACCOUNT}:role/${ROLE}`;
const BUCKET = `cli-uploads-${suffix}`;
const CLUSTER = `cli-jobs-${suffix}`;
const FAMILY = `cli-thumbnail-${suffix}`;

const runsOf = (r: Resource | undefined): { lastStatus: string }[] =>
  (r?.status?.['runs'] as { lastStatus: string }[] | undefined) ?? [];

describe('the CLI on an EcsTaskTrigger', () => {
  const info = worldInfo();
  const config = {
    region: info.region,
    endpoint: info.motoUrl,
    credentials: WORLD_CREDENTIALS,
    maxAttempts: 1,
  };
  // Uploads go through the proxy: the world's event delivery watches the proxy's answered calls.
  const s3 = new S3Client({ ...config, endpoint: info.awsEndpoint, forcePathStyle: true });
  const control = proxyControl();
  let operator: OperatorProcess | undefined;
  let ns = '';
  let network: Network;
  let taskDefinitionArn = '';

  function trigger(extra: Record<string, unknown> = {}): object {
    return {
      apiVersion: API_GROUP_VERSION,
      kind: 'EcsTaskTrigger',
      metadata: { name: 'on-upload', namespace: ns },
      spec: {
        roleArn: ROLE_ARN,
        event: { s3: { bucket: BUCKET, keyPrefix: 'incoming/' } },
        inputTransformer: {
          containerName: 'app',
          environment: [
            { name: 'BUCKET', path: '$.detail.bucket.name' },
            { name: 'KEY', path: '$.detail.object.key' },
          ],
        },
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
        },
        ...extra,
      },
    };
  }

  /** Runs plan on `obj` (no Kubernetes cluster needed) and checks it only read AWS. */
  async function plan(obj: object): Promise<CliRun> {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-bridge-plan-trigger-'));
    writeFileSync(join(dir, 'trigger.yaml'), stringify(obj));
    const mark = await proxyMark();
    const run = await runCli(['plan', '-f', dir, '--instance-id', 'default'], {
      env: { KUBECONFIG: '/nonexistent/kubeconfig' },
    });
    const calls = await callsAfter(mark);
    expect(calls.map((c) => c.action)).toContain('DescribeRule');
    // S3's REST calls have no action name at the proxy (`unknown`): the bucket read is one of them,
    // and the read-only view the plan uses refuses S3's write before it is sent (unit-tested).
    const named = calls.filter((c) => !(c.service === 's3' && c.action === 'unknown'));
    expect(named.filter((c) => !isReadAction(c.action)).map((c) => `${c.service} ${c.action}`)).toEqual([]);
    return run;
  }

  beforeAll(async () => {
    network = await setUpTriggerWorld({
      role: ROLE,
      rolePrincipals: ['events.amazonaws.com'],
      cluster: CLUSTER,
      networkOctet: 67,
      bucket: BUCKET,
      s3,
    });
    taskDefinitionArn = await registerFargateApp(FAMILY);
    await control.scriptTaskOutcome({ family: FAMILY, exitCode: 3 });
    ns = await freshNamespace('cli-trigger');
    operator = await startOperator({
      args: [`--namespaces=${ns}`, `--leader-election-namespace=${ns}`, ...QUICK_POLLS],
    });
  }, 120_000);

  afterAll(async () => {
    await operator?.stop();
    s3.destroy();
  });

  it('status shows the rule and the run with its exit code; plan of the applied trigger changes nothing', async () => {
    await apply(ns, trigger());
    await waitForResource(
      'ecstasktriggers',
      ns,
      'on-upload',
      (r) => condition(r, 'Ready')?.status === 'True',
      {
        what: 'the trigger to be Ready',
        timeoutMs: 60_000,
      },
    );
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'incoming/photo.jpg', Body: 'hello' }));
    await waitForResource(
      'ecstasktriggers',
      ns,
      'on-upload',
      (r) => runsOf(r).some((x) => x.lastStatus === 'STOPPED'),
      {
        what: 'the run to show as STOPPED in status',
        timeoutMs: 90_000,
      },
    );

    const status = await runCli(['status', '-n', ns]);
    expect(status.code, status.stderr).toBe(0);
    const rule = `ecsb-${ns}-on-upload`;
    expect(status.stdout).toMatch(
      new RegExp(`${ns}\\s+on-upload\\s+rule\\s+${rule}\\s+ENABLED\\s+no\\s+${CLUSTER}`),
    );
    expect(status.stdout).toMatch(/STOPPED {2}EssentialContainerExited {2}exit app=3/);
    expect(status.stdout).toContain('1 EcsTaskTrigger(s), 1 ready');

    const same = await plan(trigger());
    expect(same.code, `${same.stdout}\n${same.stderr}`).toBe(0);
    expect(same.stdout).toContain(`= EcsTaskTrigger ${ns}/on-upload no changes`);

    const suspended = await plan(trigger({ suspend: true }));
    expect(suspended.code, `${suspended.stdout}\n${suspended.stderr}`).toBe(2);
    expect(suspended.stdout).toContain('~ PutRule: rule');
    expect(suspended.stdout).toMatch(/State: "ENABLED" → "DISABLED"/);
  });

  it('import of a hand-made rule with an ECS target and a hand-made schedule: applying the YAML writes nothing', async () => {
    const direct = { ...config, endpoint: info.motoUrl };
    const events = new EventBridgeClient(direct);
    const scheduler = new SchedulerClient(direct);
    const ruleName = `by-hand-${suffix}`;
    const scheduleName = `nightly-by-hand-${suffix}`;
    const clusterArn = `arn:aws:ecs:${info.region}:${WORLD_ACCOUNT}:cluster/${CLUSTER}`;
    const ecsParameters = {
      TaskDefinitionArn: taskDefinitionArn,
      TaskCount: 1,
      LaunchType: 'FARGATE' as const,
      NetworkConfiguration: {
        awsvpcConfiguration: {
          Subnets: [network.subnetIds[0] ?? ''],
          SecurityGroups: [network.securityGroupId],
        },
      },
    };
    try {
      await events.send(
        new PutRuleCommand({
          Name: ruleName,
          EventPattern: JSON.stringify({ source: ['aws.s3'], 'detail-type': ['Object Created'] }),
          State: 'ENABLED',
          Description: 'made in the console',
        }),
      );
      await events.send(
        new PutTargetsCommand({
          Rule: ruleName,
          Targets: [
            {
              Id: 'thumbnail',
              Arn: clusterArn,
              RoleArn: ROLE_ARN,
              EcsParameters: { ...ecsParameters, Group: 'thumbnails' },
              InputTransformer: {
                InputPathsMap: { key: '$.detail.object.key' },
                InputTemplate:
                  '{"containerOverrides":[{"name":"app","environment":[{"name":"KEY","value":"<key>"}]}]}',
              },
            },
          ],
        }),
      );
      await scheduler.send(
        new CreateScheduleCommand({
          Name: scheduleName,
          ScheduleExpression: 'cron(0 2 * * ? *)',
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: {
            Arn: clusterArn,
            RoleArn: ROLE_ARN,
            EcsParameters: ecsParameters,
            Input: JSON.stringify({ containerOverrides: [{ name: 'app', command: ['report'] }] }),
          },
        }),
      );
    } finally {
      events.destroy();
      scheduler.destroy();
    }
    const dir = mkdtempSync(join(tmpdir(), 'ecs-bridge-import-trigger-'));
    const imported = await runCli([
      'import',
      '--rule',
      ruleName,
      '--schedule',
      scheduleName,
      '-n',
      ns,
      '--out',
      dir,
      '--instance-id',
      'default',
    ]);
    expect(imported.code, `${imported.stdout}\n${imported.stderr}`).toBe(0);
    expect(imported.stderr).toContain('checked: planning the 2 imported object(s) finds nothing to change');
    const mark = await proxyMark();
    await kubectl(['apply', '-f', dir]);
    for (const name of [ruleName, scheduleName])
      await waitForResource('ecstasktriggers', ns, name, (r) => condition(r, 'Ready')?.status === 'True', {
        what: `the imported trigger ${name} to be Ready`,
        timeoutMs: 60_000,
      });
    // Scheduler is REST-JSON: the proxy names none of its actions (`unknown`); its reads (GET) carry
    // no body, its creates and updates do.
    const writesAfter = async (from: number): Promise<string[]> =>
      (await callsAfter(from))
        .filter(
          (c) =>
            (c.service === 'events' && !isReadAction(c.action)) ||
            (c.service === 'scheduler' && c.params !== undefined),
        )
        .map((c) => `${c.service} ${c.action} ${JSON.stringify(c.params)}`);
    expect(await writesAfter(mark)).toEqual([]);
    // The objects are Retain: deleting them leaves the rule and the schedule made by hand.
    await kubectl(['delete', 'ecstasktrigger', ruleName, scheduleName, '-n', ns]);
    expect(await writesAfter(mark)).toEqual([]);
    const after = { events: new EventBridgeClient(direct), scheduler: new SchedulerClient(direct) };
    try {
      const targets = await after.events.send(new ListTargetsByRuleCommand({ Rule: ruleName }));
      expect(targets.Targets?.map((t) => t.Id)).toEqual(['thumbnail']);
      const schedule = await after.scheduler.send(new GetScheduleCommand({ Name: scheduleName }));
      expect(schedule.State).toBe('ENABLED');
    } finally {
      after.events.destroy();
      after.scheduler.destroy();
    }
  });
});
