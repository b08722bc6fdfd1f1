/**
 * Leader election against the world's real kube-apiserver and a real `coordination.k8s.io/v1`
 * Lease: exactly one of two candidates leads; a released lease is taken over within one jittered
 * retry period and a dead leader's after about one lease duration (both figures are printed); a
 * leader that cannot renew, or whose lease is taken from it, stops on its own.
 */
import { randomBytes } from 'node:crypto';
import { CoordinationV1Api, CoreV1Api, V1MicroTime, type KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadKubeConfig } from '../../src/k8s/kube-config.js';
import { LeaseLeadershipGate } from '../../src/k8s/lease-leadership-gate.js';
import { KubeLeaseClient, type LeaseClient } from '../../src/k8s/lease-client.js';
import type { LeaderElectorOptions } from '../../src/k8s/leader-election.js';
import { createSilentLogger } from '../../src/observability/logger.js';
import { waitFor } from '../world/wait.js';

const LEASE = 'ecs-bridge-leader';

let kc: KubeConfig;

async function freshNamespace(prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
  return name;
}

function until(condition: () => boolean, what: string, timeoutMs: number): Promise<true> {
  return waitFor(() => Promise.resolve(condition() ? true : undefined), { timeoutMs, what, intervalMs: 20 });
}

/** A running candidate: its gate, what it was told, and how to stop it. */
interface Candidate {
  readonly identity: string;
  readonly gate: LeaseLeadershipGate;
  readonly calls: { readonly what: 'started' | 'stopped'; readonly at: number }[];
  readonly stop: AbortController;
  readonly done: Promise<void>;
  readonly leading: boolean;
}

const candidates: Candidate[] = [];

function candidate(
  namespace: string,
  identity: string,
  options: Partial<LeaderElectorOptions> & { lease?: LeaseClient } = {},
): Candidate {
  const gate = new LeaseLeadershipGate({
    lease: new KubeLeaseClient({ kubeConfig: kc, namespace, name: LEASE }),
    identity,
    log: createSilentLogger(),
    ...options,
  });
  const stop = new AbortController();
  const calls: Candidate['calls'] = [];
  const state = { leading: false };
  const done = gate.run(
    {
      onStartedLeading: () => {
        state.leading = true;
        calls.push({ what: 'started', at: Date.now() });
      },
      onStoppedLeading: () => {
        state.leading = false;
        calls.push({ what: 'stopped', at: Date.now() });
      },
    },
    stop.signal,
  );
  const c: Candidate = {
    identity,
    gate,
    calls,
    stop,
    done,
    get leading() {
      return state.leading;
    },
  };
  candidates.push(c);
  return c;
}

async function readLease(namespace: string) {
  return kc.makeApiClient(CoordinationV1Api).readNamespacedLease({ namespace, name: LEASE });
}

/** Lease client whose calls fail once `cut` is set: a replica cut off from the API server. */
class CuttableLease implements LeaseClient {
  cut = false;
  constructor(private readonly inner: LeaseClient) {}
  describe(): string {
    return this.inner.describe();
  }
  get(): ReturnType<LeaseClient['get']> {
    return this.cut ? Promise.reject(new Error('connect ECONNREFUSED')) : this.inner.get();
  }
  create(...args: Parameters<LeaseClient['create']>): ReturnType<LeaseClient['create']> {
    return this.cut ? Promise.reject(new Error('connect ECONNREFUSED')) : this.inner.create(...args);
  }
  update(...args: Parameters<LeaseClient['update']>): ReturnType<LeaseClient['update']> {
    return this.cut ? Promise.reject(new Error('connect ECONNREFUSED')) : this.inner.update(...args);
  }
}

beforeAll(() => {
  kc = loadKubeConfig({ kubeconfigPath: inject('kubeconfigPath') });
});

afterEach(async () => {
  for (const c of candidates) c.stop.abort();
  await Promise.all(candidates.splice(0).map((c) => c.done));
});

