import { describe, expect, it } from 'vitest';
import { SharedListing } from './shared-listing.js';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { observing } from '../shared/observed-at.js';

interface Item {
  readonly key: string;
  readonly value: number;
}

/** A listing of two keys whose Region listing and per-key reads are counted. */
function world(ages: { maxAgeMs: number; unwrittenMaxAgeMs?: number } = { maxAgeMs: 60_000 }): {
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

  it('with a longer age for keys not written to, a period of visits shares one listing; a written key still waits at most the short age', async () => {
    // The scalable targets' ages: 15 s (the read-ahead's) after a write, a 60 s period otherwise.
    const { listing, items, calls, clock, write } = world({ maxAgeMs: 15_000, unwrittenMaxAgeMs: 60_000 });
    await resync(() => listing.list('a')); // t = 0: the Region listing is read
    clock.advance(30_000);
    // t = 30 s: b's resync and a poll of b (a restart's visits are polls): the 0 s listing is past
    // the short age but within the period, and b has no earlier resync it could predate.
    await expect(resync(() => listing.list('b'))).resolves.toEqual([{ key: 'b', value: 1 }]);
    await expect(poll(() => listing.list('b'))).resolves.toEqual([{ key: 'b', value: 1 }]);
    expect(calls).toEqual(['list']);
    // b changes outside the operator just after its resync.
    items[1] = { key: 'b', value: 2 };
    clock.advance(30_000);
    // t = 60 s: a's next resync is answered by the 0 s listing, requested at a's previous resync.
    await expect(resync(() => listing.list('a'))).resolves.toEqual([{ key: 'a', value: 1 }]);
    expect(calls).toEqual(['list']);
    clock.advance(30_000);
    // t = 90 s: b's next resync needs a listing requested after 30 s, its previous resync: a new one,
    // which finds the change.
    await expect(resync(() => listing.list('b'))).resolves.toEqual([{ key: 'b', value: 2 }]);
    expect(calls).toEqual(['list', 'list']);
    // t = 95 s: the operator writes a. Within the short age a is read on its own; past it, a new
    // Region listing starts (requested after the write) and answers it.
    clock.advance(5000);
    write(7);
    clock.advance(5000);
    await expect(poll(() => listing.list('a'))).resolves.toEqual([{ key: 'a', value: 7 }]);
    expect(calls).toEqual(['list', 'list', 'one:a']);
    clock.advance(10_000);
    await expect(poll(() => listing.list('a'))).resolves.toEqual([{ key: 'a', value: 7 }]);
    expect(calls).toEqual(['list', 'list', 'one:a', 'list']);
  });
});
