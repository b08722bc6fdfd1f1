/**
 * A plain-text table as kubectl prints them: upper-case headers, columns padded to their widest
 * cell, two spaces between columns, no borders. Cells may carry ANSI colour; widths count only
 * visible characters. Pure.
 */
import { visibleLength } from './terminal.js';

/** Renders `rows` under `headers`; each row must have one cell per header. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) =>
    Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) =>
        i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visibleLength(cell)),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
