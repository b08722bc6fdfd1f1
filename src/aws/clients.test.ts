import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AwsCallOutcome } from './call-observer.js';
import { createAwsClients, DEFAULT_ACCOUNT_KEY, DEFAULT_MAX_ATTEMPTS } from './clients.js';

interface Seen {
  readonly target: string;
  readonly authorization: string;
}

/**
 * A local stand-in for AWS's JSON endpoints: records each request's X-Amz-Target and answers with
 * the next scripted response (or an empty success).
 */
function fakeAws(): { server: Server; seen: Seen[]; script: { status: number; body: object }[] } {
  const seen: Seen[] = [];
  const script: { status: number; body: object }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({
        target: String(req.headers['x-amz-target'] ?? ''),
        authorization: String(req.headers.authorization ?? ''),
      });
      const next = script.shift() ?? { status: 200, body: { services: [], failures: [] } };
      res.writeHead(next.status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(next.body));
    });
  });
  return { server, seen, script };
}

describe('createAwsClients', () => {
  const aws = fakeAws();
  let endpoint = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => aws.server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(aws.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => aws.server.close(() => resolve()));
  });

  beforeEach(() => {
    aws.seen.length = 0;
    aws.script.length = 0;
  });

  const build = (observed: AwsCallOutcome[] = [], extra: Parameters<typeof createAwsClients>[0] = {}) =>
    createAwsClients({
      endpoint,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
      budgetFraction: 1,
      observer: { observeCall: (_s, _o, outcome) => void observed.push(outcome) },
      ...extra,
    });

  it('builds a Region’s clients once and keeps Regions apart', () => {
    const clients = build();
    const eu = clients.forRegion('eu-west-1');
    expect(clients.forRegion('eu-west-1')).toBe(eu);
    expect(clients.forRegion('us-east-1')).not.toBe(eu);
    expect(eu.region).toBe('eu-west-1');
    expect(() => clients.forRegion('')).toThrow(/Region is required/);
    clients.destroy();
  });

  it('signs for the Region with the given credentials and sends to the endpoint', async () => {
    const clients = build();
    await clients.forRegion('eu-west-1').ecs.describeServices('prod', ['web']);
    expect(aws.seen).toHaveLength(1);
    expect(aws.seen[0]?.target).toBe('AmazonEC2ContainerServiceV20141113.DescribeServices');
    expect(aws.seen[0]?.authorization).toMatch(/Credential=AKIDTEST\/\d{8}\/eu-west-1\/ecs\/aws4_request/);
    clients.destroy();
  });

  it(`tries a failing call ${DEFAULT_MAX_ATTEMPTS} times by default, then returns the error`, async () => {
    const observed: AwsCallOutcome[] = [];
    const clients = build(observed);
    for (let i = 0; i < 5; i++)
      aws.script.push({ status: 500, body: { __type: 'ServerException', message: 'boom' } });
    await expect(clients.forRegion('eu-west-1').ecs.describeServices('prod', ['web'])).rejects.toMatchObject({
      name: 'ServerException',
    });
    expect(aws.seen).toHaveLength(DEFAULT_MAX_ATTEMPTS);
    expect(observed).toEqual(['transient']);
    clients.destroy();
  });

  it('honours a configured maxAttempts', async () => {
    const clients = build([], { maxAttempts: 1 });
    aws.script.push({ status: 500, body: { __type: 'ServerException', message: 'boom' } });
    await expect(clients.forRegion('eu-west-1').ecs.describeServices('prod', ['web'])).rejects.toThrow();
    expect(aws.seen).toHaveLength(1);
    clients.destroy();
  });

  it('shares one limiter keyed by account, Region and category across every API of the process', async () => {
    // A refill too slow to matter during the test, so the tokens left count the calls made.
    const clients = build([], { limits: { 'ecs:service-read': { burst: 100, sustained: 0.001 } } });
    const eu = clients.forRegion('eu-west-1');
    aws.script.push({ status: 200, body: { services: [], failures: [] } });
    aws.script.push({ status: 200, body: { services: [{ serviceName: 'b' }], failures: [] } });
    await eu.ecs.describeServices('prod', ['a']);
    expect((await eu.describeServices.describeService('prod', 'b'))?.serviceName).toBe('b');
    const key = { account: DEFAULT_ACCOUNT_KEY, region: 'eu-west-1', category: 'ecs:service-read' };
    expect(Math.floor(clients.rateLimiter.bucket(key).available)).toBe(98);
    expect(clients.rateLimiter.bucket({ ...key, region: 'us-east-1' }).available).toBe(100);
    clients.destroy();
  });

  it('keys buckets by the configured account id', async () => {
    // A refill too slow to matter, so a slow machine cannot refill the token before the check.
    const clients = build([], {
      accountId: '123456789012',
      limits: { 'ecs:service-read': { burst: 100, sustained: 0.001 } },
    });
    await clients.forRegion('eu-west-1').ecs.describeServices('prod', ['a']);
    const key = { account: '123456789012', region: 'eu-west-1', category: 'ecs:service-read' };
    expect(Math.floor(clients.rateLimiter.bucket(key).available)).toBe(99);
    expect(clients.rateLimiter.bucket({ ...key, account: DEFAULT_ACCOUNT_KEY }).available).toBe(100);
    clients.destroy();
  });

  it('slows the category down when AWS throttles through both SDK attempts', async () => {
    const observed: AwsCallOutcome[] = [];
    const clients = build(observed);
    for (let i = 0; i < 2; i++) {
      aws.script.push({ status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } });
    }
    await expect(
      clients.forRegion('eu-west-1').ecs.updateService({ cluster: 'prod', service: 'web' }),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(observed).toEqual(['throttled']);
    const bucket = clients.rateLimiter.bucket({
      account: DEFAULT_ACCOUNT_KEY,
      region: 'eu-west-1',
      category: 'ecs:service-modify',
    });
    expect(bucket.currentRatePerSecond).toBeLessThan(5);
    clients.destroy();
  });

  it.each([0, 1.5, Number.NaN])('refuses maxAttempts %s', (maxAttempts) => {
    expect(() => createAwsClients({ maxAttempts })).toThrow(RangeError);
  });

  it('applies limit overrides on top of the published ones', () => {
    const clients = createAwsClients({
      budgetFraction: 1,
      limits: { 'ecs:task-definition-modify': { burst: 200, sustained: 10 } },
    });
    expect(clients.rateLimiter.budgetOf('ecs:task-definition-modify')).toEqual({ burst: 200, sustained: 10 });
    expect(clients.rateLimiter.budgetOf('ecs:service-read')).toEqual({ burst: 100, sustained: 20 });
    expect(clients.rateLimiter.budgetOf('application-autoscaling:write')).toBeDefined();
    expect(clients.rateLimiter.budgetOf('elasticloadbalancing:read')).toBeDefined();
  });

  it('reads services ahead, and never serves what it read of a service before writing to it', async () => {
    const clients = build();
    const { describeServices, ecs } = clients.forRegion('eu-west-1');
    const settled = (name: string): object => ({
      serviceName: name,
      serviceArn: `arn:aws:ecs:eu-west-1:111111111111:service/prod/${name}`,
      status: 'ACTIVE',
      desiredCount: 1,
      runningCount: 1,
      pendingCount: 0,
      deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', rolloutState: 'COMPLETED' }],
    });
    const answer = (...names: string[]): void =>
      void aws.script.push({ status: 200, body: { services: names.map(settled), failures: [] } });
    answer('a');
    await describeServices.describeService('prod', 'a');
    answer('b', 'a');
    await describeServices.describeService('prod', 'b'); // reads a ahead
    expect((await describeServices.describeService('prod', 'a'))?.serviceName).toBe('a');
    expect(aws.seen).toHaveLength(2);
    answer('b', 'a');
    await describeServices.describeService('prod', 'b'); // reads a ahead again
    aws.script.push({ status: 200, body: { service: settled('a') } });
    await ecs.updateService({ cluster: 'prod', service: 'a', desiredCount: 1 });
    answer('a');
    await describeServices.describeService('prod', 'a');
    expect(aws.seen.map((s) => s.target.split('.')[1])).toEqual([
      'DescribeServices',
      'DescribeServices',
      'DescribeServices',
      'UpdateService',
      'DescribeServices',
    ]);
    clients.destroy();
  });

  it.each([{ timeouts: { readMs: -1 } }, { connectTimeoutMs: Number.NaN }])('refuses timeouts %j', (bad) => {
    expect(() => createAwsClients(bad)).toThrow(RangeError);
  });
});

