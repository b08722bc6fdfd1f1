/* eslint-disable @typescript-eslint/require-await -- fakes answer like the async APIs they stand for */
import { describe, expect, it } from 'vitest';
import type { SignalledEcsApi } from './ecs-client.js';
import { TaskDefinitionListing, withTaskDefinitionListing } from './task-definition-listing.js';
import { FakeClock } from '../shared/testing/fake-clock.js';

const arn = (family: string, revision: number): string =>
  `arn:aws:ecs:eu-west-1:123456789012:task-definition/${family}:${revision}`;

/** A Region of ACTIVE revisions listed 100 a page, counting calls; `gate` holds a listing's pages. */
function world(initial: readonly string[] = []) {
  const active = new Set(initial);
  const calls = { region: 0, pages: 0, family: 0 };
  let gate: Promise<void> = Promise.resolve();
  let failing = false;
  const clock = new FakeClock();
  const listing = (maxAgeMs = 1000, maxPages?: number) =>
    new TaskDefinitionListing({
      clock,
      maxAgeMs,
      ...(maxPages === undefined ? {} : { maxPages }),
      inventory: {
        listTaskDefinitionsUpTo: async (status, pagesAllowed) => {
          expect(status).toBe('ACTIVE');
          calls.region++;
          if (failing) {
            failing = false;
            throw new Error('ThrottlingException');
          }
          const all = [...active];
          const pages = Math.max(1, Math.ceil(all.length / 100));
          calls.pages += Math.min(pages, pagesAllowed);
          await gate;
          return { arns: all.slice(0, pagesAllowed * 100), complete: pages <= pagesAllowed };
        },
      },
      ecs: {
        listTaskDefinitions: async (family) => {
          calls.family++;
          return [...active].filter((a) => a.includes(`/${family}:`)).sort();
        },
      },
    });
  return {
    active,
    calls,
    listing,
    advance: (ms: number) => clock.advance(ms),
    failNext: () => void (failing = true),
    hold: () => {
      let release = (): void => undefined;
      gate = new Promise((r) => (release = r));
      return release;
    },
  };
}

/**
 * A world whose listing has answered family `web` (revision 1), then the operator started
 * registering `web:2` (the write not ended yet).
 */
async function registeringWeb2() {
  const w = world([arn('web', 1)]);
  const l = w.listing();
  await l.listActive('web');
  l.writeStarted('web');
  w.active.add(arn('web', 2));
  return { w, l };
}

