/**
 * An in-memory cache of what DescribeTaskDefinition said about each revision, keyed by ARN. A
 * revision's content, spec hash and ownership tags never change, so once read they are never read
 * again; that turns the steady-state cost of a reconcile into one ListTaskDefinitions call. Two
 * things do change, and only through this operator: user tags (TagResource) and the status after a
 * deregistration. The reconciler writes those back after applying its actions.
 *
 * Entries with status INACTIVE are revisions deregistered and not deleted yet (for instance because
 * DeleteTaskDefinitions was throttled, or a service still runs them): the planner deletes its own
 * once it may. A restart forgets them, so the reconciler lists a family's INACTIVE revisions once
 * per process ({@link RevisionCache.needsInactiveScan}) and again while its object is deleted. A
 * deregistration whose answer was lost (a timeout, an abort, a dropped connection) may have landed
 * all the same: the cache still says ACTIVE, the next ACTIVE listing leaves the revision out and
 * {@link RevisionCache.retainFamily} forgets it, so nothing of this process would delete it. The
 * family is marked ({@link RevisionCache.markInactiveUncertain}) and its next reconcile lists its
 * INACTIVE revisions afresh.
 *
 * Memory stays bounded: {@link RevisionCache.retainFamily} drops entries of a family that left the
 * ACTIVE list without us.
 */
import type { ObservedRevision } from './revision.js';

/** Revisions by ARN, indexed by family. Not shared between processes; safe to share between reconciles. */
export class RevisionCache {
  readonly #byArn = new Map<string, ObservedRevision>();
  readonly #byFamily = new Map<string, Set<string>>();
  readonly #inactiveScanned = new Set<string>();
  readonly #inactiveUncertain = new Set<string>();

  /** True until {@link RevisionCache.markInactiveScanned} was called for `family`. */
  needsInactiveScan(family: string): boolean {
    return !this.#inactiveScanned.has(family);
  }

  /** Records that `family`'s INACTIVE revisions were listed by this process. */
  markInactiveScanned(family: string): void {
    this.#inactiveScanned.add(family);
    this.#inactiveUncertain.delete(family);
  }

  /**
   * Records that a deregistration in `family` may have landed unseen: its next reconcile lists the
   * family's INACTIVE revisions itself (the Region-wide listing of the process start cannot show it).
   */
  markInactiveUncertain(family: string): void {
    this.#inactiveUncertain.add(family);
  }

  /** True after {@link RevisionCache.markInactiveUncertain}, until the family is listed again. */
  inactiveUncertain(family: string): boolean {
    return this.#inactiveUncertain.has(family);
  }

  /** The cached revision, if it was read or written before. */
  get(arn: string): ObservedRevision | undefined {
    return this.#byArn.get(arn);
  }

  /** Stores (or replaces) a revision. */
  put(revision: ObservedRevision): void {
    this.#byArn.set(revision.arn, revision);
    let arns = this.#byFamily.get(revision.family);
    if (arns === undefined) {
      arns = new Set();
      this.#byFamily.set(revision.family, arns);
    }
    arns.add(revision.arn);
  }

  /** Drops a revision (deleted, or no longer worth remembering). */
  forget(arn: string): void {
    const revision = this.#byArn.get(arn);
    if (revision === undefined) return;
    this.#byArn.delete(arn);
    const arns = this.#byFamily.get(revision.family);
    arns?.delete(arn);
    if (arns?.size === 0) this.#byFamily.delete(revision.family);
  }

  /** Revisions of `family` this process deregistered and has not deleted yet. */
  pendingDeletion(family: string): ObservedRevision[] {
    return [...(this.#byFamily.get(family) ?? [])]
      .map((arn) => this.#byArn.get(arn))
      .filter((r): r is ObservedRevision => r?.status === 'INACTIVE');
  }

  /**
   * Forgets the ACTIVE-cached revisions of `family` that are not in `activeArns` any more: someone
   * else deregistered or deleted them. Pending deletions are kept.
   */
  retainFamily(family: string, activeArns: ReadonlySet<string>): void {
    for (const arn of [...(this.#byFamily.get(family) ?? [])]) {
      const revision = this.#byArn.get(arn);
      if (revision?.status === 'ACTIVE' && !activeArns.has(arn)) this.forget(arn);
    }
  }

  /** How many revisions are cached. */
  get size(): number {
    return this.#byArn.size;
  }
}
