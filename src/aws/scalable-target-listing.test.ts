/* eslint-disable @typescript-eslint/require-await -- fakes answer like the async APIs they stand for */
import type { ScalableTarget } from '@aws-sdk/client-application-auto-scaling';
import { describe, expect, it } from 'vitest';
import type { AutoscalingClientApi } from './autoscaling-client.js';
import { SCALABLE_TARGET_LISTING } from './scalable-target-listing.js';
import { withServiceListing } from './service-listing.js';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { KeyedItems } from './testing/keyed-items.js';

const target = (id: string, max = 4): ScalableTarget =>
  ({ ResourceId: id, MinCapacity: 1, MaxCapacity: max }) as ScalableTarget;

function fakeApi(initial: readonly ScalableTarget[]) {
  const targets = new KeyedItems((t: ScalableTarget) => t.ResourceId, initial);
  const api = {
    listScalableTargetsUpTo: async () => ({ items: targets.list('list'), complete: true }),
    describeScalableTargets: async (ids: readonly string[]) => targets.describe(ids),
    registerScalableTarget: async (input: { ResourceId?: string; MaxCapacity?: number }) => {
      targets.put(`register ${input.ResourceId}`, target(input.ResourceId ?? '', input.MaxCapacity));
      return undefined;
    },
    deregisterScalableTarget: async (input: { ResourceId?: string }) =>
      targets.delete(`deregister ${input.ResourceId}`, [input.ResourceId ?? '']),
  } as unknown as AutoscalingClientApi;
  return { api, calls: targets.calls };
}

describe('withServiceListing(SCALABLE_TARGET_LISTING)', () => {
  it('answers single-service reads from one namespace listing, and reads a target the operator changed on its own', async () => {
    const clock = new FakeClock();
    const { api, calls } = fakeApi([target('service/c/a'), target('service/c/b')]);
    const aas = withServiceListing(api, { maxAgeMs: 1000, clock }, SCALABLE_TARGET_LISTING);
    await expect(aas.describeScalableTargets(['service/c/a'])).resolves.toEqual([target('service/c/a')]);
    await expect(aas.describeScalableTargets(['service/c/b'])).resolves.toEqual([target('service/c/b')]);
    await expect(aas.describeScalableTargets(['service/c/none'])).resolves.toEqual([]);
    expect(calls).toEqual(['list']);
    clock.advance(1);
    await aas.registerScalableTarget({
      ServiceNamespace: 'ecs',
      ScalableDimension: 'ecs:service:DesiredCount',
      ResourceId: 'service/c/a',
      MaxCapacity: 9,
    });
    await expect(aas.describeScalableTargets(['service/c/a'])).resolves.toEqual([target('service/c/a', 9)]);
    await expect(aas.describeScalableTargets(['service/c/b'])).resolves.toEqual([target('service/c/b')]);
    // Several ids are not a single-service read: passed through.
    await aas.describeScalableTargets(['service/c/a', 'service/c/b']);
    expect(calls).toEqual([
      'list',
      'register service/c/a',
      'describe service/c/a',
      'describe service/c/a,service/c/b',
    ]);
    // Once the listing is too old, a new one answers every service again, the changed one included.
    clock.advance(1001);
    await expect(aas.describeScalableTargets(['service/c/a'])).resolves.toEqual([target('service/c/a', 9)]);
    await aas.deregisterScalableTarget({
      ServiceNamespace: 'ecs',
      ScalableDimension: 'ecs:service:DesiredCount',
      ResourceId: 'service/c/b',
    });
    await expect(aas.describeScalableTargets(['service/c/b'])).resolves.toEqual([]);
    expect(calls.slice(4)).toEqual(['list', 'deregister service/c/b', 'describe service/c/b']);
  });
});
