/**
 * The fault suite's figures: each test file writes one row (scenario, what was injected, how many
 * times, outcome) to tmp/faults/<id>.json, and test/faults/report.ts renders docs/reliability.md
 * from all of them.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the rows are written (gitignored). */
export const FIGURES_DIR = resolve(import.meta.dirname, '..', '..', 'tmp', 'faults');

/** One row of docs/reliability.md. */
export interface FaultFigures {
  /** File id, e.g. `06-bad-input`; rows are sorted by it. */
  readonly id: string;
  readonly scenario: string;
  readonly injected: string;
  readonly times: number;
  /** Outcome figures, in words with numbers. */
  readonly outcome: string;
  /** When the row was measured (ISO time). */
  readonly at: string;
}

/** Writes one row, replacing the previous run's. */
export function writeFigures(row: Omit<FaultFigures, 'at'>): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  const full: FaultFigures = { ...row, at: new Date().toISOString() };
  writeFileSync(join(FIGURES_DIR, `${row.id}.json`), `${JSON.stringify(full, null, 2)}\n`);
}

/** Reads every row written so far, sorted by id. */
export function readFigures(dir = FIGURES_DIR): FaultFigures[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as FaultFigures)
    .sort((a, b) => a.id.localeCompare(b.id));
}
