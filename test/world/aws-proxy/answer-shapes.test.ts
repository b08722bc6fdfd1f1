import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  DescribeScalingPoliciesCommand,
  ListTagsForResourceCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-application-auto-scaling';
import {
  CreateClusterCommand,
  ContinueServiceDeploymentCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopServiceDeploymentCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { EC2Client, ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/shared/testing/fake-clock.js';
import { errorProblems, loadAnswerModel, shapeProblems } from '../../ecs-model/validate-shape.js';
import { startMoto, type MotoServer } from '../moto.js';
import { createNetworkWith } from '../network-fixture.js';
import { startAwsProxy, type AwsProxy } from './server.js';

// Every answer the proxy makes to the operator, held to the AWS model the SDK clients are
// generated from (answer-shapes.json, itself held to the SDK's schemas by answer-shapes-sdk.test.ts).
// The proxy runs in front of a real moto, as in the world, on a fake clock; the SDK clients send
// through a transport that keeps each raw JSON answer, so the check sees the bytes, not what the
// SDK made of them (it drops members it does not know). Every operation the proxy answers itself
// or rewrites is driven through its states: the rollout simulator's strategies, stages, hooks,
// failures and rollbacks, the service deployment APIs, task lifecycles, predictive scaling
// policies, the fields it keeps that moto drops, and the errors it makes.

const ROLLOUT_MS = 1000;
const ACCOUNT = '123456789012';
const HOOK = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:check`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ecs-hooks`;
const TARGETS: Readonly<Record<string, string>> = {
  AmazonEC2ContainerServiceV20141113: 'ecs',
  AnyScaleFrontendService: 'application-autoscaling',
};

interface RawAnswer {
  readonly service: string;
  readonly action: string;
  readonly status: number;
  readonly text: string;
}

/** An SDK transport over fetch that keeps every raw answer (the SDK reads a copy). */
function recordingTransport(answers: RawAnswer[]) {
  return {
    async handle(request: {
      protocol: string;
      hostname: string;
      port?: number;
      path: string;
      method: string;
      headers: Record<string, string>;
      body?: unknown;
    }) {
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(
          ([k]) => !['host', 'content-length'].includes(k.toLowerCase()),
        ),
      );
      const target = Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
      const [prefix = '', action = ''] = (target ?? '').split('.');
      const url = `${request.protocol}//${request.hostname}:${String(request.port)}${request.path}`;
      const res = await fetch(url, {
        method: request.method,
        headers,
        // The SDK's serialized body: a string or bytes.
        ...(request.body === undefined ? {} : { body: request.body as NonNullable<RequestInit['body']> }),
      });
      const bytes = new Uint8Array(await res.arrayBuffer());
      answers.push({
        service: TARGETS[prefix] ?? prefix,
        action,
        status: res.status,
        text: Buffer.from(bytes).toString('utf8'),
      });
      const responseHeaders: Record<string, string> = {};
      res.headers.forEach((value, key) => (responseHeaders[key] = value));
      return { response: { statusCode: res.status, headers: responseHeaders, body: bytes } };
    },
    destroy() {},
  };
}

/** The strings of the README's "Messages and reasons" table, as patterns (`<...>` is any text). */
function documentedMessages(): { text: string; pattern: RegExp }[] {
  const readme = readFileSync(fileURLToPath(new URL('./README.md', import.meta.url)), 'utf8');
  const section = readme.slice(readme.indexOf('## Messages and reasons'), readme.indexOf('## Tests'));
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map(([, text = '']) => ({
    text,
    pattern: new RegExp(
      `^${text
        .split(/<[^>]+>/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.+')}$`,
    ),
  }));
}

/** Every message or reason string in a JSON answer, with the member it came in. */
function messagesIn(value: unknown, key = ''): { key: string; text: string }[] {
  if (Array.isArray(value)) return value.flatMap((v) => messagesIn(v, key));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => messagesIn(v, k));
  return typeof value === 'string' && /^(message|Message|reason|\w+Reason)$/.test(key)
    ? [{ key, text: value }]
    : [];
}

