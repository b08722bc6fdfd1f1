/**
 * An SDK middleware that tells the rate limiter about every throttled attempt, including the ones
 * the SDK then retried successfully. Without it a throttle hidden by a successful SDK retry would
 * never reach the bucket, and the operator would keep spending at full budget while someone else
 * in the account (Terraform, CI) is emptying AWS's bucket.
 *
 * It sits just inside the SDK's retry loop (after `retryMiddleware`), so it sees each attempt.
 */
import { classifyAwsError } from './errors.js';

/** Where the reporter sits in an SDK client's middleware stack. */
const THROTTLE_REPORTER_OPTIONS = {
  name: 'ecsBridgeThrottleReporter',
  relation: 'after',
  toMiddleware: 'retryMiddleware',
  override: true,
} as const;

/** The part of an SDK v3 middleware context the reporter reads. */
interface CommandContext {
  readonly commandName?: string;
}

/** A middleware that calls `onThrottle(action)` for each throttled attempt and rethrows. */
type ThrottleReporter = <A, R>(
  next: (args: A) => Promise<R>,
  context: CommandContext,
) => (args: A) => Promise<R>;

/** The slice of an SDK client's middleware stack the reporter needs. */
export interface RelativeMiddlewareStack {
  addRelativeTo(middleware: ThrottleReporter, options: typeof THROTTLE_REPORTER_OPTIONS): void;
}

/**
 * Installs the reporter on an SDK client's middleware stack (idempotent: a second install replaces
 * the first). `onThrottle` receives the AWS action name, e.g. `DescribeServices`.
 */
export function installThrottleReporter(
  stack: RelativeMiddlewareStack,
  onThrottle: (action: string) => void,
): void {
  const reporter: ThrottleReporter = (next, context) => async (args) => {
    try {
      return await next(args);
    } catch (err) {
      if (classifyAwsError(err).kind === 'throttled' && context.commandName !== undefined) {
        onThrottle(context.commandName.replace(/Command$/, ''));
      }
      throw err;
    }
  };
  stack.addRelativeTo(reporter, THROTTLE_REPORTER_OPTIONS);
}
