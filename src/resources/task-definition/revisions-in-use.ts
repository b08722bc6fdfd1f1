/**
 * The garbage-collection rule of task definitions: which revisions count as in use. A revision a
 * service names (its spec) or runs (any of its deployments as ECS last reported them: PRIMARY and
 * those being replaced) is never deregistered or deleted by garbage collection. What a service runs
 * comes from ECS (../revisions-seen.ts), never from its status: a status lie can neither make a
 * running revision collectable nor keep a revision for ever (ADR 0031). A service not read from ECS
 * since the operator started might run any revision of its namespace's families, or of the family
 * its spec names: until its first visit, garbage collection of those keeps everything.
 *
 * Services are read structurally ({@link RevisionUser}), so this kind does not import the service
 * kind; the composition root hands it the EcsService informer's cache.
 */
import { objectKey } from '../../k8s/object.js';
import type { RevisionsSeenInEcs } from '../revisions-seen.js';
import type { ObservedTaskDefinition } from './observe.js';
import type { RevisionsInUse } from './ports.js';

/** In a revisions-in-use set: every revision of the family asked about counts as in use. */
export const EVERY_REVISION = '*';

/** What the rule reads of an object that runs task definition revisions (an EcsService). */
export interface RevisionUser {
  readonly metadata?: {
    readonly namespace?: string | undefined;
    readonly name: string;
    readonly uid?: string | undefined;
  };
  readonly spec: { readonly taskDefinition?: string | undefined };
}

/** `family:revision` of a task definition ARN or reference, for comparing the two forms. */
function familyRevision(ref: string): string {
  const slash = ref.lastIndexOf('/');
  return slash < 0 ? ref : ref.slice(slash + 1);
}

/** The family of a `family:revision`, ARN or bare family reference. */
function familyOf(ref: string): string {
  const fr = familyRevision(ref);
  const colon = fr.lastIndexOf(':');
  return colon < 0 ? fr : fr.slice(0, colon);
}

/** What the rule needs of the services' cache: a watched cache, read by key and told of changes. */
export interface RevisionUsers {
  list(): readonly RevisionUser[];
  get(key: string): RevisionUser | undefined;
  onEvent(handler: (event: { readonly object: RevisionUser }) => void): () => void;
}

/** What one service adds to the rule, as of its last change or ECS reading. */
interface Contribution {
  /** Revisions it names or runs: family → references in both forms. */
  readonly refs: readonly (readonly [family: string, ref: string])[];
  /** Not read from ECS yet: it might run any revision of these families or of this namespace's. */
  readonly unread?: { readonly namespace: string; readonly family: string | undefined };
}

/** Counts of a multiset, for contributions that come and go. */
class Counts {
  readonly #counts = new Map<string, number>();

