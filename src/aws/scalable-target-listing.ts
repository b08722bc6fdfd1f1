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
import type { Clock } from '../shared/clock.js';
import { announcedWrite, SharedListing } from './shared-listing.js';

/** Options for {@link withScalableTargetListing}. */
export interface ScalableTargetListingOptions {
  /** How old a namespace listing may be when it answers, ms. */
  readonly maxAgeMs: number;
  /** Pages (of 50) a namespace listing may take before it is abandoned. Default 100. */
  readonly maxPages?: number;
  readonly clock?: Clock;
}

/** `api` with single-service DescribeScalableTargets served from a shared namespace listing. */
export function withScalableTargetListing(
  api: AutoscalingClientApi,
  options: ScalableTargetListingOptions,
): AutoscalingApi {
  const shared = new SharedListing<ScalableTarget>({
    listAll: (maxPages) => api.listScalableTargetsUpTo(maxPages),
    listOne: (resourceId, callOptions) => api.describeScalableTargets([resourceId], callOptions),
    keyOf: (target) => target.ResourceId,
    maxAgeMs: options.maxAgeMs,
    ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
  });
  const around = <T>(resourceId: string | undefined, call: () => Promise<T>): Promise<T> =>
    announcedWrite(shared, resourceId, call);
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
