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
  readonly options: {
    readonly services: number;
    readonly speedup: number;
    /** False for the fleet without autoscaling; absent in results from before it existed. */
    readonly autoscaling?: boolean;
  };
}

/** What the label cell of a run without autoscaling starts with: its fleet, in the row itself. */
export const NO_AUTOSCALING_NOTE = 'no autoscaling:';

/** The label cell: the run's note, prefixed with its fleet when that is not the default one. */
function labelCell(r: RowRun): string {
  const label = r.label.replace(/\|/g, '/');
  if (r.options.autoscaling !== false) return label === '' ? '–' : label;
  return label === '' ? NO_AUTOSCALING_NOTE.slice(0, -1) : `${NO_AUTOSCALING_NOTE} ${label}`;
}

/** date, commit, label, N, K: the first cells of every row. */
export function runCells(r: RowRun): string[] {
  return [
    r.startedAt.slice(0, 16).replace('T', ' '),
    r.commit.slice(0, 7),
    labelCell(r),
    String(r.options.services),
    String(r.options.speedup),
  ];
}

/** A call that changes AWS (anything but Describe*, List*, Get*). */
export function isWrite(call: LoggedCall): boolean {
  return !/^(Describe|List|Get)/.test(call.action);
}
