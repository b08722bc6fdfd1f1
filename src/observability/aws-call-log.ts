/**
 * One log line per failed AWS call, with AWS's request id (`awsRequestId`): what AWS support asks
 * for when a call fails in a way nobody understands. The id goes to the log only; status and Events
 * carry messages with request ids stripped (src/aws/errors.ts). The field is not called
 * `requestId`, which the logger redacts wherever it appears (SDK errors carry it in `$metadata`).
 * Not-found answers are usually the expected way of learning that something does not exist yet,
 * and throttles are retried and counted in `ecs_bridge_aws_calls_total`: both log at debug; every
 * other failure at warn. No AWS message is logged here (the reconcile's own error line has it).
 */
import type { AwsCallFailure } from '../aws/call-observer.js';
import type { Logger } from './logger.js';

/** The `observeFailure` hook of the AWS call observer, writing to `log`. */
export function logAwsFailures(log: Logger): (failure: AwsCallFailure) => void {
  return (failure) => {
    const fields = {
      service: failure.service,
      operation: failure.operation,
      outcome: failure.outcome,
      errorCode: failure.errorCode,
      ...(failure.httpStatus === undefined ? {} : { httpStatus: failure.httpStatus }),
      ...(failure.requestId === undefined ? {} : { awsRequestId: failure.requestId }),
    };
    if (failure.outcome === 'notFound' || failure.outcome === 'throttled')
      log.debug(fields, 'aws call failed');
    else log.warn(fields, 'aws call failed');
  };
}
