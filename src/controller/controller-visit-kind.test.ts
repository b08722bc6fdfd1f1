import { describe, expect, it } from 'vitest';
import type { ObjectMeta } from '../k8s/object.js';
import { createMetrics } from '../observability/metrics.js';
import { isResyncVisit } from '../shared/observed-at.js';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { capturedLogs } from './testing/captured-logs.js';
import { staticSource } from './testing/static-source.js';
import { Controller } from './controller.js';
import type { ReconcileResult } from './reconciler.js';

interface Obj {
  readonly metadata: ObjectMeta;
}

describe('Controller: what a reconcile tells shared readers of its visit', () => {
  it('marks the periodic resync as a resync, and the first visit and a requeued poll as not', async () => {
    const clock = new FakeClock();
    const seen: { at: number; resync: boolean }[] = [];
    let result: ReconcileResult = { requeueAfterMs: 5_000 };
    const controller = new Controller<Obj>({
      name: 'things',
      source: staticSource<Obj>('objs', [
        { metadata: { name: 'a', namespace: 'ns', generation: 1, resourceVersion: '1' } },
      ]),
      reconciler: {
        reconcile: () => {
          seen.push({ at: clock.now(), resync: isResyncVisit() });
          const r = result;
          // One poll, then settled: the next visit is the resync.
          result = {};
          return Promise.resolve(r);
        },
      },
      log: capturedLogs().log,
      metrics: createMetrics({ processMetrics: false }),
      clock,
      resyncPeriodMs: 100_000,
      resyncJitter: 0,
    });
    controller.start();
    await clock.tickAsync(1);
    await clock.tickAsync(5_000);
    await clock.tickAsync(100_000);
    await clock.tickAsync(100_000);
    expect(seen).toEqual([
      { at: 0, resync: false },
      { at: 5_000, resync: false },
      // One period after the last visit (jitter 0).
      { at: 105_000, resync: true },
      { at: 205_000, resync: true },
    ]);
    await controller.stop();
  });
});
