/**
 * The one shared step from an AWS error to what a kind does about it. `src/aws/errors.ts` classifies
 * the error into a closed union of kinds (the same for every resource); each kind of ours then looks
 * the result up in its own {@link FailureTable}: the PascalCase condition reason to report and
 * whether retrying can help. The table is a plain `Record` over every {@link AwsErrorKind}, so a new
 * error kind fails to compile until every kind of ours has decided what it means.
 */
import { classifyAwsError, type AwsErrorClass, type AwsErrorKind } from '../aws/errors.js';

/** What one kind of AWS error means for one kind of ours. */
export interface FailureRule<Reason extends string = string> {
  /** The condition (and Event) reason. */
  readonly reason: Reason;
  /**
   * True when retrying cannot help (invalid input, access denied, a used-up quota): status says
   * `Stalled=True` and the reconcile ends with a TerminalError, until the object changes or resyncs.
   * False: the error is rethrown and the work queue retries with backoff.
   */
  readonly terminal: boolean;
}

/** A kind's failure table: every AWS error kind mapped to its rule. */
export type FailureTable<Reason extends string = string> = Readonly<
  Record<AwsErrorKind, FailureRule<Reason>>
>;

/** An AWS error, classified and looked up in a kind's table. */
export interface JudgedAwsError<Reason extends string = string> extends FailureRule<Reason> {
  /** The classified error (code and a message with request ids stripped, fit for status). */
  readonly error: AwsErrorClass;
}

/** Classifies `err` once and looks it up in `table`. Pure. */
export function judgeAwsError<Reason extends string>(
  err: unknown,
  table: FailureTable<Reason>,
): JudgedAwsError<Reason> {
  const error = classifyAwsError(err);
  return { error, ...table[error.kind] };
}

/** The error kinds no retry can fix: the user (or an administrator) must act. */
export type TerminalAwsErrorKind = 'invalid' | 'accessDenied' | 'quota';

const TERMINAL_KINDS: ReadonlySet<AwsErrorKind> = new Set<TerminalAwsErrorKind>([
  'invalid',
  'accessDenied',
  'quota',
]);

/** True for the error kinds no retry can fix. */
export function isTerminalAwsErrorKind(kind: AwsErrorKind): kind is TerminalAwsErrorKind {
  return TERMINAL_KINDS.has(kind);
}

/**
 * The rule every kind of ours shares unless it has a reason to differ: invalid requests, access
 * denied and quotas are terminal; throttling, 5xx and network errors, conflicts, a missing resource
 * met mid-way and anything unknown are retried. Each kind supplies its reasons.
 */
export function failureTable<Reason extends string>(
  reasons: Readonly<Record<AwsErrorKind, Reason>>,
): FailureTable<Reason> {
  const rule = (kind: AwsErrorKind): FailureRule<Reason> => ({
    reason: reasons[kind],
    terminal: TERMINAL_KINDS.has(kind),
  });
  return {
    notFound: rule('notFound'),
    throttled: rule('throttled'),
    conflict: rule('conflict'),
    invalid: rule('invalid'),
    quota: rule('quota'),
    accessDenied: rule('accessDenied'),
    transient: rule('transient'),
    unknown: rule('unknown'),
  };
}

/** The reasons of a kind that names its AWS failures with the shared names. */
export interface StandardAwsReasons<Reason extends string> {
  readonly InvalidParameter: Reason;
  readonly AccessDenied: Reason;
  readonly QuotaExceeded: Reason;
  readonly NotFound: Reason;
  readonly Throttled: Reason;
  readonly Conflict: Reason;
  readonly AwsUnavailable: Reason;
  readonly AwsError: Reason;
}

/**
 * {@link failureTable} for a kind whose reasons carry the shared names (`InvalidParameter`,
 * `Throttled`, …): each error kind gets the reason of the same meaning.
 */
export function standardFailureTable<Reason extends string>(
  r: StandardAwsReasons<Reason>,
): FailureTable<Reason> {
  return failureTable({
    invalid: r.InvalidParameter,
    accessDenied: r.AccessDenied,
    quota: r.QuotaExceeded,
    notFound: r.NotFound,
    throttled: r.Throttled,
    conflict: r.Conflict,
    transient: r.AwsUnavailable,
    unknown: r.AwsError,
  });
}

/**
 * The failure table of a part of a kind (autoscaling is part of EcsService): only the terminal kinds
 * have a reason of the part's own; every retried error is thrown to the owning kind, whose table
 * reports it.
 */
export type PartFailureTable<Reason extends string = string> = Readonly<Record<TerminalAwsErrorKind, Reason>>;

/** An AWS error met by a part: terminal with the part's reason, or retried by the owning kind. */
export type JudgedPartAwsError<Reason extends string = string> =
  | {
      readonly error: AwsErrorClass;
      readonly terminal: true;
      readonly reason: Reason;
      readonly kind: TerminalAwsErrorKind;
    }
  | { readonly error: AwsErrorClass; readonly terminal: false };

/** Classifies `err` once and looks it up in a part's `table`. Pure. */
export function judgePartAwsError<Reason extends string>(
  err: unknown,
  table: PartFailureTable<Reason>,
): JudgedPartAwsError<Reason> {
  const error = classifyAwsError(err);
  return isTerminalAwsErrorKind(error.kind)
    ? { error, terminal: true, reason: table[error.kind], kind: error.kind }
    : { error, terminal: false };
}
