/**
 * Which user tag keys ecs-bridge manages on a cluster, recorded on the cluster itself (ADR 0022):
 * tags removed from `spec.tags` are untagged, and only those, so the record must come from AWS,
 * never from status (a report, ADR 0011), and must leave alone tags others put on a shared cluster.
 *
 * The keys go in our own tags `ecs-bridge.dev/managed-tag-keys`, `…-2`, … (at most
 * {@link MAX_CHUNKS}), each value a space-separated list of keys within AWS's 256-character limit.
 * Tag keys may contain spaces and `+`, so a key is written with `+` as `++` and a space as `+_`.
 * A chunk no longer needed is emptied, not removed: the tag-scoped IAM policy lets us untag only
 * user tags, never `ecs-bridge.dev/*` ones.
 */
import { API_GROUP } from '../api-group.js';

/** The first chunk's tag key; the next are `<key>-2`, `<key>-3`, … */
export const MANAGED_TAG_KEYS_TAG = `${API_GROUP}/managed-tag-keys`;
/** At most this many chunk tags (AWS allows 50 tags a resource; spec.tags takes at most 40). */
export const MAX_CHUNKS = 4;
const MAX_VALUE = 256;

const chunkKey = (i: number): string => (i === 0 ? MANAGED_TAG_KEYS_TAG : `${MANAGED_TAG_KEYS_TAG}-${i + 1}`);
const encode = (key: string): string => key.replace(/\+/g, '++').replace(/ /g, '+_');
const decode = (token: string): string =>
  token.replace(/\+([+_])/g, (_m, c: string) => (c === '+' ? '+' : ' '));

/**
 * The chunk tags recording `keys` (sorted), or `undefined` when they do not fit in
 * {@link MAX_CHUNKS} tags. Pure.
 */
export function managedKeysTags(keys: Iterable<string>): Map<string, string> | undefined {
  const chunks: string[] = [];
  let current = '';
  for (const token of [...new Set(keys)].sort().map(encode)) {
    const next = current === '' ? token : `${current} ${token}`;
    if (next.length <= MAX_VALUE) {
      current = next;
      continue;
    }
    chunks.push(current);
    current = token;
  }
  if (current !== '') chunks.push(current);
  if (chunks.length > MAX_CHUNKS) return undefined;
  return new Map(chunks.map((value, i) => [chunkKey(i), value]));
}

/** The user tag keys a cluster's tags say ecs-bridge manages. Pure. */
export function managedKeysOf(tags: ReadonlyMap<string, string>): Set<string> {
  const keys = new Set<string>();
  for (let i = 0; i < MAX_CHUNKS; i++) {
    for (const token of (tags.get(chunkKey(i)) ?? '').split(' ')) if (token !== '') keys.add(decode(token));
  }
  return keys;
}

/** The chunk tags present in `tags` with a value, which a shorter record must empty. Pure. */
export function chunkTagsIn(tags: ReadonlyMap<string, string>): string[] {
  return Array.from({ length: MAX_CHUNKS }, (_v, i) => chunkKey(i)).filter((k) => (tags.get(k) ?? '') !== '');
}
