/**
 * The condition reasons of AWS failures under their shared names, for a kind's reasons to spread in
 * (`...AWS_FAILURE_REASONS`) so that every kind names a throttled or refused call the same way, and
 * {@link standardFailureTable} maps the error kinds onto them.
 */
import type { StandardAwsReasons } from './failure-table.js';

/** The shared AWS failure reasons: which are terminal is the kind's failure table's to say. */
export const AWS_FAILURE_REASONS = {
  /** AWS refused the request as invalid. Terminal until the spec changes. */
  InvalidParameter: 'InvalidParameter',
  /** IAM or the access policy denied the call. Terminal until the object changes or resyncs. */
  AccessDenied: 'AccessDenied',
  /** An account quota is used up. Terminal until the object changes or resyncs. */
  QuotaExceeded: 'QuotaExceeded',
  /** Something the call needed does not exist (retried). */
  NotFound: 'NotFound',
  /** AWS throttled the call (retried). */
  Throttled: 'Throttled',
  /** AWS reported a conflicting change in flight (retried). */
  Conflict: 'Conflict',
  /** A 5xx or network failure (retried). */
  AwsUnavailable: 'AwsUnavailable',
  /** An AWS error of no known kind (retried). */
  AwsError: 'AwsError',
} as const satisfies StandardAwsReasons<string>;