  add(key: string, by: 1 | -1): void {
    const n = (this.#counts.get(key) ?? 0) + by;
    if (n === 0) this.#counts.delete(key);
    else this.#counts.set(key, n);
  }

  has(key: string): boolean {
    return this.#counts.has(key);
  }

  get size(): number {
    return this.#counts.size;
  }

  keys(): IterableIterator<string> {
    return this.#counts.keys();
  }
}

/** The services' cache key of a service or of an ECS reading of one. */
function keyOf(metadata: { readonly namespace?: string | undefined; readonly name: string }): string {
  return objectKey({
    metadata:
      metadata.namespace === undefined
        ? { name: metadata.name }
        : { namespace: metadata.namespace, name: metadata.name },
  });
}

/**
 * The revisions `users` run or are moving to, across namespaces: every deployment's as ECS last
 * reported it (`seen`) and a task definition named directly in a spec; {@link EVERY_REVISION} when a
 * service that might run the family was not read from ECS yet. Garbage collection trusts this set,
 * so it errs on the side of keeping.
 *
 * Every EcsTaskDefinition asks on every visit, so the answer comes from an index by family, not a
 * scan of every service (which made a resync period cost services × task definitions steps). The
 * index follows the two sources' change events: each one marks its service, and the next question
 * first recomputes what the marked services add. Both sources hold a change before they announce
 * it, so an answer is never older than the last change announced.
 */
export function revisionsInUseFrom(
  users: RevisionUsers,
  seen: Pick<RevisionsSeenInEcs, 'of' | 'onEvent'>,
): RevisionsInUse {
  const contributions = new Map<string, Contribution>();
  const refsByFamily = new Map<string, Counts>();
  const unreadNamespaces = new Counts();
  const unreadFamilies = new Counts();
  // Until the first question, every service is to be read: events before subscribing are not replayed.
  let everything = true;
  const marked = new Set<string>();
  // A service without metadata cannot come from a cache (every object there has a name).
  users.onEvent(({ object }) => {
    if (object.metadata !== undefined) marked.add(keyOf(object.metadata));
  });
  seen.onEvent(({ object }) => marked.add(keyOf(object)));

  const apply = (c: Contribution, by: 1 | -1): void => {
    for (const [family, ref] of c.refs) {
      let counts = refsByFamily.get(family);
      if (counts === undefined) refsByFamily.set(family, (counts = new Counts()));
      counts.add(ref, by);
      if (counts.size === 0) refsByFamily.delete(family);
    }
    if (c.unread === undefined) return;
    unreadNamespaces.add(c.unread.namespace, by);
    if (c.unread.family !== undefined) unreadFamilies.add(c.unread.family, by);
  };
  const contributionOf = (user: RevisionUser): Contribution => {
    const refs: (readonly [string, string])[] = [];
    const add = (ref: string | undefined): void => {
      if (ref === undefined) return;
      const fr = familyRevision(ref);
      const colon = fr.indexOf(':');
      // A bare family names no revision.
      if (colon < 0) return;
      const family = fr.slice(0, colon);
      refs.push([family, ref], [family, fr]);
    };
    const named = user.spec.taskDefinition;
    add(named);
    const runs = user.metadata === undefined ? undefined : seen.of({ metadata: user.metadata });
    if (runs !== undefined) {
      for (const ref of runs) add(ref);
      return { refs };
    }
    return {
      refs,
      unread: {
        namespace: user.metadata?.namespace ?? '',
        family: named === undefined ? undefined : familyOf(named),
      },
    };
  };
  const update = (key: string, user: RevisionUser | undefined): void => {
    const before = contributions.get(key);
    if (before !== undefined) apply(before, -1);
    contributions.delete(key);
    if (user === undefined) return;
    const after = contributionOf(user);
    apply(after, 1);
    contributions.set(key, after);
  };
  const catchUp = (): void => {
    if (everything) {
      everything = false;
      marked.clear();
      for (const user of users.list()) if (user.metadata !== undefined) update(keyOf(user.metadata), user);
      return;
    }
    for (const key of marked) update(key, users.get(key));
    marked.clear();
  };

  return ({ namespace, family }) => {
    catchUp();
    if (unreadNamespaces.has(namespace) || unreadFamilies.has(family)) {
      return Promise.resolve(new Set([EVERY_REVISION]));
    }
    return Promise.resolve(new Set(refsByFamily.get(family)?.keys() ?? []));
  };
}

/**
 * The families that lost a user when the references `before` became `after`: a revision named or
 * run before and no longer. The references are what the operator itself knows, never a status: a
 * service's `spec.taskDefinition`, or the deployments ECS last reported it runs
 * (../revisions-seen.ts); an object created or gone passes an empty list on that side. Garbage
 * collection keeps in-use revisions beyond `revisionHistoryLimit`, so the owning
 * EcsTaskDefinitions are worth waking now.
 */
export function familiesReleased(
  before: readonly (string | undefined)[],
  after: readonly (string | undefined)[],
): Set<string> {
  const now = new Set(after.flatMap((ref) => (ref === undefined ? [] : [familyRevision(ref)])));
  const released = new Set<string>();
  for (const ref of before) {
    if (ref === undefined || now.has(familyRevision(ref))) continue;
    released.add(familyOf(ref));
  }
  return released;
}

/**
 * How soon a visit comes back when garbage collection held every revision because a service that
 * might run them has not been read from ECS since the operator started (below): the
 * services are read within seconds of a start or leader change, so collection need not wait a whole
 * resync period. Only while something is held that could otherwise go.
 */
export const GC_HELD_RECHECK_MS = 5_000;

/** The requeue of a visit whose garbage collection was held (see {@link GC_HELD_RECHECK_MS}). */
export function gcHeldRecheck(observed: ObservedTaskDefinition): { requeueAfterMs?: number } {
  return observed.inUse.has(EVERY_REVISION) && observed.owned.length > 1
    ? { requeueAfterMs: GC_HELD_RECHECK_MS }
    : {};
}
