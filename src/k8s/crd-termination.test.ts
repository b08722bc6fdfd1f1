import { ApiException, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { CrdTermination, type CrdReadApi } from './crd-termination.js';

const CRD = 'ecsservices.ecs-bridge.dev';

/** A fake API answering from `answer`, counting reads. */
function fakeApi(answer: () => V1CustomResourceDefinition | Error): CrdReadApi & { reads: number } {
  const api = {
    reads: 0,
    readCustomResourceDefinition: async (): Promise<V1CustomResourceDefinition> => {
      api.reads += 1;
      await Promise.resolve();
      const a = answer();
      if (a instanceof Error) throw a;
      return a;
    },
  };
  return api;
}

const live = (): V1CustomResourceDefinition => ({ metadata: { name: CRD } }) as V1CustomResourceDefinition;
const terminating = (): V1CustomResourceDefinition =>
  ({ metadata: { name: CRD, deletionTimestamp: new Date() } }) as V1CustomResourceDefinition;

describe('CrdTermination', () => {
  it('believes "live" for liveTtlMs and "being deleted" for ttlMs', async () => {
    let now = 0;
    let crd = live();
    const api = fakeApi(() => crd);
    const check = new CrdTermination({ api, ttlMs: 5_000, liveTtlMs: 1_000, now: () => now });
    expect(await check.isTerminating(CRD)).toBe(false);
    crd = terminating();
    now = 999;
    expect(await check.isTerminating(CRD)).toBe(false);
    now = 1_000;
    expect(await check.isTerminating(CRD)).toBe(true);
    expect(api.reads).toBe(2);
    now = 5_999;
    expect(await check.isTerminating(CRD)).toBe(true);
    expect(api.reads).toBe(2);
    now = 6_000;
    expect(await check.isTerminating(CRD)).toBe(true);
    expect(api.reads).toBe(3);
  });

  it('answers a storm of concurrent callers with one read', async () => {
    const api = fakeApi(terminating);
    const check = new CrdTermination({ api, now: () => 0 });
    const answers = await Promise.all(Array.from({ length: 100 }, () => check.isTerminating(CRD)));
    expect(answers.every((a) => a)).toBe(true);
    expect(api.reads).toBe(1);
  });

  it('counts a CRD that is gone as being deleted', async () => {
    const check = new CrdTermination({ api: fakeApi(() => new ApiException(404, 'nf', '', {})) });
    expect(await check.isTerminating(CRD)).toBe(true);
  });

  it('answers false without the RBAC to read CRDs, and says so once', async () => {
    const told: string[] = [];
    const api = fakeApi(() => new ApiException(403, 'forbidden', '', {}));
    const check = new CrdTermination({ api, liveTtlMs: 0, onForbidden: (n) => told.push(n) });
    expect(await check.isTerminating(CRD)).toBe(false);
    expect(await check.isTerminating(CRD)).toBe(false);
    expect(told).toEqual([CRD]);
  });

  it('throws other errors with context, and asks again on the next call', async () => {
    let fail = true;
    const api = fakeApi(() => (fail ? new ApiException(500, 'boom', '', {}) : live()));
    const check = new CrdTermination({ api, now: () => 0 });
    await expect(check.isTerminating(CRD)).rejects.toThrow(`reading CustomResourceDefinition ${CRD}`);
    fail = false;
    expect(await check.isTerminating(CRD)).toBe(false);
    expect(api.reads).toBe(2);
  });
});