describe('every answer the proxy makes fits the AWS model of its operation', () => {
  const model = loadAnswerModel();
  const clock = new FakeClock();
  const answers: RawAnswer[] = [];
  let dir: string;
  let moto: MotoServer | undefined;
  let proxy: AwsProxy | undefined;
  let ecs: ECSClient;
  let scaling: ApplicationAutoScalingClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aws-proxy-shapes-'));
    moto = await startMoto({ dir });
    proxy = await startAwsProxy({
      upstream: moto.url,
      clock,
      rollouts: { rolloutMs: ROLLOUT_MS, drainMs: 500 },
      taskLifecycles: { enabled: true },
    });
    const config = {
      region: 'us-east-1',
      endpoint: proxy.url,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
      requestHandler: recordingTransport(answers),
    };
    ecs = new ECSClient(config);
    scaling = new ApplicationAutoScalingClient(config);
  }, 300_000);

  afterAll(async () => {
    ecs.destroy();
    scaling.destroy();
    await proxy?.close();
    await moto?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Problems of every answer recorded so far, each named by its call. */
  function problems(): string[] {
    return answers.flatMap((a, i) => {
      const service = model.services[a.service];
      const operation = service?.operations[a.action];
      if (service === undefined || operation === undefined) return [];
      const name = `#${i} ${a.service} ${a.action} ${a.status}`;
      let body: unknown;
      try {
        body = JSON.parse(a.text);
      } catch {
        return [`${name}: not JSON: ${a.text.slice(0, 80)}`];
      }
      const found =
        a.status < 300
          ? shapeProblems(service, operation.output, body)
          : errorProblems(service, a.action, a.status, body);
      return found.map((p) => `${name}: ${p}`);
    });
  }

  const serviceInput = (serviceName: string, extra: Partial<CreateServiceCommandInput> = {}) => ({
    cluster: 'shapes',
    serviceName,
    taskDefinition: 'web:1',
    desiredCount: 2,
    launchType: 'FARGATE' as const,
    ...extra,
  });

  /** Lets the rollout simulator's clock run through `ms`, describing the services at each step. */
  async function describeThrough(ms: number, services: string[]): Promise<void> {
    for (let t = 0; t < ms; t += ROLLOUT_MS / 10) {
      clock.advance(ROLLOUT_MS / 10);
      const described = await ecs.send(new DescribeServicesCommand({ cluster: 'shapes', services }));
      const revisions = (described.services ?? []).flatMap((x) =>
        (x.currentServiceRevisions ?? []).map((r) => r.arn ?? ''),
      );
      if (revisions.length > 0)
        await ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: revisions.slice(0, 20) }));
      for (const service of services) {
        const list = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'shapes', service }));
        const arns = (list.serviceDeployments ?? []).map((d) => d.serviceDeploymentArn ?? '');
        if (arns.length > 0)
          await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: arns.slice(0, 20) }));
      }
    }
  }

  it('ECS services: every strategy stage by stage, hooks, failures, rollbacks, deletes', async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: 'shapes' }));
    for (const image of ['nginx:1', 'nginx:2'])
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'web',
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu: '256',
          memory: '512',
          // moto's RunTask adds up each container's memory: it fails without one.
          containerDefinitions: [
            { name: 'web', image, memory: 256, portMappings: [{ containerPort: 80, hostPort: 0 }] },
          ],
        }),
      );
    await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:2' }));

    // ROLLING, with the fields moto drops on CreateService (kept by the proxy).
    await ecs.send(
      new CreateServiceCommand(
        serviceInput('rolling', {
          deploymentConfiguration: {
            maximumPercent: 200,
            minimumHealthyPercent: 50,
            deploymentCircuitBreaker: { enable: true, rollback: true },
          },
          placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
          healthCheckGracePeriodSeconds: 30,
          availabilityZoneRebalancing: 'ENABLED',
          // Members ECS reports only on service revisions.
          gatewayConnectors: [{ portName: 'web', deregistrationDelay: { timeoutSeconds: 30 } }],
          monitoring: { metricConfigurations: [{ metricNames: ['CPUUtilization'], resolutionSeconds: 20 }] },
        }),
      ),
    );
    // BLUE_GREEN with a bake and a lifecycle hook that first holds, then passes.
    await proxy!.control.answerHooks({
      serviceName: 'blue',
      hookTargetArn: HOOK,
      lifecycleStage: 'POST_SCALE_UP',
      hookStatus: 'IN_PROGRESS',
    });
    await ecs.send(
      new CreateServiceCommand(
        serviceInput('blue', {
          deploymentConfiguration: {
            strategy: 'BLUE_GREEN',
            bakeTimeInMinutes: 1,
            lifecycleHooks: [
              {
                hookTargetArn: HOOK,
                roleArn: ROLE,
                lifecycleStages: ['POST_SCALE_UP'],
                hookDetails: { check: 1 },
              },
            ],
          },
        }),
      ),
    );
    await ecs.send(
      new CreateServiceCommand(
        serviceInput('linear', {
          deploymentConfiguration: {
            strategy: 'LINEAR',
            bakeTimeInMinutes: 1,
            linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: 1 },
          },
        }),
      ),
    );
    await ecs.send(
      new CreateServiceCommand(
        serviceInput('canary', {
          deploymentConfiguration: {
            strategy: 'CANARY',
            bakeTimeInMinutes: 1,
            canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 1 },
          },
        }),
      ),
    );
    const all = ['rolling', 'blue', 'linear', 'canary'];
    await describeThrough(400, ['blue']);
    await proxy!.control.answerHooks({ serviceName: 'blue', hookTargetArn: HOOK, hookStatus: 'SUCCEEDED' });
    await describeThrough(2 * ROLLOUT_MS, all);
    for (const name of ['linear', 'canary']) await describeThrough(ROLLOUT_MS, [name]);

    // New deployments: one completes, one fails and rolls back, one fails with none, a hook fails.
    await proxy!.control.failNextRollout({ serviceName: 'linear', rollback: true });
    await proxy!.control.failNextRollout({ serviceName: 'canary', rollback: false });
    await proxy!.control.answerHooks({ serviceName: 'blue', hookTargetArn: HOOK, hookStatus: 'FAILED' });
    for (const name of all)
      await ecs.send(new UpdateServiceCommand({ cluster: 'shapes', service: name, taskDefinition: 'web:2' }));
    await ecs.send(new UpdateServiceCommand({ cluster: 'shapes', service: 'rolling', desiredCount: 3 }));
    for (const name of all) await describeThrough(3 * ROLLOUT_MS, [name]);
    // A rolling update the circuit breaker rolls back: the rollback deployment carries ECS's reason.
    await proxy!.control.failNextRollout({ serviceName: 'rolling', rollback: true });
    await ecs.send(
      new UpdateServiceCommand({ cluster: 'shapes', service: 'rolling', taskDefinition: 'web:1' }),
    );
    await describeThrough(3 * ROLLOUT_MS, ['rolling']);
    await ecs.send(
      new ListServiceDeploymentsCommand({
        cluster: 'shapes',
        service: 'linear',
        status: ['ROLLBACK_SUCCESSFUL'],
      }),
    );
    await ecs.send(
      new DescribeServiceDeploymentsCommand({
        serviceDeploymentArns: [`arn:aws:ecs:us-east-1:${ACCOUNT}:service-deployment/shapes/gone/1`],
      }),
    );
    // A monitoring change starts a deployment with its own revision; an unknown revision is MISSING.
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'shapes',
        service: 'rolling',
        monitoring: { metricConfigurations: [{ metricNames: ['MemoryUtilization'], resolutionSeconds: 60 }] },
      }),
    );
    await describeThrough(ROLLOUT_MS, ['rolling']);
    await ecs.send(
      new DescribeServiceRevisionsCommand({
        serviceRevisionArns: [`arn:aws:ecs:us-east-1:${ACCOUNT}:service-revision/shapes/gone/1`],
      }),
    );

    // Deletes: DRAINING, then INACTIVE.
    await ecs.send(new DeleteServiceCommand({ cluster: 'shapes', service: 'canary', force: true }));
    await ecs.send(new DescribeServicesCommand({ cluster: 'shapes', services: ['canary'] }));
    clock.advance(ROLLOUT_MS);
    await ecs.send(new DescribeServicesCommand({ cluster: 'shapes', services: ['canary', 'missing'] }));

    // The states were reached, so their answers were checked.
    const deployments = answers
      .filter((a) => a.action === 'DescribeServiceDeployments' && a.status === 200)
      .flatMap(
        (a) => (JSON.parse(a.text) as { serviceDeployments: Record<string, unknown>[] }).serviceDeployments,
      );
    const statuses = new Set(deployments.map((d) => d['status']));
    const stages = new Set(deployments.map((d) => d['lifecycleStage']));
    for (const status of ['IN_PROGRESS', 'SUCCESSFUL', 'ROLLBACK_SUCCESSFUL', 'STOPPED'])
      expect(statuses).toContain(status);
    for (const stage of ['SCALE_UP', 'POST_SCALE_UP', 'PRODUCTION_TRAFFIC_SHIFT', 'BAKE_TIME', 'CLEAN_UP'])
      expect(stages).toContain(stage);
    expect(deployments.some((d) => d['lifecycleHookDetails'] !== undefined)).toBe(true);
    expect(deployments.some((d) => d['rollback'] !== undefined)).toBe(true);
    const serviceStates = answers
      .filter((a) => a.action === 'DescribeServices' && a.status === 200)
      .flatMap(
        (a) =>
          (
            JSON.parse(a.text) as {
              services: { status: string; deployments?: { rolloutState?: string }[] }[];
            }
          ).services,
      );
    expect(new Set(serviceStates.map((x) => x.status))).toEqual(new Set(['ACTIVE', 'DRAINING', 'INACTIVE']));
    expect(new Set(serviceStates.flatMap((x) => (x.deployments ?? []).map((d) => d.rolloutState)))).toEqual(
      new Set(['IN_PROGRESS', 'COMPLETED', 'FAILED']),
    );

    const seen = new Set(answers.filter((a) => a.status < 300).map((a) => a.action));
    for (const action of [
      'CreateService',
      'UpdateService',
      'DeleteService',
      'DescribeServices',
      'ListServiceDeployments',
      'DescribeServiceDeployments',
      'DescribeServiceRevisions',
    ])
      expect(seen).toContain(action);
    const revisions = answers
      .filter((a) => a.action === 'DescribeServiceRevisions' && a.status === 200)
      .flatMap(
        (a) => (JSON.parse(a.text) as { serviceRevisions: Record<string, unknown>[] }).serviceRevisions,
      );
    expect(revisions.some((r) => r['gatewayConnectors'] !== undefined)).toBe(true);
    expect(revisions.some((r) => JSON.stringify(r['monitoring'] ?? null).includes('MemoryUtilization'))).toBe(
      true,
    );
    expect(problems()).toEqual([]);
  }, 120_000);

  it('service deployments: a PAUSE hook in AWAITING_ACTION, ContinueServiceDeployment, StopServiceDeployment', async () => {
    const deploymentConfiguration = {
      strategy: 'BLUE_GREEN' as const,
      lifecycleHooks: [{ targetType: 'PAUSE' as const, lifecycleStages: ['POST_SCALE_UP' as const] }],
    };
    await ecs.send(new CreateServiceCommand(serviceInput('paused', { deploymentConfiguration })));
    await describeThrough(ROLLOUT_MS, ['paused']);
    const newest = async () => {
      const list = await ecs.send(
        new ListServiceDeploymentsCommand({ cluster: 'shapes', service: 'paused' }),
      );
      const arn = list.serviceDeployments?.[0]?.serviceDeploymentArn ?? '';
      const described = await ecs.send(
        new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
      );
      return { arn, deployment: described.serviceDeployments?.[0] };
    };
    const first = await newest();
    const hook = first.deployment?.lifecycleHookDetails?.[0];
    expect(hook).toMatchObject({ targetType: 'PAUSE', status: 'AWAITING_ACTION' });
    const hookId = hook?.hookId ?? '';
    const gone = `arn:aws:ecs:us-east-1:${ACCOUNT}:service-deployment/shapes/gone/1`;
    await expect(
      ecs.send(
        new ContinueServiceDeploymentCommand({ serviceDeploymentArn: first.arn, hookId: 'ecs-pause-x' }),
      ),
    ).rejects.toThrow(/AWAITING_ACTION/);
    await expect(
      ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: gone, hookId })),
    ).rejects.toThrow(/doesn't exist/);
    await ecs.send(
      new ContinueServiceDeploymentCommand({ serviceDeploymentArn: first.arn, hookId, action: 'CONTINUE' }),
    );
    await describeThrough(2 * ROLLOUT_MS, ['paused']);
    expect((await newest()).deployment?.status).toBe('SUCCESSFUL');
    // A second deployment paused, then rolled back by ContinueServiceDeployment ROLLBACK.
    await ecs.send(
      new UpdateServiceCommand({ cluster: 'shapes', service: 'paused', taskDefinition: 'web:2' }),
    );
    await describeThrough(ROLLOUT_MS, ['paused']);
    const second = await newest();
    await ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: second.arn,
        hookId: second.deployment?.lifecycleHookDetails?.[0]?.hookId ?? '',
        action: 'ROLLBACK',
      }),
    );
    await describeThrough(2 * ROLLOUT_MS, ['paused']);
    expect((await newest()).deployment?.status).toBe('ROLLBACK_SUCCESSFUL');
    // StopServiceDeployment: an unknown ARN, and a deployment that is over.
    await expect(
      ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: gone })),
    ).rejects.toThrow();
    await expect(
      ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: second.arn, stopType: 'ROLLBACK' })),
    ).rejects.toThrow();
    const seen = new Set(answers.filter((a) => a.status < 300).map((a) => a.action));
    expect(seen).toContain('ContinueServiceDeployment');
    expect(problems()).toEqual([]);
  }, 120_000);

  it('ECS tasks: run (and the same client token again), describe through the lifecycle, list, stop', async () => {
    // moto gives FARGATE tasks network interfaces in EC2 subnets it knows, and names them only
    // in a VPC with DNS hostnames (without, its RunTask fails).
    const ec2 = new EC2Client({
      region: 'us-east-1',
      endpoint: proxy!.url,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    });
    const network = await createNetworkWith(ec2, 'us-east-1', 1);
    await ec2.send(
      new ModifyVpcAttributeCommand({ VpcId: network.vpcId, EnableDnsHostnames: { Value: true } }),
    );
    ec2.destroy();
    const run = {
      cluster: 'shapes',
      taskDefinition: 'web:1',
      launchType: 'FARGATE' as const,
      count: 2,
      networkConfiguration: {
        awsvpcConfiguration: { subnets: [...network.subnetIds], securityGroups: [network.securityGroupId] },
      },
    };
    const ran = await ecs.send(new RunTaskCommand({ ...run, clientToken: 't1' }));
    await ecs.send(new RunTaskCommand({ ...run, clientToken: 't1' }));
    await expect(ecs.send(new RunTaskCommand({ ...run, count: 1, clientToken: 't1' }))).rejects.toMatchObject(
      { name: 'ConflictException' },
    );
    const arns = (ran.tasks ?? []).map((t) => t.taskArn ?? '');
    expect(arns).toHaveLength(2);
    for (let i = 0; i < 6; i++) {
      await ecs.send(new DescribeTasksCommand({ cluster: 'shapes', tasks: [...arns, 'missing'] }));
      await ecs.send(new ListTasksCommand({ cluster: 'shapes', desiredStatus: 'RUNNING' }));
      clock.advance(300); // PROVISIONING, PENDING, RUNNING, then STOPPED once the container exits
    }
    await ecs.send(new StopTaskCommand({ cluster: 'shapes', task: arns[0], reason: 'shapes test' }));
    await ecs.send(new StopTaskCommand({ cluster: 'shapes', task: arns[1] }));
    await ecs.send(new DescribeTasksCommand({ cluster: 'shapes', tasks: arns }));
    await ecs.send(new ListTasksCommand({ cluster: 'shapes', desiredStatus: 'STOPPED' }));

    const seen = new Set(answers.filter((a) => a.status < 300).map((a) => a.action));
    for (const action of ['RunTask', 'DescribeTasks', 'StopTask', 'ListTasks'])
      expect(seen).toContain(action);
    expect(problems()).toEqual([]);
  }, 60_000);

  it('Application Auto Scaling: predictive policies the proxy plays, beside moto’s own', async () => {
    const target = {
      ServiceNamespace: 'ecs' as const,
      ResourceId: 'service/shapes/rolling',
      ScalableDimension: 'ecs:service:DesiredCount' as const,
    };
    await expect(
      scaling.send(
        new PutScalingPolicyCommand({
          ...target,
          PolicyName: 'early',
          PolicyType: 'PredictiveScaling',
          PredictiveScalingPolicyConfiguration: {
            MetricSpecifications: [
              {
                TargetValue: 50,
                PredefinedMetricPairSpecification: { PredefinedMetricType: 'ECSServiceCPUUtilization' },
              },
            ],
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ObjectNotFoundException' });
    await scaling.send(new RegisterScalableTargetCommand({ ...target, MinCapacity: 1, MaxCapacity: 4 }));
    await scaling.send(
      new PutScalingPolicyCommand({
        ...target,
        PolicyName: 'cpu',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 50,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        },
      }),
    );
    await scaling.send(
      new PutScalingPolicyCommand({
        ...target,
        PolicyName: 'forecast',
        PolicyType: 'PredictiveScaling',
        PredictiveScalingPolicyConfiguration: {
          MetricSpecifications: [
            {
              TargetValue: 50,
              PredefinedMetricPairSpecification: { PredefinedMetricType: 'ECSServiceCPUUtilization' },
            },
          ],
          Mode: 'ForecastOnly',
          SchedulingBufferTime: 300,
        },
      }),
    );
    await scaling.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: target.ResourceId }),
    );
    await scaling.send(new DeleteScalingPolicyCommand({ ...target, PolicyName: 'forecast' }));
    await scaling.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', PolicyNames: ['forecast'] }),
    );
    await scaling.send(new DeregisterScalableTargetCommand(target));

    const seen = new Set(answers.filter((a) => a.service === 'application-autoscaling').map((a) => a.action));
    for (const action of [
      'PutScalingPolicy',
      'DescribeScalingPolicies',
      'DeleteScalingPolicy',
      'DeregisterScalableTarget',
    ])
      expect(seen).toContain(action);
    expect(problems()).toEqual([]);
  }, 60_000);

  it('Application Auto Scaling: scalable target tags the proxy plays', async () => {
    const target = {
      ServiceNamespace: 'ecs' as const,
      ResourceId: 'service/shapes/rolling',
      ScalableDimension: 'ecs:service:DesiredCount' as const,
    };
    const registered = await scaling.send(
      new RegisterScalableTargetCommand({ ...target, MinCapacity: 1, MaxCapacity: 4, Tags: { team: 'a' } }),
    );
    const arn = registered.ScalableTargetARN ?? '';
    expect(arn).toMatch(/:scalable-target\//);
    // A registration of the existing target leaves its tags alone; TagResource adds, UntagResource removes.
    await scaling.send(
      new RegisterScalableTargetCommand({ ...target, MinCapacity: 1, MaxCapacity: 5, Tags: { team: 'b' } }),
    );
    await scaling.send(new TagResourceCommand({ ResourceARN: arn, Tags: { env: 'prod' } }));
    await scaling.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['team'] }));
    const listed = await scaling.send(new ListTagsForResourceCommand({ ResourceARN: arn }));
    expect(listed.Tags).toEqual({ env: 'prod' });
    await scaling.send(new DeregisterScalableTargetCommand(target));
    await expect(scaling.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(
      scaling.send(new TagResourceCommand({ ResourceARN: arn, Tags: { env: 'prod' } })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    const seen = new Set(answers.filter((a) => a.service === 'application-autoscaling').map((a) => a.action));
    for (const action of ['RegisterScalableTarget', 'ListTagsForResource', 'TagResource', 'UntagResource'])
      expect(seen).toContain(action);
    expect(problems()).toEqual([]);
  }, 60_000);

  it('errors the proxy makes: throttling, injected server errors, a missing service', async () => {
    await proxy!.control.drainBuckets(['service-read']);
    await expect(
      ecs.send(new DescribeServicesCommand({ cluster: 'shapes', services: ['rolling'] })),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
    await proxy!.control.refillBuckets();
    for (const status of [500, 503]) {
      await proxy!.control.addRule({
        service: 'ecs',
        action: 'UpdateService',
        times: 1,
        fault: { kind: 'error', status },
      });
      await expect(
        ecs.send(new UpdateServiceCommand({ cluster: 'shapes', service: 'rolling', desiredCount: 1 })),
      ).rejects.toMatchObject({ $metadata: { httpStatusCode: status } });
      await proxy!.control.addRule({
        service: 'application-autoscaling',
        action: 'DescribeScalingPolicies',
        times: 1,
        fault: { kind: 'error', status },
      });
      await expect(
        scaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs' })),
      ).rejects.toMatchObject({ $metadata: { httpStatusCode: status } });
    }
    await proxy!.control.addRule({
      service: 'ecs',
      action: 'DescribeServices',
      times: 1,
      fault: { kind: 'throttle' },
    });
    await expect(
      ecs.send(new DescribeServicesCommand({ cluster: 'shapes', services: ['rolling'] })),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
    await expect(
      ecs.send(new ListServiceDeploymentsCommand({ cluster: 'shapes', service: 'nothing-here' })),
    ).rejects.toMatchObject({ name: 'ServiceNotFoundException' });

    const errors = answers.filter((a) => a.status >= 400);
    expect(errors.length).toBeGreaterThanOrEqual(8);
    expect(problems()).toEqual([]);
  });

  it('every message or reason string in those answers is in the README, with its source', () => {
    const documented = documentedMessages();
    expect(documented.length).toBeGreaterThan(10);
    const found = answers.flatMap((a) => {
      try {
        return messagesIn(JSON.parse(a.text) as unknown);
      } catch {
        return [];
      }
    });
    // The drive above produced each kind of string: events, reasons, error messages.
    const keys = new Set(found.map((f) => f.key));
    for (const key of ['message', 'Message', 'reason', 'statusReason', 'rolloutStateReason', 'stoppedReason'])
      expect(keys).toContain(key);
    const undocumented = [...new Set(found.map((f) => f.text))].filter(
      (text) => !documented.some((d) => d.pattern.test(text)),
    );
    expect(undocumented).toEqual([]);
  });
});
