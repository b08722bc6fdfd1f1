/**
 * `ecs-bridge plan` as people run it, against the world's AWS with no operator and no usable
 * Kubernetes cluster: exit code 2 and a readable diff for objects to create and to update, 0 when AWS
 * matches, 1 for conflicts and AWS errors; the JSON output for CI; and never a single AWS write
 * (every call a plan makes, counted at the proxy, is a Describe or a List).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateServiceCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_GROUP_VERSION, TAG_KEYS } from '../../src/resources/api-group.js';
import { desiredTaskDefinition, registerInput } from '../../src/resources/task-definition/desired.js';
import type { EcsTaskDefinition } from '../../src/resources/task-definition/types.js';
import { createCluster, createNetwork, type Network } from '../support/aws-fixtures.js';
import { callsAfter, isReadAction, proxyMark, runCli, type CliRun } from '../support/cli.js';
import { awsClients, worldControl } from '../support/world-client.js';

const NS = 'plan-test';
const CLUSTER = 'plan-demo';

function taskDefinition(name: string, image: string): EcsTaskDefinition {
  return {
    apiVersion: API_GROUP_VERSION,
    kind: 'EcsTaskDefinition',
    metadata: { name, namespace: NS },
    spec: {
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image, portMappings: [{ containerPort: 80 }] }],
    },
  };
}

function service(name: string, network: Network, fields: Record<string, unknown> = {}): object {
  return {
    apiVersion: API_GROUP_VERSION,
    kind: 'EcsService',
    metadata: { name, namespace: NS },
    spec: {
      cluster: CLUSTER,
      taskDefinitionRef: { name },
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: [...network.subnetIds],
          securityGroups: [network.securityGroupId],
          assignPublicIp: 'ENABLED',
        },
      },
      ...fields,
    },
  };
}

function writeManifests(...objects: object[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-bridge-plan-'));
  writeFileSync(join(dir, 'objects.yaml'), objects.map((o) => stringify(o)).join('---\n'));
  return dir;
}

/** Runs plan (with a kubeconfig that does not exist: no cluster needed) and checks it only read. */
async function plan(dir: string, ...extra: string[]): Promise<CliRun> {
  const mark = await proxyMark();
  const run = await runCli(['plan', '-f', dir, ...extra], { env: { KUBECONFIG: '/nonexistent/kubeconfig' } });
  const calls = await callsAfter(mark);
  expect(calls.length, 'the plan read AWS').toBeGreaterThan(0);
  expect(calls.filter((c) => !isReadAction(c.action)).map((c) => c.action)).toEqual([]);
  return run;
}

/** Puts into AWS exactly what the operator would have made for these objects. */
async function createAsTheOperatorWould(network: Network, name: string, image: string): Promise<void> {
  const { ecs } = awsClients('moto');
  const td = await ecs.send(
    new RegisterTaskDefinitionCommand(
      registerInput(desiredTaskDefinition(taskDefinition(name, image), 'default')),
    ),
  );
  await ecs.send(
    new CreateServiceCommand({
      cluster: CLUSTER,
      serviceName: name,
      taskDefinition: td.taskDefinition?.taskDefinitionArn,
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: [...network.subnetIds],
          securityGroups: [network.securityGroupId],
          assignPublicIp: 'ENABLED',
        },
      },
      tags: [
        { key: TAG_KEYS.owner, value: `${NS}/${name}` },
        { key: TAG_KEYS.instance, value: 'default' },
      ],
    }),
  );
  ecs.destroy();
}

