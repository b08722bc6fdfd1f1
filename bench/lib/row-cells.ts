/**
 * What every results row of the benchmark starts with, and which calls are writes: shared by the
 * main table (result.ts) and the restart table (restart.ts).
 */
import type { LoggedCall } from './call-log.js';

/** The run a row describes, as far as its first cells need. */
export interface RowRun {
  readonly startedAt: string;
  readonly commit: string;
  readonly label: string;
  readonly options: { readonly services: number; readonly speedup: number };
}

/** date, commit, label, N, K: the first cells of every row. */
export function runCells(r: RowRun): string[] {
  return [
    r.startedAt.slice(0, 16).replace('T', ' '),
    r.commit.slice(0, 7),
    r.label === '' ? '–' : r.label.replace(/\|/g, '/'),
    String(r.options.services),
    String(r.options.speedup),
  ];
}

/** A call that changes AWS (anything but Describe*, List*, Get*). */
export function isWrite(call: LoggedCall): boolean {
  return !/^(Describe|List|Get)/.test(call.action);
}
