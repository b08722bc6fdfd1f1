/**
 * Which AWS resources tagged as ours belong to an object that no longer exists: the pure judgement
 * of the orphan scan (orphan-scan.ts), from what AWS says (tags) and what the informers hold.
 *
 * A resource is an orphan when it carries this installation's instance tag and an owner tag naming
 * an object, in a namespace this process watches, that either does not exist or exists with
 * another uid than the resource's owner-uid tag (a later object of the same name: ADR 0012).
 * Resources of namespaces this process does not watch are not judged: their objects are invisible
 * here, not gone.
 */
import { TAG_KEYS } from '../api-group.js';

/** The Event reason of an orphan (and what `ecs-bridge status` looks for). */
export const ORPHANED_RESOURCE_REASON = 'OrphanedResource';

/** The kinds whose AWS resources carry our owner tags. */
export type OwnedKind = 'EcsService' | 'EcsTaskDefinition';

/** One tagged AWS resource as the scan read it. */
export interface TaggedResource {
  readonly kind: OwnedKind;
  /** The resource's ARN. */
  readonly arn: string;
  /** How a person names it: `cluster/service` or `family:revision`. */
  readonly label: string;
  readonly region: string;
  /** ECS's status (ACTIVE, INACTIVE, DRAINING). */
  readonly status: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** An orphan and why. */
export interface Orphan {
  readonly resource: TaggedResource;
  /** The owner tag: `<namespace>/<name>` of the object that made it. */
  readonly owner: string;
  /** The owner-uid tag, when the resource has one. */
  readonly ownerUid?: string;
  /** `gone`: no object of that name; `replaced`: an object of that name with another uid. */
  readonly why: 'gone' | 'replaced';
}

/** What the judgement needs besides the resources. */
export interface OrphanContext {
  readonly instanceId: string;
  /** Owner tag value → uid of each existing object, per kind. */
  readonly objects: Readonly<Record<OwnedKind, ReadonlyMap<string, string | undefined>>>;
  /** The namespaces this process watches; undefined: all of them. */
  readonly namespaces?: readonly string[];
}

/** The orphans among `resources`, in their order. Pure. */
export function findOrphans(resources: readonly TaggedResource[], ctx: OrphanContext): Orphan[] {
  const watched = ctx.namespaces === undefined ? undefined : new Set(ctx.namespaces);
  const out: Orphan[] = [];
  for (const resource of resources) {
    const owner = resource.tags[TAG_KEYS.owner];
    if (owner === undefined || resource.tags[TAG_KEYS.instance] !== ctx.instanceId) continue;
    const slash = owner.indexOf('/');
    if (slash <= 0) continue;
    if (watched !== undefined && !watched.has(owner.slice(0, slash))) continue;
    const ownerUid = resource.tags[TAG_KEYS.ownerUid];
    const uidField = ownerUid === undefined ? {} : { ownerUid };
    const objects = ctx.objects[resource.kind];
    if (!objects.has(owner)) {
      out.push({ resource, owner, ...uidField, why: 'gone' });
      continue;
    }
    const uid = objects.get(owner);
    if (ownerUid !== undefined && uid !== undefined && uid !== ownerUid) {
      out.push({ resource, owner, ...uidField, why: 'replaced' });
    }
  }
  return out;
}

/** The Event message for an orphan: what it is, who it belonged to, and what a user can do. */
export function orphanMessage(orphan: Orphan): string {
  const { resource } = orphan;
  const what =
    resource.kind === 'EcsService'
      ? `ECS service ${resource.label} (${resource.region})`
      : `task definition revision ${resource.label} (${resource.region}, ${resource.status})`;
  const uid = orphan.ownerUid === undefined ? '' : ` (uid ${orphan.ownerUid})`;
  const state =
    orphan.why === 'gone'
      ? 'which no longer exists'
      : 'which no longer exists: the object of that name now is another one';
  const fix =
    resource.kind === 'EcsService'
      ? `To manage it again, give an EcsService of that name spec.adopt: true; otherwise delete it in AWS.`
      : `To manage it again, give an EcsTaskDefinition of that name spec.adopt: true; otherwise deregister and delete it in AWS.`;
  return `${what} is tagged as owned by ${resource.kind} ${orphan.owner}${uid}, ${state}; ecs-bridge neither manages nor deletes it. ${fix}`;
}
