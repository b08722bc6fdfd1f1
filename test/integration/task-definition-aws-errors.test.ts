/**
 * AWS errors as the operator meets them, injected at the proxy: a rejected registration stalls the
 * object with AWS's reason and is tried again only when its resync comes round (never with
 * backoff), without a status write; transient failures on a converged object are retried without a
 * status write; a deletion AWS refuses says how to let the object go, and `deletionPolicy: Retain`
 * does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../world/wait.js';
import { installCrds, kubectl } from '../support/crds.js';
import {
  apply,
  condition,
  getResource,
  waitForGone,
  waitForReady,
  waitForResource,
} from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import {
  familyCalls,
  fargateSpec,
  reconcileTotal,
  recordVersions,
  registrations,
  revisionsInMoto,
  taskDefinition,
} from '../support/task-definitions.js';
import { freshNamespace, proxyControl, worldControl } from '../support/world-client.js';

const PLURAL = 'ecstaskdefinitions';

describe('EcsTaskDefinition and AWS errors', () => {
  let operator: OperatorProcess;
  let ns: string;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    ns = await freshNamespace('td-errors');
    operator = await startOperator({
      args: [`--namespaces=${ns}`, `--leader-election-namespace=${ns}`, '--resync-period=2s'],
    });
  });

  afterAll(async () => {
    await proxyControl().clearRules();
    await operator?.stop();
  });

  const waitForReconciles = async (n: number): Promise<void> => {
    const from = await reconcileTotal(operator);
    await waitFor(async () => ((await reconcileTotal(operator)) >= from + n ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: `${n} more reconciles`,
    });
  };

  it('a registration AWS rejects stalls the object, is retried only at resync, and recovers on a fix', async () => {
    const rule = await proxyControl().addRule({
      service: 'ecs',
      action: 'RegisterTaskDefinition',
      bodyContains: '"family":"rejected"',
      description: 'AWS refuses the registration',
      fault: {
        kind: 'error',
        status: 400,
        code: 'ClientException',
        message: 'Invalid setting for container app: image repository not allowed.',
      },
    });
    await apply(ns, taskDefinition('rejected', fargateSpec('registry.invalid/app:1')));
    const stalled = await waitForResource(
      PLURAL,
      ns,
      'rejected',
      (r) => condition(r, 'Stalled')?.status === 'True',
      {
        what: 'to be Stalled',
      },
    );
    expect(condition(stalled, 'Ready')).toMatchObject({ status: 'False', reason: 'InvalidParameter' });
    expect(condition(stalled, 'Stalled')?.message).toContain('image repository not allowed');

    // Terminal: not retried with backoff; only its resync (2 s here, ±10 %) comes back to it, and
    // finds the same answer without writing status again.
    await waitForReconciles(4);
    const attempts = await familyCalls('rejected', { action: 'RegisterTaskDefinition' });
    const gaps = attempts.slice(1).map((c, i) => c.time - (attempts[i]?.time ?? 0));
    expect(gaps.every((ms) => ms >= 1_500)).toBe(true);
    expect((await getResource(PLURAL, ns, 'rejected'))?.metadata.resourceVersion).toBe(
      stalled.metadata.resourceVersion,
    );

    await proxyControl().removeRule(rule.id);
    await apply(ns, taskDefinition('rejected', fargateSpec('httpd:2.4')));
    const ready = await waitForReady(PLURAL, ns, 'rejected');
    expect(condition(ready, 'Stalled')?.status).toBe('False');
    expect(await registrations('rejected')).toBe(1);
  });

  it('transient failures on a converged object are retried without a status write', async () => {
    await apply(ns, taskDefinition('flaky', fargateSpec('httpd:2.4')));
    const ready = await waitForReady(PLURAL, ns, 'flaky');
    const versions = await recordVersions(ns, 'flaky');

    // A converged object's revisions are read from the Region's shared listing (ADR 0029), or its
    // family's own when that listing is unavailable: the failures hit whichever ECS is asked.
    const proxy = proxyControl();
    const rules = await Promise.all([
      proxy.addRule({
        service: 'ecs',
        action: 'ListTaskDefinitions',
        times: 4,
        fault: { kind: 'error', status: 503 },
      }),
      proxy.addRule({
        service: 'ecs',
        action: 'ListTaskDefinitions',
        times: 4,
        fault: { kind: 'throttle' },
      }),
    ]);
    await waitFor(
      async () => {
        const used = (await proxy.listRules()).filter(
          (r) => rules.some((x) => x.id === r.id) && r.remaining === 0,
        );
        return used.length === rules.length ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'every injected failure to be met' },
    );
    // One more successful pass after the failures, then: same status, no write, nothing registered.
    const seq = (await proxy.calls({ limit: 1 })).at(-1)?.seq ?? 0;
    await waitFor(
      async () =>
        (await proxy.calls({ service: 'ecs', action: 'ListTaskDefinitions', afterSeq: seq })).some(
          (c) => c.outcome === 'forwarded',
        )
          ? true
          : undefined,
      { timeoutMs: 60_000, intervalMs: 250, what: 'a successful reconcile after the failures' },
    );
    const after = await getResource(PLURAL, ns, 'flaky');
    versions.stop();
    expect(after?.metadata.resourceVersion).toBe(ready.metadata.resourceVersion);
    expect(versions.versions.map((v) => v.metadata.resourceVersion)).toEqual([
      ready.metadata.resourceVersion,
    ]);
    expect(condition(after, 'Ready')?.status).toBe('True');
    expect(await registrations('flaky')).toBe(1);
  });

  it('a deletion AWS refuses says how to let go, and deletionPolicy Retain lets the object go', async () => {
    await apply(ns, taskDefinition('stuck', fargateSpec('httpd:2.4')));
    await waitForReady(PLURAL, ns, 'stuck');
    const rule = await proxyControl().addRule({
      service: 'ecs',
      action: 'DeregisterTaskDefinition',
      bodyContains: 'task-definition/stuck:',
      fault: {
        kind: 'error',
        status: 400,
        code: 'AccessDeniedException',
        message: 'User is not authorized to perform: ecs:DeregisterTaskDefinition',
      },
    });
    try {
      await kubectl(['delete', '-n', ns, 'ecstd/stuck', '--wait=false']);
      const stalled = await waitFor(
        async () => {
          const r = await getResource(PLURAL, ns, 'stuck');
          return condition(r, 'Stalled')?.status === 'True' ? r : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 250, what: 'the deletion to stall' },
      );
      expect(condition(stalled, 'Stalled')?.reason).toBe('AccessDenied');
      expect(condition(stalled, 'Stalled')?.message).toContain('spec.deletionPolicy: Retain');

      await kubectl([
        'patch',
        '-n',
        ns,
        'ecstd/stuck',
        '--type=merge',
        '-p',
        JSON.stringify({ spec: { deletionPolicy: 'Retain' } }),
      ]);
      await waitForGone(PLURAL, ns, 'stuck');
      expect(await revisionsInMoto('stuck')).toHaveLength(1);
    } finally {
      await proxyControl().removeRule(rule.id);
    }
  });
});
