/**
 * The garbage-collection rule of task definitions: which revisions count as in use. A revision a
 * service names or runs (its spec, its status, any of its deployments: PRIMARY and those being
 * replaced) is never deregistered or deleted by garbage collection. Services are read structurally
 * ({@link RevisionUser}), so this kind does not import the service kind; the composition root hands
 * it the EcsService informer's cache.
 */
import type { RevisionsInUse } from './ports.js';

/** What the rule reads of an object that runs task definition revisions (an EcsService). */
export interface RevisionUser {
  readonly spec: { readonly taskDefinition?: string | undefined };
  readonly status?:
    | {
        readonly taskDefinitionArn?: string | undefined;
        readonly deployments?: readonly { readonly taskDefinition?: string | undefined }[] | undefined;
      }
    | undefined;
}

/** `family:revision` of a task definition ARN or reference, for comparing the two forms. */
function familyRevision(ref: string): string {
  const slash = ref.lastIndexOf('/');
  return slash < 0 ? ref : ref.slice(slash + 1);
}

/** Every revision reference `user` names or runs, as written: spec, status, deployments. */
function referencesOf(user: RevisionUser): (string | undefined)[] {
  return [
    user.spec.taskDefinition,
    user.status?.taskDefinitionArn,
    ...(user.status?.deployments ?? []).map((d) => d.taskDefinition),
  ];
}

/**
 * The revisions `users` run or are moving to, across namespaces: the current task definition,
 * every deployment's and a task definition named directly in a spec. Garbage collection trusts this
 * set, so it errs on the side of keeping.
 */
export function revisionsInUseFrom(users: { list(): readonly RevisionUser[] }): RevisionsInUse {
  return ({ family }) => {
    const inUse = new Set<string>();
    for (const user of users.list()) {
      for (const ref of referencesOf(user)) {
        if (ref === undefined) continue;
        const fr = familyRevision(ref);
        if (fr.startsWith(`${family}:`)) {
          inUse.add(ref);
          inUse.add(fr);
        }
      }
    }
    return Promise.resolve(inUse);
  };
}

/** Every revision (as `family:revision`) `user` names or runs; empty for no user. */
function revisionsOf(user: RevisionUser | undefined): Set<string> {
  const out = new Set<string>();
  if (user === undefined) return out;
  for (const ref of referencesOf(user)) if (ref !== undefined) out.add(familyRevision(ref));
  return out;
}

/**
 * The families that lost a user when `before` became `after` (undefined: the object did not exist
 * or is gone): a revision named or run before and no longer. Garbage collection keeps in-use
 * revisions beyond `revisionHistoryLimit`, so the owning EcsTaskDefinitions are worth waking now.
 */
export function familiesReleased(
  before: RevisionUser | undefined,
  after: RevisionUser | undefined,
): Set<string> {
  const now = revisionsOf(after);
  return new Set(
    [...revisionsOf(before)].filter((r) => !now.has(r)).map((r) => r.slice(0, r.lastIndexOf(':'))),
  );
}
