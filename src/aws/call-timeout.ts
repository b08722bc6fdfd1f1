/**
 * How long one AWS call may take before the caller stops waiting for it. Every call through
 * `call-runner.ts` has a deadline from sending to answer (the SDK's own retry included); at the
 * deadline the request is aborted (its socket destroyed) and the call rejects with
 * {@link AwsCallTimeoutError}, which `errors.ts` classifies `transient`: the work queue retries it
 * with backoff, and the object's status says which operation timed out.
 *
 * Reads and writes get different deadlines (see docs/adr/0010-timeouts.md for the figures):
 * a read that hangs is simply re-read, while a write that times out may still have been applied, so
 * it gets more room before the operator gives up on its answer.
 */

/** Per-call deadlines, in milliseconds; 0 turns a deadline off. */
export interface AwsCallTimeouts {
  /** Describe*, List* and Get* calls. */
  readonly readMs: number;
  /** Every other call (create, update, delete, register, tag…). */
  readonly writeMs: number;
}

/**
 * A read's deadline. ECS, Application Auto Scaling and ELBv2 reads answer in well under a second;
 * 15 s is an order of magnitude of headroom, yet a hung read holds a reconcile for seconds, not
 * for ever.
 */
export const DEFAULT_READ_TIMEOUT_MS = 15_000;

/**
 * A write's deadline. CreateService and UpdateService validate load balancers, roles and capacity
 * before answering and take a few seconds at worst; a write given up on may still happen, so it gets
 * twice a read's room.
 */
export const DEFAULT_WRITE_TIMEOUT_MS = 30_000;

/**
 * How long establishing a connection (TCP and TLS) may take. An AWS regional endpoint answers in
 * milliseconds; 3 s covers two lost SYNs (Linux retransmits after 1 s, then 2 s more would exceed
 * it: the SDK's one retry then opens a fresh connection).
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;

/** The defaults, as one value. */
export const DEFAULT_CALL_TIMEOUTS: AwsCallTimeouts = {
  readMs: DEFAULT_READ_TIMEOUT_MS,
  writeMs: DEFAULT_WRITE_TIMEOUT_MS,
};

/** True for actions that only read (`Describe*`, `List*`, `Get*`), in any of the three APIs. */
export function isReadAction(action: string): boolean {
  return /^(Describe|List|Get)/.test(action);
}

/** The deadline of `action` in ms, or undefined when it has none. */
export function callTimeoutFor(action: string, timeouts: AwsCallTimeouts): number | undefined {
  const ms = isReadAction(action) ? timeouts.readMs : timeouts.writeMs;
  return ms > 0 ? ms : undefined;
}

/**
 * An AWS call got no complete answer within its deadline and was abandoned. Retryable: the
 * classification is `transient`. The message names the service, operation and deadline so a user
 * reading a condition knows what hung.
 */
export class AwsCallTimeoutError extends Error {
  override readonly name = 'AwsCallTimeoutError';
  readonly service: string;
  readonly operation: string;
  readonly timeoutMs: number;

  constructor(service: string, operation: string, timeoutMs: number) {
    super(`${service} ${operation} got no answer within ${formatSeconds(timeoutMs)}; abandoned, will retry`);
    this.service = service;
    this.operation = operation;
    this.timeoutMs = timeoutMs;
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
