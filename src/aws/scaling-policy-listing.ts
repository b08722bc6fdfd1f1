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
import type { ServiceListingKind } from './service-listing.js';

/**
 * What a listing keeps of a policy until the next listing: everything but the alarms' ARNs and the
 * creation time, which nothing reads. A listing holds every policy of the Region for a resync
 * period, and those two were most of a target tracking policy's size: at N = 5000 (15,000
 * policies, two alarms each) about 30,000 ARN strings and 15,000 Dates. The alarms' names stay
 * (the status reports them).
 */
export function keptOfPolicy(p: ScalingPolicy): ScalingPolicy {
  return {
    ...p,
    CreationTime: undefined,
    ...(p.Alarms === undefined
      ? {}
      : { Alarms: p.Alarms.map(({ AlarmName }) => ({ AlarmName, AlarmARN: undefined })) }),
  };
}

/**
 * The scaling policies' listing (`withServiceListing(api, options, SCALING_POLICY_LISTING)`): pages
 * of 10, DeregisterScalableTarget announced too since it deletes the target's policies.
 */
export const SCALING_POLICY_LISTING: ServiceListingKind<ScalingPolicy> = {
  // 20,000 policies: beyond that the account holds far more than an operator replica manages, and
  // each service reads its own.
  defaultMaxPages: 2000,
  listAll: async (api, maxPages) => {
    const { items, complete } = await api.listScalingPoliciesUpTo(maxPages);
    return { items: items.map(keptOfPolicy), complete };
  },
  read: 'describeScalingPolicies',
  announces: ['putScalingPolicy', 'deleteScalingPolicy', 'deregisterScalableTarget'],
};