describe('leader election on a real Lease', () => {
  it('lets exactly one of two candidates lead, with MicroTime renewals on the Lease', async () => {
    const ns = await freshNamespace('k8s-le-one');
    const a = candidate(ns, 'a');
    const b = candidate(ns, 'b');
    await until(() => a.leading || b.leading, 'a leader', 20_000);
    // Watch for a while (several renewals): never two leaders, never none.
    const observeUntil = Date.now() + 6_000;
    while (Date.now() < observeUntil) {
      expect([a.leading, b.leading].filter(Boolean)).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const leader = a.leading ? a : b;
    const lease = await readLease(ns);
    expect(lease.spec?.holderIdentity).toBe(leader.identity);
    expect(lease.spec?.leaseDurationSeconds).toBe(15);
    expect(lease.spec?.leaseTransitions).toBe(0);
    // client-node hands MicroTime back as the wire string: six fractional digits.
    expect(String(lease.spec?.renewTime as V1MicroTime | string)).toMatch(/\.\d{6}Z$/);
    expect(Date.now() - new Date(String(lease.spec?.renewTime)).getTime()).toBeLessThan(5_000);
    expect(leader.gate.health()).toMatchObject({ leading: true, healthy: true });
    expect((a.leading ? b : a).gate.health()).toEqual({
      leading: false,
      healthy: true,
      detail: `standing by; leader is ${leader.identity}`,
    });
  });

  it('hands over within one jittered retry period when the leader releases on shutdown', async () => {
    const ns = await freshNamespace('k8s-le-release');
    const a = candidate(ns, 'a');
    await until(() => a.leading, 'a to lead', 20_000);
    const b = candidate(ns, 'b');
    await until(() => b.gate.health().detail === 'standing by; leader is a', 'b to stand by', 20_000);

    const released = Date.now();
    a.stop.abort();
    await a.done;
    expect((await readLease(ns)).spec?.holderIdentity ?? '').toBe('');
    await until(() => b.leading, 'b to take over', 10_000);
    const takeoverMs = (b.calls[0]?.at ?? Date.now()) - released;
    console.log(
      `leader election: takeover after a graceful release took ${takeoverMs} ms (retry period 2 s, jitter up to 2.4 s)`,
    );
    // At most one jittered retry period (2 s × (1 + 1.2)) plus the calls; slack for a loaded machine.
    expect(takeoverMs).toBeLessThan(2_000 * 2.2 + 2_000);
    expect((await readLease(ns)).spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    // The released leader called nothing after its signal aborted: it started once, never "stopped".
    expect(a.calls.map((c) => c.what)).toEqual(['started']);
  });

  it('takes over from a leader that died without releasing after about one lease duration', async () => {
    const ns = await freshNamespace('k8s-le-crash');
    const a = candidate(ns, 'a', { releaseOnCancel: false });
    await until(() => a.leading, 'a to lead', 20_000);
    const b = candidate(ns, 'b');
    await until(() => b.gate.health().detail === 'standing by; leader is a', 'b to stand by', 20_000);

    const died = Date.now();
    a.stop.abort(); // stops renewing and, like a killed process, leaves the lease as it is
    await a.done;
    expect((await readLease(ns)).spec?.holderIdentity).toBe('a');
    await until(() => b.leading, 'b to take over', 30_000);
    const takeoverMs = (b.calls[0]?.at ?? Date.now()) - died;
    console.log(`leader election: takeover from a dead leader took ${takeoverMs} ms (lease duration 15 s)`);
    expect(takeoverMs).toBeGreaterThan(15_000 - 2_000 - 1_000);
    expect(takeoverMs).toBeLessThan(15_000 + 2_000 * 2.2 + 2_000);
  });

  it('stops a leader that cannot renew within the renew deadline, and the other takes over', async () => {
    const ns = await freshNamespace('k8s-le-cut');
    const timing = { leaseDurationMs: 4_000, renewDeadlineMs: 3_000, retryPeriodMs: 500 };
    const lease = new CuttableLease(new KubeLeaseClient({ kubeConfig: kc, namespace: ns, name: LEASE }));
    const a = candidate(ns, 'a', { ...timing, lease });
    await until(() => a.leading, 'a to lead', 20_000);
    const b = candidate(ns, 'b', timing);

    const cut = Date.now();
    lease.cut = true;
    await until(() => !a.leading, 'a to stop leading', 10_000);
    const stoppedMs = (a.calls.at(-1)?.at ?? Date.now()) - cut;
    console.log(
      `leader election: a leader cut off from the API server stopped leading ${stoppedMs} ms after the cut (retry 0.5 s + renew deadline 3 s)`,
    );
    expect(a.calls.map((c) => c.what)).toEqual(['started', 'stopped']);
    expect(stoppedMs).toBeLessThanOrEqual(timing.retryPeriodMs + timing.renewDeadlineMs + 500);
    await until(() => b.leading, 'b to take over', 15_000);
    // The cut-off replica stays a candidate and does not lead again while it is cut off.
    expect(a.leading).toBe(false);
  });

  it('stops a leader whose lease another holder has taken', async () => {
    const ns = await freshNamespace('k8s-le-stolen');
    const timing = { leaseDurationMs: 4_000, renewDeadlineMs: 3_000, retryPeriodMs: 500 };
    const a = candidate(ns, 'a', timing);
    await until(() => a.leading, 'a to lead', 20_000);

    const coordination = kc.makeApiClient(CoordinationV1Api);
    const current = await readLease(ns);
    const now = new V1MicroTime();
    await coordination.replaceNamespacedLease({
      namespace: ns,
      name: LEASE,
      body: {
        ...current,
        spec: {
          ...current.spec,
          holderIdentity: 'intruder',
          leaseDurationSeconds: 3_600,
          renewTime: now,
          acquireTime: now,
        },
      },
    });
    await until(() => !a.leading, 'a to notice and stop', 10_000);
    expect(a.calls.map((c) => c.what)).toEqual(['started', 'stopped']);
    await until(
      () => a.gate.health().detail === 'standing by; leader is intruder',
      'a to stand by behind the intruder',
      5_000,
    );
    expect(a.gate.health()).toMatchObject({ leading: false, healthy: true });
  });
});
