import type { Service, ServiceRevision } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { desiredService } from './desired.js';
import { observeService } from './observe.js';
import { planService } from './plan.js';
import type { UpdateServiceAction } from './actions.js';
import { ServiceRevisionCache, readRevisionFields, withRevisionFields } from './read-service-revision.js';
import { NO_REVISION_FIELDS, normalizeMonitoring, primaryRevision } from './revision-fields.js';
import { testPlanContext } from './testing/harness.js';
import { TAG_KEYS } from '../api-group.js';
import type { EcsServiceSpec } from './types.js';

const ARN = 'arn:aws:ecs:us-east-1:123456789012';
const ctx = testPlanContext;
const MONITORING_20 = { metricConfigurations: [{ metricNames: ['CPUUtilization'], resolutionSeconds: 20 }] };
const CONNECTOR = { portName: 'http' };

const spec: EcsServiceSpec = {
  cluster: 'demo',
  taskDefinition: 'web:1',
  desiredCount: 1,
  launchType: 'FARGATE',
  gatewayConnectors: [CONNECTOR],
  monitoring: MONITORING_20,
};

function desired(s: EcsServiceSpec = spec) {
  return desiredService({ spec: s, name: 'web', taskDefinition: 'web:1', defaultRegion: 'us-east-1' });
}

function service(revisions: string[], taskDefinition = `${ARN}:task-definition/web:1`): Service {
  return {
    serviceArn: `${ARN}:service/demo/web`,
    serviceName: 'web',
    clusterArn: `${ARN}:cluster/demo`,
    status: 'ACTIVE',
    desiredCount: 1,
    launchType: 'FARGATE',
    taskDefinition,
    deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition }],
    currentServiceRevisions: revisions.map((arn) => ({ arn })),
    tags: [
      { key: TAG_KEYS.owner, value: 'default/web' },
      { key: TAG_KEYS.instance, value: 'inst-1' },
    ],
  };
}

function revision(id: string, extra: Partial<ServiceRevision> = {}, at = 1): ServiceRevision {
  return {
    serviceRevisionArn: `${ARN}:service-revision/demo/web/${id}`,
    taskDefinition: `${ARN}:task-definition/web:1`,
    createdAt: new Date(at * 1000),
    ...extra,
  };
}

/** An ECS that answers DescribeServiceRevisions from `known` and counts its calls. */
function revisionsEcs(known: ServiceRevision[]) {
  const calls: string[][] = [];
  return {
    calls,
    describeServiceRevisions(arns: readonly string[]) {
      calls.push([...arns]);
      return Promise.resolve(known.filter((r) => arns.includes(r.serviceRevisionArn ?? '')));
    },
  };
}

const updateOf = (actions: readonly { type: string }[]) =>
  actions.find((a): a is UpdateServiceAction => a.type === 'updateService');

