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

/**
 * The revisions `users` run or are moving to, across namespaces: every deployment's as ECS last
 * reported it (`seen`) and a task definition named directly in a spec; {@link EVERY_REVISION} when a
 * service that might run the family was not read from ECS yet. Garbage collection trusts this set,
 * so it errs on the side of keeping.
 */
export function revisionsInUseFrom(
  users: { list(): readonly RevisionUser[] },
  seen: Pick<RevisionsSeenInEcs, 'of'>,
): RevisionsInUse {
  return ({ namespace, family }) => {
    const inUse = new Set<string>();
    const add = (ref: string | undefined): void => {
      if (ref === undefined) return;
      const fr = familyRevision(ref);
      if (fr.startsWith(`${family}:`)) {
        inUse.add(ref);
        inUse.add(fr);
      }
    };
    for (const user of users.list()) {
      add(user.spec.taskDefinition);
      const runs = user.metadata === undefined ? undefined : seen.of({ metadata: user.metadata });
      if (runs !== undefined) {
        for (const ref of runs) add(ref);
        continue;
      }
      const named = user.spec.taskDefinition;
      const mightRun =
        user.metadata?.namespace === namespace || (named !== undefined && familyOf(named) === family);
      if (mightRun) return Promise.resolve(new Set([EVERY_REVISION]));
    }
    return Promise.resolve(inUse);
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
