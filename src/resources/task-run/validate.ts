/**
 * The EcsTaskRun spec rules the controller re-checks before any AWS call (pure): the template's,
 * then the run's own. The CRD enforces them at admission; this guards objects stored before a rule
 * existed.
 */
import { validateTaskTemplate } from '../task-template/validate.js';
import type { EcsTaskRunSpec } from './types.js';

/** RunTask starts at most 10 tasks a call. */
export const MAX_COUNT = 10;

/** Returns what is wrong with the spec (one message naming field, value and fix), or undefined. */
export function validateTaskRunSpec(spec: EcsTaskRunSpec): string | undefined {
  const template = validateTaskTemplate(spec, 'spec');
  if (template !== undefined) return template;
  const count = spec.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    return `spec.count (${count}) must be 1 to ${MAX_COUNT} (RunTask's limit per call)`;
  }
  for (const field of ['backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished'] as const) {
    const value = spec[field];
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      return `spec.${field} (${value}) must be a whole number >= 0`;
    }
  }
  return undefined;
}
