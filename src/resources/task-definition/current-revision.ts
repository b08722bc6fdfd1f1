/**
 * Which revision an object's desired spec resolves to, decided in one place for the planner and the
 * status: the newest ACTIVE revision this object registered that carries the desired spec hash;
 * failing that, with `spec.adopt`, the newest ACTIVE revision registered outside ecs-bridge (no
 * owner or instance tag) whose own content hashes to the desired spec, one a service runs first.
 * Pure.
 *
 * Adoption writes nothing: the adopted revision gets no tags (revisions are immutable, and tagging
 * would be the only write applying imported manifests makes). So it stays unclaimed: garbage
 * collection and deletion never touch it, and another object with `spec.adopt` and the same content
 * may resolve to it too, which is harmless for an immutable revision.
 */
import type { ObservedTaskDefinition } from './observe.js';
import { isInUse, type ObservedRevision } from './revision.js';

/** The resolved revision, and whether it is adopted rather than registered by this object. */
export interface CurrentRevision {
  readonly revision: ObservedRevision;
  readonly adopted: boolean;
}

/** Resolves the current revision for `specHash`; undefined when none exists (register one). */
export function resolveCurrentRevision(
  observed: ObservedTaskDefinition,
  specHash: string,
  adopt: boolean,
  /** Among outside revisions with the content, this revision number first (the adopt-revision annotation). */
  prefer?: number,
): CurrentRevision | undefined {
  const own = newest(observed.owned.filter((r) => r.status === 'ACTIVE' && r.specHash === specHash));
  if (own !== undefined) return { revision: own, adopted: false };
  if (!adopt) return undefined;
  const matching = (observed.adoptable ?? []).filter(
    (r) => r.status === 'ACTIVE' && r.contentHash === specHash,
  );
  // Several revisions may carry the same content (one per environment that registered it): adopt
  // the one a service runs, so adopting never moves a service onto a twin revision.
  const found =
    matching.find((r) => r.revision === prefer) ??
    newest(matching.filter((r) => isInUse(r, observed.inUse))) ??
    newest(matching);
  return found === undefined ? undefined : { revision: found, adopted: true };
}

function newest(revisions: readonly ObservedRevision[]): ObservedRevision | undefined {
  return revisions.reduce<ObservedRevision | undefined>(
    (best, r) => (best === undefined || r.revision > best.revision ? r : best),
    undefined,
  );
}