describe('reading the current service revision', () => {
  it('describes a revision once: it never changes, so the next visit reads the cache', async () => {
    const r1 = revision('1', { gatewayConnectors: [CONNECTOR], monitoring: MONITORING_20 });
    const ecs = revisionsEcs([r1]);
    const cache = new ServiceRevisionCache();
    const svc = service([r1.serviceRevisionArn!]);
    const first = await readRevisionFields(ecs, cache, svc, {});
    const second = await readRevisionFields(ecs, cache, svc, {});
    expect(first).toEqual({ gatewayConnectors: [CONNECTOR], monitoring: normalizeMonitoring(MONITORING_20) });
    expect(second).toEqual(first);
    expect(ecs.calls).toEqual([[r1.serviceRevisionArn]]);
  });

  it('asks only for the revisions it lacks, in one call, and picks the PRIMARY’s', async () => {
    const old = revision('1', { monitoring: MONITORING_20 }, 1);
    const failed = revision('2', { taskDefinition: `${ARN}:task-definition/web:2` }, 2);
    const ecs = revisionsEcs([old, failed]);
    const cache = new ServiceRevisionCache();
    cache.keep([old]);
    // Rolled back: the PRIMARY runs web:1 again, on the old revision; the newer one failed.
    const svc = service([failed.serviceRevisionArn!, old.serviceRevisionArn!]);
    const fields = await readRevisionFields(ecs, cache, svc, {});
    expect(ecs.calls).toEqual([[failed.serviceRevisionArn]]);
    expect(fields?.monitoring).toEqual(normalizeMonitoring(MONITORING_20));
    expect(primaryRevision(service([]), [old, revision('3', {}, 3)])?.serviceRevisionArn).toMatch(/\/3$/);
  });

  it('none set when the service names no revision; not compared when ECS cannot describe it', async () => {
    const cache = new ServiceRevisionCache();
    expect(await readRevisionFields(revisionsEcs([]), cache, service([]), {})).toEqual(NO_REVISION_FIELDS);
    expect(
      await readRevisionFields(revisionsEcs([]), cache, service([`${ARN}:service-revision/demo/web/0`]), {}),
    ).toBeUndefined();
    expect(
      await readRevisionFields({}, cache, service([`${ARN}:service-revision/demo/web/0`]), {}),
    ).toBeUndefined();
  });

  it('forgets the oldest revisions past its capacity', () => {
    const cache = new ServiceRevisionCache(2);
    cache.keep([revision('1'), revision('2'), revision('3')]);
    expect(cache.size).toBe(2);
    expect(cache.get(`${ARN}:service-revision/demo/web/1`)).toBeUndefined();
    expect(cache.get(`${ARN}:service-revision/demo/web/3`)?.serviceRevisionArn).toMatch(/\/3$/);
  });

  it('costs a service whose spec sets neither member no read at all', async () => {
    const ecs = revisionsEcs([]);
    const { gatewayConnectors: _g, monitoring: _m, ...plain } = spec;
    const observed = observeService(service([`${ARN}:service-revision/demo/web/1`]), ctx.identity);
    const out = await withRevisionFields(
      ecs,
      new ServiceRevisionCache(),
      desired(plain).config,
      observed,
      {},
    );
    expect(out).toBe(observed);
    expect(ecs.calls).toEqual([]);
  });
});

describe('planning gatewayConnectors and monitoring', () => {
  async function observedWith(rev: ServiceRevision) {
    const observed = observeService(service([rev.serviceRevisionArn!]), ctx.identity);
    return withRevisionFields(
      revisionsEcs([rev]),
      new ServiceRevisionCache(),
      desired().config,
      observed,
      {},
    );
  }

  it('sends nothing when the current revision has what the spec says (ECS may fill more of a connector)', async () => {
    const filled = { ...CONNECTOR, deregistrationDelay: { timeoutSeconds: 300 } };
    const observed = await observedWith(
      revision('1', { gatewayConnectors: [filled], monitoring: MONITORING_20 }),
    );
    expect(planService(desired(), observed, ctx).actions).toEqual([]);
  });

  it('sends only the member that differs, and a change starts a deployment', async () => {
    const observed = await observedWith(revision('1', { gatewayConnectors: [CONNECTOR] }));
    const update = updateOf(planService(desired(), observed, ctx).actions);
    expect(update?.fields).toEqual(['monitoring']);
    expect(update?.input.monitoring).toEqual(MONITORING_20);
    expect(update?.input).not.toHaveProperty('gatewayConnectors');
  });

  it('does not compare them when the revision could not be read', () => {
    const observed = observeService(service([]), ctx.identity);
    expect(updateOf(planService(desired(), observed, ctx).actions)).toBeUndefined();
  });

  it('creates a service with both, as the spec wrote them', () => {
    const create = planService(desired(), undefined, ctx).actions.find((a) => a.type === 'createService');
    expect(create).toMatchObject({ input: { gatewayConnectors: [CONNECTOR], monitoring: MONITORING_20 } });
  });
});
