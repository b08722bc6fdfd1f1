/**
 * How a run finds its own tasks in ECS and keeps RunTask exactly-once, derived from the object's
 * uid only (never from status, so a lost status write cannot start a second run):
 *
 * - `startedBy` (at most 36 characters, ListTasks filters on it): `ecsb-` and 31 hex digits of the
 *   SHA-256 of the uid. Every task of the object carries it.
 * - the task `group`: `ecs-bridge:attempt-<n>`, so each task tells which attempt started it.
 * - the RunTask `clientToken` of attempt n: `ecsb-` and 31 hex digits of SHA-256(uid#n). A RunTask
 *   retried after a timeout, a crash or a ListTasks that does not show the tasks yet sends the same
 *   token, and ECS answers the tasks it already started
 *   (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/ECS_Idempotency.html).
 */
import { createHash } from 'node:crypto';

const PREFIX = 'ecsb-';
const LENGTH = 36;
const GROUP_PREFIX = 'ecs-bridge:attempt-';

function digest(text: string): string {
  return (
    PREFIX +
    createHash('sha256')
      .update(text)
      .digest('hex')
      .slice(0, LENGTH - PREFIX.length)
  );
}

/** The `startedBy` of every task of the object with this uid. */
export function runStartedBy(uid: string): string {
  return digest(uid);
}

/** The RunTask client token of attempt `attempt` (1-based) of the object with this uid. */
export function runClientToken(uid: string, attempt: number): string {
  return digest(`${uid}#${attempt}`);
}

/** The task group of attempt `attempt`. */
export function attemptGroup(attempt: number): string {
  return `${GROUP_PREFIX}${attempt}`;
}

/** The attempt a task's group names, or 0 when the group is not one of ours. */
export function attemptOf(group: string | undefined): number {
  if (group?.startsWith(GROUP_PREFIX) !== true) return 0;
  const n = Number(group.slice(GROUP_PREFIX.length));
  return Number.isInteger(n) && n > 0 ? n : 0;
}
