/**
 * Families are owned like services (ADR 0017): a family whose ACTIVE revisions carry another
 * ecs-bridge object's owner tag (another name, another namespace) or another installation's
 * instance tag belongs to that owner, and this object registers nothing into it. Otherwise a
 * `spec.family: payments` in one namespace registers `payments:N+1` over another team's family, and
 * `payments` without a revision, as services and humans name it, resolves to the squatter's
 * revision. Judged from the tags the observation already read (DescribeTaskDefinition with tags,
 * cached per revision): no extra AWS call.
 *
 * Revisions registered outside ecs-bridge (no owner or instance tag) claim nothing here: which
 * namespaces may register into such families is the access policy's rule (ADR 0016). Orphans of an
 * earlier object of the same name are ADR 0012's business (`spec.adopt`), not a claim.
 */
import type { ObservedRevision } from './revision.js';

/** Another owner of a family: who, as their tags say, and one revision that shows it. */
export interface FamilyClaim {
  readonly owner: string | undefined;
  readonly instance: string | undefined;
  readonly revision: number;
}

/**
 * The first claim on the family by anyone but this object in this installation, newest revision
 * first; undefined when the family is free for it. Pure.
 */
export function foreignFamilyClaim(
  revisions: readonly ObservedRevision[],
  owner: string,
  instanceId: string,
): FamilyClaim | undefined {
  const claimed = [...revisions]
    .filter((r) => r.status === 'ACTIVE')
    .filter((r) => r.owner !== undefined || r.instance !== undefined)
    .filter((r) => !(r.owner === owner && r.instance === instanceId))
    .sort((a, b) => b.revision - a.revision)[0];
  return claimed === undefined
    ? undefined
    : { owner: claimed.owner, instance: claimed.instance, revision: claimed.revision };
}

/** The Conflict message for a claimed family: names the family, the owner and the fix. */
export function familyConflictMessage(family: string, claim: FamilyClaim, self: string): string {
  const who =
    claim.owner === undefined
      ? `another ecs-bridge installation (instance ${claim.instance ?? 'unknown'})`
      : `${claim.owner} (operator instance ${claim.instance ?? 'unknown'})`;
  return `task definition family ${family} belongs to ${who}: revision ${family}:${claim.revision} carries its owner tags, so ${self} registers nothing into it. Set spec.family to a family of your own (for example <namespace>-<name>), or delete the other owner.`;
}
