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
import type { ServiceListingKind } from './service-listing.js';

/**
 * The scheduled actions' listing (`withServiceListing(api, options, SCHEDULED_ACTION_LISTING)`):
 * pages of 50, DeregisterScalableTarget announced too since it deletes the target's actions.
 */
export const SCHEDULED_ACTION_LISTING: ServiceListingKind<ScheduledAction> = {
  // 20,000 actions: beyond that the account holds far more than an operator replica manages, and
  // each service reads its own.
  defaultMaxPages: 400,
  listAll: (api, maxPages) => api.listScheduledActionsUpTo(maxPages),
  read: 'describeScheduledActions',
  announces: ['putScheduledAction', 'deleteScheduledAction', 'deregisterScalableTarget'],
};
