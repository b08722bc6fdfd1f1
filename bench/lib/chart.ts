/**
 * A hand-written SVG chart of AWS calls per second, one panel per throttling category, each
 * against its bucket's sustained limit, so a reader sees which bucket the run spent its time on.
 * No dependencies: plain strings.
 */
import type { Series } from './summary.js';

/** A limit line for one series. */
export interface SeriesLimit {
  /** Calls per second. */
  readonly ratePerSecond: number;
  readonly burst: number;
  /** Whose limit: `ECS (proxy)` or `client budget`. */
  readonly source: string;
}

/** What the chart shows. */
export interface ChartInput {
  readonly title: string;
  readonly series: readonly Series[];
  readonly limits: Readonly<Record<string, SeriesLimit>>;
  /** Vertical markers, in seconds from the start (e.g. the floor and the measured convergence). */
  readonly markers: readonly { readonly at: number; readonly label: string; readonly color: string }[];
}

const WIDTH = 960;
const PANEL = 132;
/** Below a panel: its tick labels, its x-axis label, and the next panel's title. */
const GAP = 50;
/** Room for the rotated y-axis label and the tick labels. */
const LEFT = 72;
const RIGHT = 16;
const TITLE_SIZE = 14;
const TITLE_LINE = 18;
const LEGEND_LINE = 16;
/** Average glyph width of sans-serif as a fraction of the font size (generous: wrap early, never clip). */
const GLYPH = 0.62;

/** Splits `text` at spaces into lines of at most `maxChars` (a longer word gets a line of its own). */
export function wrapText(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.length === 0 ? [''] : lines;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function round(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

/** A step for axis ticks: 1, 2 or 5 × 10^k, giving about `count` ticks over `max`. */
export function niceStep(max: number, count: number): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= raw) return m * magnitude;
  return 10 * magnitude;
}

/** Renders the chart as an SVG document. */
export function renderChart(input: ChartInput): string {
  const seconds = Math.max(1, ...input.series.map((s) => s.perSecond.length));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const x = (t: number): number => LEFT + (t / seconds) * plotWidth;
  // The title and the legend wrap to the chart's width: nothing is clipped at the right edge.
  const titleLines = wrapText(input.title, Math.floor((WIDTH - 2 * RIGHT) / (TITLE_SIZE * GLYPH)));
  const legendLines = wrapText(
    "calls per second (blue line), throttled calls per second (red bars), the bucket's sustained limit (orange, dashed)",
    Math.floor((WIDTH - 2 * RIGHT) / (11 * GLYPH)),
  );
  const header = 8 + titleLines.length * TITLE_LINE + legendLines.length * LEGEND_LINE + 8;
  const height = header + input.series.length * (PANEL + GAP) + 8;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    ...titleLines.map(
      (line, i) =>
        `<text x="${RIGHT}" y="${8 + (i + 1) * TITLE_LINE - 4}" font-size="${TITLE_SIZE}" font-weight="bold">${escapeXml(line)}</text>`,
    ),
    ...legendLines.map(
      (line, i) =>
        `<text x="${RIGHT}" y="${8 + titleLines.length * TITLE_LINE + (i + 1) * LEGEND_LINE - 4}" fill="#555">${escapeXml(line)}</text>`,
    ),
  ];
  input.series.forEach((series, index) => {
    const top = header + index * (PANEL + GAP) + 16;
    const limit = input.limits[series.name];
    const peak = Math.max(1, ...series.perSecond, limit === undefined ? 0 : limit.ratePerSecond * 1.2);
    const yStep = niceStep(peak, 4);
    const yMax = Math.ceil(peak / yStep) * yStep;
    const y = (v: number): number => top + PANEL - (v / yMax) * PANEL;
    const title =
      limit === undefined
        ? series.name
        : `${series.name}: ${round(limit.ratePerSecond)}/s sustained, burst ${limit.burst} (${limit.source})`;
    const total = series.perSecond.reduce((a, b) => a + b, 0);
    const throttled = series.throttledPerSecond.reduce((a, b) => a + b, 0);
    parts.push(
      `<text x="${LEFT}" y="${top - 5}" font-weight="bold">${escapeXml(title)}</text>`,
      `<text x="${WIDTH - RIGHT}" y="${top - 5}" text-anchor="end" fill="#555">${total} calls, ${throttled} throttled</text>`,
      `<rect x="${LEFT}" y="${top}" width="${plotWidth}" height="${PANEL}" fill="none" stroke="#ccc"/>`,
    );
    for (let v = 0; v <= yMax + 1e-9; v += yStep) {
      parts.push(
        `<line x1="${LEFT}" x2="${LEFT + plotWidth}" y1="${round(y(v))}" y2="${round(y(v))}" stroke="#eee"/>`,
        `<text x="${LEFT - 4}" y="${round(y(v) + 4)}" text-anchor="end" fill="#555">${round(v)}</text>`,
      );
    }
    const xStep = niceStep(seconds, 10);
    for (let t = 0; t <= seconds; t += xStep) {
      parts.push(
        `<text x="${round(x(t))}" y="${top + PANEL + 13}" text-anchor="middle" fill="#555">${round(t)}</text>`,
      );
    }
    // Axis labels: what the numbers are, on every panel.
    const yMid = top + PANEL / 2;
    parts.push(
      `<text x="${LEFT + plotWidth / 2}" y="${top + PANEL + 27}" text-anchor="middle" fill="#333">time since the first apply (s)</text>`,
      `<text x="14" y="${yMid}" text-anchor="middle" fill="#333" transform="rotate(-90 14 ${yMid})">calls per second</text>`,
    );
    for (const marker of input.markers) {
      if (marker.at < 0 || marker.at > seconds) continue;
      parts.push(
        `<line x1="${round(x(marker.at))}" x2="${round(x(marker.at))}" y1="${top}" y2="${top + PANEL}" stroke="${marker.color}" stroke-dasharray="2,3"/>`,
      );
      if (index === 0) {
        parts.push(
          `<text x="${round(x(marker.at) + 3)}" y="${top + 11}" fill="${marker.color}">${escapeXml(marker.label)}</text>`,
        );
      }
    }
    series.throttledPerSecond.forEach((v, t) => {
      if (v === 0) return;
      parts.push(
        `<rect x="${round(x(t))}" y="${round(y(v))}" width="${round(Math.max(1, x(t + 1) - x(t)))}" height="${round(top + PANEL - y(v))}" fill="#d62728" opacity="0.7"/>`,
      );
    });
    const points = series.perSecond.map((v, t) => `${round(x(t + 0.5))},${round(y(v))}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="#1f77b4" stroke-width="1.2"/>`);
    if (limit !== undefined) {
      parts.push(
        `<line x1="${LEFT}" x2="${LEFT + plotWidth}" y1="${round(y(limit.ratePerSecond))}" y2="${round(y(limit.ratePerSecond))}" stroke="#ff7f0e" stroke-dasharray="6,4" stroke-width="1.5"/>`,
      );
    }
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
