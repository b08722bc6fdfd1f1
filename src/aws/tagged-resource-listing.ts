/**
 * The tags of many resources of one kind from one Region-wide GetResources listing (tagging
 * client), shared by every ask, so a process that meets a thousand task definition revisions it
 * has not read yet (a restart) learns their tags in ten calls instead of a thousand describes
 * (ADR 0051).
 *
 * - An ask is answered from a listing whose first page was requested at most `maxAgeMs` ago, or
 *   joins the one in flight; when there is neither, a new listing starts. Only asks start listings:
 *   a process that never meets an unknown revision never calls the tagging API.
 * - Absence proves nothing: a resource made after the listing's first page was requested, or not
 *   indexed yet (the tagging API is eventually consistent), is not in it, and one tagged otherwise
 *   is filtered out. The ask answers `undefined` and the caller reads the resource on its own.
 * - A failed listing, or one longer than `maxPages` pages, answers `undefined` to every ask that
 *   shared it, and no listing is tried again for `maxAgeMs`: the callers' own reads are what they
 *   did before this listing existed, so a missing `tag:GetResources` permission or a throttled
 *   tagging API costs at most one call per `maxAgeMs` on top, never a stalled reconcile.
 * - No one asker's abort signal cancels a shared listing (the call runner's timeouts bound it); an
 *   aborted asker alone stops waiting.
 */
import { withSignal } from './abort.js';
import type { AwsCallOptions } from './call-runner.js';
import type { ResourceTags } from './tagging-client.js';
import { backgroundClock, type Clock } from '../shared/clock.js';

/** Options for {@link TaggedResourceListing}. */
export interface TaggedResourceListingOptions {
  /** The Region-wide listing, reading at most `maxPages` pages; `complete` when that was all. */
  readonly listAll: (maxPages: number) => Promise<{ items: ResourceTags[]; complete: boolean }>;
  /** How old a listing may be when it answers, ms. */
  readonly maxAgeMs: number;
  /** The most pages a listing may take before it is abandoned. Default 100 (10,000 resources). */
  readonly maxPages?: number;
  /** Time source; the system clock when absent. */
  readonly clock?: Clock;
}

/** Counters, for tests and metrics. */
export interface TaggedResourceListingStats {
  /** Listings started (each costs one call per page). */
  readonly listings: number;
  /** Asks answered with tags. */
  readonly found: number;
  /** Asks answered `undefined` (absent, or no listing to answer). */
  readonly notFound: number;
}

interface TagSnapshot {
  /** When its first page was requested. */
  readonly at: number;
  readonly byArn: ReadonlyMap<string, ResourceTags['tags']>;
}

/** One shared tag listing; see the file header. */
export class TaggedResourceListing {
  readonly #options: TaggedResourceListingOptions;
  readonly #clock: Clock;
  readonly #maxPages: number;
  #snapshot: TagSnapshot | undefined;
  #inFlight: Promise<TagSnapshot | undefined> | undefined;
  /** When a listing last failed or ran too long: none is tried again for `maxAgeMs`. */
  #gaveUpAt: number | undefined;
  #counters = { listings: 0, found: 0, notFound: 0 };

  constructor(options: TaggedResourceListingOptions) {
    if (!(options.maxAgeMs > 0)) throw new RangeError(`maxAgeMs must be > 0, got ${options.maxAgeMs}`);
    this.#options = options;
    this.#clock = options.clock ?? backgroundClock;
    this.#maxPages = Math.max(1, options.maxPages ?? 100);
  }

  /**
   * The tags of `arn` in a listing at most `maxAgeMs` old, or `undefined` when it is not in one
   * (read it on its own then).
   */
  async tagsOf(arn: string, options?: AwsCallOptions): Promise<ResourceTags['tags'] | undefined> {
    const snapshot = await withSignal(this.#current(), options?.signal);
    const tags = snapshot?.byArn.get(arn);
    if (tags === undefined) this.#counters.notFound++;
    else this.#counters.found++;
    return tags;
  }

  /** Counters since construction. */
  stats(): TaggedResourceListingStats {
    return { ...this.#counters };
  }

  #current(): Promise<TagSnapshot | undefined> {
    const now = this.#clock.now();
    const maxAge = this.#options.maxAgeMs;
    if (this.#snapshot !== undefined && now - this.#snapshot.at <= maxAge) {
      return Promise.resolve(this.#snapshot);
    }
    if (this.#inFlight !== undefined) return this.#inFlight;
    if (this.#gaveUpAt !== undefined && now - this.#gaveUpAt <= maxAge) return Promise.resolve(undefined);
    return this.#start(now);
  }

  #start(now: number): Promise<TagSnapshot | undefined> {
    this.#counters.listings++;
    const promise = this.#options.listAll(this.#maxPages).then(
      ({ items, complete }): TagSnapshot | undefined => {
        this.#inFlight = undefined;
        if (!complete) {
          this.#gaveUpAt = now;
          return undefined;
        }
        this.#snapshot = { at: now, byArn: new Map(items.map((item) => [item.arn, item.tags])) };
        return this.#snapshot;
      },
      (): undefined => {
        // Not the askers' failure: they read on their own, as before this listing existed.
        this.#inFlight = undefined;
        this.#gaveUpAt = now;
        return undefined;
      },
    );
    this.#inFlight = promise;
    return promise;
  }
}
