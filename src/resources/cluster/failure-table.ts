/**
 * The EcsCluster failure table: what each kind of AWS error means for a cluster (its condition
 * reason, terminal or retried), built on the shared rule of src/resources/failure-table.ts.
 */
import { failureTable } from '../failure-table.js';
import { ClusterReason as R } from './reasons.js';

/** AWS error kind → condition reason and whether retrying can help. */
export const CLUSTER_FAILURES = failureTable({
  invalid: R.InvalidParameter,
  accessDenied: R.AccessDenied,
  quota: R.QuotaExceeded,
  notFound: R.NotFound,
  throttled: R.Throttled,
  conflict: R.Conflict,
  transient: R.AwsUnavailable,
  unknown: R.AwsError,
});
