/**
 * The CreateService client token, derived from the object's uid and from the service it replaces,
 * so that:
 *
 * - a create retried after a crash, a timeout or a describe that does not show the new service yet
 *   sends the same token, and ECS makes no second service;
 * - a service re-created after it was deleted outside ecs-bridge gets a fresh token (a reused token
 *   could be answered with the old, INACTIVE service). The predecessor is identified by the creation
 *   time of the INACTIVE service ECS still describes, so a stale read of it yields the same token
 *   again instead of a second create with different parameters.
 *
 * No state in status is needed, so a lost status cannot change the token.
 */
import { createHash } from 'node:crypto';

/** ECS accepts at most 36 ASCII characters (33–126). */
export const CLIENT_TOKEN_MAX_LENGTH = 36;

const PREFIX = 'ecsb-';

/**
 * Builds the client token for an object's `uid` (tests without a uid pass `namespace/name`) and the
 * INACTIVE predecessor being replaced (undefined for none): `ecsb-` and 31 hex digits of a SHA-256.
 */
export function serviceClientToken(uid: string, predecessor: string | undefined): string {
  const digest = createHash('sha256')
    .update(`${uid}#${predecessor ?? ''}`)
    .digest('hex');
  return PREFIX + digest.slice(0, CLIENT_TOKEN_MAX_LENGTH - PREFIX.length);
}

/** Identifies an INACTIVE service being replaced by its creation time (as ECS reports it). */
export function predecessorOf(service: {
  readonly createdAt?: Date | string | undefined;
  readonly serviceArn?: string | undefined;
}): string {
  const created = service.createdAt === undefined ? undefined : new Date(service.createdAt);
  return created !== undefined && !Number.isNaN(created.getTime())
    ? created.toISOString()
    : `inactive:${service.serviceArn ?? ''}`;
}
