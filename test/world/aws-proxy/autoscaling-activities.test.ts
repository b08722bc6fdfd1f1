import {
  ApplicationAutoScalingClient,
  DescribeScalingActivitiesCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScalingActivitySimulator } from './autoscaling-activities.js';
import { ProxyControl } from './control-client.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { startAwsProxy, type AwsProxy } from './server.js';

const WEB = 'service/c/web';
const played = (resourceId = WEB, over: Record<string, unknown> = {}) => ({
  resourceId,
  description: 'Setting desired count to 3.',
  cause: 'monitor alarm web-high in state ALARM triggered policy ecs-bridge-step-out',
  ...over,
});

describe('ScalingActivitySimulator', () => {
  it('answers newest first, filtered by resource id, paged by MaxResults', () => {
    let now = 1_000_000;
    const sim = new ScalingActivitySimulator({ now: () => now });
    const first = sim.play(played());
    now += 1000;
    sim.play(played('service/c/api'));
    now += 1000;
    const third = sim.play(
      played(WEB, { statusCode: 'Failed', statusMessage: 'Failed to set desired count.' }),
    );

    const all = sim.answer({ ServiceNamespace: 'ecs', MaxResults: 2 }, {});
    expect(all.status).toBe(200);
    const page = all.body as { ScalingActivities: { ActivityId: string }[]; NextToken?: string };
    expect(page.ScalingActivities).toHaveLength(2);
    expect(page.ScalingActivities[0]?.ActivityId).toBe(third);
    const rest = sim.answer({ ServiceNamespace: 'ecs', MaxResults: 2, NextToken: page.NextToken ?? '' }, {})
      .body as { ScalingActivities: { ActivityId: string }[]; NextToken?: string };
    expect(rest.ScalingActivities.map((a) => a.ActivityId)).toEqual([first]);
    expect(rest.NextToken).toBeUndefined();

    const web = sim.answer(
      { ServiceNamespace: 'ecs', ResourceId: WEB, ScalableDimension: 'ecs:service:DesiredCount' },
      {},
    ).body as { ScalingActivities: Record<string, unknown>[] };
    expect(web.ScalingActivities.map((a) => a['ActivityId'])).toEqual([third, first]);
    expect(web.ScalingActivities[0]).toMatchObject({
      StatusCode: 'Failed',
      StatusMessage: 'Failed to set desired count.',
      StartTime: 1001,
      EndTime: 1002,
    });
  });

  it('refuses what AWS refuses, and a played activity with a bad field names it', () => {
    const sim = new ScalingActivitySimulator();
    expect(sim.answer({}, {})).toMatchObject({ status: 400, body: { __type: 'ValidationException' } });
    expect(
      sim.answer({ ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount' }, {}),
    ).toMatchObject({ status: 400 });
    expect(sim.answer({ ServiceNamespace: 'ecs', MaxResults: 51 }, {})).toMatchObject({ status: 400 });
    expect(() => sim.play(played('web'))).toThrow(/resourceId/);
    expect(() => sim.play(played(WEB, { statusCode: 'Done' }))).toThrow(/statusCode/);
    expect(() => sim.play(played(WEB, { time: 3 }))).toThrow(/unknown field time/);
  });

  it('forgets every activity on clearModel (moto reset)', () => {
    const sim = new ScalingActivitySimulator();
    sim.play(played());
    sim.clearModel();
    expect(sim.answer({ ServiceNamespace: 'ecs' }, {}).body).toEqual({ ScalingActivities: [] });
  });
});

describe('DescribeScalingActivities through the proxy', () => {
  let upstream: FakeUpstream;
  let proxy: AwsProxy;
  let client: ApplicationAutoScalingClient;

  beforeEach(async () => {
    upstream = await startFakeUpstream();
    proxy = await startAwsProxy({ upstream: upstream.url });
    client = new ApplicationAutoScalingClient({
      region: 'us-east-1',
      endpoint: proxy.url,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
  });

  afterEach(async () => {
    client.destroy();
    await proxy.close();
    await upstream.close();
  });

  it('answers the SDK from what a test played over the control API, without calling moto', async () => {
    const id = await new ProxyControl(proxy.url).playScalingActivity(played());
    const out = await client.send(new DescribeScalingActivitiesCommand({ ServiceNamespace: 'ecs' }));
    expect(out.ScalingActivities?.map((a) => [a.ActivityId, a.ResourceId, a.StatusCode])).toEqual([
      [id, WEB, 'Successful'],
    ]);
    expect(out.ScalingActivities?.[0]?.EndTime).toBeInstanceOf(Date);
    expect(await proxy.control.count({ action: 'DescribeScalingActivities' })).toBe(1);
    expect(upstream.requests).toEqual([]);
    await expect(
      new ProxyControl(proxy.url).playScalingActivity({ ...played(), resourceId: 'nope' }),
    ).rejects.toThrow(/resourceId/);
  });
});
