/**
 * The spec tag keys ecs-bridge put on each object's ECS service, remembered by this process, never
 * read from status: a written `status.managedTagKeys` must not make the operator untag a key it
 * never set (someone else's tag), so the key list that decides an UntagResource is this memory.
 *
 * A key is remembered once a visit converged with it in the spec (the TagResource that set it, or
 * the answer showing it already there, came before). A key removed from the spec is untagged only
 * if it is remembered. After a restart the memory is empty: a key dropped from the spec while the
 * operator was not running stays on the service (the safe side: leaving a tag of ours beats
 * removing one of someone else's), and every key in the spec at the first visit is remembered from
 * then on. Keyed by uid, so a re-created object starts afresh.
 */

/** What this process remembers about the spec tags it applied; see the file header. */
export class ManagedTagKeys {
  readonly #keys = new Map<string, readonly string[]>();

  /** The keys to consider ours for `uid`: those remembered, or none. */
  of(uid: string): readonly string[] {
    return this.#keys.get(uid) ?? [];
  }

  /** Remembers the spec tag keys a converged visit applied. */
  remember(uid: string, keys: readonly string[]): void {
    this.#keys.set(uid, [...keys].sort());
  }

  /** Forgets an object (its service deleted or released). */
  forget(uid: string): void {
    this.#keys.delete(uid);
  }
}
