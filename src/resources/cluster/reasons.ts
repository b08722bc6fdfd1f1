import { AWS_FAILURE_REASONS } from '../aws-reasons.js';

/**
 * Every condition and Event reason the EcsCluster controller uses, in one place. PascalCase and
 * stable: users, alerts and GitOps health checks match on them. The AWS error reasons are the ones
 * the other kinds use (failure-table.ts maps each AWS error kind to one).
 */
export const ClusterReason = {
  /** First visit, before anything is known. */
  Progressing: 'Progressing',
  /** Ready=True: the ECS cluster is ACTIVE and matches the spec. */
  UpToDate: 'UpToDate',
  /** ECS reports the cluster as not yet ACTIVE (PROVISIONING while capacity providers attach). */
  ClusterNotActive: 'ClusterNotActive',
  /** Event: the ECS cluster was created. */
  Created: 'Created',
  /** Event: an Auto Scaling group capacity provider was created. */
  CapacityProviderCreated: 'CapacityProviderCreated',
  /** Event: an Auto Scaling group capacity provider was deleted. */
  CapacityProviderDeleted: 'CapacityProviderDeleted',
  /** Event: settings, configuration, Service Connect defaults or capacity providers were corrected. */
  Updated: 'Updated',
  /** An ECS cluster of this name exists and ecs-bridge did not create it; `spec.adopt` takes it over. */
  NotOwned: 'NotOwned',
  /** An older EcsCluster object names the same ECS cluster in the same Region (claims.ts). */
  ClusterClaimed: 'ClusterClaimed',
  /** A capacity provider of a declared name exists and ecs-bridge did not create it; `spec.adopt` takes it over. */
  CapacityProviderNotOwned: 'CapacityProviderNotOwned',
  /** The spec asks ECS to change what it cannot change in place (a capacity provider's Auto Scaling group). */
  ImmutableField: 'ImmutableField',
  /** ECS reports a capacity provider's last update as UPDATE_FAILED (its reason in the message). */
  CapacityProviderUpdateFailed: 'CapacityProviderUpdateFailed',
  /** A capacity provider is being updated (UPDATE_IN_PROGRESS) or is not ACTIVE yet. */
  CapacityProviderNotActive: 'CapacityProviderNotActive',
  /** Event: an outside cluster was taken over with `spec.adopt`. */
  Adopted: 'Adopted',
  /** The spec fails a check the API server cannot make. Terminal until the spec changes. */
  InvalidSpec: 'InvalidSpec',
  /** Deletion waits: services (ours or anyone's) still run in the cluster. */
  ServicesRemain: 'ServicesRemain',
  /** The object is being deleted. */
  Deleting: 'Deleting',
  /** Event: the ECS cluster was deleted. */
  Deleted: 'Deleted',
  /** Event: the object was deleted with deletionPolicy Retain (or never owned the cluster). */
  Retained: 'Retained',
  /** Event: a terminal failure. */
  Failed: 'Failed',
  /** The AWS failures, under the names every kind shares (AccessDenied also: the access policy refuses). */
  ...AWS_FAILURE_REASONS,
} as const;
