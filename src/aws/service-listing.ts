/**
 * The shape the Application Auto Scaling listings share (scalable targets, scaling policies,
 * scheduled actions, scaling activities): a {@link SharedListing} of the ECS namespace keyed by each
 * item's `ResourceId` (`service/<cluster>/<service>`), the reads it answers, and the operator's own
 * writes to a service announced to it. Each listing file holds a {@link ServiceListingKind}: its
 * calls, default page count and announced writes, and why.
 */
import type { Clock } from '../shared/clock.js';
import type { AutoscalingClientApi } from './autoscaling-client.js';
import type { AwsCallOptions } from './call-runner.js';
import { announcedWrite, SharedListing, type WriteListener } from './shared-listing.js';

/** Options for a namespace listing of one Application Auto Scaling resource type. */
export interface ServiceListingOptions {
  /** How old a namespace listing may be when it answers, ms. */
  readonly maxAgeMs: number;
  /** How old it may be for a key the operator did not write to, ms (`SharedListingOptions.unwrittenMaxAgeMs`). */
  readonly unwrittenMaxAgeMs?: number;
  /** Pages a namespace listing may take before it is abandoned (page size and default: the listing's). */
  readonly maxPages?: number;
  readonly clock?: Clock;
}

/** The writes to one service's items: each input names the service by its `ResourceId`. */
export type ServiceWrite =
  | 'registerScalableTarget'
  | 'deregisterScalableTarget'
  | 'putScalingPolicy'
  | 'deleteScalingPolicy'
  | 'putScheduledAction'
  | 'deleteScheduledAction';

/** The reads of one service's items by its `ResourceId` alone. */
type OneServiceRead = 'describeScalingPolicies' | 'describeScheduledActions' | 'describeScalingActivities';

/** The one-service reads that answer items of type `T`. */
export type ServiceRead<T> = {
  [K in OneServiceRead]: AutoscalingClientApi[K] extends (
    resourceId: string,
    options?: AwsCallOptions,
  ) => Promise<T[]>
    ? K
    : never;
}[OneServiceRead];

/** A listing whose per-service read is not one of {@link ServiceRead}'s (DescribeScalableTargets takes many ids). */
export interface ServiceReadOwn<T> {
  /** One service's items read on their own (a service the operator has just written to). */
  readonly listOne: (api: AutoscalingClientApi, resourceId: string, options?: AwsCallOptions) => Promise<T[]>;
  /** The reads of `api` the listing answers, given the listing's per-service `list`. */
  readonly serves: (
    list: (resourceId: string, options?: AwsCallOptions) => Promise<T[]>,
    api: AutoscalingClientApi,
  ) => Partial<AutoscalingClientApi>;
}

/** What one Application Auto Scaling listing reads, answers and is told of: all the four differ in. */
export interface ServiceListingKind<T> {
  /**
   * Pages a namespace listing may take when `options.maxPages` is absent; absent too,
   * {@link SharedListing}'s own default applies.
   */
  readonly defaultMaxPages?: number;
  /** The namespace listing, at most `maxPages` pages; `complete` says whether that was all. */
  readonly listAll: (
    api: AutoscalingClientApi,
    maxPages: number,
  ) => Promise<{ items: T[]; complete: boolean }>;
  /**
   * The per-service read the listing answers, which is also how a service the operator has just
   * written to is read on its own; or, for a read of another shape, both spelled out.
   */
  readonly read: ServiceRead<T> | ServiceReadOwn<T>;
  /** The writes announced to the listing, so the service is read on its own until a newer listing. */
  readonly announces: readonly ServiceWrite[];
}

/** `api` with the reads of `kind` answered from one shared namespace listing, its writes announced to it. */
export function withServiceListing<T extends { ResourceId?: string | undefined }>(
  api: AutoscalingClientApi,
  options: ServiceListingOptions,
  kind: ServiceListingKind<T>,
): AutoscalingClientApi {
  const maxPages = options.maxPages ?? kind.defaultMaxPages;
  const read = typeof kind.read === 'string' ? namedRead<T>(kind.read) : kind.read;
  const shared = new SharedListing<T>({
    listAll: (pages) => kind.listAll(api, pages),
    listOne: (resourceId, callOptions) => read.listOne(api, resourceId, callOptions),
    keyOf: (item) => item.ResourceId,
    maxAgeMs: options.maxAgeMs,
    ...(options.unwrittenMaxAgeMs !== undefined ? { unwrittenMaxAgeMs: options.unwrittenMaxAgeMs } : {}),
    ...(maxPages !== undefined ? { maxPages } : {}),
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
  });
  const writes = kind.announces.map((name) => [name, announced(api, name, shared)] as const);
  return {
    ...api,
    ...Object.fromEntries(writes),
    ...read.serves((resourceId, callOptions) => shared.list(resourceId, callOptions), api),
  };
}

/** `api[name]`, each call announced to `shared` as a write to its input's service. */
function announced(
  api: AutoscalingClientApi,
  name: ServiceWrite,
  listing: WriteListener,
): (input: { ResourceId?: string | undefined }, options?: AwsCallOptions) => Promise<unknown> {
  const write = api[name].bind(api) as (
    input: { ResourceId?: string | undefined },
    options?: AwsCallOptions,
  ) => Promise<unknown>;
  return (input, callOptions) => announcedWrite(listing, input.ResourceId, () => write(input, callOptions));
}

/** The read `name` of `api`, sent for one service and answered from the listing. */
function namedRead<T>(name: ServiceRead<T>): ServiceReadOwn<T> {
  const readOf = (api: AutoscalingClientApi) =>
    api[name].bind(api) as (resourceId: string, options?: AwsCallOptions) => Promise<T[]>;
  return {
    listOne: (api, resourceId, callOptions) => readOf(api)(resourceId, callOptions),
    serves: (list) => ({ [name]: list }),
  };
}
