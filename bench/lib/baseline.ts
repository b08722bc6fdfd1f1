/**
 * The operator's memory baseline: the process as users run it, with its dependencies loaded and no
 * object to manage (an empty namespace), read right after /readyz answers and again after a few
 * resync periods. Peak RSS at N objects is judged against it (the target: within 1.3 ×), so what the
 * fleet costs is told apart from what merely loading the code costs.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { OperatorProcess } from '../../test/world/operator-process.js';
import { sampleFootprint } from './footprint.js';
import { parseMetrics, sumMetric } from './prometheus.js';

const MiB = 2 ** 20;

/** One reading of the operator's memory: the kernel's view and V8's (prom-client's default metrics). */
export interface MemorySample {
  /** ms since the epoch. */
  readonly at: number;
  /** Resident set now (VmRSS), MiB. */
  readonly rssMiB: number;
  /** The largest resident set so far (VmHWM), MiB. */
  readonly peakRssMiB: number;
  /** V8 heap in use (`nodejs_heap_size_used_bytes`), MiB. */
  readonly heapUsedMiB: number;
  /** V8 heap reserved (`nodejs_heap_size_total_bytes`), MiB. */
  readonly heapTotalMiB: number;
  /** Memory of C++ objects bound to JavaScript ones (`nodejs_external_memory_bytes`), MiB. */
  readonly externalMiB: number;
}

/** Reads `operator`'s memory: /proc for RSS, its /metrics for the V8 heap. */
export async function sampleMemory(operator: OperatorProcess, pid: number): Promise<MemorySample> {
  const metrics = parseMetrics(await operator.metrics());
  const proc = sampleFootprint(pid);
  return {
    at: proc.at,
    rssMiB: proc.rssMiB,
    peakRssMiB: proc.peakRssMiB,
    heapUsedMiB: sumMetric(metrics, 'nodejs_heap_size_used_bytes') / MiB,
    heapTotalMiB: sumMetric(metrics, 'nodejs_heap_size_total_bytes') / MiB,
    externalMiB: sumMetric(metrics, 'nodejs_external_memory_bytes') / MiB,
  };
}

/** The baseline of one run. */
export interface Baseline {
  /** Resync periods between the two readings. */
  readonly resyncs: number;
  /** Right after /readyz first answered 200. */
  readonly afterStart: MemorySample;
  /** After {@link resyncs} resync periods with nothing to do. */
  readonly afterResyncs: MemorySample;
  /** The process's peak resident set over the whole phase (VmHWM at its end), MiB. */
  readonly peakRssMiB: number;
}

/** What {@link measureBaseline} needs. */
export interface BaselineInput {
  /** Starts the operator on a namespace with no objects. */
  readonly start: () => Promise<OperatorProcess>;
  readonly resyncs: number;
  readonly resyncPeriodMs: number;
  readonly log: (line: string) => void;
}

/** Starts an operator with nothing to manage, reads its memory twice, and stops it. */
export async function measureBaseline(input: BaselineInput): Promise<Baseline> {
  const operator = await input.start();
  try {
    const pid = operator.process.child.pid ?? 0;
    const afterStart = await sampleMemory(operator, pid);
    input.log(
      `baseline (no objects): RSS ${afterStart.rssMiB.toFixed(0)} MiB after start (heap ${afterStart.heapUsedMiB.toFixed(1)} MiB used); waiting ${input.resyncs} resync periods`,
    );
    const until = Date.now() + input.resyncs * input.resyncPeriodMs;
    for (let left = until - Date.now(); left > 0; left = until - Date.now()) await delay(left);
    const afterResyncs = await sampleMemory(operator, pid);
    input.log(
      `baseline (no objects): RSS ${afterResyncs.rssMiB.toFixed(0)} MiB after ${input.resyncs} resync periods (heap ${afterResyncs.heapUsedMiB.toFixed(1)} MiB used), peak ${afterResyncs.peakRssMiB.toFixed(0)} MiB`,
    );
    return { resyncs: input.resyncs, afterStart, afterResyncs, peakRssMiB: afterResyncs.peakRssMiB };
  } finally {
    await operator.stop();
  }
}
