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
import type { AutoscalingApi } from './autoscaling-api.js';
import type { AutoscalingClientApi } from './autoscaling-client.js';
import { serviceListing, type ServiceListingOptions } from './service-listing.js';

/** Options for {@link withScalableTargetListing}: pages of 50, at most 100 by default. */
export type ScalableTargetListingOptions = ServiceListingOptions;

/** `api` with single-service DescribeScalableTargets served from a shared namespace listing. */
export function withScalableTargetListing(
  api: AutoscalingClientApi,
  options: ScalableTargetListingOptions,
): AutoscalingApi {
  const { shared, around } = serviceListing<ScalableTarget>(options, undefined, {
    listAll: (maxPages) => api.listScalableTargetsUpTo(maxPages),
    listOne: (resourceId, callOptions) => api.describeScalableTargets([resourceId], callOptions),
  });
  return {
    ...api,
    describeScalableTargets: (resourceIds, callOptions) => {
      const only = resourceIds.length === 1 ? resourceIds[0] : undefined;
      return only === undefined
        ? api.describeScalableTargets(resourceIds, callOptions)
        : shared.list(only, callOptions);
    },
    registerScalableTarget: (input, callOptions) =>
      around(input.ResourceId, () => api.registerScalableTarget(input, callOptions)),
    deregisterScalableTarget: (input, callOptions) =>
      around(input.ResourceId, () => api.deregisterScalableTarget(input, callOptions)),
  };
}
