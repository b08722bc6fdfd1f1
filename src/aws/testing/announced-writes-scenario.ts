/**
 * One scenario for the listings of per-service items whose writes are announced (scaling policies,
 * scheduled actions): reads served from one namespace listing, a service the operator wrote to read
 * on its own until a newer listing answers, and a deregistered target read on its own. Each
 * listing's test runs it with its own fake, items and names. Test-only.
 */
import { expect } from 'vitest';
import { FakeClock } from '../../shared/testing/fake-clock.js';
import type { AwsCallOptions } from '../call-runner.js';
import { withServiceListing, type ServiceListingKind } from '../service-listing.js';
import { fakePerServiceItemsApi, type PerServiceItemsKind } from './fake-per-service-items-api.js';

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

/** The keys every write's input carries besides its service and name. */
const KEYS = { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount' } as const;

/**
 * The scenario for `listing` over the fake of `fake`'s kind, with its `scenarioNames`: the fake
 * starts with a: first, second and b: first, made by `initial`; the listing's reads and writes are
 * `fake`'s named methods.
 */
export async function announcedWritesScenarioOf<T extends { ResourceId?: string | undefined }>(
  fake: PerServiceItemsKind<T>,
  listing: ServiceListingKind<T>,
  initial: (resourceId: string, name: string) => T,
): Promise<void> {
  const names = fake.scenarioNames;
  if (names === undefined) throw new Error('the fake kind names no scenario (scenarioNames)');
  const [a, b] = ['service/c/a', 'service/c/b'];
  const clock = new FakeClock();
  const items = [initial(a, names.first), initial(a, names.second), initial(b, names.first)];
  const { api, calls } = fakePerServiceItemsApi(fake, items);
  const aas = withServiceListing(api, { maxAgeMs: 1000, clock }, listing);
  type Method = (input: unknown, options?: AwsCallOptions) => Promise<unknown>;
  const write = (method: 'put' | 'remove', resourceId: string, name: string) =>
    (aas[fake[method]] as Method)({ ...KEYS, ResourceId: resourceId, [fake.nameField]: name });
  await announcedWritesScenario({
    clock,
    calls,
    item: (resourceId, name, written = false) =>
      written ? fake.written(resourceId, name) : initial(resourceId, name),
    read: (resourceId) => (aas[fake.describe] as unknown as (id: string) => Promise<T[]>)(resourceId),
    put: (resourceId, name) => write('put', resourceId, name),
    remove: (resourceId, name) => write('remove', resourceId, name),
    deregister: (resourceId) => aas.deregisterScalableTarget({ ...KEYS, ResourceId: resourceId }),
    names,
  });
}
