/**
 * The task definition planner: a pure function of (desired, observed) to the ECS calls that converge
 * them, with a human reason for each decision. Every ownership and safety rule lives here:
 *
 * - Register only when no ACTIVE revision this object registered carries the desired spec hash.
 *   Otherwise adopt the newest that does. With `spec.adopt`, a revision registered outside
 *   ecs-bridge whose content hashes the same is adopted too, as it is (current-revision.ts). This is what makes a crash between RegisterTaskDefinition
 *   and the status write harmless: the next reconcile finds the revision by its tags and registers
 *   nothing.
 * - User tags are synced onto the current revision with TagResource/UntagResource (tags are not part
 *   of the hash, so a tag change never spends the 1-per-second registration budget).
 * - Garbage collection keeps the current revision plus the `revisionHistoryLimit` newest other
 *   ACTIVE revisions this object registered; older ones are deregistered (oldest first) and then
 *   deleted, 10 per DeleteTaskDefinitions call. Never the current revision, never one a service
 *   still runs (it is skipped and stays ACTIVE), never a revision without this object's owner and
 *   instance tags (observe.ts only reports those).
 * - Deletion with `Delete`: every revision this object registered is deregistered and deleted,
 *   including ones services still run (ADR 0012). ECS keeps a deleted revision that tasks or
 *   services still use in DELETE_IN_PROGRESS, where they run and scale undisturbed, and removes it
 *   once the last of them is gone (AWS: DeleteTaskDefinitions); keeping it INACTIVE instead gave
 *   the service nothing more and left it for good once the object was gone. With `Retain`, nothing
 *   is touched. Other revisions of the family are never touched.
 */
import type { Tag } from '@aws-sdk/client-ecs';
import { TAG_KEYS } from '../api-group.js';
import { MAX_DELETE_BATCH, type TaskDefinitionAction } from './actions.js';
import { registerInput, type DesiredTaskDefinition } from './desired.js';
import { resolveCurrentRevision } from './current-revision.js';
import type { ObservedTaskDefinition } from './observe.js';
import { isInUse, type ObservedRevision } from './revision.js';

/** The planner's answer. */
export interface TaskDefinitionPlan {
  /** The calls to make, in order. Empty when converged. */
  readonly actions: readonly TaskDefinitionAction[];
  /** Why, one line per decision, for logs. */
  readonly reasons: readonly string[];
  /** The owned ACTIVE revision that already carries the desired hash (adopted), if any. */
  readonly current?: ObservedRevision;
}

/** Plans the calls that take `observed` to `desired`. Pure. */
export function planTaskDefinition(
  desired: DesiredTaskDefinition,
  observed: ObservedTaskDefinition,
): TaskDefinitionPlan {
  const active = observed.owned.filter((r) => r.status === 'ACTIVE').sort(byRevision);
  const inactive = observed.owned.filter((r) => r.status === 'INACTIVE').sort(byRevision);
  return desired.deleting
    ? planDeletion(desired, observed, active, inactive)
    : planSync(desired, observed, active, inactive);
}

function planSync(
  desired: DesiredTaskDefinition,
  observed: ObservedTaskDefinition,
  active: readonly ObservedRevision[],
  inactive: readonly ObservedRevision[],
): TaskDefinitionPlan {
  const actions: TaskDefinitionAction[] = [];
  const reasons: string[] = [];
  const resolved = resolveCurrentRevision(observed, desired.specHash, desired.adopt, desired.adoptRevision);
  const current = resolved?.revision;

  if (current === undefined) {
    actions.push({ type: 'register', input: registerInput(desired) });
    reasons.push(
      `no ACTIVE revision of ${desired.family} registered by ${desired.owner}${desired.adopt ? ' or outside ecs-bridge' : ''} carries ${desired.specHash}: register one`,
    );
  } else if (resolved?.adopted === true) {
    reasons.push(
      `${desired.family}:${current.revision} was registered outside ecs-bridge with the desired content and spec.adopt is true: adopt it as it is`,
    );
    actions.push(...planTags(desired.userTags, current, reasons));
  } else {
    reasons.push(`${desired.family}:${current.revision} carries ${desired.specHash}: adopt it`);
    actions.push(...planTags(desired.userTags, current, reasons));
  }

  const older = active.filter((r) => r !== current).sort((a, b) => b.revision - a.revision);
  const excess = older.slice(desired.revisionHistoryLimit).sort(byRevision);
  const collect: ObservedRevision[] = [];
  for (const revision of excess) {
    if (isInUse(revision, observed.inUse)) {
      reasons.push(
        `${desired.family}:${revision.revision} is beyond revisionHistoryLimit ${desired.revisionHistoryLimit} but a service still runs it: keep it`,
      );
    } else {
      collect.push(revision);
    }
  }
  actions.push(...planOwnerUid(desired, active, collect, reasons));
  for (const revision of collect) actions.push({ type: 'deregister', arn: revision.arn });
  if (collect.length > 0) {
    reasons.push(
      `deregister ${collect.length} revision(s) beyond revisionHistoryLimit ${desired.revisionHistoryLimit}: ${list(collect)}`,
    );
  }
  actions.push(...planDeletes([...collect, ...inactive], observed, reasons));
  return { actions, reasons, ...(current === undefined ? {} : { current }) };
}

