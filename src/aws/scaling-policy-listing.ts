/**
 * DescribeScalingPolicies for one ECS service answered from one namespace-wide paged listing of the
 * Region's ECS scaling policies, shared by every EcsService with autoscaling (ADR 0029, ADR 0035;
 * the rules, the operator's own writes included, are {@link SharedListing}'s).
 *
 * DescribeScalingPolicies takes `ServiceNamespace` alone and then answers every policy of the
 * namespace, at most 10 a page
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalingPolicies.html),
 * so a listing costs about ⌈policies / 10⌉ calls: with three policies per service, 0.3 call per
 * service. That is cheaper than one read per service per resync only when a listing answers for
 * about a whole resync period, hence its own age (the operator passes its resync period), longer
 * than the read-ahead's.
 *
 * PutScalingPolicy, DeleteScalingPolicy and DeregisterScalableTarget (which deletes the target's
 * policies) are announced, so a service's policies are read on their own after the operator changed
 * them, until a listing requested after the change answered.
 */
import type { ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import type { AutoscalingClientApi } from './autoscaling-client.js';
import { serviceListing, type ServiceListingOptions } from './service-listing.js';

/** Options for {@link withScalingPolicyListing}: pages of 10, at most {@link DEFAULT_POLICY_LISTING_MAX_PAGES} by default. */
export type ScalingPolicyListingOptions = ServiceListingOptions;

/**
 * The most pages a policy listing may take (20,000 policies): beyond that the account holds far
 * more than an operator replica manages, and each service reads its own.
 */
export const DEFAULT_POLICY_LISTING_MAX_PAGES = 2000;

/** `api` with single-service DescribeScalingPolicies served from a shared namespace listing. */
export function withScalingPolicyListing(
  api: AutoscalingClientApi,
  options: ScalingPolicyListingOptions,
): AutoscalingClientApi {
  const { shared, around } = serviceListing<ScalingPolicy>(options, DEFAULT_POLICY_LISTING_MAX_PAGES, {
    listAll: (maxPages) => api.listScalingPoliciesUpTo(maxPages),
    listOne: (resourceId, callOptions) => api.describeScalingPolicies(resourceId, callOptions),
  });
  return {
    ...api,
    describeScalingPolicies: (resourceId, callOptions) => shared.list(resourceId, callOptions),
    putScalingPolicy: (input, callOptions) =>
      around(input.ResourceId, () => api.putScalingPolicy(input, callOptions)),
    deleteScalingPolicy: (input, callOptions) =>
      around(input.ResourceId, () => api.deleteScalingPolicy(input, callOptions)),
    deregisterScalableTarget: (input, callOptions) =>
      around(input.ResourceId, () => api.deregisterScalableTarget(input, callOptions)),
  };
}
