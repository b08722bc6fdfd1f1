import { describe, expect, it } from 'vitest';
import { SharedListing } from './shared-listing.js';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { observing } from '../shared/observed-at.js';

interface Item {
  readonly key: string;
  readonly value: number;
}

/** A listing of two keys whose Region listing and per-key reads are counted. */
function world(ages: { maxAgeMs: number; resyncMaxAgeMs?: number } = { maxAgeMs: 60_000 }): {
  listing: SharedListing<Item>;
  items: Item[];
  calls: string[];
  clock: FakeClock;
  /** The operator writes `value` to key `a`, announced to the listing. */
  write: (value: number) => void;
} {
  const clock = new FakeClock();
  const items: Item[] = [
    { key: 'a', value: 1 },
    { key: 'b', value: 1 },
  ];
  const calls: string[] = [];
  const listing = new SharedListing<Item>({
    listAll: () => {
      calls.push('list');
      return Promise.resolve({ items: items.map((i) => ({ ...i })), complete: true });
    },
    listOne: (key) => {
      calls.push(`one:${key}`);
      return Promise.resolve(items.filter((i) => i.key === key).map((i) => ({ ...i })));
    },
    keyOf: (item) => item.key,
    // By default the policy listing's age: one resync period (ADR 0035).
    ...ages,
    clock,
  });
  const write = (value: number): void => {
    listing.writeStarted('a');
    items[0] = { key: 'a', value };
    listing.writeEnded('a');
  };
  return { listing, items, calls, clock, write };
}

const resync = <T>(fn: () => Promise<T>): Promise<T> => observing(fn, { resync: true }).then((o) => o.result);
const poll = <T>(fn: () => Promise<T>): Promise<T> => observing(fn, { resync: false }).then((o) => o.result);

describe('SharedListing and the kind of visit', () => {
  it('answers the polls between two resyncs from one young listing: no Region listing per poll', async () => {
    const { listing, calls, clock } = world();
    await resync(() => listing.list('a')); // t = 0: the Region listing is read
    for (let i = 0; i < 10; i++) {
      clock.advance(5000);
      // A rollout poll of a, every 5 s: the 0 s listing is young and older than no resync of a.
      await expect(poll(() => listing.list('a'))).resolves.toEqual([{ key: 'a', value: 1 }]);
    }
    expect(calls).toEqual(['list']);
  });

  it('holds a resync to a listing requested after the previous resync, whatever polls came between', async () => {
    const { listing, items, calls, clock } = world();
    await resync(() => listing.list('b')); // t = 0: the Region listing is read
    clock.advance(5000);
    await resync(() => listing.list('a')); // t = 5 s: a's resync, served from the 0 s listing
    // Just after a's resync, a changes outside the operator.
    items[0] = { key: 'a', value: 2 };
    clock.advance(5000);
    // A poll is not a resync: the newest listing within its age answers it.
    await expect(poll(() => listing.list('a'))).resolves.toEqual([{ key: 'a', value: 1 }]);
    expect(calls).toEqual(['list']);
    clock.advance(40_000);
    // t = 50 s: a's next resync (it came sooner). The 0 s listing is young but older than a's
    // previous resync (5 s): it is not evidence of no change, so a new Region listing is read.
    await expect(resync(() => listing.list('a'))).resolves.toEqual([{ key: 'a', value: 2 }]);
    expect(calls).toEqual(['list', 'list']);
  });

  it('reads a key the operator wrote to on its own, in a poll as in a resync, until a listing requested after the write', async () => {
    const { listing, calls, clock, write } = world();
    await resync(() => listing.list('a'));
    clock.advance(1000);
    write(4);
    clock.advance(1000);
    await expect(poll(() => listing.list('a'))).resolves.toEqual([{ key: 'a', value: 4 }]);
    await expect(resync(() => listing.list('a'))).resolves.toEqual([{ key: 'a', value: 4 }]);
    expect(calls).toEqual(['list', 'one:a', 'one:a']);
    // Past the listing's age a new Region listing is requested after the write: it answers again.
    clock.advance(60_000);
    await poll(() => listing.list('a'));
    await poll(() => listing.list('a'));
    expect(calls).toEqual(['list', 'one:a', 'one:a', 'list']);
  });

  it('holds a caller that does not say what its visit is to the resync rule', async () => {
    const { listing, calls, clock } = world();
    await listing.list('a'); // t = 0, outside any reconcile: counted as a resync
    clock.advance(5000);
    await listing.list('a'); // the 0 s listing was requested at a's previous ask: it may answer
    clock.advance(5000);
    await listing.list('a'); // requested before a's previous ask (5 s): a new Region listing
    expect(calls).toEqual(['list', 'list']);
  });

  it('lets resyncs spread over a period share one listing, while polls keep the younger age', async () => {
    // The scalable targets' ages: 15 s (the read-ahead's) for polls, a 60 s period for resyncs.
    const { listing, items, calls, clock } = world({ maxAgeMs: 15_000, resyncMaxAgeMs: 60_000 });
    await resync(() => listing.list('a')); // t = 0: the Region listing is read
    clock.advance(30_000);
    // t = 30 s: b's resync. The 0 s listing is past the poll age but within the period, and b has
    // no earlier resync it could predate: it answers.
    await expect(resync(() => listing.list('b'))).resolves.toEqual([{ key: 'b', value: 1 }]);
    expect(calls).toEqual(['list']);
    // b changes outside the operator. A poll of b at 30 s may not use a listing past 15 s: a new one.
    items[1] = { key: 'b', value: 2 };
    await expect(poll(() => listing.list('b'))).resolves.toEqual([{ key: 'b', value: 2 }]);
    expect(calls).toEqual(['list', 'list']);
    clock.advance(30_000);
    // t = 60 s: a's next resync is answered by the 30 s listing, requested after a's previous resync.
    await expect(resync(() => listing.list('a'))).resolves.toEqual([{ key: 'a', value: 1 }]);
    clock.advance(30_000);
    // t = 90 s: b's next resync needs a listing requested after 30 s, its previous resync: the
    // 30 s listing qualifies (requested then), and it already shows the change.
    await expect(resync(() => listing.list('b'))).resolves.toEqual([{ key: 'b', value: 2 }]);
    expect(calls).toEqual(['list', 'list']);
    // t = 100 s: a resync of a. The 30 s listing is 70 s old, past the period: a new one.
    clock.advance(10_000);
    await resync(() => listing.list('a'));
    expect(calls).toEqual(['list', 'list', 'list']);
  });
});
