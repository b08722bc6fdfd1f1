/**
 * ECS throttles RegisterTaskDefinition at 1/s per account: an EcsTaskDefinition created while the
 * task-definition-modify bucket is empty is retried, shows the throttling as `Reconciling=True`
 * (reason Throttled) while its change waits, never reports Stalled or Ready=False for it, and
 * converges with a single registration once the bucket refills.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BucketLimit } from '../../src/shared/token-bucket.js';
import { waitFor } from '../world/wait.js';
import { installCrds } from '../support/crds.js';
import { apply, condition, waitForReady } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import {
  familyCalls,
  fargateSpec,
  recordVersions,
  registrations,
  taskDefinition,
} from '../support/task-definitions.js';
import { freshNamespace, proxyControl, worldControl } from '../support/world-client.js';

const PLURAL = 'ecstaskdefinitions';
const CATEGORY = 'task-definition-modify';

describe('EcsTaskDefinition under throttling', () => {
  let operator: OperatorProcess;
  let ns: string;
  let published: BucketLimit;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    const bucket = (await proxyControl().buckets()).buckets[CATEGORY];
    published = { burst: bucket.burst, ratePerSecond: bucket.ratePerSecond };
    ns = await freshNamespace('td-throttle');
    operator = await startOperator({ args: [`--namespaces=${ns}`, `--leader-election-namespace=${ns}`] });
  });

  afterAll(async () => {
    await proxyControl().configureBuckets({ limits: { [CATEGORY]: published } });
    await proxyControl().refillBuckets([CATEGORY]);
    await operator?.stop();
  });

  it('retries while the bucket is empty, never stalls, and registers once after it refills', async () => {
    const proxy = proxyControl();
    // Empty, and refilling so slowly that only the test's refill ends the throttling.
    await proxy.configureBuckets({ limits: { [CATEGORY]: { ratePerSecond: 0.001 } } });
    await proxy.drainBuckets([CATEGORY]);

    const versions = await recordVersions(ns, 'busy');
    try {
      await apply(ns, taskDefinition('busy', fargateSpec('httpd:2.4')));
      // Several throttled attempts (SDK retries and work-queue retries) while the bucket is empty.
      await waitFor(
        async () =>
          (await familyCalls('busy', { action: 'RegisterTaskDefinition', outcome: 'throttled' })).length >= 4
            ? true
            : undefined,
        { timeoutMs: 60_000, intervalMs: 100, what: '4 throttled RegisterTaskDefinition calls' },
      );
      // The waiting change is visible as Reconciling, reason Throttled.
      await waitFor(
        () =>
          versions.versions.some(
            (v) =>
              condition(v, 'Reconciling')?.status === 'True' &&
              condition(v, 'Reconciling')?.reason === 'Throttled',
          )
            ? true
            : undefined,
        { timeoutMs: 30_000, what: 'a status saying Reconciling=True, reason Throttled' },
      );
      expect(await registrations('busy')).toBe(0);

      await proxy.configureBuckets({ limits: { [CATEGORY]: published } });
      await proxy.refillBuckets([CATEGORY]);
      const ready = await waitForReady(PLURAL, ns, 'busy');
      expect(ready.status?.['revision']).toBe(1);
      expect(await registrations('busy')).toBe(1);

      // Every status the API server stored on the way: never Stalled, never Ready=False.
      const seen = versions.versions;
      expect(seen.length).toBeGreaterThanOrEqual(3);
      for (const v of seen) {
        expect(condition(v, 'Stalled')?.status ?? 'False').toBe('False');
        expect(condition(v, 'Ready')?.status ?? 'Unknown').not.toBe('False');
      }
    } finally {
      versions.stop();
    }
  });
});
