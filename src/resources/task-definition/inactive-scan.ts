/**
 * One listing of a Region's INACTIVE task definition revisions per process, shared by every
 * family's first reconcile (ADR 0012, decision 2, made cheap).
 *
 * Each EcsTaskDefinition looks at its family's INACTIVE revisions once per process, to find ones it
 * deregistered but did not delete before a crash. Listed family by family, that is one
 * ListTaskDefinitions per object at every process start (1,000 at N = 1000), although a Region
 * usually holds few INACTIVE revisions and one call lists up to 100 of them across families. So the
 * first family that needs it starts one Region-wide listing (no family prefix, status INACTIVE,
 * pages of 100) and every family reads its ARNs from that answer: one call instead of N when the
 * Region holds at most 100 INACTIVE revisions.
 *
 * The listing stops after {@link DEFAULT_MAX_PAGES} pages; a Region with more INACTIVE revisions
 * than that (old accounts keep thousands) answers `undefined` and each family lists its own, as
 * before: the scan never costs more than that many calls above the per-family way. A failed listing
 * is not kept either: the caller lists its own family, and the next caller tries the Region again.
 *
 * Why one answer may serve families reconciled later: it only has to show what was INACTIVE when
 * this process started working. Anything this process deregisters afterwards is in its revision
 * cache already (`pendingDeletion`), and a deletion reconcile still lists its family afresh.
 */
import { parseTaskDefinitionArn } from '../../shared/arn.js';

/** Pages of 100 the Region-wide listing reads before it gives up for per-family listings. */
export const DEFAULT_MAX_PAGES = 10;

/**
 * Lists INACTIVE revision ARNs of the Region across families, at most `maxPages` pages;
 * `complete` is false when more pages were left unread.
 */
export type ListInactiveRevisions = (
  maxPages: number,
) => Promise<{ readonly arns: readonly string[]; readonly complete: boolean }>;

/** The shared listing of one Region; see the file header. */
export class InactiveRevisionScan {
  readonly #list: ListInactiveRevisions;
  readonly #maxPages: number;
  #byFamily: Promise<ReadonlyMap<string, readonly string[]> | undefined> | undefined;

  constructor(list: ListInactiveRevisions, maxPages = DEFAULT_MAX_PAGES) {
    if (!(Number.isInteger(maxPages) && maxPages >= 1)) {
      throw new RangeError(`maxPages must be a whole number >= 1, got ${maxPages}`);
    }
    this.#list = list;
    this.#maxPages = maxPages;
  }

  /**
   * The INACTIVE revision ARNs of `family` in this process's one listing of the Region (empty when
   * it has none), or `undefined` when there is no complete listing: then list the family itself.
   */
  async familyArns(family: string): Promise<readonly string[] | undefined> {
    this.#byFamily ??= this.#scan();
    const byFamily = await this.#byFamily;
    return byFamily === undefined ? undefined : (byFamily.get(family) ?? []);
  }

  async #scan(): Promise<ReadonlyMap<string, readonly string[]> | undefined> {
    let listed: Awaited<ReturnType<ListInactiveRevisions>>;
    try {
      listed = await this.#list(this.#maxPages);
    } catch {
      // Not kept: the next caller tries the Region again. The callers waiting on this one list
      // their own families, which report errors as usual.
      this.#byFamily = undefined;
      return undefined;
    }
    // Too many to list Region-wide: kept, so every family lists its own without trying again.
    if (!listed.complete) return undefined;
    const byFamily = new Map<string, string[]>();
    for (const arn of listed.arns) {
      const family = parseTaskDefinitionArn(arn)?.family;
      if (family === undefined) continue;
      const arns = byFamily.get(family);
      if (arns === undefined) byFamily.set(family, [arn]);
      else arns.push(arn);
    }
    return byFamily;
  }
}

/**
 * One {@link InactiveRevisionScan} per Region, created on first use; `listFor` gives the Region's
 * listing (the default Region for `undefined`).
 */
export function inactiveScansByRegion(
  listFor: (region: string | undefined) => ListInactiveRevisions,
  maxPages = DEFAULT_MAX_PAGES,
): (region: string | undefined) => InactiveRevisionScan {
  const scans = new Map<string | undefined, InactiveRevisionScan>();
  return (region) => {
    let scan = scans.get(region);
    if (scan === undefined) {
      scan = new InactiveRevisionScan(listFor(region), maxPages);
      scans.set(region, scan);
    }
    return scan;
  };
}
