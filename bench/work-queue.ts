/**
 * Pushes 10,000 keys through the work queue (and through a whole Controller) with a few workers and
 * prints throughput and memory. A script that prints figures, not a timed test.
 *
 *   npx tsx bench/work-queue.ts [keys] [workers]
 *
 * Run with `node --expose-gc --import tsx bench/work-queue.ts` for steadier heap figures.
 */
import { Controller, type ObjectSource, type SourceEvent } from '../src/controller/controller.js';
import { WorkQueue } from '../src/controller/work-queue.js';
import type { ObjectMeta } from '../src/k8s/object.js';
import { createSilentLogger } from '../src/observability/logger.js';
import { createMetrics } from '../src/observability/metrics.js';

const KEYS = Number(process.argv[2] ?? 10_000);
const WORKERS = Number(process.argv[3] ?? 4);

interface Memory {
  heapMiB: number;
  rssMiB: number;
}

function memory(): Memory {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return { heapMiB: usage.heapUsed / 2 ** 20, rssMiB: usage.rss / 2 ** 20 };
}

function report(name: string, keys: number, ms: number, before: Memory, after: Memory): void {
  const rate = Math.round((keys / ms) * 1000);
  console.log(
    `${name.padEnd(44)} ${String(keys).padStart(6)} keys  ${ms.toFixed(0).padStart(6)} ms  ${String(rate).padStart(8)} keys/s` +
      `  heap ${after.heapMiB.toFixed(1)} MiB (+${(after.heapMiB - before.heapMiB).toFixed(1)})  rss ${after.rssMiB.toFixed(1)} MiB`,
  );
}

/** Workers that take keys until the queue shuts down, doing `work` for each. */
function runWorkers(queue: WorkQueue, work: (key: string) => Promise<void>): Promise<void[]> {
  return Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (let key = await queue.get(); key !== undefined; key = await queue.get()) {
        await work(key);
        queue.done(key);
      }
    }),
  );
}

async function plainQueue(): Promise<void> {
  const metrics = createMetrics({ processMetrics: false });
  const queue = new WorkQueue({ name: 'bench', metrics: metrics.workQueue('bench') });
  const before = memory();
  const started = performance.now();
  let processed = 0;
  const workers = runWorkers(queue, async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (++processed === KEYS) queue.shutDown();
  });
  for (let i = 0; i < KEYS; i++) queue.add(`ns/key-${i}`);
  const filled = memory();
  await workers;
  report('queue: add all, then drain', KEYS, performance.now() - started, before, filled);
}

async function churn(): Promise<void> {
  const queue = new WorkQueue({ name: 'bench-churn' });
  const before = memory();
  const started = performance.now();
  let processed = 0;
  // Every key is added three times while waiting and once more while being processed: dedup and
  // dirty re-processing make that exactly two reconciles per key.
  const seen = new Map<string, number>();
  const workers = runWorkers(queue, async (key) => {
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count === 1) queue.add(key);
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (++processed === 2 * KEYS) queue.shutDown();
  });
  for (let round = 0; round < 3; round++) for (let i = 0; i < KEYS; i++) queue.add(`ns/key-${i}`);
  await workers;
  const after = memory();
  report('queue: 4 adds per key, dedup + dirty', processed, performance.now() - started, before, after);
  const twice = [...seen.values()].every((n) => n === 2);
  console.log(`  every key processed exactly twice: ${twice}`);
}

async function delayed(): Promise<void> {
  const queue = new WorkQueue({ name: 'bench-delayed' });
  const before = memory();
  const started = performance.now();
  for (let i = 0; i < KEYS; i++) queue.addAfter(`ns/key-${i}`, 1 + (i % 50));
  const holding = memory();
  let processed = 0;
  const workers = runWorkers(queue, () => {
    if (++processed === KEYS) queue.shutDown();
    return Promise.resolve();
  });
  await workers;
  report('queue: addAfter 1-50 ms, then drain', KEYS, performance.now() - started, before, holding);
}

interface Obj {
  readonly metadata: ObjectMeta;
}

class StaticSource implements ObjectSource<Obj> {
  readonly name = 'bench';
  private readonly objects = new Map<string, Obj>();
  constructor(count: number) {
    for (let i = 0; i < count; i++) {
      const obj: Obj = {
        metadata: { name: `obj-${i}`, namespace: 'ns', generation: 1, resourceVersion: '1' },
      };
      this.objects.set(`ns/obj-${i}`, obj);
    }
  }
  start = (): Promise<void> => Promise.resolve();
  stop = (): Promise<void> => Promise.resolve();
  hasSynced = (): boolean => true;
  list = (): Obj[] => [...this.objects.values()];
  get = (key: string): Obj | undefined => this.objects.get(key);
  onEvent(_handler: (event: SourceEvent<Obj>) => void): () => void {
    return () => undefined;
  }
}

async function controller(): Promise<void> {
  const source = new StaticSource(KEYS);
  const before = memory();
  let reconciled = 0;
  let allDone = (): void => undefined;
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const ctrl = new Controller<Obj>({
    name: 'bench',
    source,
    log: createSilentLogger(),
    metrics: createMetrics({ processMetrics: false }),
    workers: WORKERS * 2,
    resyncPeriodMs: 600_000,
    reconciler: {
      reconcile: async () => {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (++reconciled === KEYS) allDone();
      },
    },
  });
  const started = performance.now();
  ctrl.start();
  await finished;
  const ms = performance.now() - started;
  // Every key now holds a resync entry in the delayed heap: the steady-state footprint.
  const after = memory();
  report(`controller: ${WORKERS * 2} workers, resync armed`, KEYS, ms, before, after);
  await ctrl.stop();
}

console.log(
  `node ${process.version}, ${KEYS} keys, ${WORKERS} workers, gc exposed: ${typeof globalThis.gc === 'function'}`,
);
await plainQueue();
await churn();
await delayed();
await controller();
