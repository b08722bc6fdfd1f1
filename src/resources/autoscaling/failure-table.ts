/**
 * The failure table of EcsService's autoscaling part: the reasons of the terminal AWS errors
 * (`AutoscalingReady=False`, `Stalled=True`); every other error is thrown to the service reconciler,
 * whose table reports it (src/resources/failure-table.ts).
 */
import type { PartFailureTable } from '../failure-table.js';
import { AutoscalingReason, type AutoscalingReasonValue } from './reasons.js';

/** Terminal AWS error kind → `AutoscalingReady` reason. */
export const AUTOSCALING_FAILURES: PartFailureTable<AutoscalingReasonValue> = {
  quota: AutoscalingReason.QuotaExceeded,
  accessDenied: AutoscalingReason.AccessDenied,
  invalid: AutoscalingReason.InvalidAutoscaling,
};
