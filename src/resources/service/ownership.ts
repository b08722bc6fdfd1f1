/**
 * Who owns an ECS service, judged from its tags alone. A service is ours only when it carries our
 * owner tag (`<namespace>/<name>` of this object) and our operator instance tag; a service tagged
 * for another object or another operator instance is never touched, adoption or not.
 */
import { TAG_KEYS, ownerTagValue } from '../api-group.js';

/** The identity ecs-bridge writes as tags on the services it manages. */
export interface OwnerIdentity {
  /** {@link ownerTagValue} of the object. */
  readonly owner: string;
  /** The operator instance id (configuration), so two installations never touch each other's. */
  readonly instance: string;
}

/** The ownership verdict for an observed service. */
export type Ownership =
  | { readonly kind: 'ours' }
  | { readonly kind: 'unowned' }
  | { readonly kind: 'foreign'; readonly owner: string | undefined; readonly instance: string | undefined };

/** Builds the identity of an object for an operator instance. */
export function ownerIdentity(namespace: string, name: string, instance: string): OwnerIdentity {
  return { owner: ownerTagValue(namespace, name), instance };
}

/** The tags that mark a service as ours. */
export function ownerTags(identity: OwnerIdentity): Record<string, string> {
  return { [TAG_KEYS.owner]: identity.owner, [TAG_KEYS.instance]: identity.instance };
}

/** True for tag keys ecs-bridge reserves for itself or AWS reserves (never managed as spec tags). */
export function isReservedTagKey(key: string): boolean {
  return key.startsWith('aws:') || key.startsWith('ecs-bridge.dev/');
}

/**
 * True when the object may manage the service: it is ours by its tags, or it carries no owner tag
 * and the spec asks for adoption (`spec.adopt`). An adopted service gets our owner tags with the
 * first write the operator makes to it, not before (ADR 0007).
 */
export function isManagedBy(ownership: Ownership, adopt: boolean): boolean {
  return ownership.kind === 'ours' || (ownership.kind === 'unowned' && adopt);
}

/** Judges ownership from a service's tags. */
export function ownershipOf(tags: Readonly<Record<string, string>>, identity: OwnerIdentity): Ownership {
  const owner = tags[TAG_KEYS.owner];
  const instance = tags[TAG_KEYS.instance];
  if (owner === undefined && instance === undefined) return { kind: 'unowned' };
  if (owner === identity.owner && instance === identity.instance) return { kind: 'ours' };
  return { kind: 'foreign', owner, instance };
}
