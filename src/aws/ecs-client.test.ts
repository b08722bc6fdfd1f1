import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
  type ECSClientConfig,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AwsCallObserver, AwsCallOutcome, AwsServiceName } from './call-observer.js';
import { ECS_CATEGORY_LIMITS } from './ecs-categories.js';
import { createEcsApi, DeleteTaskDefinitionsError } from './ecs-client.js';
import { FakeClock, settle } from '../shared/testing/fake-clock.js';
import { AwsRateLimiter } from './rate-limiter.js';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const TD = (family: string, revision: number): string =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`;

interface Observed {
  service: AwsServiceName;
  operation: string;
  outcome: AwsCallOutcome;
  seconds: number;
}

function recorder(): AwsCallObserver & { calls: Observed[] } {
  const calls: Observed[] = [];
  return {
    calls,
    observeCall(service, operation, outcome, seconds) {
      calls.push({ service, operation, outcome, seconds });
    },
  };
}

const throttling = (): Error =>
  Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });

describe('createEcsApi', () => {
  const client = new ECSClient({ region: REGION });
  const mock = mockClient(client);
  let clock: FakeClock;
  let limiter: AwsRateLimiter;
  let observer: ReturnType<typeof recorder>;
  let ecs: ReturnType<typeof createEcsApi>;

  beforeEach(() => {
    mock.reset();
    clock = new FakeClock();
    limiter = new AwsRateLimiter({ limits: ECS_CATEGORY_LIMITS, budgetFraction: 1, clock });
    observer = recorder();
    ecs = createEcsApi({ client, rateLimiter: limiter, account: ACCOUNT, region: REGION, observer, clock });
  });

  /** An API whose `category` holds one token, refilled at `sustained` a second. */
  function tightApi(
    category: keyof typeof ECS_CATEGORY_LIMITS,
    sustained: number,
    options: Partial<Parameters<typeof createEcsApi>[0]> = {},
  ): ReturnType<typeof createEcsApi> {
    const rateLimiter = new AwsRateLimiter({
      limits: { ...ECS_CATEGORY_LIMITS, [category]: { burst: 1, sustained } },
      budgetFraction: 1,
      clock,
    });
    return createEcsApi({ client, rateLimiter, account: ACCOUNT, region: REGION, clock, ...options });
  }

  afterEach(() => {
    mock.reset();
  });

  it('registers a task definition with its tags and returns the revision and tags', async () => {
    mock.on(RegisterTaskDefinitionCommand).resolves({
      taskDefinition: { taskDefinitionArn: TD('web', 3), family: 'web', revision: 3 },
      tags: [{ key: 'ecs-bridge.dev/owner', value: 'ns/web' }],
    });
    const input = {
      family: 'web',
      containerDefinitions: [{ name: 'app', image: 'nginx' }],
      tags: [{ key: 'ecs-bridge.dev/owner', value: 'ns/web' }],
    };
    const out = await ecs.registerTaskDefinition(input);
    expect(mock.commandCalls(RegisterTaskDefinitionCommand)[0]?.args[0].input).toEqual(input);
    expect(out.taskDefinition.revision).toBe(3);
    expect(out.tags).toEqual([{ key: 'ecs-bridge.dev/owner', value: 'ns/web' }]);
  });

  it('describes a task definition with TAGS included', async () => {
    mock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: { family: 'web', revision: 2 } });
    const out = await ecs.describeTaskDefinition('web:2');
    expect(mock.commandCalls(DescribeTaskDefinitionCommand)[0]?.args[0].input).toEqual({
      taskDefinition: 'web:2',
      include: ['TAGS'],
    });
    expect(out).toEqual({ taskDefinition: { family: 'web', revision: 2 }, tags: [] });
  });

  it('lists every page of one family, in revision order, without other families sharing the prefix', async () => {
    mock
      .on(ListTaskDefinitionsCommand)
      .resolvesOnce({
        taskDefinitionArns: [TD('web', 1), TD('web-canary', 1), TD('web', 10)],
        nextToken: 't1',
      })
      .resolvesOnce({ taskDefinitionArns: [TD('web', 2)] });
    const arns = await ecs.listTaskDefinitions('web', 'ACTIVE');
    expect(arns).toEqual([TD('web', 1), TD('web', 2), TD('web', 10)]);
    const inputs = mock.commandCalls(ListTaskDefinitionsCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      { familyPrefix: 'web', status: 'ACTIVE', sort: 'ASC', maxResults: 100 },
      { familyPrefix: 'web', status: 'ACTIVE', sort: 'ASC', maxResults: 100, nextToken: 't1' },
    ]);
    expect(observer.calls.map((c) => c.operation)).toEqual(['ListTaskDefinitions', 'ListTaskDefinitions']);
  });

  it('describes services of one cluster with TAGS included, returning services and failures', async () => {
    mock.on(DescribeServicesCommand).resolves({
      services: [{ serviceName: 'a', tags: [{ key: 'k', value: 'v' }] }],
      failures: [{ arn: 'arn:aws:ecs:eu-west-1:111111111111:service/prod/b', reason: 'MISSING' }],
    });
    const out = await ecs.describeServices('prod', ['a', 'b']);
    expect(mock.commandCalls(DescribeServicesCommand)[0]?.args[0].input).toEqual({
      cluster: 'prod',
      services: ['a', 'b'],
      include: ['TAGS'],
    });
    expect(out.services).toHaveLength(1);
    expect(out.failures[0]?.reason).toBe('MISSING');
  });

  it('refuses more than 10 services per DescribeServices and sends nothing for none', async () => {
    await expect(
      ecs.describeServices(
        'prod',
        Array.from({ length: 11 }, (_, i) => `s${i}`),
      ),
    ).rejects.toThrow(RangeError);
    expect(await ecs.describeServices('prod', [])).toEqual({ services: [], failures: [] });
    expect(mock.commandCalls(DescribeServicesCommand)).toHaveLength(0);
  });

  it('creates, updates and deletes a service with one command each, returning the service', async () => {
    const service = { serviceName: 'web', status: 'ACTIVE' };
    mock.on(CreateServiceCommand).resolves({ service });
    mock.on(UpdateServiceCommand).resolves({ service });
    mock.on(DeleteServiceCommand).resolves({ service });
    const create = { serviceName: 'web', cluster: 'prod', clientToken: 't' };
    const update = { service: 'web', cluster: 'prod', desiredCount: 2 };
    const remove = { service: 'web', cluster: 'prod', force: true };
    expect(await ecs.createService(create)).toEqual(service);
    expect(await ecs.updateService(update)).toEqual(service);
    expect(await ecs.deleteService(remove)).toEqual(service);
    expect(mock.commandCalls(CreateServiceCommand)[0]?.args[0].input).toEqual(create);
    expect(mock.commandCalls(UpdateServiceCommand)[0]?.args[0].input).toEqual(update);
    expect(mock.commandCalls(DeleteServiceCommand)[0]?.args[0].input).toEqual(remove);
    expect(observer.calls.map((c) => [c.operation, c.outcome])).toEqual([
      ['CreateService', 'success'],
      ['UpdateService', 'success'],
      ['DeleteService', 'success'],
    ]);
  });

  it('deregisters, tags and untags with one command each, and skips empty tag changes', async () => {
    mock.on(DeregisterTaskDefinitionCommand).resolves({});
    mock.on(TagResourceCommand).resolves({});
    mock.on(UntagResourceCommand).resolves({});
    await ecs.deregisterTaskDefinition(TD('web', 1));
    await ecs.tagResource('arn:x', [{ key: 'a', value: 'b' }]);
    await ecs.untagResource('arn:x', ['a']);
    await ecs.tagResource('arn:x', []);
    await ecs.untagResource('arn:x', []);
    expect(mock.commandCalls(DeregisterTaskDefinitionCommand)[0]?.args[0].input).toEqual({
      taskDefinition: TD('web', 1),
    });
    expect(mock.commandCalls(TagResourceCommand).map((c) => c.args[0].input)).toEqual([
      { resourceArn: 'arn:x', tags: [{ key: 'a', value: 'b' }] },
    ]);
    expect(mock.commandCalls(UntagResourceCommand).map((c) => c.args[0].input)).toEqual([
      { resourceArn: 'arn:x', tagKeys: ['a'] },
    ]);
  });

  it('turns DeleteTaskDefinitions failures into an error carrying them', async () => {
    mock.on(DeleteTaskDefinitionsCommand).resolves({
      taskDefinitions: [],
      failures: [{ arn: TD('web', 1), reason: 'TASK_DEFINITION_NOT_INACTIVE' }],
    });
    const err = await ecs.deleteTaskDefinitions([TD('web', 1)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeleteTaskDefinitionsError);
    expect((err as DeleteTaskDefinitionsError).failures).toHaveLength(1);
  });

  it.each<[string, () => Error, AwsCallOutcome]>([
    ['throttled', throttling, 'throttled'],
    [
      'invalid',
      () => Object.assign(new Error('bad'), { name: 'InvalidParameterException', $metadata: {} }),
      'invalid',
    ],
    [
      'not found',
      () => Object.assign(new Error('gone'), { name: 'ServiceNotFoundException', $metadata: {} }),
      'notFound',
    ],
  ])('passes a %s error through unchanged and records it', async (_label, make, outcome) => {
    const err = make();
    mock.on(UpdateServiceCommand).rejects(err);
    await expect(ecs.updateService({ service: 'web', cluster: 'prod' })).rejects.toBe(err);
    expect(observer.calls).toEqual([{ service: 'ecs', operation: 'UpdateService', outcome, seconds: 0 }]);
  });

  it('records success with the seconds spent in the SDK, not waiting for a token', async () => {
    mock.on(DescribeTaskDefinitionCommand).callsFake(async () => {
      await clock.tickAsync(250);
      return { taskDefinition: { family: 'web' } };
    });
    await ecs.describeTaskDefinition('web:1');
    expect(observer.calls).toEqual([
      { service: 'ecs', operation: 'DescribeTaskDefinition', outcome: 'success', seconds: 0.25 },
    ]);
  });

  it('drains the category bucket when AWS throttles a call anyway', async () => {
    mock.on(UpdateServiceCommand).rejects(throttling());
    const bucket = limiter.bucket({ account: ACCOUNT, region: REGION, category: 'ecs:service-modify' });
    await expect(ecs.updateService({ service: 'web' })).rejects.toThrow('Rate exceeded');
    expect(bucket.available).toBe(0);
    expect(bucket.currentRatePerSecond).toBe(2.5);
    expect(limiter.bucket({ account: ACCOUNT, region: REGION, category: 'ecs:service-read' }).available).toBe(
      100,
    );
  });

  it('waits for a token of the action’s category before sending', async () => {
    const api = tightApi('ecs:task-definition-modify', 1);
    mock.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { family: 'web' } });
    mock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: { family: 'web' } });
    const input = { family: 'web', containerDefinitions: [] };
    await api.registerTaskDefinition(input);
    const second = api.registerTaskDefinition(input);
    await api.describeTaskDefinition('web:1'); // another category: not held up
    await settle();
    expect(mock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(1);
    await clock.tickAsync(1000);
    await second;
    expect(mock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(2);
  });

  it('sends nothing and records nothing when the call is aborted while waiting for a token', async () => {
    const api = tightApi('ecs:service-modify', 1, { observer });
    mock.on(UpdateServiceCommand).resolves({ service: {} });
    await api.updateService({ service: 'a' });
    const controller = new AbortController();
    const waiting = api.updateService({ service: 'b' }, { signal: controller.signal });
    controller.abort(new Error('leadership lost'));
    await expect(waiting).rejects.toThrow('leadership lost');
    expect(mock.commandCalls(UpdateServiceCommand)).toHaveLength(1);
    expect(observer.calls).toHaveLength(1);
  });
  it('reports how long a call waited for its token', async () => {
    const waits: [string, number][] = [];
    const api = tightApi('ecs:service-read', 2, {
      observer: {
        observeCall: () => undefined,
        observeRateLimitWait: (_s, category, s) => void waits.push([category, s]),
      },
    });
    mock.on(DescribeServicesCommand).resolves({ services: [], failures: [] });
    await api.describeServices('prod', ['a']);
    const second = api.describeServices('prod', ['b']);
    await clock.tickAsync(500);
    await second;
    expect(waits).toEqual([
      ['ecs:service-read', 0],
      ['ecs:service-read', 0.5],
    ]);
  });

  it('withdraws every waiting call when the API-wide signal aborts', async () => {
    const shutdown = new AbortController();
    const api = tightApi('ecs:service-modify', 1, { signal: shutdown.signal });
    mock.on(UpdateServiceCommand).resolves({ service: {} });
    await api.updateService({ service: 'a' });
    const waiting = [
      api.updateService({ service: 'b' }),
      api.updateService({ service: 'c' }, { signal: new AbortController().signal }),
    ];
    shutdown.abort(new Error('shutting down'));
    for (const w of waiting) await expect(w).rejects.toThrow('shutting down');
    expect(mock.commandCalls(UpdateServiceCommand)).toHaveLength(1);
  });
});

describe('createEcsApi over a real SDK client', () => {
  // A transport that answers the first request with ECS's throttling error and the rest with
  // `body`, so the SDK's own retry succeeds and only the middleware can tell the bucket.
  function scriptedClient(body: object): { client: ECSClient; requests: () => number } {
    let requests = 0;
    const requestHandler = {
      handle: () => {
        requests++;
        const throttled = requests === 1;
        const payload = throttled ? { __type: 'ThrottlingException', message: 'Rate exceeded' } : body;
        return Promise.resolve({
          response: {
            statusCode: throttled ? 400 : 200,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: new TextEncoder().encode(JSON.stringify(payload)),
          },
        });
      },
    };
    // Retry at once (no backoff) so the test needs no real waiting.
    const retryStrategy: NonNullable<ECSClientConfig['retryStrategy']> = {
      acquireInitialRetryToken: () => Promise.resolve({ getRetryCount: () => 0, getRetryDelay: () => 0 }),
      refreshRetryTokenForRetry: (token) => {
        const count = token.getRetryCount() + 1;
        if (count >= 2) return Promise.reject(new Error('no more retries'));
        return Promise.resolve({ getRetryCount: () => count, getRetryDelay: () => 0 });
      },
      recordSuccess: () => undefined,
    };
    const client = new ECSClient({
      region: REGION,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      requestHandler: requestHandler,
      retryStrategy,
    });
    return { client, requests: () => requests };
  }

  it('tells the bucket about a throttle the SDK retried away, and records one successful call', async () => {
    const clock = new FakeClock();
    const limiter = new AwsRateLimiter({ limits: ECS_CATEGORY_LIMITS, budgetFraction: 1, clock });
    const observer = recorder();
    const { client, requests } = scriptedClient({ services: [{ serviceName: 'web' }], failures: [] });
    const ecs = createEcsApi({
      client,
      rateLimiter: limiter,
      account: ACCOUNT,
      region: REGION,
      clock,
      observer,
    });
    const out = await ecs.describeServices('prod', ['web']);
    expect(out.services[0]?.serviceName).toBe('web');
    expect(requests()).toBe(2);
    const bucket = limiter.bucket({ account: ACCOUNT, region: REGION, category: 'ecs:service-read' });
    expect(bucket.currentRatePerSecond).toBe(10);
    expect(observer.calls.map((c) => c.outcome)).toEqual(['success']);
    client.destroy();
  });
});
