/**
 * What an AWS error means for an EcsService, decided once and purely: the status outcome to write
 * and whether the reconcile then waits (a missing cluster), retries (throttled, transient,
 * conflict, unknown: the queue backs off) or stops (invalid, access denied, quota: a TerminalError
 * until the object changes).
 */
import { classifyAwsError } from '../../aws/errors.js';
import { TerminalError } from '../../controller/reconciler.js';
import { judgeAwsError } from '../failure-table.js';
import { SERVICE_FAILURES } from './failure-table.js';
import { ServiceReasons } from './reasons.js';
import type { ServiceOutcome, ServiceStatusInput } from './status.js';
import { endQuietly, endThrowing, endWith, type ServiceVisitEnd } from './visit-end.js';

/** The verdict on an AWS error. */
export interface AwsFailure {
  readonly outcome: ServiceOutcome;
  /** True when the status change deserves an Event (a terminal stall). */
  readonly announce: boolean;
  /**
   * False when the outcome is not worth a status write: throttling of a service that is Ready at
   * its current generation. Writing `Reconciling=True` there would flip Flux and Argo CD to
   * "progressing" for a retry the user cannot act on; the queue's backoff retries it quietly.
   */
  readonly writeStatus: boolean;
  /** `wait`: requeue after the dependency poll; otherwise throw `error`. */
  readonly then: { readonly kind: 'wait' } | { readonly kind: 'throw'; readonly error: Error };
}

/**
 * Judges an error thrown while `during` (a phrase such as "creating the ECS service"). `settled`
 * says the object is Ready at its current generation (see {@link isSettled}).
 */
export function judgeAwsFailure(
  err: unknown,
  during: string,
  where: { cluster: string; region: string },
  settled = false,
): AwsFailure {
  const { error, reason, terminal } = judgeAwsError(err, SERVICE_FAILURES);
  if (error.kind === 'notFound' && error.code === 'ClusterNotFoundException') {
    const message = `cluster ${where.cluster} does not exist in region ${where.region}; create it or fix spec.cluster`;
    return {
      outcome: { kind: 'waiting', reason: ServiceReasons.ClusterNotFound, message },
      announce: false,
      writeStatus: true,
      then: { kind: 'wait' },
    };
  }
  return {
    outcome: { kind: 'awsError', error, terminal, during },
    announce: terminal,
    writeStatus: !(settled && error.kind === 'throttled'),
    then: {
      kind: 'throw',
      error: terminal
        ? new TerminalError(reason, `${during}: ${error.message}`, { cause: err })
        : new Error(during, { cause: err }),
    },
  };
}

/** True when the object's status says Ready=True for its current generation. */
export function isSettled(obj: {
  readonly metadata: { readonly generation?: number };
  readonly status?: {
    readonly observedGeneration?: number;
    readonly conditions?: readonly { readonly type: string; readonly status: string }[];
  };
}): boolean {
  const ready = obj.status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.status === 'True' && obj.status?.observedGeneration === obj.metadata.generation;
}

/**
 * True for CreateService's refusal of a name that is ACTIVE or DRAINING with other parameters
 * ("InvalidParameterException: Creation of service was not idempotent."): the service exists, so
 * the read that asked for the create was out of date. Not the user's mistake and not terminal: the
 * reconciler re-reads instead (ADR 0011).
 */
export function isCreateNotIdempotent(err: unknown): boolean {
  const error = classifyAwsError(err);
  return error.kind === 'invalid' && /not idempotent/i.test(error.message);
}

/**
 * How a visit ends on an AWS error met while `during`: the status {@link judgeAwsFailure} calls for
 * (unless not worth a write), then a wait for the dependency poll or the error to throw.
 */
export function endOnAwsFailure(
  base: Omit<ServiceStatusInput, 'outcome'>,
  err: unknown,
  during: string,
  where: { cluster: string; region: string },
  dependencyPollMs: number,
): ServiceVisitEnd {
  const failure = judgeAwsFailure(err, during, where, isSettled(base.obj));
  const status = failure.writeStatus ? { ...base, outcome: failure.outcome } : undefined;
  if (failure.then.kind === 'throw') return endThrowing(status, failure.then.error, failure.announce);
  const result = { requeueAfterMs: dependencyPollMs };
  return status === undefined ? endQuietly(result) : endWith(status, result, failure.announce);
}
