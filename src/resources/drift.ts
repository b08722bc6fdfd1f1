/**
 * What an observed object (`managementPolicy: Observe`, ADR 0018) reports when AWS differs from its
 * spec: `status.drift`, a bounded, `ecs-bridge plan`-style list of field changes, and the `Drifted`
 * condition naming the fields. Pure and shared by both kinds; each kind turns its planned actions
 * into {@link FieldChange}s (its own `drift.ts`).
 *
 * Bounded because status lives in etcd and is sent to every watcher: at most
 * {@link MAX_DRIFT_CHANGES} changes, each value cut at {@link MAX_DRIFT_VALUE_CHARS} characters,
 * and the count of changes left out. Values are shown as `ecs-bridge plan` shows them (compact
 * JSON), so the schema stays a list of strings.
 */
import type { ConditionInput } from '../k8s/conditions.js';
import { formatValue, type FieldChange } from './field-diff.js';

/** The most changes listed in `status.drift.changes`. */
export const MAX_DRIFT_CHANGES = 20;
/** The longest value shown in one change. */
export const MAX_DRIFT_VALUE_CHARS = 200;
/** The most field names listed in `status.drift.fields` and the condition message. */
export const MAX_DRIFT_FIELDS = 20;

/** One field that differs. `observed` absent: AWS lacks it; `desired` absent: the spec lacks it. */
export interface DriftChange {
  readonly path: string;
  readonly observed?: string;
  readonly desired?: string;
}

/** `status.drift`: how AWS differs from the spec, as last observed. */
export interface DriftStatus {
  /** The top-level fields that differ (`taskDefinition`, `desiredCount`, `tags`), sorted. */
  readonly fields: string[];
  readonly changes: DriftChange[];
  /** How many changes were left out to keep status small. */
  readonly omittedChanges?: number;
}

/** Condition reasons of `Drifted` (and of Ready while observing). */
export const DriftReasons = {
  /** AWS differs from the spec; ecs-bridge observes only and changes nothing. */
  Drifted: 'Drifted',
  /** AWS matches the spec. */
  InSync: 'InSync',
} as const;

/** The first segment of a change path: `containerDefinitions[api].image` → `containerDefinitions`. */
function topField(path: string): string {
  return /^[^.[]*/.exec(path)?.[0] ?? path;
}

/** The drift to report for `changes`, or undefined when there is none. */
export function summariseDrift(changes: readonly FieldChange[]): DriftStatus | undefined {
  if (changes.length === 0) return undefined;
  const fields = [...new Set(changes.map((c) => topField(c.path)))].sort().slice(0, MAX_DRIFT_FIELDS);
  const shown = changes.slice(0, MAX_DRIFT_CHANGES).map((c): DriftChange => ({
    path: c.path,
    ...(c.before === undefined ? {} : { observed: formatValue(c.before, MAX_DRIFT_VALUE_CHARS) }),
    ...(c.after === undefined ? {} : { desired: formatValue(c.after, MAX_DRIFT_VALUE_CHARS) }),
  }));
  const omitted = changes.length - shown.length;
  return { fields, changes: shown, ...(omitted > 0 ? { omittedChanges: omitted } : {}) };
}

/** The message of `Drifted=True` (and of Ready=False while observing): what differs, where. */
export function driftMessage(drift: DriftStatus, where: string): string {
  return (
    `${where} differs from the spec in ${drift.fields.join(', ')}; managementPolicy is Observe, so ` +
    'ecs-bridge changes nothing (status.drift lists the changes; set managementPolicy: Manage to apply them)'
  );
}

/** The `Drifted` condition for what one observing reconcile saw. */
export function driftedCondition(
  drift: DriftStatus | undefined,
  where: string,
  observedGeneration: number | undefined,
): ConditionInput {
  const g = observedGeneration === undefined ? {} : { observedGeneration };
  return drift === undefined
    ? {
        type: 'Drifted',
        status: 'False',
        reason: DriftReasons.InSync,
        message: `${where} matches the spec`,
        ...g,
      }
    : {
        type: 'Drifted',
        status: 'True',
        reason: DriftReasons.Drifted,
        message: driftMessage(drift, where),
        ...g,
      };
}
