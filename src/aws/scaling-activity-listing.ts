/**
 * DescribeScalingActivities for one ECS service answered from one namespace-wide listing of the
 * Region's newest scaling activities, shared by every EcsService with autoscaling and read at most
 * once per resync period (the budget of ADR 0035's policy listing; the rules are
 * {@link SharedListing}'s).
 *
 * DescribeScalingActivities takes `ServiceNamespace` alone (`ResourceId` and `ScalableDimension` are
 * filters) and answers up to 50 activities a page, newest first, from the previous six weeks
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalingActivities.html).
 * Status and Events want the recent ones only, so the listing reads the first `maxPages` pages and
 * no more: a service whose last activity is older than the Region's newest `maxPages × 50` shows
 * none. That truncation is the point, not a failure, so it is never abandoned for per-service reads.
 *
 * No write of the operator is announced: a RegisterScalableTarget that makes AWS scale to a new
 * minimum shows up in the next listing, one period later at most, like any other activity.
 */
import type { ScalingActivity } from '@aws-sdk/client-application-auto-scaling';
import type { ServiceListingKind } from './service-listing.js';

/** The Region's newest 100 activities per period: two calls, whatever the fleet's size. */
export const DEFAULT_ACTIVITY_LISTING_PAGES = 2;

/**
 * The newest activities' listing (`withServiceListing(api, options, SCALING_ACTIVITY_LISTING)`,
 * `maxAgeMs` the resync period): pages of 50, newest first, {@link DEFAULT_ACTIVITY_LISTING_PAGES}
 * read by default; no write announced (file comment).
 */
export const SCALING_ACTIVITY_LISTING: ServiceListingKind<ScalingActivity> = {
  defaultMaxPages: DEFAULT_ACTIVITY_LISTING_PAGES,
  // Complete by definition: older activities are deliberately not read (file comment).
  listAll: async (api, maxPages) => ({
    items: await api.listScalingActivitiesUpTo(maxPages),
    complete: true,
  }),
  read: 'describeScalingActivities',
  announces: [],
};
