/**
 * Test support: the assertion every `plan` test of an in-place change makes, that the entry is an
 * update and its operations, in order, are exactly these `~` calls with these titles and changes.
 */
import { expect } from 'vitest';
import type { FieldChange } from '../field-diff.js';
import type { PlanEntry } from '../plan/plan-model.js';

/** One expected in-place operation: the AWS call, its title, the fields it changes. */
export type InPlaceOperation = readonly [call: string, title: string, changes: readonly FieldChange[]];

/** Asserts `entry` plans an update made of exactly `operations`, each changing in place (`~`). */
export function expectInPlaceUpdate(entry: PlanEntry, ...operations: readonly InPlaceOperation[]): void {
  expect(entry.verdict).toBe('update');
  expect(entry.operations).toEqual(
    operations.map(([call, title, changes]) => ({ call, symbol: '~', title, changes })),
  );
}
