/**
 * The shape the Application Auto Scaling listings share (scalable targets, scaling policies,
 * scheduled actions, scaling activities): a {@link SharedListing} of the ECS namespace keyed by each
 * item's `ResourceId` (`service/<cluster>/<service>`), and the operator's own writes to a service
 * announced to it. Each listing file keeps what differs: its calls, page size and default age.
 */
import type { Clock } from '../shared/clock.js';
import { announcedWrite, SharedListing, type SharedListingOptions } from './shared-listing.js';

/** Options for a namespace listing of one Application Auto Scaling resource type. */
export interface ServiceListingOptions {
  /** How old a namespace listing may be when it answers, ms. */
  readonly maxAgeMs: number;
  /** Pages a namespace listing may take before it is abandoned (page size and default: the listing's). */
  readonly maxPages?: number;
  readonly clock?: Clock;
}

/** A namespace listing keyed by service, and how the operator's writes to a service are announced to it. */
export interface ServiceListing<T> {
  readonly shared: SharedListing<T>;
  /** Runs `call`, a write to the service `resourceId`, announced to the listing. */
  readonly around: <R>(resourceId: string | undefined, call: () => Promise<R>) => Promise<R>;
}

/**
 * A {@link SharedListing} of items keyed by `ResourceId`; `defaultMaxPages` applies when
 * `options.maxPages` is absent (and {@link SharedListing}'s own default when both are).
 */
export function serviceListing<T extends { ResourceId?: string | undefined }>(
  options: ServiceListingOptions,
  defaultMaxPages: number | undefined,
  reads: Pick<SharedListingOptions<T>, 'listAll' | 'listOne'>,
): ServiceListing<T> {
  const maxPages = options.maxPages ?? defaultMaxPages;
  const shared = new SharedListing<T>({
    listAll: reads.listAll,
    listOne: reads.listOne,
    keyOf: (item) => item.ResourceId,
    maxAgeMs: options.maxAgeMs,
    ...(maxPages !== undefined ? { maxPages } : {}),
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
  });
  return { shared, around: (resourceId, call) => announcedWrite(shared, resourceId, call) };
}
