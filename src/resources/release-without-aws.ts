/**
 * Whether a finalizer must let its object go without a single AWS call, pure. Two cases:
 *
 * - the object's CustomResourceDefinition is being deleted: the API server is deleting every object
 *   of the kind, which is never a request to delete what they manage in AWS (ADR 0013), whatever
 *   the object's deletionPolicy says;
 * - the object is observed (`managementPolicy: Observe`, ADR 0018): ecs-bridge never wrote to its
 *   AWS resources and does not start when the object goes.
 *
 * The caller removes its finalizer, records the Event and logs; the reason doubles as the Event's.
 */
import type { ManagementPolicy } from './management-policy.js';

/** Event reasons of a release without AWS writes, shared by both kinds. */
export const ReleaseReasons = {
  /** The object's CRD is being deleted; nothing in AWS was touched. */
  CrdDeleting: 'CrdDeleting',
  /** The object was observed only; nothing in AWS was touched. */
  ObservedOnly: 'ObservedOnly',
} as const;

/** A decision to release: the Event reason and message, and a constant for log fields. */
export interface Release {
  readonly reason: (typeof ReleaseReasons)[keyof typeof ReleaseReasons];
  readonly message: string;
}

/** What {@link releaseWithoutAws} reads. */
export interface ReleaseInput {
  /** The kind and what it manages in AWS, for the message (`EcsService`, `ECS service web`). */
  readonly kind: string;
  readonly manages: string;
  /** True when the kind's CRD has a deletionTimestamp (or is gone). */
  readonly crdTerminating: boolean;
  readonly managementPolicy: ManagementPolicy;
}

/** The release to make without touching AWS, or undefined when the normal deletion runs. */
export function releaseWithoutAws(input: ReleaseInput): Release | undefined {
  if (input.crdTerminating) {
    return {
      reason: ReleaseReasons.CrdDeleting,
      message:
        `the ${input.kind} CustomResourceDefinition is being deleted, so the API server is deleting every ` +
        `${input.kind}; ${input.manages} is left in AWS as it is, whatever deletionPolicy says ` +
        '(re-create the CRD and the object, with spec.adopt: true, to manage it again)',
    };
  }
  if (input.managementPolicy === 'Observe') {
    return {
      reason: ReleaseReasons.ObservedOnly,
      message: `managementPolicy Observe: ${input.manages} is left in AWS as it is`,
    };
  }
  return undefined;
}
