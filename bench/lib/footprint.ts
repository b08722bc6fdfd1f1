/**
 * The operator's footprint read from /proc (Linux): resident memory and CPU time of a process and
 * every descendant of it, so a loader or worker process the operator starts is counted too.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

/** One reading of a process tree. */
export interface FootprintSample {
  /** ms since the epoch. */
  readonly at: number;
  /** Resident set size summed over the tree, MiB. */
  readonly rssMiB: number;
  /** The largest resident set any process of the tree reached (VmHWM), MiB. */
  readonly peakRssMiB: number;
  /** User + system CPU seconds of the tree so far. */
  readonly cpuSeconds: number;
  readonly processes: number;
}

/** `VmRSS` and `VmHWM` of a /proc/<pid>/status text, in KiB. */
export function parseStatus(text: string): { rssKiB: number; peakKiB: number } {
  const field = (name: string): number =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { rssKiB: field('VmRSS'), peakKiB: field('VmHWM') };
}

/**
 * Parent pid and CPU ticks (utime + stime, fields 14 and 15) of a /proc/<pid>/stat line. The command
 * name (field 2) may hold spaces and parentheses, so fields are counted from its closing `)`.
 */
export function parseStat(text: string): { ppid: number; ticks: number } {
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state): field n is rest[n - 3].
  return { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) };
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended meanwhile
  }
}

/** `pid` and all its descendants alive now. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (stat === undefined) continue;
    const { ppid } = parseStat(stat);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const tree: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === undefined) break;
    tree.push(next);
    stack.push(...(children.get(next) ?? []));
  }
  return tree;
}

/** Reads the footprint of `pid`'s process tree now. */
export function sampleFootprint(pid: number): FootprintSample {
  let rssKiB = 0;
  let peakKiB = 0;
  let ticks = 0;
  let processes = 0;
  for (const p of processTree(pid)) {
    const status = read(`/proc/${p}/status`);
    const stat = read(`/proc/${p}/stat`);
    if (status === undefined || stat === undefined) continue;
    const s = parseStatus(status);
    rssKiB += s.rssKiB;
    peakKiB = Math.max(peakKiB, s.peakKiB);
    ticks += parseStat(stat).ticks;
    processes++;
  }
  return {
    at: Date.now(),
    rssMiB: rssKiB / 1024,
    peakRssMiB: peakKiB / 1024,
    cpuSeconds: ticks / CLOCK_TICKS,
    processes,
  };
}
