/**
 * A fleet's target groups come from one Region listing (ADR 0052): services that reach their ALB
 * request-count policy one after another cost one DescribeTargetGroups between them, not one each.
 * Two load-balanced target groups exist before either service; the first service's lookup lists
 * the Region, and the second, applied after the first is ready, is answered from what was listed.
 * Counted from the proxy's call log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAlbWithTargetGroup,
  type LoadBalancedTargetGroup,
  type Network,
} from '../support/aws-fixtures.js';
import { callMark, callsSince, fargateService, paramsOf } from '../support/autoscaling.js';
import { autoscalingWorld } from '../support/autoscaling-world.js';
import { apply, condition, waitForResource } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';

const CLUSTER = 'tg-listing';

describe('target groups listed once for services that come one after another', () => {
  let operator: OperatorProcess;
  let namespace: string;
  let network: Network;
  let start: number;
  const albs: LoadBalancedTargetGroup[] = [];

  function service(name: string, targetGroupArn: string): object {
    return fargateService({
      name,
      cluster: CLUSTER,
      network,
      taskDefinition: 'app',
      desiredCount: 1,
      spec: { loadBalancers: [{ targetGroupArn, containerName: 'app', containerPort: 80 }] },
      autoscaling: { minCapacity: 1, maxCapacity: 3, albRequestCountPerTarget: { targetValue: 100 } },
    });
  }

  const ready = (name: string) =>
    waitForResource(
      'ecsservices',
      namespace,
      name,
      (r) => condition(r, 'AutoscalingReady')?.status === 'True',
      { timeoutMs: 90_000, what: `${name}'s autoscaling to be ready` },
    );

  beforeAll(async () => {
    ({ namespace, network, operator, start } = await autoscalingWorld({
      cluster: CLUSTER,
      namespace: 'tg-listing',
      taskDefinition: 'app',
    }));
    for (const n of ['first', 'second']) {
      albs.push(await createAlbWithTargetGroup({ network, albName: `${n}-alb`, targetGroupName: `${n}-tg` }));
    }
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('answers the second service from the listing the first one started', async () => {
    const [first, second] = albs;
    await apply(namespace, service('first', first?.targetGroupArn ?? ''));
    await ready('first');
    const mark = await callMark();
    await apply(namespace, service('second', second?.targetGroupArn ?? ''));
    const svc = await ready('second');
    // The label was built from the listed target group's load balancer.
    expect(condition(svc, 'AutoscalingReady')?.status).toBe('True');
    expect(await callsSince(mark, 'DescribeTargetGroups')).toEqual([]);
    const all = await callsSince(start, 'DescribeTargetGroups');
    const kind = (params: string): string =>
      params.includes('targetgroup/') ? 'by ARN' : params.includes('PageSize') ? 'listing' : params;
    expect(all.map((c) => [c.status, kind(JSON.stringify(paramsOf(c)))])).toEqual([[200, 'listing']]);
  });
});
