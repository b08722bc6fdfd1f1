/**
 * One scenario for the listings of per-service items whose writes are announced (scaling policies,
 * scheduled actions): reads served from one namespace listing, a service the operator wrote to read
 * on its own until a newer listing answers, and a deregistered target read on its own. Each
 * listing's test runs it with its own fake, items and names. Test-only.
 */
import { expect } from 'vitest';
import type { FakeClock } from '../../shared/testing/fake-clock.js';

/** A listing under test, as the scenario drives it. */
export interface AnnouncedWritesListing<T> {
  /** The clock the listing was built with (listing age 1000 ms). */
  readonly clock: FakeClock;
  /** The calls the fake API under the listing saw, `list`, `describe <id>`, `put <id>`, … */
  readonly calls: readonly string[];
  /** An item as the fake holds it before any write, and as its `put` adds it (`written`). */
  readonly item: (resourceId: string, name: string, written?: boolean) => T;
  readonly read: (resourceId: string) => Promise<T[]>;
  readonly put: (resourceId: string, name: string) => Promise<unknown>;
  readonly remove: (resourceId: string, name: string) => Promise<unknown>;
  readonly deregister: (resourceId: string) => Promise<unknown>;
  /**
   * Service a starts with `[first, second]` and b with `[first]`; `added` is put on b, `removed`
   * (first or second) is deleted from a.
   */
  readonly names: { first: string; second: string; added: string; removed: 'first' | 'second' };
}

/** Runs the scenario; the fake starts with a: first, second and b: first. */
export async function announcedWritesScenario<T>(listing: AnnouncedWritesListing<T>): Promise<void> {
  const { clock, calls, item, names } = listing;
  const a = 'service/c/a';
  const b = 'service/c/b';
  await expect(listing.read(a)).resolves.toEqual([item(a, names.first), item(a, names.second)]);
  await expect(listing.read(b)).resolves.toEqual([item(b, names.first)]);
  await expect(listing.read('service/c/none')).resolves.toEqual([]);
  expect(calls).toEqual(['list']);

  clock.advance(1);
  await listing.put(b, names.added);
  await expect(listing.read(b)).resolves.toEqual([item(b, names.first), item(b, names.added, true)]);
  const kept = names.removed === 'first' ? names.second : names.first;
  await listing.remove(a, names[names.removed]);
  await expect(listing.read(a)).resolves.toEqual([item(a, kept)]);
  expect(calls.slice(1)).toEqual([`put ${b}`, `describe ${b}`, `delete ${a}`, `describe ${a}`]);

  // A listing requested after those writes answers for them again; a deregistered target's items
  // (AWS deletes them with it) are read on their own until then.
  clock.advance(1001);
  await expect(listing.read(b)).resolves.toHaveLength(2);
  await listing.deregister(b);
  await expect(listing.read(b)).resolves.toEqual([]);
  await expect(listing.read(a)).resolves.toHaveLength(1);
  expect(calls.slice(5)).toEqual(['list', `deregister ${b}`, `describe ${b}`]);
}
