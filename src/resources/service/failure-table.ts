/**
 * The EcsService failure table: what each kind of AWS error means for a service (its condition
 * reason, terminal or retried), built on the shared rule of src/resources/failure-table.ts. A missing
 * cluster is the one error the service treats apart (a wait, see aws-failure.ts).
 */
import { failureTable } from '../failure-table.js';
import { ServiceReasons as R } from './reasons.js';

/** AWS error kind → condition reason and whether retrying can help. */
export const SERVICE_FAILURES = failureTable({
  throttled: R.Throttled,
  transient: R.AwsUnavailable,
  conflict: R.AwsConflict,
  accessDenied: R.AccessDenied,
  invalid: R.InvalidParameter,
  quota: R.QuotaExceeded,
  notFound: R.AwsError,
  unknown: R.AwsError,
});
