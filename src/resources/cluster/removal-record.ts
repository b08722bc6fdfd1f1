/**
 * The capacity providers a cluster is removing, recorded on the cluster itself before they are
 * detached (ADR 0022, decision 11). ECS deletes only a provider no cluster has, so removal is two
 * writes: detach, then delete. A crash between them would leave a provider attached to nothing,
 * which no later visit would find without listing the whole Region. The record names it, and
 * DescribeClusters already returns the cluster's tags on every visit, so the next visit finds it
 * for free.
 *
 * Capacity provider names hold only letters, digits, `-` and `_` (CreateCapacityProvider API
 * reference), so the value is the names joined by a space. An empty value is an empty record: the
 * tag is emptied, not removed, because the tag-scoped IAM policy lets us untag only user tags.
 */
import { API_GROUP } from '../api-group.js';

/** The cluster tag that records the providers being removed. */
export const REMOVING_PROVIDERS_TAG = `${API_GROUP}/removing-capacity-providers`;
/** AWS's limit on a tag value. */
const MAX_VALUE = 256;

/** The provider names a cluster's tags record as being removed. Pure. */
export function recordedRemovals(tags: ReadonlyMap<string, string>): string[] {
  return (tags.get(REMOVING_PROVIDERS_TAG) ?? '').split(' ').filter((n) => n !== '');
}

/**
 * The record for `names` (sorted, without repeats), cut to the names that fit AWS's 256-character
 * tag value: those left out stay attached and are removed by a later visit. Pure.
 */
export function fitRemovalRecord(names: Iterable<string>): string[] {
  const kept: string[] = [];
  let length = -1;
  for (const name of [...new Set(names)].sort()) {
    if (length + 1 + name.length > MAX_VALUE) continue;
    kept.push(name);
    length += 1 + name.length;
  }
  return kept;
}
