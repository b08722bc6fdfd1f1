/**
 * Who owns an ECS service, judged from its tags alone. A service is ours only when it carries our
 * owner tag (`<namespace>/<name>` of this object) and our operator instance tag; a service tagged
 * for another object or another operator instance is never touched, adoption or not. A service
 * tagged with our owner and instance but another object's uid was left behind by an earlier object
 * of the same name (a finalizer removed by hand, objects lost in a restore): an orphan, taken over
 * only with `spec.adopt` (ADR 0012).
 */
import { TAG_KEYS, ownerTagValue } from '../api-group.js';

/** The identity ecs-bridge writes as tags on the services it manages. */
export interface OwnerIdentity {
  /** {@link ownerTagValue} of the object. */
  readonly owner: string;
  /** The operator instance id (configuration), so two installations never touch each other's. */
  readonly instance: string;
  /** The object's `metadata.uid`; absent only where no object exists yet (tests, `plan`). */
  readonly uid?: string;
}

/** The ownership verdict for an observed service. */
export type Ownership =
  | { readonly kind: 'ours' }
  | { readonly kind: 'unowned' }
  | { readonly kind: 'foreign'; readonly owner: string | undefined; readonly instance: string | undefined }
  /** Our owner and instance tags, but the uid of an earlier object of this name that is gone. */
  | { readonly kind: 'orphaned'; readonly owner: string; readonly uid: string };

/** Builds the identity of an object for an operator instance. */
export function ownerIdentity(
  namespace: string,
  name: string,
  instance: string,
  uid?: string,
): OwnerIdentity {
  return { owner: ownerTagValue(namespace, name), instance, ...(uid === undefined ? {} : { uid }) };
}

/** The tags that mark a service as ours. */
export function ownerTags(identity: OwnerIdentity): Record<string, string> {
  return {
    [TAG_KEYS.owner]: identity.owner,
    [TAG_KEYS.instance]: identity.instance,
    ...(identity.uid === undefined ? {} : { [TAG_KEYS.ownerUid]: identity.uid }),
  };
}

/** True for tag keys ecs-bridge reserves for itself or AWS reserves (never managed as spec tags). */
export function isReservedTagKey(key: string): boolean {
  return key.startsWith('aws:') || key.startsWith('ecs-bridge.dev/');
}

/**
 * True when the object may manage the service: it is ours by its tags, or it carries no owner tag
 * (or is an orphan of an earlier object of this name) and the spec asks for adoption
 * (`spec.adopt`). An adopted service gets our owner tags with the first write the operator makes to
 * it, not before (ADR 0007); an adopted orphan is re-tagged with this object's uid at once (ADR 0012).
 */
export function isManagedBy(ownership: Ownership, adopt: boolean): boolean {
  return (
    ownership.kind === 'ours' || ((ownership.kind === 'unowned' || ownership.kind === 'orphaned') && adopt)
  );
}

/** Judges ownership from a service's tags. */
export function ownershipOf(tags: Readonly<Record<string, string>>, identity: OwnerIdentity): Ownership {
  const owner = tags[TAG_KEYS.owner];
  const instance = tags[TAG_KEYS.instance];
  if (owner === undefined && instance === undefined) return { kind: 'unowned' };
  if (owner === identity.owner && instance === identity.instance) {
    const uid = tags[TAG_KEYS.ownerUid];
    if (uid !== undefined && identity.uid !== undefined && uid !== identity.uid) {
      return { kind: 'orphaned', owner, uid };
    }
    return { kind: 'ours' };
  }
  return { kind: 'foreign', owner, instance };
}
