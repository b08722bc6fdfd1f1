/**
 * DescribeScalableTargets for one ECS service answered from one namespace-wide paged listing of the
 * Region's ECS scalable targets (50 a page), shared by every EcsService with autoscaling, so a
 * fleet's resync costs about one call per 50 services per `maxAgeMs` instead of one per service
 * (ADR 0029; the rules, the operator's own writes included, are {@link SharedListing}'s).
 *
 * DescribeScalableTargets takes `ServiceNamespace` alone and then answers every target of the
 * namespace page by page
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalableTargets.html).
 * RegisterScalableTarget and DeregisterScalableTarget are announced, so a service's target is read
 * on its own after the operator changed it, until a listing requested after the change answered.
 */
import type { ScalableTarget } from '@aws-sdk/client-application-auto-scaling';
import type { ServiceListingKind } from './service-listing.js';

/**
 * The scalable targets' listing (`withServiceListing(api, options, SCALABLE_TARGET_LISTING)`): pages
 * of 50, at most 100 by default; a read of exactly one service is answered from it, others as asked.
 */
export const SCALABLE_TARGET_LISTING: ServiceListingKind<ScalableTarget> = {
  listAll: (api, maxPages) => api.listScalableTargetsUpTo(maxPages),
  read: {
    listOne: (api, resourceId, options) => api.describeScalableTargets([resourceId], options),
    serves: (list, api) => ({
      describeScalableTargets: (resourceIds, callOptions) => {
        const only = resourceIds.length === 1 ? resourceIds[0] : undefined;
        return only === undefined
          ? api.describeScalableTargets(resourceIds, callOptions)
          : list(only, callOptions);
      },
    }),
  },
  announces: ['registerScalableTarget', 'deregisterScalableTarget'],
};