describe('ecs-bridge plan', () => {
  let network: Network;

  beforeAll(async () => {
    await worldControl('reset-aws');
    network = await createNetwork(31);
    await createCluster(CLUSTER);
    await createAsTheOperatorWould(network, 'steady', 'httpd:2.4');
    await createAsTheOperatorWould(network, 'moving', 'httpd:2.4');
  });

  it('shows objects to create and exits 2', async () => {
    const run = await plan(writeManifests(taskDefinition('fresh', 'httpd:2.4'), service('fresh', network)));
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toContain('+ EcsTaskDefinition plan-test/fresh will be created');
    expect(run.stdout).toContain('+ RegisterTaskDefinition: register fresh:<next>');
    expect(run.stdout).toContain('+ EcsService plan-test/fresh will be created');
    expect(run.stdout).toContain('+ taskDefinition: "fresh:<next>"');
    expect(run.stdout).toContain('Plan: 2 to create');
  });

  it('finds nothing to change when AWS matches, and exits 0', async () => {
    const run = await plan(writeManifests(taskDefinition('steady', 'httpd:2.4'), service('steady', network)));
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain(
      '= EcsTaskDefinition plan-test/steady no changes (steady:1 matches the spec',
    );
    expect(run.stdout).toContain('= EcsService plan-test/steady no changes');
    expect(run.stdout).toContain('No changes: AWS matches the manifests.');
  });

  it('shows old → new values for what differs, and exits 2', async () => {
    const run = await plan(
      writeManifests(taskDefinition('moving', 'httpd:2.5'), service('moving', network, { desiredCount: 3 })),
    );
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toContain('~ EcsTaskDefinition plan-test/moving will register a new revision');
    expect(run.stdout).toContain('containerDefinitions[app].image: "httpd:2.4" → "httpd:2.5"');
    expect(run.stdout).toContain('~ EcsService plan-test/moving will be updated');
    expect(run.stdout).toContain('~ UpdateService: update in place (starts a new deployment)');
    expect(run.stdout).toContain('taskDefinition: "moving:1" → "moving:<next>"');
    expect(run.stdout).toContain('desiredCount: 1 → 3');
  });

  it('prints the same plan as JSON for CI', async () => {
    const run = await plan(
      writeManifests(taskDefinition('steady', 'httpd:2.4'), service('steady', network, { desiredCount: 2 })),
      '--output',
      'json',
    );
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as {
      exitCode: number;
      changes: boolean;
      objects: { name: string; verdict: string; operations: { changes: unknown[] }[] }[];
    };
    expect(report).toMatchObject({ exitCode: 2, changes: true });
    expect(report.objects.map((o) => `${o.name}:${o.verdict}`)).toEqual(['steady:nothing', 'steady:update']);
    expect(report.objects[1]?.operations[0]?.changes).toEqual([
      { path: 'desiredCount', before: 1, after: 2 },
    ]);
  });

  it('exits 1 on a conflict, a refusal or a missing cluster, with the reason and the fix', async () => {
    const { ecs } = awsClients('moto');
    const td = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'someone-elses',
        containerDefinitions: [{ name: 'a', image: 'b', memory: 128 }],
      }),
    );
    await ecs.send(
      new CreateServiceCommand({
        cluster: CLUSTER,
        serviceName: 'unowned',
        taskDefinition: td.taskDefinition?.taskDefinitionArn,
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: [...network.subnetIds], securityGroups: [network.securityGroupId] },
        },
      }),
    );
    ecs.destroy();
    const run = await plan(
      writeManifests(
        service('unowned', network, { taskDefinitionRef: undefined, taskDefinition: 'someone-elses:1' }),
        service('steady', network, { launchType: 'EC2' }),
        service('elsewhere', network, {
          cluster: 'no-such-cluster',
          taskDefinitionRef: undefined,
          taskDefinition: 'x:1',
        }),
        taskDefinition('steady', 'httpd:2.4'),
      ),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('! EcsService plan-test/unowned conflict');
    expect(run.stdout).toContain('Set spec.adopt: true to adopt it');
    expect(run.stdout).toContain('! EcsService plan-test/steady refused');
    expect(run.stdout).toContain('has launchType FARGATE but the spec says EC2');
    expect(run.stdout).toContain('ECS cluster no-such-cluster not found in us-east-1; fix:');
  });

  it('explains bad command lines and manifests without calling AWS', async () => {
    const mark = await proxyMark();
    const noFiles = await runCli(['plan']);
    expect(noFiles).toMatchObject({ code: 1 });
    expect(noFiles.stderr).toContain('give the manifests with -f');
    const missing = await runCli(['plan', '-f', '/no/such/dir']);
    expect(missing.stderr).toContain('/no/such/dir: no such file or folder');
    const help = await runCli(['plan', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    expect(await callsAfter(mark)).toEqual([]);
  });
});
