/* eslint-disable @typescript-eslint/require-await -- fakes answer like the async APIs they stand for */
import type { ScalingActivity } from '@aws-sdk/client-application-auto-scaling';
import { describe, expect, it } from 'vitest';
import type { AutoscalingClientApi } from './autoscaling-client.js';
import { DEFAULT_ACTIVITY_LISTING_PAGES, SCALING_ACTIVITY_LISTING } from './scaling-activity-listing.js';
import { withServiceListing } from './service-listing.js';
import { FakeClock } from '../shared/testing/fake-clock.js';

const activity = (id: string, resourceId: string): ScalingActivity =>
  ({ ActivityId: id, ResourceId: resourceId, StatusCode: 'Successful' }) as ScalingActivity;

function fakeApi(activities: ScalingActivity[]) {
  const calls: string[] = [];
  const api = {
    listScalingActivitiesUpTo: async (maxPages: number) => {
      calls.push(`list ${maxPages}`);
      return [...activities];
    },
    describeScalingActivities: async (id: string) => {
      calls.push(`describe ${id}`);
      return activities.filter((a) => a.ResourceId === id);
    },
  } as unknown as AutoscalingClientApi;
  return { api, calls };
}

describe('withServiceListing(SCALING_ACTIVITY_LISTING)', () => {
  it("answers every service's activities from one namespace listing per period, never per service", async () => {
    const clock = new FakeClock();
    const activities = [
      activity('a2', 'service/c/a'),
      activity('b1', 'service/c/b'),
      activity('a1', 'service/c/a'),
    ];
    const { api, calls } = fakeApi(activities);
    const aas = withServiceListing(api, { maxAgeMs: 1000, clock }, SCALING_ACTIVITY_LISTING);
    const read = aas.describeScalingActivities.bind(aas);

    await expect(read('service/c/a')).resolves.toEqual([activities[0], activities[2]]);
    await expect(read('service/c/b')).resolves.toEqual([activities[1]]);
    // A service with no recent activity: none, without a call of its own.
    await expect(read('service/c/quiet')).resolves.toEqual([]);
    expect(calls).toEqual([`list ${DEFAULT_ACTIVITY_LISTING_PAGES}`]);

    activities.unshift(activity('b2', 'service/c/b'));
    clock.advance(999);
    await expect(read('service/c/b')).resolves.toEqual([activities[2]]);
    clock.advance(2);
    await expect(read('service/c/b')).resolves.toEqual([activities[0], activities[2]]);
    expect(calls).toEqual([
      `list ${DEFAULT_ACTIVITY_LISTING_PAGES}`,
      `list ${DEFAULT_ACTIVITY_LISTING_PAGES}`,
    ]);
  });

  it('reads only the pages it is given, as a complete answer (older activities are not wanted)', async () => {
    const clock = new FakeClock();
    const { api, calls } = fakeApi([activity('a1', 'service/c/a')]);
    const aas = withServiceListing(api, { maxAgeMs: 1000, maxPages: 1, clock }, SCALING_ACTIVITY_LISTING);
    await aas.describeScalingActivities('service/c/a');
    await aas.describeScalingActivities('service/c/z');
    expect(calls).toEqual(['list 1']);
  });
});
