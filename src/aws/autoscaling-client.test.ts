import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ecsServiceResourceId } from './autoscaling-api.js';
import { AUTOSCALING_CATEGORY_LIMITS, createAutoscalingApi } from './autoscaling-client.js';
import type { AwsCallOutcome } from './call-observer.js';
import type { AwsRateLimiter } from './rate-limiter.js';
import { clientTestOptions } from './testing/client-test-options.js';
import type { ObservedCall } from './testing/recording-call-observer.js';

const REGION = 'eu-west-1';
const ACCOUNT = '111111111111';
const TARGET = {
  ServiceNamespace: 'ecs',
  ResourceId: 'service/prod/web',
  ScalableDimension: 'ecs:service:DesiredCount',
} as const;

const target = (resourceId: string | undefined) => ({
  ...TARGET,
  ResourceId: resourceId,
  MinCapacity: 1,
  MaxCapacity: 4,
  RoleARN:
    'arn:aws:iam::111111111111:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService',
  CreationTime: new Date(0),
});

const policy = (name: string) => ({
  ...TARGET,
  PolicyName: name,
  PolicyARN: `arn:policy/${name}`,
  PolicyType: 'TargetTrackingScaling' as const,
  CreationTime: new Date(0),
});

const scheduled = (name: string) => ({
  ScheduledActionName: name,
  ScheduledActionARN: `arn:${name}`,
  ServiceNamespace: 'ecs' as const,
  Schedule: 'cron(0 8 * * ? *)',
  ResourceId: 'service/prod/web',
  ScalableDimension: 'ecs:service:DesiredCount' as const,
  CreationTime: new Date(0),
});

