/**
 * ListTaskDefinitions (ACTIVE, one family) answered from one Region-wide paged listing shared by
 * every EcsTaskDefinition of the Region, so a fleet's resync costs about one ListTaskDefinitions per
 * hundred ACTIVE revisions of the account per `maxAgeMs` instead of one per object (ADR 0029).
 *
 * - A family's answer comes from a Region listing whose first page was requested at most
 *   `maxAgeMs` ago, or joins the one in flight; otherwise a fresh Region listing starts and every
 *   ask waiting meanwhile shares it. Drift outside the operator (a revision registered or
 *   deregistered by someone else) is therefore found at most `maxAgeMs` later than a per-object
 *   listing would find it, like the DescribeServices read-ahead.
 * - The operator's own writes are never missed: a family the operator registers into or
 *   deregisters from is listed on its own (the per-family call, as before) until a Region listing
 *   requested after the write answered exists. A write in flight counts as happening now.
 * - A Region listing longer than `maxPages` pages (an account holding far more ACTIVE revisions
 *   than the operator manages) is abandoned: its askers list their families on their own, and no
 *   Region listing is tried again for `maxAgeMs`.
 * - A failed Region listing fails every ask that shares it (the reconciles retry); the next ask
 *   starts another.
 * - INACTIVE listings are not served here (they are rare: deletion and the first visit of a family).
 */
import type { TaskDefinitionStatus } from '@aws-sdk/client-ecs';
import type { AwsCallOptions } from './call-runner.js';
import type { SignalledEcsApi } from './ecs-client.js';
import type { EcsInventory } from './ecs-inventory-client.js';
import type { Clock } from '../shared/clock.js';
import { announcedWrite, SharedListing, type SharedListingStats } from './shared-listing.js';
import { parseTaskDefinitionArn } from '../shared/arn.js';

/** Options for {@link TaskDefinitionListing}. */
export interface TaskDefinitionListingOptions {
  /** The Region-wide listing (pages of 100). */
  readonly inventory: Pick<EcsInventory, 'listTaskDefinitionsUpTo'>;
  /** The per-family listing, for families the operator has just written to. */
  readonly ecs: Pick<SignalledEcsApi, 'listTaskDefinitions'>;
  /** How old a Region listing may be when it answers, ms. */
  readonly maxAgeMs: number;
  /** The most pages a Region listing may take before it is abandoned. Default 100 (10,000 revisions). */
  readonly maxPages?: number;
  /** Time source; the system clock when absent. */
  readonly clock?: Clock;
}

/** The Region listing of ACTIVE task definitions, answering each family (a {@link SharedListing}). */
export class TaskDefinitionListing {
  private readonly shared: SharedListing<string>;

  constructor(options: TaskDefinitionListingOptions) {
    this.shared = new SharedListing<string>({
      listAll: async (maxPages) => {
        const { arns, complete } = await options.inventory.listTaskDefinitionsUpTo('ACTIVE', maxPages);
        return { items: arns, complete };
      },
      listOne: (family, callOptions) => options.ecs.listTaskDefinitions(family, 'ACTIVE', callOptions),
      keyOf: (arn) => parseTaskDefinitionArn(arn)?.family,
      maxAgeMs: options.maxAgeMs,
      ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
      ...(options.clock !== undefined ? { clock: options.clock } : {}),
    });
  }

  /** The ACTIVE revision ARNs of `family`, ascending by revision (as ListTaskDefinitions per family). */
  async listActive(family: string, options?: AwsCallOptions): Promise<string[]> {
    const arns = await this.shared.list(family, options);
    const revision = (arn: string): number => parseTaskDefinitionArn(arn)?.revision ?? 0;
    return arns.sort((a, b) => revision(a) - revision(b));
  }

  /** The operator is writing to `family` (register, deregister); call {@link writeEnded} after. */
  writeStarted(family: string): void {
    this.shared.writeStarted(family);
  }

  /** A write to `family` answered (whatever the outcome). */
  writeEnded(family: string): void {
    this.shared.writeEnded(family);
  }

  /** Counters since construction. */
  stats(): SharedListingStats {
    return this.shared.stats();
  }
}

/**
 * `api` with ListTaskDefinitions (ACTIVE) served by `listing`, and every RegisterTaskDefinition and
 * DeregisterTaskDefinition announced to it before sending and after the answer.
 */
export function withTaskDefinitionListing(
  api: SignalledEcsApi,
  listing: TaskDefinitionListing,
): SignalledEcsApi {
  const around = <T>(family: string | undefined, call: () => Promise<T>): Promise<T> =>
    announcedWrite(listing, family, call);
  return {
    ...api,
    listTaskDefinitions: (family: string, status: TaskDefinitionStatus, options?: AwsCallOptions) =>
      status === 'ACTIVE'
        ? listing.listActive(family, options)
        : api.listTaskDefinitions(family, status, options),
    registerTaskDefinition: (input, options) =>
      around(input.family, () => api.registerTaskDefinition(input, options)),
    deregisterTaskDefinition: (arn, options) =>
      around(familyOf(arn), () => api.deregisterTaskDefinition(arn, options)),
  };
}

/** The family of a revision given as an ARN or `family:revision`. */
function familyOf(taskDefinition: string): string | undefined {
  return parseTaskDefinitionArn(taskDefinition)?.family ?? /^([A-Za-z0-9_-]+):\d+$/.exec(taskDefinition)?.[1];
}
