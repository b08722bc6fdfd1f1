/**
 * The spec hash: `v<format>:<sha256 hex>` of a canonical task definition's JSON. It is stored as the
 * `ecs-bridge.dev/spec-hash` tag on every revision the operator registers, and comparing it is how
 * the operator decides whether a revision already carries the desired spec: one register per real
 * change, never one per reconcile.
 *
 * The format version changes whenever the canonicalisation rules change, so a hash computed under
 * old rules never matches one computed under new rules by accident (the price: one new revision per
 * object after such an upgrade).
 */
import { createHash } from 'node:crypto';
import { CANONICAL_FORMAT_VERSION, type CanonicalTaskDefinition } from './canonical.js';

/** The prefix of hashes this build computes, e.g. `v1:`. */
export const SPEC_HASH_PREFIX = `v${CANONICAL_FORMAT_VERSION}:`;

/** The versioned hash of a canonical task definition. */
export function specHash(canonical: CanonicalTaskDefinition): string {
  return `${SPEC_HASH_PREFIX}${createHash('sha256').update(canonical.json).digest('hex')}`;
}

/** True for a well-formed hash of any format version (`v<n>:<64 hex>`). */
export function isSpecHash(value: string): boolean {
  return /^v\d+:[0-9a-f]{64}$/.test(value);
}