function planDeletion(
  desired: DesiredTaskDefinition,
  observed: ObservedTaskDefinition,
  active: readonly ObservedRevision[],
  inactive: readonly ObservedRevision[],
): TaskDefinitionPlan {
  if (desired.deletionPolicy === 'Retain') {
    return {
      actions: [],
      reasons: [`deletionPolicy Retain: leave ${active.length} revision(s) of ${desired.family} as they are`],
    };
  }
  const reasons: string[] = [];
  const actions: TaskDefinitionAction[] = active.map((r) => ({ type: 'deregister', arn: r.arn }));
  if (active.length > 0) reasons.push(`deletionPolicy Delete: deregister ${list(active)}`);
  const running = [...active, ...inactive].filter((r) => isInUse(r, observed.inUse));
  if (running.length > 0) {
    reasons.push(
      `delete ${list(running)} although a service still runs them: ECS keeps them DELETE_IN_PROGRESS until their last task and service are gone`,
    );
  }
  actions.push(...batchDeletes([...active, ...inactive].sort(byRevision), reasons));
  return { actions, reasons };
}

/** DeleteTaskDefinitions for the revisions no service runs, oldest first, 10 per call. */
function planDeletes(
  revisions: readonly ObservedRevision[],
  observed: ObservedTaskDefinition,
  reasons: string[],
): TaskDefinitionAction[] {
  const kept = revisions.filter((r) => isInUse(r, observed.inUse));
  if (kept.length > 0)
    reasons.push(`do not delete ${list(kept)} yet: a service still runs them (collected once it stops)`);
  return batchDeletes(revisions.filter((r) => !isInUse(r, observed.inUse)).sort(byRevision), reasons);
}

/** DeleteTaskDefinitions for `deletable` in its order, 10 per call. */
function batchDeletes(deletable: readonly ObservedRevision[], reasons: string[]): TaskDefinitionAction[] {
  const actions: TaskDefinitionAction[] = [];
  for (let i = 0; i < deletable.length; i += MAX_DELETE_BATCH) {
    actions.push({ type: 'delete', arns: deletable.slice(i, i + MAX_DELETE_BATCH).map((r) => r.arn) });
  }
  if (deletable.length > 0) reasons.push(`delete ${list(deletable)}`);
  return actions;
}

/**
 * TagResource with this object's uid on the revisions it keeps that carry an earlier object's uid:
 * only reached with `spec.adopt`, which makes observe count such orphans as owned (ADR 0012), so
 * the adoption sticks once `adopt` is removed. Revisions without the uid tag are left as they are.
 */
function planOwnerUid(
  desired: DesiredTaskDefinition,
  active: readonly ObservedRevision[],
  collect: readonly ObservedRevision[],
  reasons: string[],
): TaskDefinitionAction[] {
  const uid = desired.ownerUid;
  if (uid === undefined) return [];
  const retag = active.filter((r) => r.ownerUid !== undefined && r.ownerUid !== uid && !collect.includes(r));
  if (retag.length > 0) reasons.push(`adopt: tag ${list(retag)} with this object's uid ${uid}`);
  return retag.map((r) => ({ type: 'tag', arn: r.arn, tags: [{ key: TAG_KEYS.ownerUid, value: uid }] }));
}

/** TagResource / UntagResource so the current revision's user tags equal the spec's. */
function planTags(
  wanted: readonly Tag[],
  current: ObservedRevision,
  reasons: string[],
): TaskDefinitionAction[] {
  const have = new Map(current.userTags.map((t) => [t.key ?? '', t.value ?? '']));
  const want = new Map(wanted.map((t) => [t.key ?? '', t.value ?? '']));
  const set = wanted.filter((t) => have.get(t.key ?? '') !== (t.value ?? ''));
  const remove = [...have.keys()].filter((k) => !want.has(k));
  const actions: TaskDefinitionAction[] = [];
  if (set.length > 0) {
    actions.push({ type: 'tag', arn: current.arn, tags: set });
    reasons.push(`tag ${current.family}:${current.revision} with ${set.map((t) => t.key).join(', ')}`);
  }
  if (remove.length > 0) {
    actions.push({ type: 'untag', arn: current.arn, tagKeys: remove });
    reasons.push(`untag ${remove.join(', ')} from ${current.family}:${current.revision}`);
  }
  return actions;
}

function byRevision(a: ObservedRevision, b: ObservedRevision): number {
  return a.revision - b.revision;
}

function list(revisions: readonly ObservedRevision[]): string {
  return revisions.map((r) => `${r.family}:${r.revision}`).join(', ');
}