describe('createAwsClients against an endpoint that never answers', () => {
  // Accepts each request, reads it, and never answers: the hung call of a stalled connection.
  const opened: IncomingMessage[] = [];
  const closed: IncomingMessage[] = [];
  const server = createServer((req) => {
    opened.push(req);
    req.resume();
    req.socket.on('close', () => closed.push(req));
  });
  let endpoint = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('abandons the call at its deadline, closes the connection and counts a transient outcome', async () => {
    const observed: AwsCallOutcome[] = [];
    const clients = createAwsClients({
      endpoint,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
      timeouts: { readMs: 300 },
      observer: { observeCall: (_s, _o, outcome) => void observed.push(outcome) },
    });
    const started = performance.now();
    await expect(
      clients.forRegion('eu-west-1').describeServices.describeService('prod', 'web'),
    ).rejects.toMatchObject({
      name: 'AwsCallTimeoutError',
      message: 'ecs DescribeServices got no answer within 300ms; abandoned, will retry',
    });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(5_000);
    expect(observed).toEqual(['transient']);
    expect(opened).toHaveLength(1);
    await vi.waitFor(() => expect(closed).toHaveLength(1));
    clients.destroy();
  });
});

describe('createAwsClients forRole', () => {
  it('keys client sets by session: one per role and namespace', () => {
    const clients = createAwsClients({
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
      assumeRole: { instanceId: 'prod', stsRegion: 'us-east-1' },
    });
    const role = { roleArn: 'arn:aws:iam::222222222222:role/team', policy: 'teams' };
    const a = clients.forRole({ ...role, namespace: 'team-a' }, 'us-east-1');
    const b = clients.forRole({ ...role, namespace: 'team-b' }, 'us-east-1');
    expect(clients.forRole({ ...role, namespace: 'team-a' }, 'us-east-1')).toBe(a);
    expect(b).not.toBe(a);
    expect(clients.forRole(role, 'us-east-1')).not.toBe(a);
    // No STS call until a client is used.
    expect(clients.assumedRoles?.askFor({ ...role, namespace: 'team-b' }).sessionName).toBe(
      'ecs-bridge.team-b',
    );
    clients.destroy();
  });
});
