/**
 * `ecs-bridge import` on services that exist before ecs-bridge does: scenarios 1 (Fargate, no load
 * balancer), 2 (EC2 behind an ALB) and 4 (autoscaling on CPU, memory and ALB requests), plus a
 * service whose policy another tool named, all created straight in the emulator. The generated
 * manifests (an EcsCluster with adopt: true per cluster, an EcsTaskDefinition with adopt: true per
 * family, an EcsService with adopt: true per service, referencing both) plan to no change, and applying them under a running operator makes every
 * object Ready with zero AWS writes: no RegisterTaskDefinition, no CreateService or UpdateService, no
 * TagResource, no autoscaling call (ADR 0007). `status` then shows them. The first real change after
 * that registers one revision and makes one UpdateService, with the ownership tags going on the
 * service just before it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
  type PutScalingPolicyCommandInput,
} from '@aws-sdk/client-application-auto-scaling';
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type CreateServiceCommandInput,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TAG_KEYS } from '../../src/resources/api-group.js';
import {
  createAlbWithTargetGroup,
  createCluster,
  createNetwork,
  type Network,
} from '../support/aws-fixtures.js';
import { resourceLabelByHand, scalingInMoto } from '../support/autoscaling.js';
import { callsAfter, isReadAction, proxyMark, runCli, startCli } from '../support/cli.js';
import { installCrds, kubectl } from '../support/crds.js';
import { paramsOf } from '../support/autoscaling.js';
import { waitForReady, waitForResource } from '../support/manifests.js';
import { waitFor } from '../world/wait.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { awsClients, freshNamespace, worldControl } from '../support/world-client.js';

const SERVICES = ['httpd', 'api', 'catalog', 'worker'] as const;

async function registerTaskDefinition(input: RegisterTaskDefinitionCommandInput): Promise<string> {
  const { ecs } = awsClients('moto');
  const out = await ecs.send(new RegisterTaskDefinitionCommand(input));
  ecs.destroy();
  return out.taskDefinition?.taskDefinitionArn ?? '';
}

async function createService(input: CreateServiceCommandInput): Promise<void> {
  const { ecs } = awsClients('moto');
  await ecs.send(new CreateServiceCommand(input));
  ecs.destroy();
}

async function scale(
  resourceId: string,
  min: number,
  max: number,
  policies: Omit<PutScalingPolicyCommandInput, 'ServiceNamespace' | 'ResourceId' | 'ScalableDimension'>[],
): Promise<void> {
  const { autoscaling } = awsClients('moto');
  const target = {
    ServiceNamespace: 'ecs',
    ResourceId: resourceId,
    ScalableDimension: 'ecs:service:DesiredCount',
  } as const;
  await autoscaling.send(
    new RegisterScalableTargetCommand({ ...target, MinCapacity: min, MaxCapacity: max }),
  );
  for (const p of policies) await autoscaling.send(new PutScalingPolicyCommand({ ...target, ...p }));
  autoscaling.destroy();
}

function tracking(name: string, metric: string, target: number, extra: Record<string, unknown> = {}) {
  return {
    PolicyName: name,
    PolicyType: 'TargetTrackingScaling' as const,
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: target,
      PredefinedMetricSpecification: {
        PredefinedMetricType: metric as 'ECSServiceAverageCPUUtilization',
        ...extra,
      },
      ScaleOutCooldown: 60,
      ScaleInCooldown: 300,
    },
  };
}

async function taskDefinitionsOf(family: string): Promise<string[]> {
  const { ecs } = awsClients('moto');
  const out = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family }));
  ecs.destroy();
  return out.taskDefinitionArns ?? [];
}

async function runningRevision(cluster: string, service: string): Promise<string | undefined> {
  const { ecs } = awsClients('moto');
  const out = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  ecs.destroy();
  return out.services?.[0]?.taskDefinition;
}

describe('ecs-bridge import: existing services adopted with zero AWS writes', () => {
  let namespace: string;
  /** For --task-definition-arn, watched by the same operator from the start. */
  let managedNamespace: string;
  let operator: OperatorProcess | undefined;
  const out = mkdtempSync(join(tmpdir(), 'ecs-bridge-import-'));
  const revisions: Record<string, string> = {};
  let network: Network;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    namespace = await freshNamespace('import');
    managedNamespace = await freshNamespace('import-td');
    network = await createNetwork(41);
    await createCluster('demo-fargate');
    await createCluster('demo-ec2');

    // Scenario 1: the Fargate sample app, no load balancer.
    revisions.httpd = await registerTaskDefinition({
      family: 'sample-fargate',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: 'httpd:2.4', portMappings: [{ containerPort: 80 }] }],
    });
    await createService({
      cluster: 'demo-fargate',
      serviceName: 'httpd',
      taskDefinition: revisions.httpd,
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: [...network.subnetIds],
          securityGroups: [network.securityGroupId],
          assignPublicIp: 'ENABLED',
        },
      },
      tags: [{ key: 'team', value: 'web' }],
    });

    // Scenario 2: a monolith on EC2 behind an ALB, dynamic host ports.
    const api = await registerTaskDefinition({
      family: 'api',
      requiresCompatibilities: ['EC2'],
      networkMode: 'bridge',
      containerDefinitions: [
        {
          name: 'api',
          image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v1',
          cpu: 256,
          memory: 256,
          portMappings: [{ containerPort: 3000, hostPort: 0 }],
        },
      ],
    });
    revisions.api = api;
    revisions.catalog = api;
    revisions.worker = api;
    const apiLb = await createAlbWithTargetGroup({
      network,
      albName: 'api-alb',
      targetGroupName: 'api',
      targetType: 'instance',
    });
    await createService({
      cluster: 'demo-ec2',
      serviceName: 'api',
      taskDefinition: api,
      desiredCount: 1,
      launchType: 'EC2',
      loadBalancers: [{ targetGroupArn: apiLb.targetGroupArn, containerName: 'api', containerPort: 3000 }],
    });

    // Scenario 4: autoscaling on the three signals, policies named as ecs-bridge names them.
    const catalogLb = await createAlbWithTargetGroup({
      network,
      albName: 'catalog-alb',
      targetGroupName: 'catalog',
      targetType: 'instance',
    });
    await createService({
      cluster: 'demo-ec2',
      serviceName: 'catalog',
      taskDefinition: api,
      desiredCount: 2,
      launchType: 'EC2',
      loadBalancers: [
        { targetGroupArn: catalogLb.targetGroupArn, containerName: 'api', containerPort: 3000 },
      ],
    });
    await scale('service/demo-ec2/catalog', 2, 10, [
      tracking('ecs-bridge-cpu', 'ECSServiceAverageCPUUtilization', 60),
      tracking('ecs-bridge-memory', 'ECSServiceAverageMemoryUtilization', 70),
      tracking('ecs-bridge-alb-request-count', 'ALBRequestCountPerTarget', 1000, {
        ResourceLabel: resourceLabelByHand(catalogLb.loadBalancerArn, catalogLb.targetGroupArn),
      }),
    ]);

    // Scenario 4 as another tool left it: a policy under a name ecs-bridge does not manage.
    await createService({
      cluster: 'demo-ec2',
      serviceName: 'worker',
      taskDefinition: api,
      desiredCount: 3,
      launchType: 'EC2',
    });
    await scale('service/demo-ec2/worker', 1, 5, [
      tracking('cpu-target-tracking', 'ECSServiceAverageCPUUtilization', 50),
    ]);
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('writes adopting manifests, says what it cannot express, and only reads', async () => {
    const mark = await proxyMark();
    const fargate = await runCli([
      'import',
      '--cluster',
      'demo-fargate',
      '--all',
      '-n',
      namespace,
      '--out',
      out,
    ]);
    expect(fargate.code, fargate.stderr).toBe(0);
    const ec2 = await runCli(['import', '--cluster', 'demo-ec2', '--all', '-n', namespace, '--out', out]);
    expect(ec2.code, ec2.stderr).toBe(0);
    const calls = await callsAfter(mark);
    expect(calls.filter((c) => !isReadAction(c.action)).map((c) => c.action)).toEqual([]);

    // Three services and the one family they share, all adopted as they are.
    expect(ec2.stderr).toContain(
      'checked: planning the 5 imported object(s) finds nothing to change (5 to adopt as they are, with no write)',
    );
    expect(fargate.stderr).toContain('finds nothing to change (3 to adopt as they are, with no write)');
    const cluster = readFileSync(join(out, 'ecscluster-demo-ec2.yaml'), 'utf8');
    expect(cluster).toContain('kind: EcsCluster');
    expect(cluster).toMatch(/^ {2}adopt: true$/m);
    expect(cluster).toMatch(/^ {2}deletionPolicy: Retain$/m);
    const api = readFileSync(join(out, 'api.yaml'), 'utf8');
    expect(api).toContain('kind: EcsTaskDefinition');
    expect(api).toMatch(/^ {2}adopt: true$/m);
    const catalog = readFileSync(join(out, 'catalog.yaml'), 'utf8');
    expect(catalog).toContain('adopt: true');
    expect(catalog).toContain('taskDefinitionRef:\n    name: api');
    // The service names the EcsCluster written beside it, not the ECS cluster.
    expect(catalog).toContain('clusterRef:\n    name: demo-ec2');
    expect(catalog).not.toMatch(/^ {2}(cluster|region):/m);
    expect(catalog).not.toContain('kind: EcsTaskDefinition');
    expect(catalog).toMatch(/autoscaling:\n\s+minCapacity: 2\n\s+maxCapacity: 10\n/);
    for (const signal of ['cpu:', 'memory:', 'albRequestCountPerTarget:']) expect(catalog).toContain(signal);
    expect(catalog).not.toMatch(/^\s+desiredCount:/m);
    expect(catalog.indexOf('cpu:')).toBeLessThan(catalog.indexOf('albRequestCountPerTarget:'));
    // The policy another tool named is referenced by its name, without adopt: compared, never written
    // (ADR 0041).
    const worker = readFileSync(join(out, 'worker.yaml'), 'utf8');
    const workerSpec = (parse(worker) as { spec: { autoscaling?: Record<string, unknown> } }).spec;
    expect(workerSpec.autoscaling).toEqual({
      minCapacity: 1,
      maxCapacity: 5,
      cpu: { targetValue: 50, scaleInCooldown: 300, scaleOutCooldown: 60, policyName: 'cpu-target-tracking' },
    });
    expect(worker).not.toMatch(/^\s+desiredCount:/m);
    expect(readFileSync(join(out, 'httpd.yaml'), 'utf8')).toContain('desiredCount: 1');
  });

  it('plans the imported manifests to no change (exit 0)', async () => {
    const run = await runCli(['plan', '-f', out]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    for (const s of SERVICES)
      expect(run.stdout).toContain(`~ EcsService ${namespace}/${s} will be adopted as it is (no write)`);
    for (const td of ['api', 'sample-fargate'])
      expect(run.stdout).toContain(
        `~ EcsTaskDefinition ${namespace}/${td} will be adopted as it is (no write)`,
      );
    for (const c of ['demo-ec2', 'demo-fargate'])
      expect(run.stdout).toContain(`~ EcsCluster ${namespace}/${c} will be adopted as it is (no write)`);
    expect(run.stdout).toContain('No changes: AWS matches the manifests (adoption writes nothing).');
  });

  it('converges under the operator with no AWS write at all', async () => {
    const mark = await proxyMark();
    await kubectl(['apply', '-f', out]);
    operator = await startOperator({ args: [`--namespaces=${namespace},${managedNamespace}`] });
    const api = await waitForReady('ecstaskdefinitions', namespace, 'api', 120_000);
    expect(api.status?.taskDefinitionArn).toBe(revisions.api);
    const fargate = await waitForReady('ecstaskdefinitions', namespace, 'sample-fargate', 120_000);
    expect(fargate.status?.taskDefinitionArn).toBe(revisions.httpd);
    for (const c of ['demo-ec2', 'demo-fargate']) await waitForReady('ecsclusters', namespace, c, 120_000);
    for (const s of SERVICES) await waitForReady('ecsservices', namespace, s, 120_000);
    // Autoscaling is reconciled on the visit after adoption; wait until it has reported.
    await waitForResource(
      'ecsservices',
      namespace,
      'catalog',
      (r) => (r.status?.autoscaling as { minCapacity?: number } | undefined)?.minCapacity === 2,
      {
        timeoutMs: 60_000,
        what: 'to report its autoscaling',
      },
    );

    const writes = (await callsAfter(mark)).filter((c) => !isReadAction(c.action));
    expect(writes.map((c) => `${c.action} ${JSON.stringify(c.params)}`)).toEqual([]);
    // AWS as it was: the same revisions run, none was added, the policies are untouched.
    expect(await runningRevision('demo-fargate', 'httpd')).toBe(revisions.httpd);
    for (const s of ['api', 'catalog', 'worker'])
      expect(await runningRevision('demo-ec2', s)).toBe(revisions[s]);
    expect(await taskDefinitionsOf('api')).toHaveLength(1);
    expect(await taskDefinitionsOf('sample-fargate')).toHaveLength(1);
    expect((await scalingInMoto('service/demo-ec2/catalog')).policies.map((p) => p.PolicyName)).toEqual([
      'ecs-bridge-alb-request-count',
      'ecs-bridge-cpu',
      'ecs-bridge-memory',
    ]);
    expect((await scalingInMoto('service/demo-ec2/worker')).policies.map((p) => p.PolicyName)).toEqual([
      'cpu-target-tracking',
    ]);
  });

  it('plans them again to no change once they are managed, and status shows them', async () => {
    const run = await runCli(['plan', '-f', out]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('No changes: AWS matches the manifests');

    const status = await runCli(['status', '-n', namespace]);
    expect(status.code, status.stderr).toBe(0);
    const rows = status.stdout.split('\n').filter((l) => l.startsWith(namespace));
    // Two EcsClusters, four EcsServices and the two EcsTaskDefinitions they reference.
    expect(rows).toHaveLength(8);
    for (const row of rows) expect(row).toMatch(/\sTrue\s/);
    expect(rows.find((r) => r.includes(' catalog '))).toContain('2-10 (2)');

    const watching = startCli(['status', '-n', namespace, '-w', '--interval', '1']);
    await waitFor(
      () => ((watching.stdout().match(/Every 1s: ecs-bridge status/g) ?? []).length >= 2 ? true : undefined),
      {
        timeoutMs: 30_000,
        what: 'two refreshes of status -w',
      },
    );
    expect(await watching.stop('SIGINT')).toBe(0);
    expect(watching.stdout()).toContain(' catalog ');
  });

  it('the first real change registers one revision and makes one UpdateService, tagging the service with it', async () => {
    const mark = await proxyMark();
    await kubectl([
      'patch',
      'ecstaskdefinition',
      'sample-fargate',
      '-n',
      namespace,
      '--type=json',
      '-p',
      JSON.stringify([{ op: 'replace', path: '/spec/containerDefinitions/0/image', value: 'httpd:2.4.62' }]),
    ]);
    const td = await waitForResource(
      'ecstaskdefinitions',
      namespace,
      'sample-fargate',
      (r) => r.status?.taskDefinitionArn !== undefined && r.status.taskDefinitionArn !== revisions.httpd,
      { timeoutMs: 90_000, what: 'to register its own revision' },
    );
    await waitForResource(
      'ecsservices',
      namespace,
      'httpd',
      (r) => r.status?.taskDefinitionArn === td.status?.taskDefinitionArn,
      { timeoutMs: 90_000, what: 'to move onto the new revision' },
    );
    await waitForReady('ecsservices', namespace, 'httpd', 90_000);
    const writes = (await callsAfter(mark)).filter((c) => !isReadAction(c.action));
    expect(writes.map((c) => c.action)).toEqual(['RegisterTaskDefinition', 'TagResource', 'UpdateService']);
    const tagKeys = ((paramsOf(writes[1]!).tags ?? []) as { key: string }[]).map((t) => t.key).sort();
    expect(tagKeys).toEqual(expect.arrayContaining([TAG_KEYS.instance, TAG_KEYS.owner]));
    // The adopted revision is left as it was: ACTIVE, untagged, never collected.
    expect(await taskDefinitionsOf('sample-fargate')).toEqual(expect.arrayContaining([revisions.httpd]));
  });

  it('with --task-definition-arn, names the revision by ARN and still writes nothing', async () => {
    await createService({
      cluster: 'demo-fargate',
      serviceName: 'httpd-v2',
      taskDefinition: revisions.httpd,
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: [...network.subnetIds],
          securityGroups: [network.securityGroupId],
          assignPublicIp: 'ENABLED',
        },
      },
    });
    const dir = mkdtempSync(join(tmpdir(), 'ecs-bridge-import-arn-'));
    const run = await runCli([
      'import',
      '--cluster',
      'demo-fargate',
      '--service',
      'httpd-v2',
      '--task-definition-arn',
      '-n',
      managedNamespace,
      '--out',
      dir,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const manifest = readFileSync(join(dir, 'httpd-v2.yaml'), 'utf8');
    expect(manifest).toContain(`taskDefinition: ${revisions.httpd}`);
    expect(manifest).not.toContain('kind: EcsTaskDefinition');

    const mark = await proxyMark();
    await kubectl(['apply', '-f', dir]);
    await waitForReady('ecsservices', managedNamespace, 'httpd-v2', 90_000);
    const writes = (await callsAfter(mark)).filter((c) => !isReadAction(c.action)).map((c) => c.action);
    expect(writes).toEqual([]);
    const after = await runCli(['plan', '-f', dir]);
    expect(after.code, after.stdout).toBe(0);
  });
});