describe('createAutoscalingApi', () => {
  const client = new ApplicationAutoScalingClient({ region: REGION });
  const mock = mockClient(client);
  let limiter: AwsRateLimiter;
  let observed: ObservedCall[];
  let api: ReturnType<typeof createAutoscalingApi>;

  beforeEach(() => {
    mock.reset();
    const built = clientTestOptions(AUTOSCALING_CATEGORY_LIMITS, 1);
    ({ limiter, observed } = built);
    api = createAutoscalingApi({ client, ...built.options });
  });

  it('registers and deregisters a scalable target with one command each', async () => {
    mock.on(RegisterScalableTargetCommand).resolves({ ScalableTargetARN: 'arn:target' });
    mock.on(DeregisterScalableTargetCommand).resolves({});
    const register = { ...TARGET, MinCapacity: 1, MaxCapacity: 4 };
    expect(await api.registerScalableTarget(register)).toBe('arn:target');
    await api.deregisterScalableTarget(TARGET);
    expect(mock.commandCalls(RegisterScalableTargetCommand)[0]?.args[0].input).toEqual(register);
    expect(mock.commandCalls(DeregisterScalableTargetCommand)[0]?.args[0].input).toEqual(TARGET);
    expect(observed).toEqual([
      ['application-autoscaling', 'RegisterScalableTarget', 'success'],
      ['application-autoscaling', 'DeregisterScalableTarget', 'success'],
    ]);
  });

  it('describes ECS desired-count targets 50 ids per call, following NextToken', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `service/prod/s${i}`);
    mock
      .on(DescribeScalableTargetsCommand)
      .resolvesOnce({ ScalableTargets: [target(ids[0])], NextToken: 'n' })
      .resolvesOnce({ ScalableTargets: [target(ids[1])] })
      .resolvesOnce({ ScalableTargets: [target(ids[55])] });
    const targets = await api.describeScalableTargets(ids);
    expect(targets.map((t) => t.ResourceId)).toEqual([ids[0], ids[1], ids[55]]);
    const inputs = mock.commandCalls(DescribeScalableTargetsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => [i.ResourceIds?.length, i.NextToken])).toEqual([
      [50, undefined],
      [50, 'n'],
      [10, undefined],
    ]);
    expect(
      inputs.every((i) => i.ServiceNamespace === 'ecs' && i.ScalableDimension === 'ecs:service:DesiredCount'),
    ).toBe(true);
  });

  it('sends no DescribeScalableTargets for no ids', async () => {
    expect(await api.describeScalableTargets([])).toEqual([]);
    expect(mock.commandCalls(DescribeScalableTargetsCommand)).toHaveLength(0);
  });

  it('puts a policy and returns its ARN and alarms; deletes one', async () => {
    mock
      .on(PutScalingPolicyCommand)
      .resolves({ PolicyARN: 'arn:policy', Alarms: [{ AlarmName: 'a', AlarmARN: 'arn:a' }] });
    mock.on(DeleteScalingPolicyCommand).resolves({});
    const put = {
      ...TARGET,
      PolicyName: 'cpu',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 60,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      },
    } as const;
    expect(await api.putScalingPolicy(put)).toEqual({
      policyArn: 'arn:policy',
      alarms: [{ AlarmName: 'a', AlarmARN: 'arn:a' }],
    });
    await api.deleteScalingPolicy({ ...TARGET, PolicyName: 'cpu' });
    expect(mock.commandCalls(PutScalingPolicyCommand)[0]?.args[0].input).toEqual(put);
    expect(mock.commandCalls(DeleteScalingPolicyCommand)[0]?.args[0].input).toEqual({
      ...TARGET,
      PolicyName: 'cpu',
    });
  });

  it('describes one service’s policies across pages', async () => {
    mock
      .on(DescribeScalingPoliciesCommand)
      .resolvesOnce({ ScalingPolicies: [policy('cpu')], NextToken: 'n' })
      .resolvesOnce({ ScalingPolicies: [policy('mem')] });
    const policies = await api.describeScalingPolicies('service/prod/web');
    expect(policies.map((p) => p.PolicyName)).toEqual(['cpu', 'mem']);
    expect(mock.commandCalls(DescribeScalingPoliciesCommand).map((c) => c.args[0].input)).toEqual([
      { ...TARGET },
      { ...TARGET, NextToken: 'n' },
    ]);
  });

  it.each<[string, Error, AwsCallOutcome]>([
    ['throttled', Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }), 'throttled'],
    [
      'concurrent update',
      Object.assign(new Error('busy'), { name: 'ConcurrentUpdateException' }),
      'conflict',
    ],
    [
      'failed resource access',
      Object.assign(new Error('cw'), { name: 'FailedResourceAccessException' }),
      'transient',
    ],
  ])('passes a %s error through unchanged and records %s', async (_label, err, outcome) => {
    mock.on(PutScalingPolicyCommand).rejects(err);
    await expect(api.putScalingPolicy({ ...TARGET, PolicyName: 'cpu' })).rejects.toBe(err);
    expect(observed).toEqual([['application-autoscaling', 'PutScalingPolicy', outcome]]);
    const writes = limiter.bucket({
      account: ACCOUNT,
      region: REGION,
      category: 'application-autoscaling:write',
    });
    expect(writes.currentRatePerSecond).toBe(outcome === 'throttled' ? 5 : 10);
  });

  it.each([
    ['cluster and service names', 'prod', 'web'],
    [
      'ARNs',
      'arn:aws:ecs:eu-west-1:111111111111:cluster/prod',
      'arn:aws:ecs:eu-west-1:111111111111:service/prod/web',
    ],
  ])('builds the ECS resource id from %s', (_label, cluster, service) => {
    expect(ecsServiceResourceId(cluster, service)).toBe('service/prod/web');
  });

  it('lists every ECS scalable target of the namespace page by page, and stops at a token seen before', async () => {
    mock
      .on(DescribeScalableTargetsCommand, { NextToken: undefined })
      .resolves({ ScalableTargets: [target('service/prod/a')], NextToken: 't1' })
      .on(DescribeScalableTargetsCommand, { NextToken: 't1' })
      .resolves({ ScalableTargets: [target('service/prod/b')], NextToken: 't2' })
      .on(DescribeScalableTargetsCommand, { NextToken: 't2' })
      .resolves({ ScalableTargets: [target('service/prod/c')] });
    const all = await api.listScalableTargetsUpTo(10);
    expect(all.complete).toBe(true);
    expect(all.items.map((t) => t.ResourceId)).toEqual([
      'service/prod/a',
      'service/prod/b',
      'service/prod/c',
    ]);
    expect(mock.commandCalls(DescribeScalableTargetsCommand)[0]?.args[0].input).toMatchObject({
      ServiceNamespace: 'ecs',
      ScalableDimension: 'ecs:service:DesiredCount',
      MaxResults: 50,
    });
    expect((await api.listScalableTargetsUpTo(2)).complete).toBe(false);

    mock.reset();
    mock
      .on(DescribeScalableTargetsCommand, { NextToken: undefined })
      .resolves({ ScalableTargets: [target('service/prod/a')], NextToken: '49' })
      .on(DescribeScalableTargetsCommand, { NextToken: '49' })
      .resolves({ ScalableTargets: [target('service/prod/b')], NextToken: '49' });
    await expect(api.listScalableTargetsUpTo(100)).resolves.toMatchObject({ complete: false });
    expect(mock.commandCalls(DescribeScalableTargetsCommand)).toHaveLength(2);
  });

  /** A namespace listing of named items: its command, the member holding a page's items, its page size. */
  const namespaceListing = <M extends 'ScalingPolicies' | 'ScheduledActions'>(
    what: string,
    command: typeof DescribeScalingPoliciesCommand | typeof DescribeScheduledActionsCommand,
    member: M,
    item: (name: string) => { ScalableDimension?: string },
    perPage: number,
  ) => ({ what, command, member, item, perPage, list: (max: number) => api[`list${member}UpTo`](max) });

  /** Answers `command` with `pages` in turn, page n (from 0) asked with token `t<n>` and naming `t<n+1>`. */
  const answerPages = (
    command: typeof DescribeScalingPoliciesCommand | typeof DescribeScheduledActionsCommand,
    member: string,
    pages: readonly (readonly unknown[])[],
    lastToken?: string,
  ) => {
    pages.forEach((items, n) => {
      const next = n + 1 < pages.length ? `t${n + 1}` : lastToken;
      mock
        .on(command, { NextToken: n === 0 ? undefined : `t${n}` })
        .resolves({ [member]: items, ...(next === undefined ? {} : { NextToken: next }) });
    });
  };

  it.each([
    namespaceListing('scaling policy', DescribeScalingPoliciesCommand, 'ScalingPolicies', policy, 10),
    namespaceListing('scheduled action', DescribeScheduledActionsCommand, 'ScheduledActions', scheduled, 50),
  ])(
    'lists every ECS $what of the namespace $perPage a page, without a dimension filter, keeping the desired count ones',
    async ({ command, member, item, perPage, list }) => {
      const other = { ...item('other'), ScalableDimension: 'dynamodb:table:ReadCapacityUnits' };
      answerPages(command, member, [[item('a'), other], [item('b')]]);
      const all = await list(10);
      expect(all.complete).toBe(true);
      expect(all.items).toEqual([item('a'), item('b')]);
      const input = mock.commandCalls(command)[0]?.args[0].input;
      // A ScalableDimension filter needs a ResourceId; MaxResults is the API's maximum, sent explicitly.
      expect(input).toEqual({ ServiceNamespace: 'ecs', MaxResults: perPage });
      expect((await list(1)).complete).toBe(false);

      // A token seen before ends the listing, incomplete.
      mock.reset();
      answerPages(command, member, [[item('a')], [item('b')]], 't1');
      await expect(list(100)).resolves.toMatchObject({ complete: false });
      expect(mock.commandCalls(command)).toHaveLength(2);
    },
  );

  it("reads one service's scheduled actions with its dimension and resource filters", async () => {
    mock.on(DescribeScheduledActionsCommand).resolves({ ScheduledActions: [scheduled('a')] });
    await expect(api.describeScheduledActions('service/prod/web')).resolves.toHaveLength(1);
    expect(mock.commandCalls(DescribeScheduledActionsCommand)[0]?.args[0].input).toEqual({
      ServiceNamespace: 'ecs',
      ScalableDimension: 'ecs:service:DesiredCount',
      ResourceId: 'service/prod/web',
    });
  });
});
