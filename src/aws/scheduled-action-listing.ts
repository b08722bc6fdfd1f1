/**
 * DescribeScheduledActions for one ECS service answered from one namespace-wide paged listing of the
 * Region's ECS scheduled actions, shared by every EcsService with autoscaling (ADR 0029, ADR 0035,
 * ADR 0047; the rules, the operator's own writes included, are {@link SharedListing}'s).
 *
 * DescribeScheduledActions takes `ServiceNamespace` alone and then answers every scheduled action of
 * the namespace, at most 50 a page
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScheduledActions.html),
 * so a listing costs about ⌈actions / 50⌉ calls per resync period for the whole fleet. That is what
 * lets every visit of a registered target read its scheduled actions, whatever status says: no
 * status hint decides whether ours are looked for.
 *
 * PutScheduledAction, DeleteScheduledAction and DeregisterScalableTarget (which deletes the target's
 * scheduled actions) are announced, so a service's actions are read on their own after the operator
 * changed them, until a listing requested after the change answered.
 */
import type { ScheduledAction } from '@aws-sdk/client-application-auto-scaling';
import type { AutoscalingClientApi } from './autoscaling-client.js';
import { serviceListing, type ServiceListingOptions } from './service-listing.js';

/** Options for {@link withScheduledActionListing}: pages of 50, at most {@link DEFAULT_SCHEDULED_LISTING_MAX_PAGES} by default. */
export type ScheduledActionListingOptions = ServiceListingOptions;

/**
 * The most pages a scheduled action listing may take (20,000 actions): beyond that the account
 * holds far more than an operator replica manages, and each service reads its own.
 */
export const DEFAULT_SCHEDULED_LISTING_MAX_PAGES = 400;

/** `api` with single-service DescribeScheduledActions served from a shared namespace listing. */
export function withScheduledActionListing(
  api: AutoscalingClientApi,
  options: ScheduledActionListingOptions,
): AutoscalingClientApi {
  const { shared, around } = serviceListing<ScheduledAction>(options, DEFAULT_SCHEDULED_LISTING_MAX_PAGES, {
    listAll: (maxPages) => api.listScheduledActionsUpTo(maxPages),
    listOne: (resourceId, callOptions) => api.describeScheduledActions(resourceId, callOptions),
  });
  return {
    ...api,
    describeScheduledActions: (resourceId, callOptions) => shared.list(resourceId, callOptions),
    putScheduledAction: (input, callOptions) =>
      around(input.ResourceId, () => api.putScheduledAction(input, callOptions)),
    deleteScheduledAction: (input, callOptions) =>
      around(input.ResourceId, () => api.deleteScheduledAction(input, callOptions)),
    deregisterScalableTarget: (input, callOptions) =>
      around(input.ResourceId, () => api.deregisterScalableTarget(input, callOptions)),
  };
}