describe('TaskDefinitionListing', () => {
  it('answers every family of a resync from one Region listing, ascending by revision', async () => {
    const w = world([arn('web', 2), arn('web', 1), arn('api', 7), arn('other', 1)]);
    const l = w.listing();
    await expect(l.listActive('web')).resolves.toEqual([arn('web', 1), arn('web', 2)]);
    await expect(l.listActive('api')).resolves.toEqual([arn('api', 7)]);
    await expect(l.listActive('none')).resolves.toEqual([]);
    expect(w.calls).toEqual({ region: 1, pages: 1, family: 0 });
  });

  it('shares a Region listing in flight among concurrent asks', async () => {
    const w = world([arn('a', 1), arn('b', 1)]);
    const l = w.listing();
    const release = w.hold();
    const asks = Promise.all([l.listActive('a'), l.listActive('b'), l.listActive('c')]);
    release();
    await expect(asks).resolves.toEqual([[arn('a', 1)], [arn('b', 1)], []]);
    expect(w.calls.region).toBe(1);
  });

  it('lists the Region again once its listing is older than the maximum age: foreign changes are found', async () => {
    const w = world([arn('web', 1)]);
    const l = w.listing(1000);
    await l.listActive('web');
    w.active.add(arn('web', 2)); // registered by someone else
    w.advance(1000);
    await expect(l.listActive('web')).resolves.toEqual([arn('web', 1)]); // as old as allowed
    w.advance(1);
    await expect(l.listActive('web')).resolves.toEqual([arn('web', 1), arn('web', 2)]);
    expect(w.calls.region).toBe(2);
  });

  it('never answers a family from a listing requested before the operator wrote to it', async () => {
    const { w, l } = await registeringWeb2();
    // In flight: the family is listed on its own.
    await expect(l.listActive('web')).resolves.toEqual([arn('web', 1), arn('web', 2)]);
    w.advance(5);
    l.writeEnded('web');
    await expect(l.listActive('web')).resolves.toEqual([arn('web', 1), arn('web', 2)]);
    expect(w.calls).toMatchObject({ region: 1, family: 2 });
    // Other families still use the Region listing.
    await l.listActive('api');
    expect(w.calls).toMatchObject({ region: 1, family: 2 });
    // A Region listing requested after the write answers the family again.
    w.advance(2000);
    await expect(l.listActive('api')).resolves.toEqual([]);
    await expect(l.listActive('web')).resolves.toEqual([arn('web', 1), arn('web', 2)]);
    expect(w.calls).toMatchObject({ region: 2, family: 2 });
  });

  it('does not let a write during a Region listing be answered by it', async () => {
    const w = world([arn('web', 1)]);
    const l = w.listing();
    const release = w.hold();
    const first = l.listActive('api');
    l.writeStarted('web');
    w.active.add(arn('web', 2));
    l.writeEnded('web');
    release();
    await first;
    await expect(l.listActive('web')).resolves.toEqual([arn('web', 1), arn('web', 2)]);
    expect(w.calls.family).toBe(1);
  });

  it('keeps the mark when the Region listing that would clear it fails', async () => {
    const { w, l } = await registeringWeb2();
    l.writeEnded('web');
    w.advance(2000);
    // A Region listing requested after the write starts (for another family) and fails.
    w.failNext();
    await expect(l.listActive('api')).rejects.toThrow('ThrottlingException');
    // The old listing (requested before the write) must still not answer the family: a new one does.
    await expect(l.listActive('web')).resolves.toEqual([arn('web', 1), arn('web', 2)]);
    expect(w.calls).toMatchObject({ region: 3, family: 0 });
  });

  it('returns the families it registered into to the shared listing once a newer one is due', async () => {
    const w = world();
    const l = w.listing(1000);
    const families = ['a', 'b', 'c'];
    // Convergence: each first observe shares one listing, then each registers.
    await Promise.all(families.map((f) => l.listActive(f)));
    for (const [i, f] of families.entries()) {
      l.writeStarted(f);
      w.active.add(arn(f, 1));
      w.advance(1);
      l.writeEnded(f);
      // The observe after its registration sees it (listed on its own).
      await expect(l.listActive(f)).resolves.toEqual([arn(f, 1)]);
      expect(w.calls).toMatchObject({ region: 1, family: i + 1 });
    }
    // Steady state: one Region listing a maximum age answers them all again.
    w.advance(1000);
    for (const f of families) await expect(l.listActive(f)).resolves.toEqual([arn(f, 1)]);
    w.advance(500);
    for (const f of families) await l.listActive(f);
    expect(w.calls).toMatchObject({ region: 2, family: 3 });
  });

  it('fails every ask sharing a failed Region listing, and the next ask lists again', async () => {
    let fail = true;
    const l = new TaskDefinitionListing({
      clock: new FakeClock(),
      maxAgeMs: 1000,
      inventory: {
        listTaskDefinitionsUpTo: async () => {
          if (fail) throw new Error('ThrottlingException');
          return { arns: [arn('a', 1)], complete: true };
        },
      },
      ecs: { listTaskDefinitions: async () => [] },
    });
    await expect(Promise.all([l.listActive('a'), l.listActive('b')])).rejects.toThrow('ThrottlingException');
    fail = false;
    await expect(l.listActive('a')).resolves.toEqual([arn('a', 1)]);
  });

  it('falls back to per-family listings when the Region holds more pages than allowed', async () => {
    const many = Array.from({ length: 250 }, (_, i) => arn(`f${i}`, 1));
    const w = world(many);
    const l = w.listing(1000, 2);
    await expect(l.listActive('f0')).resolves.toEqual([arn('f0', 1)]);
    await expect(l.listActive('f1')).resolves.toEqual([arn('f1', 1)]);
    expect(w.calls).toMatchObject({ region: 1, pages: 2, family: 2 });
    w.advance(1001);
    await l.listActive('f2');
    expect(w.calls.region).toBe(2);
  });

  it('rejects an aborted asker only', async () => {
    const w = world([arn('a', 1)]);
    const l = w.listing();
    const release = w.hold();
    const controller = new AbortController();
    const aborted = l.listActive('a', { signal: controller.signal });
    const other = l.listActive('a');
    controller.abort(new Error('shutdown'));
    release();
    await expect(aborted).rejects.toThrow('shutdown');
    await expect(other).resolves.toEqual([arn('a', 1)]);
  });
});

describe('withTaskDefinitionListing', () => {
  it('announces registrations and deregistrations, and leaves INACTIVE listings alone', async () => {
    const w = world([arn('web', 1)]);
    const l = w.listing();
    const seen: string[] = [];
    const api = {
      registerTaskDefinition: async (input: { family?: string }) => {
        seen.push(`register ${input.family}`);
        w.active.add(arn('web', 2));
        return { taskDefinition: {}, tags: [] };
      },
      deregisterTaskDefinition: async (a: string) => {
        seen.push(`deregister ${a}`);
        w.active.delete(arn('web', Number(a.split(':')[1])));
      },
      listTaskDefinitions: async (family: string, status: string) => {
        seen.push(`list ${family} ${status}`);
        return [];
      },
    } as unknown as SignalledEcsApi;
    const ecs = withTaskDefinitionListing(api, l);
    await expect(ecs.listTaskDefinitions('web', 'ACTIVE')).resolves.toEqual([arn('web', 1)]);
    await ecs.registerTaskDefinition({ family: 'web', containerDefinitions: [] });
    await expect(ecs.listTaskDefinitions('web', 'ACTIVE')).resolves.toEqual([arn('web', 1), arn('web', 2)]);
    await ecs.deregisterTaskDefinition('web:1');
    await expect(ecs.listTaskDefinitions('web', 'ACTIVE')).resolves.toEqual([arn('web', 2)]);
    await ecs.listTaskDefinitions('web', 'INACTIVE');
    expect(seen).toEqual(['register web', 'deregister web:1', 'list web INACTIVE']);
    expect(w.calls.family).toBe(2);
  });
});
