/**
 * The CreateService client token: derived from the object's uid and the service's incarnation, so
 * a create retried after a crash or a timeout sends the same token and ECS makes no second service,
 * while a service re-created after it vanished gets a fresh token (a reused token could be answered
 * with the old, INACTIVE service).
 */
import { createHash } from 'node:crypto';

/** ECS accepts at most 36 ASCII characters (33–126). */
export const CLIENT_TOKEN_MAX_LENGTH = 36;

const PREFIX = 'ecsb-';

/**
 * Builds the client token for an object's `uid` (falls back to `namespace/name` when the object has
 * none, as in some tests) and incarnation: `ecsb-` and 31 hex digits of a SHA-256.
 */
export function serviceClientToken(uid: string, incarnation: number): string {
  const digest = createHash('sha256').update(`${uid}#${incarnation}`).digest('hex');
  return PREFIX + digest.slice(0, CLIENT_TOKEN_MAX_LENGTH - PREFIX.length);
}
